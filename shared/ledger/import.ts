// Reading a ledger from a table of cells (what the CSV and XLSX readers produce): headers in Chinese or English,
// amounts with thousands separators or a 万元 unit, dates as text or Excel serial numbers. Every rejected row is
// reported with its row number, column and reason, and a file with any rejected row is rejected whole.
import { FACT_NAMES, type FactName, type Text } from "../catalog/schema.ts";
import { dayFromExcelSerial, isIsoDay } from "../engine/dates.ts";
import { parseAmountText } from "../money/parse.ts";
import { columnForHeader, COLUMN_HEADER, FIELD_NAMES, normalizeHeader, statusFromText, type ColumnName } from "./columns.ts";
import { LedgerRow, type LedgerRowInput } from "./row.ts";

export type Cell = string | number | boolean | Date | null | undefined;

export interface ImportProblem {
  /** The row number as the file shows it (the header is row 1). */
  row: number;
  /** The column's header as written in the file; null for a problem with the whole row or file. */
  column: string | null;
  field?: string;
  reason: Text;
}

export type ImportResult =
  | { ok: true; rows: LedgerRow[]; ignoredColumns: string[] }
  | { ok: false; problems: ImportProblem[]; rowsRead: number; rejectedRows?: number; ignoredColumns: string[] };

const REQUIRED: ColumnName[] = ["applicationId", "projectId", "enterprise", "creditCode", "district", "provisionId", "applicationDate", "status"];
/** At most this many problems are listed; rejectedRows always counts every rejected row. */
export const PROBLEM_LIMIT = 1000;

type Parsed<T> = { value: T } | { error: Text };

function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return "";
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? "" : cell.toISOString().slice(0, 10);
  return String(cell).trim();
}

const PLAIN_YUAN = /^(?:0|[1-9][0-9]{0,12})(?:\.[0-9]{1,2})?$/;
const DECIMALS_ALLOWED: Record<string, number> = { 元: 2, 万元: 6, 万: 6, 亿元: 10, 亿: 10 };
const NUMBER_PART = /^[¥￥]?\s*[0-9][0-9,，]*(?:\.([0-9]+))?\s*(亿元|亿|万元|万|元)?$/u;

/** An amount cell in yuan: text through the one unit parser (shared/money/parse.ts), refusing digits below the fen. */
export function amountFromCell(cell: Cell, columnUnit: string | null): Parsed<number | null> {
  if (typeof cell === "number" && !Number.isFinite(cell)) return { error: { zh: "不是有限数", en: "not a finite number" } };
  if (typeof cell === "boolean" || cell instanceof Date) return { error: { zh: "不是金额", en: "not an amount" } };
  // Plain yuan to the fen needs no unit parsing: the common case of a large file.
  if (typeof cell === "string" && columnUnit === null && PLAIN_YUAN.test(cell)) return { value: Number(cell) };
  let text = typeof cell === "number" ? String(cell) : cellText(cell).normalize("NFKC").replace(/\s+/g, "");
  if (text === "") return { value: null };
  if (text.startsWith("-")) return { error: { zh: "金额不能为负数", en: "an amount must not be negative" } };
  if (columnUnit && !/[元万亿]$/.test(text)) text += columnUnit;
  const m = NUMBER_PART.exec(text);
  const fen = m ? parseAmountText(text) : null;
  if (!m || fen === null) {
    return { error: { zh: `“${cellText(cell)}”不是金额（可写 1500000、1,500,000 或 150万元）`, en: `"${cellText(cell)}" is not an amount (write 1500000, 1,500,000 or 150万元)` } };
  }
  if ((m[1]?.length ?? 0) > (DECIMALS_ALLOWED[m[2] ?? "元"] ?? 2)) {
    return { error: { zh: `“${cellText(cell)}”精确到分以下`, en: `"${cellText(cell)}" has digits below the fen` } };
  }
  return { value: fen / 100 };
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_PATTERNS: RegExp[] = [/^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/, /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/, /^(\d{4})(\d{2})(\d{2})$/];

/** A date cell: a spreadsheet date, an Excel serial number, or text (2025-03-01, 2025/3/1, 2025年3月1日). */
export function dayFromCell(cell: Cell): Parsed<string | null> {
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return { error: { zh: "日期无效", en: "not a valid date" } };
    return { value: cell.toISOString().slice(0, 10) };
  }
  if (typeof cell === "string" && ISO_DAY.test(cell)) return isIsoDay(cell) ? { value: cell } : { error: { zh: `“${cell}”不是日期（应为 YYYY-MM-DD）`, en: `"${cell}" is not a date (write YYYY-MM-DD)` } };
  const text = typeof cell === "number" ? String(cell) : cellText(cell).normalize("NFKC");
  if (text === "") return { value: null };
  const bad: Parsed<string | null> = { error: { zh: `“${text}”不是日期（应为 YYYY-MM-DD）`, en: `"${text}" is not a date (write YYYY-MM-DD)` } };
  if (/^\d{5}(\.\d+)?$/.test(text)) {
    const day = dayFromExcelSerial(Math.floor(Number(text)));
    return day ? { value: day } : bad;
  }
  for (const pattern of DAY_PATTERNS) {
    const m = pattern.exec(text.replace(/\s+/g, ""));
    if (!m) continue;
    const day = `${m[1]}-${(m[2] ?? "").padStart(2, "0")}-${(m[3] ?? "").padStart(2, "0")}`;
    return isIsoDay(day) ? { value: day } : bad;
  }
  return bad;
}

interface Column {
  index: number;
  header: string;
  name: ColumnName;
  unit: string | null;
}

const AMOUNT_FIELDS: ReadonlySet<ColumnName> = new Set<ColumnName>(["amount", "approved", "paid", ...FACT_NAMES]);
const DAY_FIELDS: ReadonlySet<ColumnName> = new Set<ColumnName>(["applicationDate", "paidDate"]);
const FACT_SET: ReadonlySet<string> = new Set(FACT_NAMES);

/** Reads a table whose first row is the header. `rowNumbers[i]` is the file's row number of table[i] (default i + 1). */
export function rowsFromTable(table: readonly (readonly Cell[])[], rowNumbers?: readonly number[]): ImportResult {
  const problems: ImportProblem[] = [];
  // A title or "示例数据" banner may stand above the header: the header is the first of the top rows naming columns.
  const known = (cells: readonly Cell[]) => cells.filter((c) => { const n = columnForHeader(cellText(c)); return n !== null && n !== "derived"; }).length;
  const start = Math.max(0, table.slice(0, 5).findIndex((cells) => known(cells) >= 3));
  const numberOf = (i: number) => rowNumbers?.[i + start] ?? i + start + 1;
  table = table.slice(start);
  const header = table[0] ?? [];
  const columns: Column[] = [];
  const ignoredColumns: string[] = [];
  const seen = new Map<ColumnName, string>();
  header.forEach((cell, index) => {
    const text = cellText(cell);
    if (text === "") return;
    const name = columnForHeader(text);
    if (name === null || name === "derived") {
      ignoredColumns.push(text);
      return;
    }
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      problems.push({ row: numberOf(0), column: text, reason: { zh: `与“${earlier}”是同一列（${COLUMN_HEADER[name].zh}）`, en: `names the same column as "${earlier}" (${COLUMN_HEADER[name].en})` } });
      return;
    }
    seen.set(name, text);
    columns.push({ index, header: text, name, unit: normalizeHeader(text).unit });
  });
  for (const name of REQUIRED) {
    if (!seen.has(name)) {
      problems.push({ row: numberOf(0), column: null, field: name, reason: { zh: `缺少“${COLUMN_HEADER[name].zh}”列`, en: `the column "${COLUMN_HEADER[name].en}" is missing` } });
    }
  }
  if (problems.length > 0) return { ok: false, problems, rowsRead: 0, ignoredColumns };

  const headerOf = new Map<string, string>(columns.map((c) => [c.name, c.header]));
  const columnIndex = (field: string | undefined) => columns.find((c) => c.name === field)?.index ?? Number.MAX_SAFE_INTEGER;
  const rows: LedgerRow[] = [];
  let rowsRead = 0;
  let rejectedRows = 0;
  for (let i = 1; i < table.length; i++) {
    const cells = table[i] ?? [];
    if (cells.every((c) => cellText(c) === "")) continue;
    rowsRead++;
    const rowNumber = numberOf(i);
    const rowProblems: ImportProblem[] = [];
    const input: Record<string, unknown> = { amount: null, approved: null, paid: null, paidDate: null, note: "" };
    const facts: Partial<Record<FactName, number>> = {};
    for (const column of columns) {
      const cell = cells[column.index];
      if (AMOUNT_FIELDS.has(column.name)) {
        const parsed = amountFromCell(cell, column.unit);
        if ("error" in parsed) rowProblems.push(cellProblem(rowNumber, column, parsed.error));
        else if (FACT_SET.has(column.name)) {
          if (parsed.value !== null) facts[column.name as FactName] = parsed.value;
        } else input[column.name] = parsed.value;
      } else if (DAY_FIELDS.has(column.name)) {
        const parsed = dayFromCell(cell);
        if ("error" in parsed) rowProblems.push(cellProblem(rowNumber, column, parsed.error));
        else input[column.name] = parsed.value ?? (column.name === "applicationDate" ? "" : null);
      } else if (column.name === "status") {
        const text = cellText(cell);
        const status = statusFromText(text);
        if (status === null) rowProblems.push(cellProblem(rowNumber, column, { zh: `状态“${text}”无法识别（应为 已申请、已核定、已拨付、未通过、已撤回）`, en: `status "${text}" is not one of applied, approved, paid, rejected, withdrawn` }));
        else input.status = status;
      } else {
        input[column.name] = cellText(cell);
      }
    }
    input.facts = facts;
    // The schema checks the rest of the row too, so that one pass reports every problem of the row.
    const parsed = LedgerRow.safeParse(input as LedgerRowInput);
    const failed = rowProblems.length > 0 || !parsed.success ? new Set(rowProblems.map((p) => p.field)) : null;
    if (parsed.success && rowProblems.length === 0) rows.push(parsed.data);
    else if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? "");
        const fact = issue.path[0] === "facts" ? String(issue.path[1] ?? "") : "";
        const name = fact || field;
        if (failed?.has(name)) continue;
        const column = headerOf.get(name) ?? null;
        rowProblems.push({ row: rowNumber, column, field: name, reason: zodReason(name, issue.message, input[field]) });
      }
    }
    if (rowProblems.length > 1) rowProblems.sort((a, b) => columnIndex(a.field) - columnIndex(b.field));
    for (const p of rowProblems) if (problems.length < PROBLEM_LIMIT) problems.push(p);
    if (rowProblems.length > 0) rejectedRows++;
  }
  if (problems.length > 0) return { ok: false, problems, rowsRead, rejectedRows, ignoredColumns };
  return { ok: true, rows, ignoredColumns };
}

// A module function rather than a closure per cell: tsx (keepNames) pays a defineProperty for every named closure.
function cellProblem(row: number, column: Column, reason: Text): ImportProblem {
  return { row, column: column.header, field: column.name, reason };
}

function zodReason(field: string, message: string, value: unknown): Text {
  if (value === "" || value === undefined) {
    const label = (FIELD_NAMES as readonly string[]).includes(field) ? COLUMN_HEADER[field as ColumnName] : { zh: field, en: field };
    return { zh: `${label.zh}不能为空`, en: `${label.en} must not be empty` };
  }
  return { zh: `数据无效：${message}`, en: `invalid: ${message}` };
}
