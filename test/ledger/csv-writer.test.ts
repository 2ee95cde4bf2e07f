// The ledger's CSV lines (shared/ledger/csv.ts) are the bytes papaparse's unparse wrote for them before, with its
// defaults and CRLF: cells that need quoting and cells that must not be quoted, numbers, nulls, empty rows.
import Papa from "papaparse";
import { expect, it } from "vitest";
import { csvHead, csvRows } from "../../shared/ledger/csv.ts";
import type { OutCell } from "../../shared/ledger/export-table.ts";

const byPapa = (rows: OutCell[][]): string => (rows.length === 0 ? "" : Papa.unparse(rows, { newline: "\r\n" }) + "\r\n");

const CELLS: OutCell[] = [
  "", "a", "重庆市", "a,b", 'say "hi"', '"', "line\nbreak", "cr\rhere", "crlf\r\n", " lead", "trail ", " ", "  both  ", "mid dle",
  "\ufeffbom", "x\ufeff", "'=SUM(A1)", "=1+1", "-3", "+3", "@a", "\t", "tab\tin", "；分号", "a\u2028b", "é",
  0, -0, 1, -1.5, 1234567.89, 1e21, 0.1 + 0.2, Number.NaN, null,
];

it("writes what papaparse wrote, cell for cell and row for row", () => {
  for (const cell of CELLS) expect(csvRows({ rows: [[cell]] })).toBe(byPapa([[cell]]));
  const rows: OutCell[][] = [CELLS, [...CELLS].reverse(), [null, null], [null], [], ["only"], CELLS.slice(3, 9)];
  expect(csvRows({ rows })).toBe(byPapa(rows));
  expect(csvRows({ rows: [] })).toBe("");
  const header = ["申请编号", "a,b", " x"];
  expect(csvHead({ header })).toBe(`\ufeff${Papa.unparse([header], { newline: "\r\n" })}\r\n`);
});
