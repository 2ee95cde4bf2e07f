// The formula kinds' table (shared/formula): one traversal reaches every node, and every trace step a kind records
// has its words in both languages.
import { describe, expect, it } from "vitest";
import { FACT_NAMES } from "../../shared/catalog/schema.ts";
import { explainStep } from "../../shared/engine/explain.ts";
import { factsOf, walk, type Formula } from "../../shared/formula/kinds.ts";
import { defaultEngine } from "../../shared/node.ts";

const engine = defaultEngine();
const entries = [...engine.catalog.byId.values()];

/** Nodes counted from the data itself: every object with a `kind` under the formula. */
function countKinds(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + countKinds(v), 0);
  if (value === null || typeof value !== "object") return 0;
  const own = "kind" in value && typeof (value as { kind: unknown }).kind === "string" ? 1 : 0;
  return own + Object.entries(value).reduce((n, [key, v]) => n + (key === "reason" ? 0 : countKinds(v)), 0);
}

describe("formula kinds", () => {
  it("walks every node of every provision's formula", () => {
    for (const { provision } of entries) {
      let visited = 0;
      walk(provision.formula, () => visited++);
      expect(visited, provision.id).toBe(countKinds(provision.formula));
    }
  });

  it("finds the facts each provision declares, and no others", () => {
    for (const { provision } of entries) {
      expect([...factsOf(provision.formula as Formula)].sort(), provision.id).toEqual(provision.facts.map((f) => f.name).sort());
    }
  });

  it("words every trace step in both languages", () => {
    const facts = Object.fromEntries(FACT_NAMES.map((name) => [name, 5_000_000]));
    for (const { provision } of entries) {
      const given = Object.fromEntries(Object.entries(facts).filter(([name]) => provision.facts.some((f) => f.name === name)));
      for (const amount of [0, 1_000_000, 300_000_000]) {
        const r = engine.evaluate(provision.id, provision.amount?.unit === "count" ? 3 : amount, given, { date: "2026-06-30", awarded: 1_000_000 });
        if (!r.ok) continue;
        for (const step of r.trace) for (const lang of ["zh", "en"] as const) expect(explainStep(step, lang), `${provision.id} ${step.step}`).not.toBe(step.step);
      }
    }
  });
});
