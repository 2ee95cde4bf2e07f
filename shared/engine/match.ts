// The "policy calculator" view: given an enterprise's facts alone, which provisions can be computed, and for how much.
import type { Engine } from "./engine.ts";
import type { EngineError, EvaluationOk, Facts } from "./types.ts";

export interface MatchResult {
  id: string;
  evaluation: EvaluationOk;
}

/**
 * Why a provision is not among the matches: not in force on the day; states no amount to compute; needs the
 * amount it is computed on (an investment, a premium) or a fact that was not given; a threshold the facts do not
 * meet; or it yields nothing on these inputs (a bad input included: the error says which).
 */
export type ExclusionReason = "notInForce" | "notComputable" | "needsAmount" | "needsFact" | "thresholdNotMet" | "nothing" | "invalid";

export interface Exclusion {
  id: string;
  reason: ExclusionReason;
  /** The engine's error where evaluation failed. */
  error: EngineError | null;
  /** The evaluation where it ran and yielded nothing (its trace shows the threshold missed). */
  evaluation: EvaluationOk | null;
}

export interface MatchReport {
  matched: MatchResult[];
  excluded: Exclusion[];
}

function failed(id: string, error: EngineError, facts: Facts): Exclusion {
  const missingFact = error.field !== undefined && error.field !== "amount" && error.field !== "date" && facts[error.field as keyof Facts] == null;
  const reason: ExclusionReason =
    error.code === "not_in_force"
      ? "notInForce"
      : error.code === "not_computable"
        ? "notComputable"
        : error.field === "amount" && error.code === "invalid_input"
          ? "needsAmount"
          : missingFact && error.code === "invalid_input"
            ? "needsFact"
            : "invalid";
  return { id, reason, error, evaluation: null };
}

/**
 * Evaluates every provision on the path the facts select, taking only the facts it uses, and, for a provision
 * computed on an amount, the amount given for it by ID (`amounts`); those that yield an award are matched, highest
 * ceiling first (no ceiling stated counts as highest), the others excluded with the reason.
 */
export function matchReport(engine: Engine, facts: Facts, date?: string, amounts: Readonly<Record<string, number>> = {}): MatchReport {
  const given = Object.entries(facts).filter(([, v]) => v !== undefined && v !== null);
  const matched: MatchResult[] = [];
  const excluded: Exclusion[] = [];
  for (const id of engine.catalog.byId.keys()) {
    const resolution = engine.resolve(id, date);
    if (!resolution.ok) {
      excluded.push(failed(id, resolution.error, facts));
      continue;
    }
    const { compiled } = resolution.resolved;
    const usable = Object.fromEntries(given.filter(([name]) => compiled.facts.has(name as never)));
    const amount = compiled.readsAmount ? amounts[id] : undefined;
    const evaluation = engine.evaluate(id, amount ?? null, usable, date === undefined ? {} : { date });
    if (!evaluation.ok) excluded.push(failed(id, evaluation.error, usable));
    else if (evaluation.ceiling === 0) excluded.push({ id, reason: evaluation.bound === "threshold" ? "thresholdNotMet" : "nothing", error: null, evaluation });
    else matched.push({ id, evaluation });
  }
  const rank = (r: MatchResult) => r.evaluation.ceilingFen ?? Number.POSITIVE_INFINITY;
  return { matched: matched.sort((a, b) => rank(b) - rank(a) || a.id.localeCompare(b.id)), excluded };
}

/** The provisions that need no amount argument and yield an award on the facts alone: matchReport's matches. */
export function match(engine: Engine, facts: Facts, date?: string): MatchResult[] {
  return matchReport(engine, facts, date).matched;
}
