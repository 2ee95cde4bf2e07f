// Properties that hold for every computable provision and any inputs (fast-check).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CAP_SCOPES, spansApplications, type CapScope } from "../../shared/catalog/cap-scopes.ts";
import { FACT_NAMES, type FactName } from "../../shared/catalog/schema.ts";
import type { Awarded } from "../../shared/engine/awarded.ts";
import { evaluateBatch } from "../../shared/engine/batch.ts";
import { inForce } from "../../shared/engine/dates.ts";
import { parametersOf } from "../../shared/engine/describe.ts";
import { defaultEngine } from "../../shared/node.ts";
import { BOUND_CODE, ERROR_BOUND_CODE } from "../../shared/engine/types.ts";

const engine = defaultEngine();
const DATE = "2026-06-30"; // a day every document with an end date is in force
const computable = [...engine.catalog.byId.values()].filter((entry) => entry.provision.formula.kind !== "notComputable" && inForce(entry, DATE));
const ids = computable.map(({ provision }) => provision.id);

const yuan = fc.oneof(fc.integer({ min: 0, max: 2_000_000_000 }).map((fen) => fen / 100), fc.integer({ min: 0, max: 1e12 }), fc.constant(0));
const factsArb = fc.record(Object.fromEntries(FACT_NAMES.map((n) => [n, fc.option(yuan, { nil: undefined })])) as Record<FactName, fc.Arbitrary<number | undefined>>);

function inputsFor(id: string) {
  const entry = engine.catalog.byId.get(id)!;
  const count = entry.provision.amount?.unit === "count";
  const takes = new Set(entry.provision.facts.map((f) => f.name));
  return { count, takes, hasAmount: entry.provision.amount !== undefined };
}

/** The scopes an awarded figure may name: those of caps across applications. */
const SPANNING = CAP_SCOPES.filter(spansApplications);

/** Bare, or by scope (some scopes given, some not). */
const awardedArb: fc.Arbitrary<Awarded | undefined> = fc.option(
  fc.oneof(yuan, fc.record(Object.fromEntries(SPANNING.map((s) => [s, yuan])) as Record<CapScope, fc.Arbitrary<number>>, { requiredKeys: [] })),
  { nil: undefined },
);

const caseArb = fc.record({
  id: fc.constantFrom(...ids),
  amount: yuan,
  count: fc.integer({ min: 0, max: 50 }),
  facts: factsArb,
  awarded: awardedArb,
});

/** The figure a cap of the scope counts, as the engine reads `awarded` (bare: the provision's default scopes). */
function awardedFor(id: string, awarded: Awarded | undefined, scope: CapScope): number {
  if (awarded === undefined) return 0;
  if (typeof awarded === "number") return engine.lookup(id)!.compiled.bareScopes.includes(scope) ? awarded : 0;
  return awarded[scope] ?? 0;
}

function plus(awarded: Awarded | undefined, more: number): Awarded {
  if (awarded === undefined || typeof awarded === "number") return (awarded ?? 0) + more;
  return Object.fromEntries(SPANNING.map((s) => [s, (awarded[s] ?? 0) + more]));
}

function run(c: { id: string; amount: number; count: number; facts: Partial<Record<FactName, number | undefined>>; awarded?: Awarded | undefined }, amountOverride?: number) {
  const shape = inputsFor(c.id);
  const facts = Object.fromEntries(Object.entries(c.facts).filter(([name, v]) => shape.takes.has(name as FactName) && v !== undefined));
  const amount = amountOverride ?? (shape.count ? c.count : c.amount);
  return engine.evaluate(c.id, shape.hasAmount ? amount : null, facts, { date: DATE, ...(c.awarded === undefined ? {} : { awarded: c.awarded }) });
}

describe("engine properties", () => {
  it("never returns a negative ceiling, and the floor never exceeds it", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const r = run(c);
        if (!r.ok) return r.error.code === "invalid_input"; // only a required fact can be missing
        if (r.ceilingFen !== null && r.ceilingFen < 0) return false;
        return r.floorFen === null || r.ceilingFen === null || r.floorFen <= r.ceilingFen;
      }),
      { numRuns: 3000 },
    );
  });

  it("never exceeds any cap on its path, nor the headroom left after awarded", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const r = run(c);
        if (!r.ok || r.ceilingFen === null) return true;
        return r.caps.every((cap) => r.ceilingFen! <= (!spansApplications(cap.scope) ? cap.limitFen : Math.max(0, cap.limitFen - Math.round(awardedFor(c.id, c.awarded, cap.scope) * 100))));
      }),
      { numRuns: 3000 },
    );
  });

  it("never exceeds the largest cap the provision states", () => {
    for (const { provision } of computable) {
      const caps = parametersOf(provision.formula).caps;
      if (caps.length === 0) continue;
      const r = run({ id: provision.id, amount: 1e12, count: 1000, facts: Object.fromEntries(FACT_NAMES.map((n) => [n, 1e12])) });
      if (!r.ok) continue;
      expect(r.ceilingFen, provision.id).toBeLessThanOrEqual(Math.max(...caps.map((cap) => cap.limit)));
    }
  });

  it("gives the same amounts with the trace off", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const a = run(c);
        const shape = inputsFor(c.id);
        const facts = Object.fromEntries(Object.entries(c.facts).filter(([name, v]) => shape.takes.has(name as FactName) && v !== undefined));
        const b = engine.evaluate(c.id, shape.hasAmount ? (shape.count ? c.count : c.amount) : null, facts, { date: DATE, trace: false, ...(c.awarded === undefined ? {} : { awarded: c.awarded }) });
        if (!a.ok || !b.ok) return a.ok === b.ok;
        return a.ceilingFen === b.ceilingFen && a.floorFen === b.floorFen && a.bound === b.bound && b.trace.length === 0;
      }),
      { numRuns: 1000 },
    );
  });

  it("is non-decreasing in the amount", () => {
    fc.assert(
      fc.property(caseArb, yuan, (c, more) => {
        const shape = inputsFor(c.id);
        const lo = shape.count ? c.count : c.amount;
        const hi = shape.count ? c.count + Math.floor(more % 7) : c.amount + more;
        const a = run(c, lo);
        const b = run(c, hi);
        if (!a.ok || !b.ok) return a.ok === b.ok;
        return (b.ceilingFen ?? Infinity) >= (a.ceilingFen ?? Infinity);
      }),
      { numRuns: 3000 },
    );
  });

  it("is non-increasing in what was already awarded", () => {
    fc.assert(
      fc.property(caseArb, yuan, (c, more) => {
        const a = run({ ...c, awarded: plus(c.awarded, 0) });
        const b = run({ ...c, awarded: plus(c.awarded, more) });
        if (!a.ok || !b.ok) return a.ok === b.ok;
        return (b.ceilingFen ?? Infinity) <= (a.ceilingFen ?? Infinity);
      }),
      { numRuns: 2000 },
    );
  });

  it("gives the batch API exactly the single results, row by row, awarded bare or by scope", () => {
    const scopesArb = fc.option(fc.subarray(SPANNING, { minLength: 1 }), { nil: undefined });
    fc.assert(
      fc.property(fc.constantFrom(...ids), scopesArb, fc.array(fc.tuple(yuan, fc.integer({ min: 0, max: 30 }), fc.option(yuan, { nil: undefined }), factsArb), { minLength: 1, maxLength: 40 }), (id, scopes, rows) => {
        const shape = inputsFor(id);
        const amounts = new Float64Array(rows.map(([a, n]) => (shape.count ? n : a)));
        const column = new Float64Array(rows.map(([, , w]) => w ?? Number.NaN));
        // By scope: the same figure in each scope drawn, in a column of its own.
        const awarded = scopes === undefined ? column : Object.fromEntries(scopes.map((s) => [s, column.slice()]));
        const facts = Object.fromEntries([...shape.takes].map((name) => [name, new Float64Array(rows.map(([, , , f]) => f[name] ?? Number.NaN))]));
        const batch = evaluateBatch(engine, id, { amounts: shape.hasAmount ? amounts : new Float64Array(rows.length).fill(Number.NaN), facts, awarded, date: DATE });
        if (!batch.ok) return false;
        return rows.every(([a, n, w, f], i) => {
          const given = w === undefined ? undefined : scopes === undefined ? w : Object.fromEntries(scopes.map((s) => [s, w]));
          const single = run({ id, amount: a, count: n, facts: f, awarded: given });
          if (!single.ok) return batch.bounds[i] === ERROR_BOUND_CODE && batch.errors.get(i)?.code === single.error.code;
          const ceiling = single.ceiling ?? Infinity;
          return Object.is(batch.ceilings[i], ceiling) && batch.bounds[i] === BOUND_CODE[single.bound] && Object.is(batch.floors[i], single.floor ?? Number.NaN);
        });
      }),
      { numRuns: 500 },
    );
  });
});

describe("engine errors are values", () => {
  const bad: [string, unknown, Record<string, unknown>, string][] = [
    ["jiulongpo-5", -1, {}, "invalid_input"],
    ["jiulongpo-5", Number.NaN, {}, "invalid_input"],
    ["jiulongpo-5", Infinity, {}, "invalid_input"],
    ["jiulongpo-5", "100", {}, "invalid_input"],
    ["jiulongpo-5", null, {}, "invalid_input"],
    ["jiulongpo-5", 100, { rndGrowth: 5 }, "invalid_input"],
    ["jiulongpo-5", 100, { centralFunds: -5 }, "invalid_input"],
    ["jiulongpo-12b", 1.5, {}, "invalid_input"],
    ["nope-1", 100, {}, "unknown_provision"],
    ["jiulongpo-4", null, {}, "not_computable"],
  ];
  for (const [id, amount, facts, code] of bad) {
    it(`${id} ${String(amount)} ${JSON.stringify(facts)} → ${code}`, () => {
      const r = engine.evaluate(id, amount as number, facts as never, { date: DATE });
      expect(r.ok ? "ok" : r.error.code).toBe(code);
      if (!r.ok) expect(r.error.message.zh.length * r.error.message.en.length).toBeGreaterThan(0);
    });
  }
  it("rejects a date that is not a day", () => {
    const r = engine.evaluate("jiulongpo-5", 100, {}, { date: "2026-02-30" });
    expect(r.ok ? null : r.error.field).toBe("date");
  });
  it("treats the window as inclusive at both ends", () => {
    expect(engine.evaluate("jiulongpo-5", 100, {}, { date: "2025-11-04" }).ok).toBe(true);
    expect(engine.evaluate("jiulongpo-5", 100, {}, { date: "2027-12-31" }).ok).toBe(true);
    const after = engine.evaluate("jiulongpo-5", 100, {}, { date: "2028-01-01" });
    expect(after.ok ? null : after.error.code).toBe("not_in_force");
  });
});
