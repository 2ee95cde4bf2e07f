// .xlsx in and out through exceljs. Import reads the first worksheet (or one named 台账 / Ledger) into the shared
// table reader (import.ts), keeping the sheet's own row numbers for problem reports. Node only (streams).
import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import type { OutCell, Table } from "./export-table.ts";
import { rowsFromTable, type Cell, type ImportOptions, type ImportResult } from "./import.ts";

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

const LEDGER_SHEET = /^(台账|ledger)/i;

/** One worksheet read into table rows, with the sheet's own row numbers and the cells holding errors. */
interface SheetRows {
  name: string;
  /** Position in the workbook (0 = first tab). */
  position: number;
  table: Cell[][];
  numbers: number[];
  cellErrors: { row: number; col: number; error: string }[];
}

async function readSheet(sheet: ExcelJS.stream.xlsx.WorksheetReader, position: number): Promise<SheetRows> {
  const rows: SheetRows = { name: (sheet as unknown as { name: string }).name, position, table: [], numbers: [], cellErrors: [] };
  for await (const row of sheet) {
    if (!row.hasValues) continue;
    const cells: Cell[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      const value = plain(cell.value);
      if (value !== null && typeof value === "object" && !(value instanceof Date)) {
        rows.cellErrors.push({ row: row.number, col, error: value.error });
        cells[col - 1] = null;
      } else cells[col - 1] = value;
    });
    rows.table.push(cells);
    rows.numbers.push(row.number);
  }
  return rows;
}

/** Whether a sheet is the one to read rather than the current choice: one named 台账/Ledger, else the first tab. */
function preferred(candidate: SheetRows, chosen: SheetRows | null): boolean {
  if (chosen === null) return true;
  const named = LEDGER_SHEET.test(candidate.name);
  if (named !== LEDGER_SHEET.test(chosen.name)) return named;
  return candidate.position < chosen.position;
}

/**
 * Reads the ledger sheet of a workbook through exceljs's streaming reader, which builds no workbook model (a third
 * faster than a full load). Styles are read, for their number formats only: they tell a date cell (a Date to the
 * table reader) from a number, so that a date typed into an amount column is refused, not read as 46,000 yuan.
 */
export async function readLedgerXlsx(data: ArrayBuffer | Uint8Array, options: ImportOptions = {}): Promise<ImportResult> {
  const bytes = data instanceof Uint8Array ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), { worksheets: "emit", sharedStrings: "cache", styles: "cache", hyperlinks: "ignore", entries: "ignore" });
  let chosen: SheetRows | null = null;
  try {
    for await (const sheet of reader) {
      // The workbook's tab order, once its workbook.xml has been read (it precedes the sheets in files Excel,
      // LibreOffice and exceljs write); otherwise the order of the sheets in the file.
      const tabs = (reader as unknown as { model?: { sheets?: { id: number }[] } }).model?.sheets ?? [];
      const at = tabs.findIndex((t) => t.id === (sheet as unknown as { id: number }).id);
      const rows = await readSheet(sheet, at < 0 ? Number.MAX_SAFE_INTEGER : at);
      if (preferred(rows, chosen)) chosen = rows;
    }
  } catch (e) {
    return { ok: false, rowsRead: 0, ignoredColumns: [], problems: [{ row: 0, column: null, reason: { zh: `无法读取 .xlsx 文件：${(e as Error).message}`, en: `not a readable .xlsx file: ${(e as Error).message}` } }] };
  }
  if (!chosen) return { ok: false, rowsRead: 0, ignoredColumns: [], problems: [{ row: 0, column: null, reason: { zh: "工作簿中没有工作表", en: "the workbook has no worksheet" } }] };
  const { table, numbers, cellErrors } = chosen;
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
  return rowsFromTable(table, numbers, options);
}

export interface Sheet {
  name: string;
  table: Table;
  /** A line above the header, e.g. "示例数据 / sample data". */
  banner?: string;
  /** A last row in bold under the table's rows (a total). */
  totalRow?: OutCell[];
}

export async function tablesToXlsx(sheets: readonly Sheet[]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "cq-subsidy";
  for (const { name, table, banner, totalRow } of sheets) {
    const ws = workbook.addWorksheet(name, { views: [{ state: "frozen", ySplit: banner ? 2 : 1 }] });
    if (banner) ws.addRow([banner]).font = { bold: true, color: { argb: "FFC00000" } };
    const head = ws.addRow(table.header);
    head.font = { bold: true };
    for (const row of table.rows) ws.addRow(row);
    if (totalRow) ws.addRow(totalRow).font = { bold: true };
    for (const i of table.money) ws.getColumn(i + 1).numFmt = "#,##0.00";
    for (const i of table.ratio ?? []) ws.getColumn(i + 1).numFmt = "0.0%";
    table.header.forEach((h, i) => (ws.getColumn(i + 1).width = Math.min(40, Math.max(10, h.length * 2 + 2))));
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
