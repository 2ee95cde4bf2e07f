// SUBSIDY, SUBSIDY.BEST and SUBSIDY.EXPLAIN over cell inputs: the engine's batch API does the arithmetic,
// this file only routes cells to it and its answers (and errors) back to cells.
import type { CapScope } from "../../shared/catalog/cap-scopes.ts";
import type { FactName } from "../../shared/catalog/schema.ts";
import { evaluateBatch, type BatchInput } from "../../shared/engine/batch.ts";
import type { Engine } from "../../shared/engine/engine.ts";
import { explainTrace } from "../../shared/engine/explain.ts";
import type { Facts } from "../../shared/engine/types.ts";
import { fenFromYuan } from "../../shared/money/fen.ts";
import { formatYuan, type Lang } from "../../shared/money/format.ts";
import { awardedOption, type Awarded } from "../../shared/engine/awarded.ts";
import { CellError, fromEngineError, notAvailable, valueError } from "./cell-error.ts";
import { factLabel } from "./labels.ts";
import type { Matrix } from "./cells.ts";
import type { CellInputs } from "./inputs.ts";

export interface CellResults {
  /** Yuan; Infinity where the text sets no ceiling; NaN where `errors` has the cell. */
  ceilings: Float64Array;
  floors: Float64Array;
  errors: Map<number, CellError>;
}

function subset(column: Float64Array | undefined, rows: number[]): Float64Array | undefined {
  if (!column) return undefined;
  const out = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = column[rows[k] ?? 0] ?? NaN;
  return out;
}

/**
 * The batch's `awarded` for one provision: the bare column, the columns by scope, or both (the bare one under the
 * provision's default scopes); an error when the bare column falls on a scope also given.
 */
function awardedColumns(engine: Engine, id: string, inputs: CellInputs, rows: number[] | null, lang: Lang): Awarded<Float64Array> | undefined | CellError {
  const pick = (column: Float64Array | undefined) => (rows ? subset(column, rows) : column);
  const byScope = Object.fromEntries(Object.entries(inputs.awardedByScope ?? {}).map(([scope, column]) => [scope, pick(column)]));
  const option = awardedOption(engine.lookup(id)?.compiled.bareScopes ?? null, pick(inputs.awarded), byScope);
  if (option !== undefined && !(option instanceof Float64Array) && "twice" in option) return twice(option.twice, lang);
  return option as Awarded<Float64Array> | undefined;
}

function twice(scope: CapScope, lang: Lang): CellError {
  const field = `awarded.${scope}`;
  return valueError(lang, `未注明口径的已获补助在本条款即 ${field}，与之重复`, `awarded without a scope is ${field} for this provision, which is also given`);
}

/** Cells grouped by the day whose rules apply; one group (all cells) when no date was given. */
function dayGroups(inputs: CellInputs): { date: string | undefined; rows: number[] | null }[] {
  if (!inputs.dates) return [{ date: inputs.date, rows: null }];
  const groups = new Map<string | undefined, number[]>();
  inputs.dates.forEach((day, i) => {
    if (inputs.errors.has(i)) return;
    const rows = groups.get(day) ?? [];
    rows.push(i);
    groups.set(day, rows);
  });
  return [...groups].map(([date, rows]) => ({ date, rows }));
}

/** The facts a provision's formula reads: the only ones the engine takes. */
export function declaredFacts(engine: Engine, id: string): ReadonlySet<FactName> {
  return engine.lookup(id)?.compiled.facts ?? new Set();
}

/**
 * A fact the provision does not take is not given where its cell is empty or 0 (a ledger table names every fact
 * column, and some hosts pass an empty cell as 0); any other value in it is that cell's error, never ignored.
 */
export function undeclaredFactError(engine: Engine, id: string, declared: ReadonlySet<FactName>, name: FactName, lang: Lang): CellError {
  const provisionId = engine.lookup(id)?.entry.provision.id ?? id;
  const known = [...declared].map((f) => factLabel(f, lang)).join(lang === "zh" ? "、" : ", ") || "—";
  const label = factLabel(name, lang);
  return valueError(lang, `条款 ${provisionId} 不使用申报要素 ${label}（可用：${known}）`, `${provisionId} takes no fact ${name} (it takes: ${known})`);
}

function markUndeclared(engine: Engine, id: string, inputs: CellInputs, declared: ReadonlySet<FactName>, errors: Map<number, CellError>, lang: Lang): void {
  for (const [name, column] of Object.entries(inputs.facts) as [FactName, Float64Array][]) {
    if (declared.has(name)) continue;
    let error: CellError | undefined;
    for (let i = 0; i < column.length; i++) {
      const v = column[i] ?? NaN;
      if (v === v && v !== 0 && !errors.has(i)) errors.set(i, (error ??= undeclaredFactError(engine, id, declared, name, lang)));
    }
  }
}

/** Whether the provision counts (models, units) rather than sums money. */
export function countsAmount(engine: Engine, id: string): boolean {
  return engine.lookup(id)?.entry.provision.amount?.unit === "count";
}

/**
 * Evaluates one provision over every cell. Returns one error for the whole call when it applies to all cells.
 * Given `factFilter` (alternatives under BEST), facts outside it are dropped whatever their value.
 */
export function evaluateCells(engine: Engine, id: string, inputs: CellInputs, lang: Lang, factFilter?: ReadonlySet<FactName>): CellResults | CellError {
  const { n } = inputs;
  // Under a notice, the same batch on the engine with its figures.
  if (inputs.notice !== undefined) {
    const under = engine.forNotice(inputs.notice, id);
    if ("error" in under) return fromEngineError(under.error, lang);
    engine = under.engine;
  }
  const ceilings = new Float64Array(n).fill(NaN);
  const floors = new Float64Array(n).fill(NaN);
  const errors = new Map(inputs.errors);
  const count = inputs.counts !== undefined && countsAmount(engine, id);
  if (count) for (const [i, error] of inputs.countErrors ?? []) errors.set(i, error);
  const amounts = count ? inputs.counts : inputs.amounts;
  const declared = declaredFacts(engine, id);
  if (!factFilter) markUndeclared(engine, id, inputs, declared, errors, lang);
  const groups = dayGroups(inputs);
  // A fact column left wholly empty is not given (a ledger table has every fact column, most of them blank).
  const facts = (Object.entries(inputs.facts) as [FactName, Float64Array][]).filter(
    ([name, column]) => declared.has(name) && (!factFilter || factFilter.has(name)) && column.some((v) => v === v),
  );
  for (const { date, rows } of groups) {
    const awarded = awardedColumns(engine, id, inputs, rows, lang);
    if (awarded instanceof CellError) return awarded;
    const batch: BatchInput = rows
      ? {
          amounts: subset(amounts, rows),
          facts: Object.fromEntries(facts.map(([name, column]) => [name, subset(column, rows)])),
          rows: rows.length,
        }
      : { amounts, facts: Object.fromEntries(facts), rows: n };
    if (awarded !== undefined) batch.awarded = awarded;
    if (date !== undefined) batch.date = date;
    const result = evaluateBatch(engine, id, batch);
    if (!result.ok) {
      const error = fromEngineError(result.error, lang);
      if (groups.length === 1) return error;
      for (const i of rows ?? []) errors.set(i, error);
      continue;
    }
    for (let k = 0; k < result.ceilings.length; k++) {
      const i = rows ? (rows[k] ?? 0) : k;
      if (errors.has(i)) continue;
      const rowError = result.errors.get(k);
      if (rowError) errors.set(i, fromEngineError(rowError, lang));
      else {
        ceilings[i] = result.ceilings[k] ?? NaN;
        floors[i] = result.floors[k] ?? NaN;
      }
    }
  }
  return { ceilings, floors, errors };
}

export function noCeiling(floor: number, lang: Lang): CellError {
  const fen = fenFromYuan(floor)?.fen ?? 0;
  return notAvailable(lang, `原文未规定上限（最低 ${formatYuan(fen, lang)}）`, `the text sets no ceiling (at least ${formatYuan(fen, lang)})`);
}

/** Results laid out in the shape of the inputs, an error in each cell that has one. */
export function toMatrix(results: CellResults, inputs: CellInputs, lang: Lang): Matrix {
  const { rows, cols } = inputs.shape;
  const out: Matrix = new Array(rows);
  let i = 0;
  for (let r = 0; r < rows; r++) {
    const row: unknown[] = new Array(cols);
    for (let c = 0; c < cols; c++, i++) {
      const v = results.ceilings[i] ?? NaN;
      row[c] = v === v ? (v === Infinity ? noCeiling(results.floors[i] ?? 0, lang) : v) : (results.errors.get(i) ?? new CellError("#VALUE!", ""));
    }
    out[r] = row;
  }
  return out;
}

export interface Alternatives {
  ids: string[];
  results: (CellResults | CellError)[];
}

/** Evaluates alternatives that cannot be combined (就高不重复); each takes only the facts it declares. */
export function evaluateAlternatives(engine: Engine, ids: string[], inputs: CellInputs, lang: Lang): Alternatives | CellError {
  for (const id of ids) {
    if (!engine.catalog.byId.has(id.toLowerCase())) return notAvailable(lang, `没有条款 ${id}`, `no provision ${id}`);
  }
  return { ids, results: ids.map((id) => evaluateCells(engine, id, inputs, lang, declaredFacts(engine, id))) };
}

/** Per cell, the index of the alternative with the highest ceiling, or -1 when none computes. */
export function winners(alternatives: Alternatives, n: number): Int32Array {
  const best = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    let top = -Infinity;
    alternatives.results.forEach((result, k) => {
      if (result instanceof CellError) return;
      const v = result.ceilings[i] ?? NaN;
      if (v === v && v > top) {
        top = v;
        best[i] = k;
      }
    });
  }
  return best;
}

/**
 * Why no alternative computes for cell i: the one reason when all share it (the cell's own input), else each
 * alternative's, so the officer sees which failed and why.
 */
function noneComputes(alternatives: Alternatives, i: number, lang: Lang): CellError {
  const reasons = alternatives.results.map((r) => (r instanceof CellError ? r : (r.errors.get(i) ?? new CellError("#N/A", ""))));
  const first = reasons[0] ?? new CellError("#N/A", "");
  if (reasons.every((r) => r.code === first.code && r.message === first.message)) return first;
  const code = reasons.every((r) => r.code === "#N/A") ? "#N/A" : "#VALUE!";
  const parts = alternatives.ids.map((id, k) => `${id}: ${reasons[k]?.code ?? ""} ${reasons[k]?.message ?? ""}`.trim());
  return new CellError(code, lang === "zh" ? `没有可计算的条款：${parts.join("；")}` : `no alternative computes: ${parts.join("; ")}`);
}

export function bestMatrix(alternatives: Alternatives, inputs: CellInputs, lang: Lang): Matrix {
  const won = winners(alternatives, inputs.n);
  const merged: CellResults = { ceilings: new Float64Array(inputs.n).fill(NaN), floors: new Float64Array(inputs.n).fill(NaN), errors: new Map() };
  for (let i = 0; i < inputs.n; i++) {
    const k = won[i] ?? -1;
    const result = alternatives.results[k];
    if (k >= 0 && result && !(result instanceof CellError)) {
      merged.ceilings[i] = result.ceilings[i] ?? NaN;
      merged.floors[i] = result.floors[i] ?? NaN;
    } else {
      merged.errors.set(i, noneComputes(alternatives, i, lang));
    }
  }
  return toMatrix(merged, inputs, lang);
}

/** The engine's single-evaluation inputs for one cell (the trace needs Engine.evaluate, not the batch). */
function cellArgs(engine: Engine, id: string, inputs: CellInputs, i: number, lang: Lang, factFilter: ReadonlySet<FactName>, count: boolean): { amount: number | undefined; facts: Facts; date: string | undefined; awarded: Awarded | undefined } | CellError {
  const amount = (count ? inputs.counts?.[i] : inputs.amounts[i]) ?? NaN;
  const facts: Facts = {};
  for (const [name, column] of Object.entries(inputs.facts) as [FactName, Float64Array][]) {
    const v = column[i] ?? NaN;
    if (v === v && factFilter.has(name)) facts[name] = v;
  }
  const given = (column: Float64Array | undefined) => {
    const v = column?.[i] ?? NaN;
    return v === v ? v : undefined;
  };
  const byScope = Object.fromEntries(Object.entries(inputs.awardedByScope ?? {}).flatMap(([scope, column]) => (given(column) === undefined ? [] : [[scope, given(column)]])));
  const option = awardedOption(engine.lookup(id)?.compiled.bareScopes ?? null, given(inputs.awarded), byScope);
  if (option !== undefined && typeof option === "object" && "twice" in option) return twice(option.twice, lang);
  return { amount: amount === amount ? amount : undefined, facts, date: inputs.dates ? inputs.dates[i] : inputs.date, awarded: option };
}

function explainOne(engine: Engine, id: string, inputs: CellInputs, i: number, lang: Lang, dropUndeclared = false): string | CellError {
  const declared = declaredFacts(engine, id);
  const count = inputs.counts !== undefined && countsAmount(engine, id);
  const countError = count ? inputs.countErrors?.get(i) : undefined;
  if (countError) return countError;
  if (!dropUndeclared) {
    for (const [name, column] of Object.entries(inputs.facts) as [FactName, Float64Array][]) {
      const v = column[i] ?? NaN;
      if (!declared.has(name) && v === v && v !== 0) return undeclaredFactError(engine, id, declared, name, lang);
    }
  }
  const args = cellArgs(engine, id, inputs, i, lang, declared, count);
  if (args instanceof CellError) return args;
  const { amount, facts, date, awarded } = args;
  const result = engine.evaluate(id, amount, facts, { ...(date ? { date } : {}), ...(awarded !== undefined ? { awarded } : {}), ...(inputs.notice !== undefined ? { notice: inputs.notice } : {}) });
  if (!result.ok) return fromEngineError(result.error, lang);
  const meaning = engine.catalog.byId.get(result.id)?.provision.amount?.meaning[lang];
  return explainTrace(result.trace, lang, meaning).join(lang === "zh" ? "；" : "; ");
}

/** The explanation per cell; for several provisions, which one stands under 就高不重复 and why. */
export function explainMatrix(engine: Engine, ids: string[], inputs: CellInputs, lang: Lang): Matrix | CellError {
  const single = ids.length === 1 ? ids[0] : undefined;
  let alternatives: Alternatives | undefined;
  let won: Int32Array | undefined;
  if (single === undefined) {
    const evaluated = evaluateAlternatives(engine, ids, inputs, lang);
    if (evaluated instanceof CellError) return evaluated;
    alternatives = evaluated;
    won = winners(evaluated, inputs.n);
  }
  const { rows, cols } = inputs.shape;
  const out: Matrix = [];
  let i = 0;
  for (let r = 0; r < rows; r++) {
    const row: unknown[] = [];
    for (let c = 0; c < cols; c++, i++) {
      const inputError = inputs.errors.get(i);
      if (inputError) row.push(inputError);
      else if (single !== undefined) row.push(explainOne(engine, single, inputs, i, lang));
      else row.push(explainBest(engine, alternatives as Alternatives, won?.[i] ?? -1, inputs, i, lang));
    }
    out.push(row);
  }
  return out;
}

function explainBest(engine: Engine, alternatives: Alternatives, k: number, inputs: CellInputs, i: number, lang: Lang): string | CellError {
  const parts = alternatives.ids.map((id, j) => {
    const result = alternatives.results[j];
    const error = result instanceof CellError ? result : result?.errors.get(i);
    if (error) return `${id}: ${error.code} ${error.message}`;
    const v = result && !(result instanceof CellError) ? (result.ceilings[i] ?? NaN) : NaN;
    const text = v === Infinity ? (lang === "zh" ? "未规定上限" : "no ceiling stated") : formatYuan(fenFromYuan(v)?.fen ?? 0, lang);
    return `${id} ${text}`;
  });
  const winner = alternatives.ids[k];
  if (winner === undefined) return notAvailable(lang, `没有可计算的条款：${parts.join("；")}`, `no provision computes: ${parts.join("; ")}`);
  const why = explainOne(engine, winner, inputs, i, lang, true);
  const detail = why instanceof CellError ? why.message : why;
  return lang === "zh"
    ? `就高不重复：${parts.join("；")}；取 ${winner}。${winner}：${detail}`
    : `the higher stands, never both: ${parts.join("; ")}; ${winner} taken. ${winner}: ${detail}`;
}
