// The "policy calculator" view: given an enterprise's facts alone, which provisions can be computed, and for how much.
import type { Engine } from "./engine.ts";
import type { EvaluationOk, Facts } from "./types.ts";

export interface MatchResult {
  id: string;
  evaluation: EvaluationOk;
}

/**
 * Evaluates every provision that needs no amount argument on the path the facts select and takes only facts
 * it uses, and returns those that yield an award, highest ceiling first (no ceiling stated counts as highest).
 */
export function match(engine: Engine, facts: Facts, date?: string): MatchResult[] {
  const given = Object.entries(facts).filter(([, v]) => v !== undefined && v !== null);
  const results: MatchResult[] = [];
  for (const id of engine.catalog.byId.keys()) {
    const resolution = engine.resolve(id, date);
    if (!resolution.ok) continue;
    const { compiled } = resolution.resolved;
    const usable = Object.fromEntries(given.filter(([name]) => compiled.facts.has(name as never)));
    const evaluation = engine.evaluate(id, null, usable, date === undefined ? {} : { date });
    if (!evaluation.ok) continue;
    if (evaluation.ceiling === 0) continue;
    results.push({ id, evaluation });
  }
  const rank = (r: MatchResult) => r.evaluation.ceilingFen ?? Number.POSITIVE_INFINITY;
  return results.sort((a, b) => rank(b) - rank(a) || a.id.localeCompare(b.id));
}
