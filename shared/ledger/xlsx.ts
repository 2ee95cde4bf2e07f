// .xlsx in and out through exceljs. Import reads the first worksheet (or one named 台账 / Ledger) into the shared
// table reader (import.ts), keeping the sheet's own row numbers for problem reports.
import ExcelJS from "exceljs";
import type { Table } from "./export-table.ts";
import { rowsFromTable, type Cell, type ImportResult } from "./import.ts";

function plain(value: ExcelJS.CellValue): Cell | { error: string } {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value instanceof Date) return value;
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((t) => t.text).join("");
    if ("error" in value) return { error: String(value.error) };
    if ("formula" in value || "sharedFormula" in value) {
      const result = (value as ExcelJS.CellFormulaValue).result;
      if (result === undefined || result === null) return null;
      if (typeof result === "object" && "error" in result) return { error: String(result.error) };
      return result as Cell;
    }
    if ("text" in value) return String(value.text);
  }
  return String(value);
}

export async function readLedgerXlsx(data: ArrayBuffer | Uint8Array): Promise<ImportResult> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as ArrayBuffer);
  } catch (e) {
    return { ok: false, rowsRead: 0, ignoredColumns: [], problems: [{ row: 0, column: null, reason: { zh: `无法读取 .xlsx 文件：${(e as Error).message}`, en: `not a readable .xlsx file: ${(e as Error).message}` } }] };
  }
  const sheet = workbook.worksheets.find((s) => /^(台账|ledger)/i.test(s.name)) ?? workbook.worksheets[0];
  if (!sheet) return { ok: false, rowsRead: 0, ignoredColumns: [], problems: [{ row: 0, column: null, reason: { zh: "工作簿中没有工作表", en: "the workbook has no worksheet" } }] };
  const table: Cell[][] = [];
  const numbers: number[] = [];
  const cellErrors: { row: number; col: number; error: string }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: Cell[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      const value = plain(cell.value);
      if (value !== null && typeof value === "object" && !(value instanceof Date)) {
        cellErrors.push({ row: rowNumber, col, error: value.error });
        cells[col - 1] = null;
      } else cells[col - 1] = value;
    });
    table.push(cells);
    numbers.push(rowNumber);
  });
  if (cellErrors.length > 0) {
    const header = table[0] ?? [];
    return {
      ok: false,
      rowsRead: table.length - 1,
      ignoredColumns: [],
      problems: cellErrors.map((e) => ({
        row: e.row,
        column: header[e.col - 1] === undefined ? null : String(header[e.col - 1]),
        reason: { zh: `单元格为错误值 ${e.error}`, en: `the cell holds the error ${e.error}` },
      })),
    };
  }
  return rowsFromTable(table, numbers);
}

export interface Sheet {
  name: string;
  table: Table;
  /** A line above the header, e.g. "示例数据 / sample data". */
  banner?: string;
}

export async function tablesToXlsx(sheets: readonly Sheet[]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "cq-subsidy";
  for (const { name, table, banner } of sheets) {
    const ws = workbook.addWorksheet(name, { views: [{ state: "frozen", ySplit: banner ? 2 : 1 }] });
    if (banner) ws.addRow([banner]).font = { bold: true, color: { argb: "FFC00000" } };
    const head = ws.addRow(table.header);
    head.font = { bold: true };
    for (const row of table.rows) ws.addRow(row);
    for (const i of table.money) ws.getColumn(i + 1).numFmt = "#,##0.00";
    for (const i of table.ratio ?? []) ws.getColumn(i + 1).numFmt = "0.0%";
    table.header.forEach((h, i) => (ws.getColumn(i + 1).width = Math.min(40, Math.max(10, h.length * 2 + 2))));
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
