// What Excel hands a custom function, read into what the engine takes. Excel passes a declared matrix
// parameter as a 2-D array, an omitted argument as null, and (with allowErrorForDataTypeAny) an error cell
// as an error object. Decisions, the same for every function:
// - empty (null, "") → not given: the engine then says whether the provision needs it (#VALUE! per cell);
// - numbers as they are; text through parseAmountText ("1,000,000", "50万", "¥1,234.56");
// - TRUE/FALSE → #VALUE! (a boolean is never an amount; Excel's own SUM skips them, which would hide a typo);
// - an error value → that same error, in that cell only.
import { dayFromExcelSerial, isIsoDay } from "../../shared/engine/dates.ts";
import { yuanFromFen } from "../../shared/money/fen.ts";
import type { Lang } from "../../shared/money/format.ts";
import { parseAmountText } from "../../shared/money/parse.ts";
import { CellError, isErrorValue, valueError } from "./cell-error.ts";

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
    if (matrix.some((row) => row.length !== s.cols)) return valueError(lang, `${name} 不是矩形区域`, `${name} is not a rectangular range`);
    if (from && (s.rows !== shape.rows || s.cols !== shape.cols)) {
      return valueError(lang, `${name}（${s.rows}×${s.cols}）与 ${from}（${shape.rows}×${shape.cols}）大小不同`, `${name} (${s.rows}×${s.cols}) and ${from} (${shape.rows}×${shape.cols}) differ in size`);
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

/** One amount cell: yuan (or a count), NaN when empty, or the error this cell shows. */
export function readAmount(field: string, value: unknown, lang: Lang): number | CellError {
  if (typeof value === "number") return value;
  if (isEmpty(value)) return NaN;
  if (typeof value === "string") {
    const fen = parseAmountText(value);
    if (fen !== null) return yuanFromFen(fen);
    return valueError(lang, `${field} 不是有效金额：“${value}”`, `${field} is not an amount: "${value}"`);
  }
  if (isErrorValue(value)) return new CellError(value.code, value.message ?? "");
  return valueError(lang, `${field} 应为数字，不能是 ${display(value)}`, `${field} must be a number, not ${display(value)}`);
}

/** One date cell: an Excel date serial or YYYY-MM-DD text; undefined when empty (today applies). */
export function readDate(value: unknown, lang: Lang): string | undefined | CellError {
  if (isEmpty(value)) return undefined;
  if (typeof value === "number") {
    const day = dayFromExcelSerial(value);
    if (day) return day;
  } else if (typeof value === "string" && isIsoDay(value.trim())) {
    return value.trim();
  } else if (isErrorValue(value)) {
    return new CellError(value.code, value.message ?? "");
  }
  return valueError(lang, `日期应为 Excel 日期或 YYYY-MM-DD 文本：${display(value)}`, `the date must be an Excel date or YYYY-MM-DD text: ${display(value)}`);
}

/** A text argument (a provision ID, a fact name); null when empty. */
export function readText(value: unknown): string | null | CellError {
  if (isErrorValue(value)) return new CellError(value.code, value.message ?? "");
  if (isEmpty(value)) return null;
  return String(value).trim();
}
