// CSV in and out. Import goes through papaparse and the shared table reader (import.ts); export writes UTF-8 with
// a byte-order mark so that Excel opens Chinese text correctly.
import Papa from "papaparse";
import { rowsFromTable, type Cell, type ImportResult } from "./import.ts";
import type { Table } from "./export-table.ts";

const BOM = "\ufeff";

export function parseLedgerCsv(text: string): ImportResult {
  const parsed = Papa.parse<string[]>(text.startsWith(BOM) ? text.slice(1) : text, { skipEmptyLines: false });
  const fatal = parsed.errors.filter((e) => e.type === "Quotes" || e.type === "Delimiter");
  if (fatal.length > 0) {
    return {
      ok: false,
      rowsRead: parsed.data.length,
      ignoredColumns: [],
      problems: fatal.map((e) => ({
        row: (e.row ?? 0) + 1,
        column: null,
        reason: { zh: `CSV 格式错误：${e.message}`, en: `malformed CSV: ${e.message}` },
      })),
    };
  }
  return rowsFromTable(parsed.data as Cell[][]);
}

export function tableToCsv(table: Table): string {
  return BOM + Papa.unparse({ fields: table.header, data: table.rows.map((r) => r.map((c) => (c === null ? "" : c))) }, { newline: "\r\n" }) + "\r\n";
}
