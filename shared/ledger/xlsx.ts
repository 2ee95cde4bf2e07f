// .xlsx in and out through exceljs. Import reads the first worksheet (or one named 台账 / Ledger) into the shared
// table reader (import.ts), keeping the sheet's own row numbers for problem reports. Node only (streams).
import { Readable, type Writable } from "node:stream";
import type ExcelJS from "exceljs";
import type { OutCell, Table } from "./export-table.ts";
import { rowsFromTable, type Cell, type ImportOptions, type ImportResult } from "./import.ts";

/** exceljs (and the zip and stream packages under it), loaded at the first .xlsx: the service and CLI start without it. */
const excel = async (): Promise<typeof ExcelJS> => (await import("exceljs")).default;

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

async function readSheet(name: string, sheetRows: AsyncIterable<ExcelJS.Row> | Iterable<ExcelJS.Row>, position: number): Promise<SheetRows> {
  const rows: SheetRows = { name, position, table: [], numbers: [], cellErrors: [] };
  for await (const row of sheetRows) {
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

/** UTF-8 text of a part's chunks, one decoder for the part: a character split between two chunks is kept whole. */
async function* utf8Text(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8");
  for await (const chunk of chunks) {
    const text = typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

type Method = (this: unknown, ...args: unknown[]) => unknown;

/**
 * exceljs 4's streaming reader decodes each chunk of a part's XML on its own (utils/parse-sax.js), so a character
 * of several UTF-8 bytes split between two chunks came out as two U+FFFD: a streamed 4,500-row export (inline
 * Chinese strings) re-imported with characters lost, and so would any large sheet or shared-string table. The
 * reader's parts are handed to it as text here, decoded whole (parse-sax passes text through as it is): the parts
 * it reads from zip entries are set to decode UTF-8, and the sheets (read from an entry or, when the sheet precedes
 * the workbook's parts, from a temporary file) through utf8Text. These are the reader's own methods, on this
 * reader only; the round-trip test of a large Chinese sheet fails if a new exceljs changes them.
 */
function decodeWholeCharacters(reader: ExcelJS.stream.xlsx.WorkbookReader): void {
  const methods = reader as unknown as Record<string, Method>;
  const wrap = (name: string, arg: (first: unknown) => unknown) => {
    const original = methods[name];
    if (typeof original !== "function") throw new Error(`exceljs's WorkbookReader has no ${name}: see decodeWholeCharacters`);
    methods[name] = function (this: unknown, first: unknown, ...rest: unknown[]) {
      return original.call(this, arg(first), ...rest);
    };
  };
  for (const name of ["_parseRels", "_parseWorkbook", "_parseSharedStrings", "_parseStyles"]) {
    wrap(name, (entry) => (entry as Readable).setEncoding("utf8"));
  }
  for (const name of ["_parseWorksheet", "_parseHyperlinks"]) wrap(name, (chunks) => utf8Text(chunks as AsyncIterable<Uint8Array | string>));
}

/**
 * exceljs 4.4's streaming reader sometimes reaches a sheet before the workbook's own part, and fails on its missing
 * model ("Cannot read properties of undefined (reading 'sheets')", exceljs issue #3064: a race, seen here about once
 * in 700 round trips). The file is then read again by a new reader: the race is one of timing, not of the file. (A
 * full load has no such race, but reads some text differently, `_x0041_` escapes among them.)
 */
const READ_ATTEMPTS = 5;

function isReaderRace(e: unknown): boolean {
  return e instanceof TypeError && /reading 'sheets'/.test(e.message);
}

/**
 * Reads the ledger sheet of a workbook through exceljs's streaming reader, which builds no workbook model (a third
 * faster than a full load). Styles are read, for their number formats only: they tell a date cell (a Date to the
 * table reader) from a number, so that a date typed into an amount column is refused, not read as 46,000 yuan.
 */
export async function readLedgerXlsx(data: ArrayBuffer | Uint8Array, options: ImportOptions = {}): Promise<ImportResult> {
  const bytes = data instanceof Uint8Array ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data);
  const { stream } = await excel();
  let chosen: SheetRows | null = null;
  for (let attempt = 1; ; attempt++) {
    const reader = new stream.xlsx.WorkbookReader(Readable.from([bytes]), { worksheets: "emit", sharedStrings: "cache", styles: "cache", hyperlinks: "ignore", entries: "ignore" });
    decodeWholeCharacters(reader);
    chosen = null;
    try {
      for await (const sheet of reader) {
        // The workbook's tab order, once its workbook.xml has been read (it precedes the sheets in files Excel,
        // LibreOffice and exceljs write); otherwise the order of the sheets in the file.
        const tabs = (reader as unknown as { model?: { sheets?: { id: number }[] } }).model?.sheets ?? [];
        const at = tabs.findIndex((t) => t.id === (sheet as unknown as { id: number }).id);
        const rows = await readSheet((sheet as unknown as { name: string }).name, sheet, at < 0 ? Number.MAX_SAFE_INTEGER : at);
        if (preferred(rows, chosen)) chosen = rows;
      }
      break;
    } catch (e) {
      if (isReaderRace(e) && attempt < READ_ATTEMPTS) continue;
      return unreadable(e);
    }
  }
  return importOf(chosen, options);
}

function unreadable(e: unknown): ImportResult {
  return { ok: false, rowsRead: 0, ignoredColumns: [], problems: [{ row: 0, column: null, reason: { zh: `无法读取 .xlsx 文件：${(e as Error).message}`, en: `not a readable .xlsx file: ${(e as Error).message}` } }] };
}

function importOf(chosen: SheetRows | null, options: ImportOptions): ImportResult {
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

/** What a sheet's columns are, known before its first row: the streamed writer lays the sheet out from it. */
export type SheetLayout = Pick<Table, "header" | "money" | "ratio">;

const MONEY_FORMAT = "#,##0.00";
const RATIO_FORMAT = "0.0%";

/** The frozen rows above the data: the banner, if any, and the header. */
function sheetOptions(banner: string | undefined): Partial<ExcelJS.AddWorksheetOptions> {
  return { views: [{ state: "frozen", ySplit: banner ? 2 : 1 }] };
}

/**
 * Lays a sheet out, the same for the in-memory and the streamed writer: column formats and widths (set first, so
 * that every cell added later takes its column's number format), then the banner and the header row. Returns those
 * rows, for the streamed writer to commit.
 */
function layOut(ws: ExcelJS.Worksheet, layout: SheetLayout, banner: string | undefined): ExcelJS.Row[] {
  for (const i of layout.money) ws.getColumn(i + 1).numFmt = MONEY_FORMAT;
  for (const i of layout.ratio ?? []) ws.getColumn(i + 1).numFmt = RATIO_FORMAT;
  layout.header.forEach((h, i) => (ws.getColumn(i + 1).width = Math.min(40, Math.max(10, h.length * 2 + 2))));
  const top: ExcelJS.Row[] = [];
  if (banner) {
    const row = ws.addRow([banner]);
    row.font = { bold: true, color: { argb: "FFC00000" } };
    top.push(row);
  }
  const head = ws.addRow(layout.header);
  head.font = { bold: true };
  top.push(head);
  return top;
}

/** A table row as worksheet values: an empty cell (null) is left out rather than written as an empty cell. */
function cellsOf(row: readonly OutCell[]): (string | number | undefined)[] {
  // map, not a sparse array: the first value is always an own element, so exceljs starts the row at column A.
  return row.map((c) => (c === null ? undefined : c));
}

export async function tablesToXlsx(sheets: readonly Sheet[]): Promise<Uint8Array> {
  const workbook = new (await excel()).Workbook();
  workbook.creator = CREATOR;
  for (const { name, table, banner, totalRow } of sheets) {
    const ws = workbook.addWorksheet(name, sheetOptions(banner));
    layOut(ws, table, banner);
    for (const row of table.rows) ws.addRow(cellsOf(row));
    if (totalRow) ws.addRow(cellsOf(totalRow)).font = { bold: true };
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

const CREATOR = "cq-subsidy";

/**
 * Resolves on the next 'drain' of `full`, or when `out` closes or fails (then nothing will drain it); the listeners
 * go with it, so that waiting page after page leaves none behind.
 */
function drainedOrClosed(full: NodeJS.EventEmitter, out: NodeJS.EventEmitter): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      full.off("drain", done);
      out.off("close", done).off("error", done);
      resolve();
    };
    full.on("drain", done);
    out.on("close", done).on("error", done);
  });
}

/**
 * One sheet written through exceljs's streaming writer into `out` (an HTTP answer, a file), page by page: each
 * page's rows are committed — turned into XML and handed to the zip's compressor — and leave memory once
 * compressed, so a 100,000-row sheet costs the memory of a page. Inline strings (no shared-string table held to
 * the end) and the few styles the layout needs (bold header, money and ratio formats).
 *
 * Backpressure: exceljs writes a sheet's XML into the compressor without waiting for it, so `write` waits until
 * the compressor has taken what it was given (and the compressor waits for `out`, through the zip's pipe): a slow
 * reader slows the writing instead of filling memory. Once `out` is closed (the reader left), `write` returns at
 * once and `closed` tells the caller to stop reading.
 */
export class XlsxSheetWriter {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly sheet: ExcelJS.Worksheet;
  /**
   * Each column's cell style, one object per column: exceljs remembers a style's id by its object, while the style
   * it makes for each new cell (from its column's) is a fresh object, whose id it would look up from the whole
   * style, cell by cell — a quarter of the writing time.
   */
  private readonly styles: Partial<ExcelJS.Style>[];

  /** A writer of one sheet into `out` (exceljs is loaded on first use: a service that never exports never loads it). */
  static async open(out: Writable, name: string, layout: SheetLayout, banner?: string): Promise<XlsxSheetWriter> {
    return new XlsxSheetWriter(await excel(), out, name, layout, banner);
  }

  private constructor(
    exceljs: typeof ExcelJS,
    private readonly out: Writable,
    name: string,
    layout: SheetLayout,
    banner?: string,
  ) {
    this.workbook = new exceljs.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
    this.workbook.creator = CREATOR;
    this.sheet = this.workbook.addWorksheet(name, sheetOptions(banner));
    for (const row of layOut(this.sheet, layout, banner)) row.commit();
    const money: Partial<ExcelJS.Style> = { numFmt: MONEY_FORMAT };
    const ratio: Partial<ExcelJS.Style> = { numFmt: RATIO_FORMAT };
    const plain: Partial<ExcelJS.Style> = {};
    this.styles = layout.header.map((_, i) => (layout.money.includes(i) ? money : layout.ratio?.includes(i) ? ratio : plain));
  }

  /** Whether the reader has gone: nothing more will be written. */
  get closed(): boolean {
    return this.out.destroyed;
  }

  /** Commits a page of rows, then waits until the compressor (and so the reader) has taken them: one page at a time. */
  async write(rows: readonly OutCell[][]): Promise<void> {
    if (this.closed) return;
    for (const values of rows) {
      const row = this.sheet.addRow(cellsOf(values));
      for (let i = 0; i < values.length; i++) {
        const cell = row.findCell(i + 1);
        if (cell) cell.style = this.styles[i] ?? {};
      }
      row.commit();
    }
    for (;;) {
      const compressor = this.compressor();
      const full = compressor && needsDrain(compressor) ? compressor : this.out.writableNeedDrain ? this.out : null;
      if (full === null || this.closed) return;
      await drainedOrClosed(full, this.out);
    }
  }

  /** Closes the sheet and the workbook: resolves once the last byte is written to `out`. */
  async end(): Promise<void> {
    if (this.closed) return;
    this.sheet.commit();
    await this.workbook.commit();
  }

  /**
   * Where exceljs pipes the sheet's XML: the zip's entry stream before the compressor, once the zip has started the
   * sheet's entry (before that, the sheet buffers its first rows itself). exceljs 4 keeps it in the sheet's
   * stream's `pipes`; it is a stream of the readable-stream package, which has no `writableNeedDrain` (needsDrain).
   */
  private compressor(): Writable | undefined {
    return (this.sheet as unknown as { stream?: { pipes?: Writable[] } }).stream?.pipes?.[0];
  }
}

/** Whether a writable holds more than it wants: Node's own streams say so; readable-stream 2's keep it in their state. */
function needsDrain(stream: Writable): boolean {
  return stream.writableNeedDrain ?? (stream as unknown as { _writableState?: { needDrain?: boolean } })._writableState?.needDrain ?? false;
}
