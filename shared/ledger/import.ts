// Reading a ledger from a table of cells (what the CSV and XLSX readers produce): headers in Chinese or English,
// amounts with thousands separators or a 万元 unit, dates as text or Excel serial numbers. Every rejected row is
// reported with its row number, column and reason, and a file with any rejected row is rejected whole.
//
// Two paths per row, one result. The schema path (rowThroughSchema) takes every cell through its parser and then
// the whole row through LedgerRow.safeParse, which words every problem; running zod costs microseconds a row. The
// fast path reads each cell with the reader its column was given from the header and, when every cell passes,
// builds the row exactly as LedgerRow.parse would return it, without zod. A row it does not accept goes the schema
// path, so problems are worded by the schema path alone. test/ledger/import-paths.test.ts checks, over generated
// tables of cells at every limit, that the two paths give the same result.
import type { FactName, Text } from "../catalog/schema.ts";
import { dayFromExcelSerial, isIsoDay } from "../engine/dates.ts";
import { parseAmountText } from "../money/parse.ts";
import { columnForHeader, COLUMN_HEADER, FIELD_NAMES, normalizeHeader, statusFromText, type ColumnName, type FieldName } from "./columns.ts";
import { noticeOfRowProblem, type NoticeCatalog } from "./notice-check.ts";
import { isAmountInRange, isCleanText, isExactToFen, LedgerRow, noteLineBreaks, isPlainText, TEXT_LENGTH, type LedgerRowInput, type Status, type TextField } from "./row.ts";
import { unguarded } from "./safe-cell.ts";
import type { TextEncoding } from "./text-encoding.ts";

export type Cell = string | number | boolean | Date | null | undefined;

export interface ImportProblem {
  /** The row number as the file shows it (the header is row 1). */
  row: number;
  /** The column's header as written in the file; null for a problem with the whole row or file. */
  column: string | null;
  field?: string;
  reason: Text;
}

/** `encoding`: how a CSV's bytes were decoded (parseLedgerCsvBytes); absent for text and spreadsheet cells. */
export type ImportResult =
  | {
      ok: true;
      rows: LedgerRow[];
      ignoredColumns: string[];
      encoding?: TextEncoding;
      /** Where each row stands: its row number as the file shows it, and each column read with its header as written. */
      at?: { rowNumbers: number[]; headers: Partial<Record<ColumnName, string>> };
    }
  | { ok: false; problems: ImportProblem[]; rowsRead: number; rejectedRows?: number; ignoredColumns: string[]; encoding?: TextEncoding };

export interface ImportOptions {
  /** false: every row through the schema path — the reference the fast path is tested against. Default true. */
  fastPath?: boolean;
  /**
   * The catalog's notices (申报批次), to check each row's notice against (notice-check.ts): a row naming one the
   * catalog does not have, or one of another document, is refused naming the field notice. Absent: the notice is
   * read as text, and the ledger check reports one that does not apply.
   */
  notices?: NoticeCatalog;
}

/** What a row holds for an optional column the file does not have. No notice: the row has no notice key at all. */
const ABSENT_COLUMN_VALUES = { amount: null, approved: null, paid: null, paidDate: null, note: "" } as const;

const REQUIRED: ColumnName[] = ["applicationId", "projectId", "enterprise", "creditCode", "district", "provisionId", "applicationDate", "status"];
/** At most this many problems are listed; rejectedRows always counts every rejected row. */
export const PROBLEM_LIMIT = 1000;

type Parsed<T> = { value: T } | { error: Text };

/**
 * The text of a cell of a text column: trimmed, and without the single quote an export puts before text a spreadsheet
 * would read as a formula (safe-cell.ts), so that an exported ledger reads back as it was.
 */
function textOfCell(cell: Cell): string {
  const text = cellText(cell);
  return text.charCodeAt(0) === 39 ? unguarded(text).trim() : text;
}

function cellText(cell: Cell): string {
  if (typeof cell === "string") return cell.trim();
  if (cell === null || cell === undefined) return "";
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? "" : cell.toISOString().slice(0, 10);
  return String(cell).trim();
}

const DIGIT_0 = 48;
const DECIMAL_POINT = 46;
const MAX_WHOLE_DIGITS = 13;

/**
 * Plain yuan text — 0 or up to 13 digits without a leading zero, then at most two decimals ("300000",
 * "1500000.5") — as a number, NaN for any other text. Scanned rather than matched: it is most amount cells of a
 * large file. At most 15 digits make an exact integer, and dividing it by 10 or 100 rounds once, to the same double
 * Number(text) gives.
 */
function plainYuan(text: string): number {
  const length = text.length;
  let whole = 0;
  let i = 0;
  for (; i < length && i <= MAX_WHOLE_DIGITS; i++) {
    const digit = text.charCodeAt(i) - DIGIT_0;
    if (digit < 0 || digit > 9) break;
    whole = whole * 10 + digit;
  }
  if (i === 0 || i > MAX_WHOLE_DIGITS || (i > 1 && text.charCodeAt(0) === DIGIT_0)) return NaN;
  if (i === length) return whole;
  const decimals = length - i - 1;
  if (text.charCodeAt(i) !== DECIMAL_POINT || decimals < 1 || decimals > 2) return NaN;
  const tenths = text.charCodeAt(i + 1) - DIGIT_0;
  if (tenths < 0 || tenths > 9) return NaN;
  if (decimals === 1) return (whole * 10 + tenths) / 10;
  const hundredths = text.charCodeAt(i + 2) - DIGIT_0;
  if (hundredths < 0 || hundredths > 9) return NaN;
  return (whole * 100 + tenths * 10 + hundredths) / 100;
}

const DECIMALS_ALLOWED: Record<string, number> = { 元: 2, 万元: 6, 万: 6, 亿元: 10, 亿: 10 };
const NUMBER_PART = /^[¥￥]?\s*[0-9][0-9,，]*(?:\.([0-9]+))?\s*(亿元|亿|万元|万|元)?$/u;

/** An amount cell in yuan: text through the one unit parser (shared/money/parse.ts), refusing digits below the fen. */
export function amountFromCell(cell: Cell, columnUnit: string | null): Parsed<number | null> {
  if (typeof cell === "number" && !Number.isFinite(cell)) return { error: { zh: "不是有限数", en: "not a finite number" } };
  if (typeof cell === "boolean" || cell instanceof Date) return { error: { zh: "不是金额", en: "not an amount" } };
  // Plain yuan to the fen needs no unit parsing: the common case of a large file.
  if (typeof cell === "string" && columnUnit === null) {
    const yuan = plainYuan(cell);
    if (!Number.isNaN(yuan)) return { value: yuan };
  }
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

// How a column's cells are read, decided once from its header. Small integers, so that the fast path is one switch.
const TEXT = 0;
const UPPER_CASE_TEXT = 1;
const LOWER_CASE_TEXT = 2;
const AMOUNT = 3;
const YUAN = 4;
const FACT = 5;
const DAY = 6;
const OPTIONAL_DAY = 7;
const STATUS = 8;
/** Text that may be empty, then absent (the notice: none is the document's own figures). */
const OPTIONAL_TEXT = 9;
/** A day that may be empty, then absent (the approval date: none is "not recorded", and rows without it keep no key). */
const ABSENT_OR_DAY = 10;
type Reader = typeof TEXT | typeof UPPER_CASE_TEXT | typeof LOWER_CASE_TEXT | typeof AMOUNT | typeof YUAN | typeof FACT | typeof DAY | typeof OPTIONAL_DAY | typeof STATUS | typeof OPTIONAL_TEXT | typeof ABSENT_OR_DAY;

/**
 * Each field's reader, as LedgerRow reads the field: which text it case-folds, which amounts must be exact to the
 * fen (Yuan), which day may be empty. The property test holds the two together.
 */
const READER: Record<ColumnName, Reader> = {
  applicationId: TEXT,
  projectId: TEXT,
  enterprise: TEXT,
  creditCode: UPPER_CASE_TEXT,
  district: TEXT,
  provisionId: LOWER_CASE_TEXT,
  amount: AMOUNT,
  applicationDate: DAY,
  status: STATUS,
  approved: YUAN,
  approvalDate: ABSENT_OR_DAY,
  paid: YUAN,
  paidDate: OPTIONAL_DAY,
  note: TEXT,
  notice: OPTIONAL_TEXT,
  centralFunds: FACT,
  municipalFunds: FACT,
  rndGrowth: FACT,
  annualPurchases: FACT,
  insuredValue: FACT,
};

interface Column {
  index: number;
  header: string;
  name: ColumnName;
  unit: string | null;
  reader: Reader;
  /** The field's place in the fast path's values (its index in FIELD_NAMES); -1 for a fact. */
  slot: number;
  /** Length limits of a text column (TEXT_LENGTH); 0 for others. */
  minLength: number;
  maxLength: number;
  /**
   * For a column whose texts repeat from row to row (districts, provisions, days, enterprises): each cell text met so
   * far and the value it was read as. A repeated text is then read once, and the rows share one string for it,
   * while the cells' own strings die young — otherwise every row would keep its own copies alive through the
   * garbage collector's copying of the young generation. Null for other columns.
   */
  seen: Map<string, string> | null;
}

/** Columns whose texts repeat down a ledger. */
const SHARED_TEXT: ReadonlySet<ColumnName> = new Set<ColumnName>(["enterprise", "creditCode", "district", "provisionId", "applicationDate", "approvalDate", "paidDate", "notice"]);

function columnOf(index: number, header: string, name: ColumnName): Column {
  const limits = name in TEXT_LENGTH ? TEXT_LENGTH[name as TextField] : { min: 0, max: 0 };
  const slot = (FIELD_NAMES as readonly string[]).indexOf(name);
  return { index, header, name, unit: normalizeHeader(header).unit, reader: READER[name], slot, minLength: limits.min, maxLength: limits.max, seen: SHARED_TEXT.has(name) ? new Map() : null };
}

/** The columns of a table and what the schema path needs to word its problems. */
interface Layout {
  columns: Column[];
  headerOf: Map<string, string>;
  /** Per cell position: whether the header names it (a ledger column or one ignored); a cell past the end is not. */
  headed: boolean[];
  /** Whether some header cell before the last is empty. */
  gaps: boolean;
}

/** Header cells that name a ledger column. */
function knownColumns(cells: readonly Cell[]): number {
  let known = 0;
  for (const cell of cells) {
    const name = columnForHeader(cellText(cell));
    if (name !== null && name !== "derived") known++;
  }
  return known;
}

/** How many rows at the top of a table may stand above the header (a title, a "示例数据" banner). */
const HEADER_SEARCH = 5;

/**
 * Reads a table row by row, as a CSV parser or a spreadsheet reader hands the rows over, so that no table of all
 * cells need be kept: a row's cells are garbage as soon as the row is read. The header is the first of the top rows
 * naming at least three columns (else the very first row).
 */
export class TableReader {
  /** The top rows, until the header is known. */
  private top: { cells: readonly Cell[]; rowNumber: number }[] | null = [];
  private layout: Layout | null = null;
  private readonly problems: ImportProblem[] = [];
  private readonly ignoredColumns: string[] = [];
  private readonly rows: LedgerRow[] = [];
  private readonly rowNumbers: number[] = [];
  private readonly fastPath: boolean;
  private readonly notices: NoticeCatalog | undefined;
  private readonly values = defaultValues();
  private rowsRead = 0;
  private rejectedRows = 0;

  constructor(options: ImportOptions = {}) {
    this.fastPath = options.fastPath !== false;
    this.notices = options.notices;
  }

  /** The next row of the table, with its row number as the file shows it. */
  push(cells: readonly Cell[], rowNumber: number): void {
    const top = this.top;
    if (top === null) {
      if (this.layout !== null) this.read(cells, rowNumber, this.layout);
      return;
    }
    top.push({ cells, rowNumber });
    if (knownColumns(cells) >= 3) this.startAt(top.length - 1);
    else if (top.length === HEADER_SEARCH) this.startAt(0);
  }

  result(): ImportResult {
    if (this.top !== null) this.startAt(0);
    const { problems, rowsRead, rejectedRows, ignoredColumns } = this;
    if (this.layout === null) return { ok: false, problems, rowsRead: 0, ignoredColumns };
    if (problems.length > 0) return { ok: false, problems, rowsRead, rejectedRows, ignoredColumns };
    return { ok: true, rows: this.rows, ignoredColumns, at: { rowNumbers: this.rowNumbers, headers: Object.fromEntries(this.layout.headerOf) } };
  }

  /** Takes the top row at `at` as the header (none: an empty table) and reads the rows below it. */
  private startAt(at: number): void {
    const top = this.top ?? [];
    this.top = null;
    const header = top[at] ?? { cells: [], rowNumber: 1 };
    this.layout = this.layoutOf(header.cells, header.rowNumber);
    if (this.layout === null) return;
    for (const { cells, rowNumber } of top.slice(at + 1)) this.read(cells, rowNumber, this.layout);
  }

  /** The columns the header names; null, with the problems listed, when it names one twice or lacks one. */
  private layoutOf(header: readonly Cell[], rowNumber: number): Layout | null {
    const columns: Column[] = [];
    const seen = new Map<ColumnName, string>();
    header.forEach((cell, index) => {
      const text = cellText(cell);
      if (text === "") return;
      const name = columnForHeader(text);
      if (name === null || name === "derived") {
        this.ignoredColumns.push(text);
        return;
      }
      const earlier = seen.get(name);
      if (earlier !== undefined) {
        this.problems.push({ row: rowNumber, column: text, reason: { zh: `与“${earlier}”是同一列（${COLUMN_HEADER[name].zh}）`, en: `names the same column as "${earlier}" (${COLUMN_HEADER[name].en})` } });
        return;
      }
      seen.set(name, text);
      columns.push(columnOf(index, text, name));
    });
    for (const name of REQUIRED) {
      if (!seen.has(name)) {
        this.problems.push({ row: rowNumber, column: null, field: name, reason: { zh: `缺少“${COLUMN_HEADER[name].zh}”列`, en: `the column "${COLUMN_HEADER[name].en}" is missing` } });
      }
    }
    if (this.problems.length > 0) return null;
    const headed = Array.from(header, (cell) => cellText(cell) !== "");
    return { columns, headerOf: new Map<string, string>(columns.map((c) => [c.name, c.header])), headed, gaps: headed.includes(false) };
  }

  private read(cells: readonly Cell[], rowNumber: number, layout: Layout): void {
    const stray = cells.length > layout.headed.length || layout.gaps ? strayCell(cells, rowNumber, layout) : null;
    if (stray !== null) {
      // Every problem of the row, not only the cell that stands outside the table.
      const outcome = rowThroughSchema(cells, rowNumber, layout, this.notices);
      this.rowsRead++;
      this.rejectedRows++;
      for (const p of [stray, ...(outcome !== null && "problems" in outcome ? outcome.problems : [])]) if (this.problems.length < PROBLEM_LIMIT) this.problems.push(p);
      return;
    }
    const accepted = this.fastPath ? acceptedRow(cells, layout.columns, this.values) : null;
    // A row naming a notice that does not apply goes the schema path, which words that with the row's other problems.
    const notice = accepted?.notice;
    if (accepted !== null && (typeof notice !== "string" || this.notices === undefined || noticeOfRowProblem(this.notices, notice, accepted.provisionId) === null)) {
      this.rowsRead++;
      this.rows.push(accepted);
      this.rowNumbers.push(rowNumber);
      return;
    }
    const outcome = rowThroughSchema(cells, rowNumber, layout, this.notices);
    if (outcome === null) return;
    this.rowsRead++;
    if ("row" in outcome) {
      this.rows.push(outcome.row);
      this.rowNumbers.push(rowNumber);
      return;
    }
    for (const p of outcome.problems) if (this.problems.length < PROBLEM_LIMIT) this.problems.push(p);
    this.rejectedRows++;
  }
}

/**
 * A cell with text where the header has none: data the import would not read. In a CSV it is most often a comma
 * in an unquoted amount ("1,500,000") that shifted the row's cells, or rows run together; the row is refused rather
 * than read in part.
 */
function strayCell(cells: readonly Cell[], rowNumber: number, layout: Layout): ImportProblem | null {
  for (let i = 0; i < cells.length; i++) {
    if (layout.headed[i] === true) continue;
    const text = cellText(cells[i]);
    if (text === "") continue;
    const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
    return {
      row: rowNumber,
      column: null,
      reason: {
        zh: `第 ${i + 1} 列没有表头，却有内容“${shown}”（可能是金额中未加引号的逗号，或几行连在了一起）；整行未读取`,
        en: `column ${i + 1} has no header but holds "${shown}" (an unquoted comma in an amount, or rows run together?); the row was not read`,
      },
    };
  }
  return null;
}

/** Reads a table whose first row is the header. `rowNumbers[i]` is the file's row number of table[i] (default i + 1). */
export function rowsFromTable(table: readonly (readonly Cell[])[], rowNumbers?: readonly number[], options: ImportOptions = {}): ImportResult {
  const reader = new TableReader(options);
  table.forEach((cells, i) => reader.push(cells ?? [], rowNumbers?.[i] ?? i + 1));
  return reader.result();
}

// The fast path: rows that pass every reader, built without the schema.

type FieldValue = string | number | null;

/** The fast path's values by field (FIELD_NAMES order), holding what a field takes when its column is absent. */
function defaultValues(): FieldValue[] {
  return FIELD_NAMES.map((name) => (ABSENT_COLUMN_VALUES as Partial<Record<FieldName, FieldValue>>)[name] ?? null);
}

const slotOf = (name: FieldName): number => FIELD_NAMES.indexOf(name);
const APPLICATION_ID = slotOf("applicationId");
const PROJECT_ID = slotOf("projectId");
const ENTERPRISE = slotOf("enterprise");
const CREDIT_CODE = slotOf("creditCode");
const DISTRICT = slotOf("district");
const PROVISION_ID = slotOf("provisionId");
const AMOUNT_SLOT = slotOf("amount");
const APPLICATION_DATE = slotOf("applicationDate");
const STATUS_SLOT = slotOf("status");
const APPROVED = slotOf("approved");
const PAID = slotOf("paid");
const PAID_DATE = slotOf("paidDate");
const NOTE = slotOf("note");
const NOTICE = slotOf("notice");
const APPROVAL_DATE = slotOf("approvalDate");

/**
 * The row as LedgerRow.parse would return it — same values, same key order — when every cell passes its column's
 * reader; null when any does not. `values` is reused from row to row: every row writes the same slots, and the
 * others keep their defaults.
 */
function acceptedRow(cells: readonly Cell[], columns: readonly Column[], values: FieldValue[]): LedgerRow | null {
  const facts: Partial<Record<FactName, number>> = {};
  for (let c = 0; c < columns.length; c++) {
    const column = columns[c] as Column;
    const value = column.seen === null ? readCell(cells[column.index], column) : readRepeatedCell(cells[column.index], column, column.seen);
    if (value === undefined) return null;
    if (column.slot >= 0) values[column.slot] = value;
    else if (value !== null) facts[column.name as FactName] = value as number;
  }
  const row: LedgerRow = {
    applicationId: values[APPLICATION_ID] as string,
    projectId: values[PROJECT_ID] as string,
    enterprise: values[ENTERPRISE] as string,
    creditCode: values[CREDIT_CODE] as string,
    district: values[DISTRICT] as string,
    provisionId: values[PROVISION_ID] as string,
    amount: values[AMOUNT_SLOT] as number | null,
    facts,
    applicationDate: values[APPLICATION_DATE] as string,
    status: values[STATUS_SLOT] as Status,
    approved: values[APPROVED] as number | null,
    paid: values[PAID] as number | null,
    paidDate: values[PAID_DATE] as string | null,
    note: values[NOTE] as string,
  };
  // No notice, no key: a file without the column, or with an empty cell, reads as rows did before the column.
  if (values[NOTICE] !== null) row.notice = values[NOTICE] as string;
  if (values[APPROVAL_DATE] !== null) row.approvalDate = values[APPROVAL_DATE] as string;
  return row;
}

/** readCell for a column whose texts repeat: a text met before is taken as it was read then. */
function readRepeatedCell(cell: Cell, column: Column, seen: Map<string, string>): FieldValue | undefined {
  if (typeof cell !== "string") return readCell(cell, column);
  const held = seen.get(cell);
  if (held !== undefined) return held;
  const value = readCell(cell, column);
  if (typeof value === "string") seen.set(cell, value);
  return value;
}

/** A cell's value as the schema would return it; undefined when the fast path does not accept it. */
function readCell(cell: Cell, column: Column): FieldValue | undefined {
  switch (column.reader) {
    case TEXT:
      return cleanText(storedText(textOfCell(cell), column), column);
    case OPTIONAL_TEXT: {
      const text = textOfCell(cell);
      return text === "" ? null : cleanText(storedText(text, column), column);
    }
    case UPPER_CASE_TEXT:
      return cleanText(storedText(upperCase(textOfCell(cell)), column), column);
    case LOWER_CASE_TEXT:
      return cleanText(storedText(lowerCase(textOfCell(cell)), column), column);
    case AMOUNT:
      return amountInRange(cell, column.unit, false);
    case YUAN:
    case FACT:
      return amountInRange(cell, column.unit, true);
    case DAY:
      return calendarDay(cell, false);
    case OPTIONAL_DAY:
    case ABSENT_OR_DAY:
      return calendarDay(cell, true);
    case STATUS:
      return knownStatus(cell);
  }
}

// The text of a file with any Chinese in it is two-byte, and V8 case-folds two-byte text through ICU even when every
// character is ASCII, at a tenth of a microsecond a cell. Printable ASCII with no letter to fold is its own fold.
const PRINTABLE_ASCII_WITHOUT_LOWER_CASE = /^[\x20-\x60\x7b-\x7e]*$/;
const PRINTABLE_ASCII_WITHOUT_UPPER_CASE = /^[\x20-\x40\x5b-\x7e]*$/;

function upperCase(text: string): string {
  return PRINTABLE_ASCII_WITHOUT_LOWER_CASE.test(text) ? text : text.toUpperCase();
}

function lowerCase(text: string): string {
  return PRINTABLE_ASCII_WITHOUT_UPPER_CASE.test(text) ? text : text.toLowerCase();
}

/** The text as LedgerRow stores it (trimmed and case-folded before): NFC, and a note's line breaks as LF. */
function storedText(text: string, column: Column): string {
  if (isPlainText(text)) return text;
  const nfc = text.normalize("NFC");
  return column.name === "note" ? noteLineBreaks(nfc) : nfc;
}

/** The text when LedgerRow would accept it as the field: within its length, with no character it refuses. */
function cleanText(text: string, column: Column): string | undefined {
  return text.length >= column.minLength && text.length <= column.maxLength && isCleanText(text, column.name as TextField) ? text : undefined;
}

function amountInRange(cell: Cell, unit: string | null, exactToFen: boolean): number | null | undefined {
  if (cell === "") return null;
  let yuan = typeof cell === "string" && unit === null ? plainYuan(cell) : NaN;
  if (Number.isNaN(yuan)) {
    const parsed = amountFromCell(cell, unit);
    if ("error" in parsed) return undefined;
    if (parsed.value === null) return null;
    yuan = parsed.value;
  }
  return isAmountInRange(yuan) && (!exactToFen || isExactToFen(yuan)) ? yuan : undefined;
}

// YYYY-MM-DD is ten characters. isIsoDay memoises every text it is given, so it is given nothing else: a longer cell
// could be a slice that keeps the whole file's text alive.
const ISO_DAY_LENGTH = 10;

function calendarDay(cell: Cell, mayBeEmpty: boolean): string | null | undefined {
  if (typeof cell === "string") {
    if (cell === "") return mayBeEmpty ? null : undefined;
    if (cell.length === ISO_DAY_LENGTH && isIsoDay(cell)) return cell;
  }
  const parsed = dayFromCell(cell);
  if ("error" in parsed) return undefined;
  if (parsed.value === null) return mayBeEmpty ? null : undefined;
  return isIsoDay(parsed.value) ? parsed.value : undefined;
}

function knownStatus(cell: Cell): Status | undefined {
  return statusFromText(cellText(cell)) ?? undefined;
}

// The schema path: every other row, and every row with `fastPath: false`.

type RowOutcome = { row: LedgerRow } | { problems: ImportProblem[] };

/**
 * A row through the schema: every cell through its parser, then the whole row through LedgerRow.safeParse, so that
 * one pass reports every problem of the row, each worded once. Null for a row with no text in any cell.
 */
function rowThroughSchema(cells: readonly Cell[], rowNumber: number, layout: Layout, notices: NoticeCatalog | undefined): RowOutcome | null {
  if (cells.every((c) => cellText(c) === "")) return null;
  const rowProblems: ImportProblem[] = [];
  const input: Record<string, unknown> = { ...ABSENT_COLUMN_VALUES };
  const facts: Partial<Record<FactName, number>> = {};
  for (const column of layout.columns) {
    const cell = cells[column.index];
    switch (column.reader) {
      case AMOUNT:
      case YUAN:
      case FACT: {
        const parsed = amountFromCell(cell, column.unit);
        if ("error" in parsed) rowProblems.push(cellProblem(rowNumber, column, parsed.error));
        else if (column.reader === FACT) {
          if (parsed.value !== null) facts[column.name as FactName] = parsed.value;
        } else input[column.name] = parsed.value;
        break;
      }
      case DAY:
      case OPTIONAL_DAY:
      case ABSENT_OR_DAY: {
        const parsed = dayFromCell(cell);
        if ("error" in parsed) rowProblems.push(cellProblem(rowNumber, column, parsed.error));
        else if (parsed.value !== null || column.reader !== ABSENT_OR_DAY) input[column.name] = parsed.value ?? (column.reader === DAY ? "" : null);
        break;
      }
      case STATUS: {
        const text = cellText(cell);
        const status = statusFromText(text);
        if (status === null) rowProblems.push(cellProblem(rowNumber, column, { zh: `状态“${text}”无法识别（应为 已申请、已核定、已拨付、未通过、已撤回）`, en: `status "${text}" is not one of applied, approved, paid, rejected, withdrawn` }));
        else input.status = status;
        break;
      }
      case OPTIONAL_TEXT: {
        const text = textOfCell(cell);
        if (text !== "") input[column.name] = text;
        break;
      }
      default:
        input[column.name] = textOfCell(cell);
    }
  }
  input.facts = facts;
  // The schema checks the rest of the row too, so that one pass reports every problem of the row.
  const parsed = LedgerRow.safeParse(input as LedgerRowInput);
  const notice = noticeCheck(parsed, input, rowNumber, layout, notices);
  if (parsed.success && rowProblems.length === 0 && notice === null) return { row: parsed.data };
  if (notice !== null) rowProblems.push(notice);
  if (!parsed.success) {
    const failed = new Set(rowProblems.map((p) => p.field));
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "");
      const fact = issue.path[0] === "facts" ? String(issue.path[1] ?? "") : "";
      const name = fact || field;
      if (failed.has(name)) continue;
      const column = layout.headerOf.get(name) ?? null;
      rowProblems.push({ row: rowNumber, column, field: name, reason: zodReason(name, issue, input[field]) });
    }
  }
  if (rowProblems.length > 1) rowProblems.sort((a, b) => columnPosition(layout, a.field) - columnPosition(layout, b.field));
  return { problems: rowProblems };
}

/**
 * The row's notice problem. In a row the schema refuses for other fields, the notice and provision are read as the
 * schema reads them (trimmed, the provision lower-cased, NFC), so that one pass reports every problem; when the
 * schema refuses either of the two, that is the problem to report.
 */
function noticeCheck(parsed: ReturnType<typeof LedgerRow.safeParse>, input: Record<string, unknown>, rowNumber: number, layout: Layout, notices: NoticeCatalog | undefined): ImportProblem | null {
  if (notices === undefined || typeof input.notice !== "string") return null;
  if (!parsed.success && parsed.error.issues.some((i) => i.path[0] === "notice" || i.path[0] === "provisionId")) return null;
  const [notice, provisionId] = parsed.success ? [parsed.data.notice ?? "", parsed.data.provisionId] : [input.notice.trim().normalize("NFC"), String(input.provisionId).trim().toLowerCase().normalize("NFC")];
  const reason = noticeOfRowProblem(notices, notice, provisionId);
  return reason === null ? null : { row: rowNumber, column: layout.headerOf.get("notice") ?? null, field: "notice", reason };
}

function columnPosition(layout: Layout, field: string | undefined): number {
  return layout.columns.find((c) => c.name === field)?.index ?? Number.MAX_SAFE_INTEGER;
}

// A module function rather than a closure per cell: tsx (keepNames) pays a defineProperty for every named closure.
function cellProblem(row: number, column: Column, reason: Text): ImportProblem {
  return { row, column: column.header, field: column.name, reason };
}

function zodReason(field: string, issue: { message: string; code: string; params?: Record<string, unknown> }, value: unknown): Text {
  const message = issue.message;
  if (issue.code === "custom" && typeof issue.params?.zh === "string") return { zh: issue.params.zh, en: message };
  if (value === "" || value === undefined) {
    const label = (FIELD_NAMES as readonly string[]).includes(field) ? COLUMN_HEADER[field as ColumnName] : { zh: field, en: field };
    return { zh: `${label.zh}不能为空`, en: `${label.en} must not be empty` };
  }
  return { zh: `数据无效：${message}`, en: `invalid: ${message}` };
}
