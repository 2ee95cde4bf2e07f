// CSV in and out. Import goes through papaparse and the shared table reader (import.ts); export writes UTF-8 with
// a byte-order mark so that Excel opens Chinese text correctly.
import Papa from "papaparse";
import { TableReader, type ImportProblem, type ImportResult } from "./import.ts";
import type { Table } from "./export-table.ts";

const BOM = "\ufeff";

/**
 * Reads a ledger CSV. Rows go from papaparse to the table reader one at a time, so that the table of every cell is
 * never built: each row's cells die young, and a 100,000-row file costs the garbage collector little.
 */
export function parseLedgerCsv(text: string): ImportResult {
  const reader = new TableReader();
  const malformed: ImportProblem[] = [];
  let row = 0;
  Papa.parse<string[]>(text.startsWith(BOM) ? text.slice(1) : text, {
    skipEmptyLines: false,
    step: (result) => {
      row++;
      for (const e of result.errors) {
        if (e.type === "Quotes" || e.type === "Delimiter") malformed.push({ row, column: null, reason: { zh: `CSV 格式错误：${e.message}`, en: `malformed CSV: ${e.message}` } });
      }
      if (malformed.length === 0) reader.push(result.data, row);
    },
  });
  if (malformed.length > 0) return { ok: false, rowsRead: row, ignoredColumns: [], problems: malformed };
  return reader.result();
}

export function tableToCsv(table: Table): string {
  return BOM + Papa.unparse({ fields: table.header, data: table.rows.map((r) => r.map((c) => (c === null ? "" : c))) }, { newline: "\r\n" }) + "\r\n";
}
