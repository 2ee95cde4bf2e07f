// CSV in and out. Import goes through papaparse and the shared table reader (import.ts); export writes UTF-8 with
// a byte-order mark so that Excel opens Chinese text correctly.
import Papa from "papaparse";
import { TableReader, type ImportOptions, type ImportProblem, type ImportResult } from "./import.ts";
import type { Table } from "./export-table.ts";
import { decodeText, type EncodingChoice } from "./text-encoding.ts";

const BOM = "\ufeff";

/**
 * The line break papaparse is to split rows at. Its own guess looks at the first line only, so a file whose header
 * ends in CRLF and whose rows end in LF (files joined or edited in two programs) was read as a header and one row
 * holding every other in its cells. Splitting at LF reads every row of CRLF, LF and mixed files alike: the CR left
 * before it is whitespace that cells are trimmed of, and papaparse allows it after a closing quote. A file whose
 * first line break is a CR alone (old Mac Excel) is split at CR.
 */
export function lineBreakOf(text: string): "\n" | "\r" {
  const cr = text.indexOf("\r");
  if (cr < 0 || text.charCodeAt(cr + 1) === 10) return "\n";
  const lf = text.indexOf("\n");
  return lf < 0 || cr < lf ? "\r" : "\n";
}

/**
 * Reads a ledger CSV. Rows go from papaparse to the table reader one at a time, so that the table of every cell is
 * never built: each row's cells die young, and a 100,000-row file costs the garbage collector little.
 */
export function parseLedgerCsv(text: string, options: ImportOptions = {}): ImportResult {
  const reader = new TableReader(options);
  const malformed: ImportProblem[] = [];
  let row = 0;
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  Papa.parse<string[]>(body, {
    skipEmptyLines: false,
    newline: lineBreakOf(body),
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

/** Reads a ledger CSV from its bytes, in the encoding asked for or the one detected (text-encoding.ts); says which. */
export function parseLedgerCsvBytes(bytes: Uint8Array, encoding: EncodingChoice = "auto", options: ImportOptions = {}): ImportResult {
  const decoded = decodeText(bytes, encoding);
  if (!decoded.ok) return { ok: false, rowsRead: 0, ignoredColumns: [], problems: [{ row: 0, column: null, field: "encoding", reason: decoded.reason }] };
  return { ...parseLedgerCsv(decoded.text, options), encoding: decoded.encoding };
}

export function tableToCsv(table: Table): string {
  return csvHead(table) + csvRows(table);
}

/** The byte-order mark and the header line of a CSV written page by page. */
export function csvHead(table: Pick<Table, "header">): string {
  return BOM + Papa.unparse([table.header], { newline: "\r\n" }) + "\r\n";
}

/**
 * A table's rows as CSV lines, without the header: the part of one page. The rows go to papaparse as they are,
 * arrays, with no copy of each: it writes an empty cell for null.
 */
export function csvRows(table: Pick<Table, "rows">): string {
  if (table.rows.length === 0) return "";
  return Papa.unparse(table.rows, { newline: "\r\n" }) + "\r\n";
}
