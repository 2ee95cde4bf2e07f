// What Excel hands a custom function, read into what the engine takes. Excel passes a declared matrix
// parameter as a 2-D array, an omitted argument as null, and (with allowErrorForDataTypeAny) an error cell
// as an error object. Decisions, the same for every function:
// - empty (null, "") → not given: the engine then says whether the provision needs it (#VALUE! per cell);
// - numbers as they are; text through parseAmountText ("1,000,000", "50万", "¥1,234.56");
// - TRUE/FALSE → #VALUE! (a boolean is never an amount; Excel's own SUM skips them, which would hide a typo);
// - an error value → that same error, in that cell only (#VALUE! with the reason where Excel lets no function
//   return the code: #REF!, #NAME?);
// - Excel data types → their basic value (a formatted number is its number); an entity is refused, by name;
// - 0 where no number belongs (a provision ID, a date) → not given: some hosts pass 0 for an empty cell.
import { dayFromExcelSerial, isIsoDay } from "../../shared/engine/dates.ts";
import { yuanFromFen } from "../../shared/money/fen.ts";
import type { Lang } from "../../shared/money/format.ts";
import { parseAmountText } from "../../shared/money/parse.ts";
import { CellError, errorCodeOf, fromInputError, valueError } from "./cell-error.ts";
import { fieldLabel } from "./labels.ts";

export type Matrix = unknown[][];

export interface Shape {
  rows: number;
  cols: number;
}

/** An argument as a matrix: null/undefined (omitted) → [[null]], a scalar → [[v]]. */
export function asMatrix(value: unknown): Matrix {
  if (Array.isArray(value)) {
    if (value.length === 0) return [[null]];
    return Array.isArray(value[0]) ? (value as Matrix) : [value];
  }
  return [[value ?? null]];
}

export function shapeOf(m: Matrix): Shape {
  return { rows: m.length, cols: m[0]?.length ?? 0 };
}

export function isSingle(m: Matrix): boolean {
  return m.length === 1 && (m[0]?.length ?? 0) === 1;
}

/**
 * The shape of the result: the one shape every non-single argument shares. Single cells are repeated
 * across it, as Excel's own array arithmetic does; differing shapes are an error, never a guess.
 */
export function commonShape(args: { name: string; matrix: Matrix }[], lang: Lang): Shape | CellError {
  let shape: Shape = { rows: 1, cols: 1 };
  let from = "";
  for (const { name, matrix } of args) {
    if (isSingle(matrix)) continue;
    const s = shapeOf(matrix);
    if (matrix.some((row) => row.length !== s.cols)) return valueError(lang, `${fieldLabel(name, lang)} 不是矩形区域`, `${fieldLabel(name, lang)} is not a rectangular range`);
    if (from && (s.rows !== shape.rows || s.cols !== shape.cols)) {
      return valueError(lang, `${fieldLabel(name, lang)}（${s.rows}×${s.cols}）与 ${fieldLabel(from, lang)}（${shape.rows}×${shape.cols}）大小不同`, `${fieldLabel(name, lang)} (${s.rows}×${s.cols}) and ${fieldLabel(from, lang)} (${shape.rows}×${shape.cols}) differ in size`);
    }
    shape = s;
    from = name;
  }
  return shape;
}

/** The cell at (r, c), repeating a single cell across the shape. */
export function cellAt(m: Matrix, r: number, c: number): unknown {
  return m.length === 1 && m[0]?.length === 1 ? m[0][0] : m[r]?.[c];
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === "string" && value.trim() === "");
}

function display(value: unknown): string {
  return typeof value === "boolean" ? (value ? "TRUE" : "FALSE") : String(value);
}

/** An Excel data type that has no basic value to read (an entity, an image): refused, naming what it is. */
class DataTypeValue {
  constructor(
    readonly type: string,
    readonly text: string | undefined,
  ) {}
}

/**
 * A cell's value with Excel data types read through their basic value (a formatted number is its number;
 * {type: "Double"|"String"|"Boolean", basicValue} its primitive); error values and values of no basic value
 * pass as they are. Plain values (the usual case) return at the first test.
 */
export function basicValue(value: unknown): unknown {
  if (typeof value !== "object" || value === null || errorCodeOf(value) !== null) return value;
  const v = value as { type?: unknown; basicType?: unknown; basicValue?: unknown; primitive?: unknown; text?: unknown };
  const inner = v.basicValue !== undefined ? v.basicValue : v.primitive;
  if (v.basicType !== "Error" && (typeof inner === "number" || typeof inner === "string" || typeof inner === "boolean")) return inner;
  return new DataTypeValue(typeof v.type === "string" ? v.type : "object", typeof v.text === "string" ? v.text : undefined);
}

function refuseDataType(field: string, value: DataTypeValue, lang: Lang): CellError {
  const label = fieldLabel(field, lang);
  const what = value.text === undefined ? value.type : `${value.type} “${value.text}”`;
  return valueError(
    lang,
    `${label} 是 Excel 数据类型（${what}），没有可读的数值；请引用其中的字段，如 =A2.金额`,
    `${label} is an Excel data type (${what}) with no basic value to read; refer to one of its fields instead, e.g. =A2.Amount`,
  );
}

/** Anything else that is not an amount (a boolean, an array…), or a data type with no basic value. */
function notANumber(field: string, value: unknown, lang: Lang): CellError {
  if (value instanceof DataTypeValue) return refuseDataType(field, value, lang);
  const label = fieldLabel(field, lang);
  return valueError(lang, `${label} 应为数字，不能是 ${display(value)}`, `${label} must be a number, not ${display(value)}`);
}

/** One amount cell: yuan, NaN when empty, or the error this cell shows. */
export function readAmount(field: string, value: unknown, lang: Lang): number | CellError {
  if (typeof value === "number") return value;
  if (isEmpty(value)) return NaN;
  if (typeof value === "string") {
    const fen = parseAmountText(value);
    if (fen !== null) return yuanFromFen(fen);
    const label = fieldLabel(field, lang);
    return valueError(lang, `${label} 不是有效金额：“${value}”（可写 1000000、"1,000,000" 或 "50万"）`, `${field} is not an amount: "${value}" (write 1000000, "1,000,000" or "50万")`);
  }
  const code = errorCodeOf(value);
  if (code !== null) return fromInputError(code, field, lang);
  const basic = basicValue(value);
  return basic === value || basic instanceof DataTypeValue ? notANumber(field, basic, lang) : readAmount(field, basic, lang);
}

const WHOLE = /^\s*[0-9][0-9,，]*\s*$/u;

/**
 * One count cell (a count amount: models, units): a number as it is (the engine refuses a fraction), text only
 * as a whole number ("1,200"); "2.004" and "3万" are refused rather than read as money or rounded.
 */
export function readCount(field: string, value: unknown, lang: Lang): number | CellError {
  if (typeof value === "number") return value;
  if (isEmpty(value)) return NaN;
  if (typeof value === "string") {
    const text = value.normalize("NFKC");
    if (WHOLE.test(text)) return Number(text.replace(/[,，\s]/g, ""));
    const label = fieldLabel(field, lang);
    return valueError(lang, `${label} 是数量，应为整数：“${value}”`, `${field} is a count and must be a whole number: "${value}"`);
  }
  const code = errorCodeOf(value);
  if (code !== null) return fromInputError(code, field, lang);
  const basic = basicValue(value);
  return basic === value || basic instanceof DataTypeValue ? notANumber(field, basic, lang) : readCount(field, basic, lang);
}

/**
 * One date cell: an Excel date serial or YYYY-MM-DD text; undefined when empty (today applies). 0 is an empty
 * cell as some hosts pass it (Excel's day 0 is no date), so it also means today.
 */
export function readDate(value: unknown, lang: Lang): string | undefined | CellError {
  if (isEmpty(value) || value === 0) return undefined;
  if (typeof value === "number") {
    const day = dayFromExcelSerial(value);
    if (day) return day;
  } else if (typeof value === "string" && isIsoDay(value.trim())) {
    return value.trim();
  } else {
    const code = errorCodeOf(value);
    if (code !== null) return fromInputError(code, "date", lang);
    const basic = basicValue(value);
    if (basic !== value && !(basic instanceof DataTypeValue)) return readDate(basic, lang);
    if (basic instanceof DataTypeValue) return refuseDataType("date", basic, lang);
  }
  return valueError(lang, `日期应为 Excel 日期或 YYYY-MM-DD 文本，不能是 ${display(value)}`, `the date must be an Excel date or YYYY-MM-DD text, not ${display(value)}`);
}

/**
 * A text argument (a provision ID, a fact name); null when empty, and for 0, which is how some hosts pass an
 * empty cell (no ID or name is 0).
 */
export function readText(value: unknown, field = "provision", lang: Lang = "en"): string | null | CellError {
  if (typeof value === "string") return value.trim() === "" ? null : value.trim();
  if (value === null || value === undefined || value === 0) return null;
  const code = errorCodeOf(value);
  if (code !== null) return fromInputError(code, field, lang);
  const basic = basicValue(value);
  if (basic instanceof DataTypeValue) return basic.text ?? refuseDataType(field, basic, lang);
  return basic === value ? String(value).trim() : readText(basic, field, lang);
}
