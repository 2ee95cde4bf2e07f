// Columnar evaluation of many applications under one provision: the path Excel ranges and ledgers take.
// Inputs are typed arrays with NaN for "not given"; outputs are typed arrays plus a sparse list of row errors.
// Per row it runs the same compiled closures as Engine.evaluate, without a trace.
import { CAP_SCOPES, spansApplications, type CapScope } from "../catalog/cap-scopes.ts";
import type { FactName } from "../catalog/schema.ts";
import type { AwardedByScope } from "./awarded.ts";
import { fenFromYuan, plainFen } from "../money/fen.ts";
import { EvalContext } from "./compile.ts";
import { checkNumber, type Engine } from "./engine.ts";
import { runFactKernel } from "./fact-kernel.ts";
import { factKernelOf } from "../formula/kinds.ts";
import { rateKernelOf, runRateKernel } from "./kernels.ts";
import { ERROR_BOUND_CODE, type EngineError } from "./types.ts";

export interface BatchInput {
  /** Yuan (or a count, for count amounts); NaN where not given. */
  amounts?: Float64Array;
  facts?: Partial<Record<FactName, Float64Array>>;
  /** Yuan already received within a cap's scope, per row: one bare column or columns by scope (see EvaluateOptions). */
  awarded?: Float64Array | AwardedByScope<Float64Array>;
  date?: string;
  /** Rows, when no column gives the count (a fixed award over a range of blank cells). */
  rows?: number;
}

export interface BatchOutput {
  ok: true;
  /** Yuan; NaN on error rows; Infinity where the text sets no ceiling. */
  ceilings: Float64Array;
  /** Yuan; NaN where there is no floor. */
  floors: Float64Array;
  /** BOUND_CODE per row, ERROR_BOUND_CODE on error rows. */
  bounds: Uint8Array;
  errors: Map<number, EngineError>;
}

export type BatchResult = BatchOutput | { ok: false; error: EngineError };

/** Converts one yuan input for the context; returns an error for a negative, infinite or oversized value. */
function toFen(field: string, yuan: number, count: boolean): number | EngineError {
  if (Number.isNaN(yuan)) return NaN;
  if (yuan >= 0 && yuan !== Infinity) {
    if (count) {
      if (Number.isInteger(yuan)) return yuan;
    } else {
      const fen = plainFen(yuan);
      if (!Number.isNaN(fen)) return fen;
      const converted = fenFromYuan(yuan);
      if (converted) return converted.fen;
    }
  }
  return (
    checkNumber(field, yuan) ?? {
      code: "invalid_input",
      field,
      message: count ? { zh: "数量必须为整数", en: "the count must be a whole number" } : { zh: `${field} 过大`, en: `${field} is too large` },
    }
  );
}

export function evaluateBatch(engine: Engine, id: string, input: BatchInput): BatchResult {
  const resolution = engine.resolve(id, input.date);
  if (!resolution.ok) return { ok: false, error: resolution.error };
  const { entry, compiled } = resolution.resolved;
  const count = entry.provision.amount?.unit === "count";
  const factColumns = Object.entries(input.facts ?? {}) as [FactName, Float64Array][];
  for (const [name] of factColumns) {
    if (!compiled.facts.has(name)) {
      return { ok: false, error: { code: "invalid_input", field: name, message: { zh: `条款 ${id} 不使用申报要素 ${name}`, en: `${id} takes no fact ${name}` } } };
    }
  }
  // A bare column counts under the provision's default scopes, as in Engine.evaluate.
  const given = input.awarded;
  // Scope null: a bare column the provision has no scope for, still checked row by row as Engine.evaluate does.
  const awardedColumns: [CapScope | null, Float64Array, string][] =
    given instanceof Float64Array ? (compiled.bareScopes.length > 0 ? compiled.bareScopes.map((scope) => [scope, given, "awarded"]) : [[null, given, "awarded"]]) : [];
  if (given && !(given instanceof Float64Array)) {
    for (const [scope, column] of Object.entries(given) as [CapScope, Float64Array | undefined][]) {
      if (!column) continue;
      if (!(CAP_SCOPES as readonly string[]).includes(scope) || !spansApplications(scope)) {
        return { ok: false, error: { code: "invalid_input", field: `awarded.${scope}`, message: { zh: `没有上限口径 ${scope}`, en: `no cap scope ${scope}` } } };
      }
      awardedColumns.push([scope, column, `awarded.${scope}`]);
    }
  }
  const amounts = compiled.readsAmount ? input.amounts : undefined;
  const n =
    input.amounts?.length ??
    factColumns[0]?.[1].length ??
    (given instanceof Float64Array ? given.length : Object.values(given ?? {}).find((column) => column)?.length) ??
    input.rows ??
    0;
  const ceilings = new Float64Array(n);
  const floors = new Float64Array(n);
  const bounds = new Uint8Array(n);
  const errors = new Map<number, EngineError>();
  const c = new EvalContext();
  const { root } = compiled;
  const rateKernel = amounts && factColumns.length === 0 ? rateKernelOf(entry.provision.formula) : null;
  // The kernel reads only the columns of its caps' scopes: with any other, rows take the general path, which checks it.
  const kernel = rateKernel && awardedColumns.every(([scope]) => rateKernel.caps.some((cap) => cap.spans && cap.scope === scope)) ? rateKernel : null;
  const fail = (i: number, error: EngineError) => {
    errors.set(i, error);
    ceilings[i] = NaN;
    floors[i] = NaN;
    bounds[i] = ERROR_BOUND_CODE;
  };

  /** One row through the compiled formula: any provision, any input, errors per row. */
  const evaluateRow = (i: number): void => {
    c.reset();
    if (amounts) {
      const v = toFen("amount", amounts[i] ?? NaN, count);
      if (typeof v !== "number") return fail(i, v);
      c.amount = v;
    }
    for (let f = 0; f < factColumns.length; f++) {
      const [name, column] = factColumns[f]!;
      const v = toFen(name, column[i] ?? NaN, false);
      if (typeof v !== "number") return fail(i, v);
      c.facts[name] = v;
    }
    for (let a = 0; a < awardedColumns.length; a++) {
      const [scope, column, field] = awardedColumns[a]!;
      const raw = column[i] ?? NaN;
      const v = Number.isNaN(raw) ? 0 : toFen(field, raw, false);
      if (typeof v !== "number") return fail(i, v);
      if (scope !== null) c.awardedByScope[scope] = v;
    }
    const fen = root(c);
    if (c.error) return fail(i, c.error);
    ceilings[i] = fen / 100;
    floors[i] = c.floor / 100;
    bounds[i] = c.bound;
  };

  // Shapes that read facts (or take awarded columns the rate kernel does not read) have their own loop, which
  // checks every column given, as evaluateRow does.
  const factKernel = amounts && !count && !kernel ? factKernelOf(entry.provision.formula) : null;
  if (kernel && amounts && !count) {
    const byCap = kernel.caps.map((cap) => (cap.spans ? awardedColumns.find(([scope]) => scope === cap.scope)?.[1] : undefined));
    runRateKernel(kernel, amounts, byCap, ceilings, floors, bounds, evaluateRow);
  } else if (factKernel && amounts && amounts.length === n) {
    const awarded = awardedColumns.map(([scope, column]) => [scope, column] as [CapScope | null, Float64Array]);
    runFactKernel(factKernel, amounts, factColumns, awarded, ceilings, floors, bounds, evaluateRow);
  } else for (let i = 0; i < n; i++) evaluateRow(i);
  return { ok: true, ceilings, floors, bounds, errors };
}
