// The arguments shared by SUBSIDY, SUBSIDY.EXPLAIN and SUBSIDY.BEST, read into columns for the engine:
// an amount (one cell or a range) and repeating name/value pairs, as in LET. A pair's name is a fact of the
// provision (centralFunds …), or "date" (日期: an Excel date or YYYY-MM-DD, the day whose rules apply) or
// "awarded" (已获补助: yuan already received within the enterprise-level cap's period) or "awarded.<scope>"
// (已获补助.单个项目: within one cap scope, shared/engine/awarded.ts), or "notice" (申报通知: the ID of an application
// notice whose rates and caps apply, one cell). Values may be ranges of the amount's shape.
import { CAP_SCOPES, spansApplications, type CapScope } from "../../shared/catalog/cap-scopes.ts";
import { FACT_NAMES, type FactName } from "../../shared/catalog/schema.ts";
import { awardedNamed, type AwardedByScope } from "../../shared/engine/awarded.ts";
import { columnForHeader } from "../../shared/ledger/columns.ts";
import type { Lang } from "../../shared/money/format.ts";
import { CellError, valueError } from "./cell-error.ts";
import { asMatrix, cellAt, commonShape, isSingle, readAmount, readCount, readDate, readText, type Matrix, type Shape } from "./cells.ts";
import { fieldLabel } from "./labels.ts";

export interface CellInputs {
  shape: Shape;
  /** Cells in row-major order. */
  n: number;
  /** Yuan; NaN where empty. */
  amounts: Float64Array;
  /** The amount read as a count (whole numbers only, no 万), when asked for: count provisions take these. */
  counts?: Float64Array;
  facts: Partial<Record<FactName, Float64Array>>;
  awarded: Float64Array | undefined;
  /** "awarded.<scope>" pairs (已获补助.单个项目): yuan already received within one cap scope. */
  awardedByScope?: AwardedByScope<Float64Array>;
  /** The one day for every cell (undefined: today in Chongqing), when the date is a single cell or not given. */
  date: string | undefined;
  /** Per cell, when the date is a range; null otherwise. */
  dates: (string | undefined)[] | null;
  /** The application notice whose figures apply (rules/notices/), one for every cell. */
  notice: string | undefined;
  /** Cells whose own input is bad: they show this error and the others still compute. */
  errors: Map<number, CellError>;
  /** The same for the amount read as a count, when `counts` is read. */
  countErrors?: Map<number, CellError>;
}

type PairName = FactName | "date" | "awarded" | "notice";

const PAIR_NAMES: Record<string, PairName> = {
  notice: "notice",
  申报通知: "notice",
  date: "date",
  日期: "date",
  awarded: "awarded",
  已获补助: "awarded",
  ...Object.fromEntries(FACT_NAMES.map((name) => [name.toLowerCase(), name])),
};

const FACT_SET: ReadonlySet<string> = new Set(FACT_NAMES);

/** A pair's name: an identifier in any case, or the fact's Chinese name as the ledger table's headers write it. */
export function pairName(text: string): PairName | undefined {
  const known = PAIR_NAMES[text.toLowerCase()] ?? PAIR_NAMES[text];
  if (known) return known;
  const column = columnForHeader(text);
  return column !== null && FACT_SET.has(column) ? (column as FactName) : undefined;
}

/** A cell that holds nothing: empty, or 0 as some hosts pass an empty cell. */
function blank(m: Matrix): boolean {
  const v = isSingle(m) ? m[0]?.[0] : undefined;
  return isSingle(m) && (v === null || v === undefined || v === 0 || (typeof v === "string" && v.trim() === ""));
}

/** Excel passes a repeating parameter as an array of its values; omitted, it may be null or empty. */
function pairValues(pairs: unknown): Matrix[] {
  if (!Array.isArray(pairs)) return [];
  const values = pairs.map(asMatrix);
  // Excel sends one empty slot when no pair was typed.
  return values.length === 1 && isSingle(values[0] ?? [[null]]) && (values[0]?.[0]?.[0] ?? null) === null ? [] : values;
}

function readColumn(field: string, matrix: Matrix, shape: Shape, errors: Map<number, CellError>, lang: Lang, read = readAmount): Float64Array {
  const out = new Float64Array(shape.rows * shape.cols);
  const single = isSingle(matrix);
  const first = single ? read(field, matrix[0]?.[0], lang) : 0;
  let i = 0;
  for (let r = 0; r < shape.rows; r++) {
    const row = single ? undefined : matrix[r];
    for (let c = 0; c < shape.cols; c++, i++) {
      const v = single ? first : typeof row?.[c] === "number" ? (row[c] as number) : read(field, row?.[c], lang);
      if (typeof v === "number") out[i] = v;
      else {
        out[i] = NaN;
        if (!errors.has(i)) errors.set(i, v);
      }
    }
  }
  return out;
}

export interface ReadOptions {
  /** Also read the amount as a count (a provision given counts models or units). */
  counts?: boolean;
}

export function readInputs(amount: unknown, pairs: unknown, lang: Lang, options: ReadOptions = {}): CellInputs | CellError {
  const amountMatrix = asMatrix(amount);
  const values = pairValues(pairs);
  if (values.length % 2 !== 0) {
    return valueError(lang, "申报要素须成对填写：名称, 值, 名称, 值…", "facts come in pairs: name, value, name, value…");
  }
  const named: { name: PairName | `awarded.${CapScope}`; matrix: Matrix }[] = [];
  for (let k = 0; k < values.length; k += 2) {
    const nameCell = values[k] ?? [[null]];
    const valueCell = values[k + 1] ?? [[null]];
    // A pair left wholly empty (its cells blank, or 0) is no pair.
    if (blank(nameCell) && blank(valueCell)) continue;
    const text = isSingle(nameCell) ? readText(nameCell[0]?.[0], "facts", lang) : null;
    if (text instanceof CellError) return text;
    const scoped = text === null ? null : awardedNamed(text);
    if (scoped === "unknownScope") {
      const scopes = CAP_SCOPES.filter(spansApplications).map((s) => fieldLabel(`awarded.${s}`, lang)).join(lang === "zh" ? "、" : ", ");
      return valueError(lang, `第 ${k / 2 + 1} 对的已获补助口径无效：${text}；可用：${scopes}`, `pair ${k / 2 + 1} names no cap scope: ${text}; scopes: ${scopes}`);
    }
    const name = text === null ? undefined : scoped?.scope ? (`awarded.${scoped.scope}` as const) : pairName(text);
    if (!name) {
      const known = [...FACT_NAMES, "date", "awarded", "notice"].map((n) => fieldLabel(n, lang)).join(lang === "zh" ? "、" : ", ");
      return valueError(lang, `第 ${k / 2 + 1} 对的名称无效：${text ?? "（空）"}；可用：${known}`, `pair ${k / 2 + 1} has no valid name: ${text ?? "(empty)"}; names: ${known}`);
    }
    if (named.some((p) => p.name === name)) return valueError(lang, `${fieldLabel(name, lang)} 重复给出`, `${name} is given twice`);
    named.push({ name, matrix: valueCell });
  }
  // The notice is one ID for the whole call, not a column.
  let notice: string | undefined;
  const noticeAt = named.findIndex((p) => p.name === "notice");
  if (noticeAt >= 0) {
    const cell = (named[noticeAt] as { matrix: Matrix }).matrix;
    const text = isSingle(cell) ? readText(cell[0]?.[0]) : valueError(lang, "申报通知须为一个单元格（通知编号）", "notice must be one cell (the notice's ID)");
    if (text instanceof CellError) return text;
    if (text === null) return valueError(lang, "申报通知编号为空", "the notice ID is empty");
    notice = text;
    named.splice(noticeAt, 1);
  }

  const shape = commonShape([{ name: "amount", matrix: amountMatrix }, ...named.map((p) => ({ name: p.name, matrix: p.matrix }))], lang);
  if (shape instanceof CellError) return shape;
  const n = shape.rows * shape.cols;
  const errors = new Map<number, CellError>();
  const inputs: CellInputs = { shape, n, amounts: readColumn("amount", amountMatrix, shape, errors, lang), facts: {}, awarded: undefined, date: undefined, dates: null, notice, errors };
  // Count errors stay apart: a money provision in the same call must not show them.
  if (options.counts) inputs.counts = readColumn("amount", amountMatrix, shape, (inputs.countErrors = new Map()), lang, readCount);
  for (const { name, matrix } of named) {
    if (name === "awarded") inputs.awarded = readColumn("awarded", matrix, shape, errors, lang);
    else if (name.startsWith("awarded.")) (inputs.awardedByScope ??= {})[name.slice(8) as CapScope] = readColumn(name, matrix, shape, errors, lang);
    else if (name === "date" && isSingle(matrix)) {
      const day = readDate(matrix[0]?.[0], lang);
      if (day instanceof CellError) return day;
      inputs.date = day;
    } else if (name === "date") {
      const dates: (string | undefined)[] = new Array(n);
      let i = 0;
      for (let r = 0; r < shape.rows; r++) {
        for (let c = 0; c < shape.cols; c++, i++) {
          const day = readDate(cellAt(matrix, r, c), lang);
          if (day instanceof CellError) {
            if (!errors.has(i)) errors.set(i, day);
          } else dates[i] = day;
        }
      }
      inputs.dates = dates;
    } else if (name !== "notice") inputs.facts[name as FactName] = readColumn(name, matrix, shape, errors, lang);
  }
  return inputs;
}
