// CSV of what a view shows, through papaparse. No cell may start a formula in a spreadsheet: every cell passes
// through shared/ledger's safeCell, the one rule for every export of the product.
import Papa from "papaparse";
import { safeCell } from "../../../../shared/ledger/safe-cell.ts";

export type CsvCell = string | number | null | undefined;

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  // Every cell goes out as text, so a negative amount (an overspent commitment) is guarded like any other text.
  const text = rows.map((row) => row.map((cell) => safeCell(cell === null || cell === undefined ? "" : String(cell))));
  // A BOM so that Excel opens the UTF-8 Chinese headers correctly.
  return "\uFEFF" + Papa.unparse({ fields: header.map(safeCell), data: text }, { newline: "\r\n" });
}
