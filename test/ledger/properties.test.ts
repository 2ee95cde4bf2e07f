// Properties of the ledger check over generated ledgers (fast-check): order does not matter, caps hold across rows,
// and consumption by earlier rows can only lower a row's ceiling.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CapScope } from "../../shared/catalog/schema.ts";
import { evaluateLedger, yearOf } from "../../shared/ledger/evaluate.ts";
import type { LedgerRow } from "../../shared/ledger/row.ts";
import { defaultEngine } from "../../shared/node.ts";
import { code, row } from "./helpers.ts";

const engine = defaultEngine();

/**
 * The account a row draws on for one cap, as text, stated here apart from cap-accounts.ts (which hashes numbers):
 * enterprise (credit code), cap key and the period of the cap's scope — the calendar year for enterpriseYear, the
 * project for project and projectCumulative, both for productYear, none for enterprise; award caps span no rows.
 */
function accountKey(row: LedgerRow, year: number, capKey: string, scope: CapScope): string | null {
  const base = `${row.creditCode}|${capKey}|`;
  switch (scope) {
    case "award":
      return null;
    case "enterprise":
      return base;
    case "enterpriseYear":
      return `${base}${year}`;
    case "project":
    case "projectCumulative":
      return `${base}p|${row.projectId}`;
    case "productYear":
      return `${base}p|${row.projectId}|${year}`;
  }
}

// Provisions with caps that span rows (annual, per project, cumulative, per enterprise, a shared group) and inputs
// that generate easily, in force through 2026–2027.
const PROVISIONS: { id: string; amount: fc.Arbitrary<number | null>; facts?: fc.Arbitrary<Record<string, number>> }[] = [
  { id: "jiulongpo-3", amount: fc.integer({ min: 0, max: 200_000_000 }) },
  { id: "jiulongpo-11", amount: fc.integer({ min: 0, max: 200_000_000 }) },
  { id: "jiulongpo-12b", amount: fc.integer({ min: 0, max: 12 }) },
  { id: "jiulongpo-12c", amount: fc.integer({ min: 0, max: 8 }) },
  { id: "jiulongpo-15", amount: fc.constant(null) },
  { id: "jiulongpo-16", amount: fc.integer({ min: 0, max: 5_000_000 }) },
  { id: "jiulongpo-6", amount: fc.integer({ min: 0, max: 80_000_000 }), facts: fc.option(fc.integer({ min: 1, max: 12_000_000 }), { nil: undefined }).map((v): Record<string, number> => (v === undefined ? {} : { municipalFunds: v })) },
  { id: "jiulongpo-7b", amount: fc.constant(null) },
  { id: "yubei-9", amount: fc.integer({ min: 0, max: 300_000_000 }), facts: fc.option(fc.integer({ min: 0, max: 50_000_000 }), { nil: undefined }).map((v): Record<string, number> => (v === undefined ? {} : { rndGrowth: v })) },
];

const arbRow = (i: number) =>
  fc
    .record({
      p: fc.integer({ min: 0, max: PROVISIONS.length - 1 }),
      enterprise: fc.integer({ min: 1, max: 3 }),
      project: fc.integer({ min: 1, max: 4 }),
      day: fc.integer({ min: 0, max: 600 }),
      status: fc.constantFrom("applied", "approved", "paid", "rejected", "withdrawn", "applied"),
      share: fc.integer({ min: 0, max: 120 }),
      seed: fc.integer({ min: 0, max: 1 << 20 }),
    })
    .chain((r) => {
      const spec = PROVISIONS[r.p] ?? PROVISIONS[0]!;
      return fc.record({ amount: spec.amount, facts: spec.facts ?? fc.constant({}) }).map((inputs) => ({ ...r, ...inputs, id: spec.id, i }));
    });

/** Rows with approved amounts around their single-row ceilings (some above, to exercise the violations). */
const arbLedger = fc.integer({ min: 1, max: 25 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => arbRow(i)))).map((specs) =>
  specs.map((s): LedgerRow => {
    const date = new Date(Date.UTC(2026, 0, 1) + s.day * 86_400_000).toISOString().slice(0, 10);
    const base = row({ applicationId: `R${s.i}`, projectId: `P${s.project}`, creditCode: code(s.enterprise), provisionId: s.id, amount: s.amount, facts: s.facts, applicationDate: date, status: "applied" });
    if (s.status !== "approved" && s.status !== "paid") return { ...base, status: s.status as LedgerRow["status"] };
    const alone = engine.evaluate(s.id, s.amount, s.facts, { date, trace: false });
    const ceiling = alone.ok ? (alone.ceilingFen ?? 0) : 0;
    const approved = Math.floor((ceiling * s.share) / 100) / 100;
    return { ...base, status: s.status as LedgerRow["status"], approved, paid: s.status === "paid" ? approved : null, paidDate: s.status === "paid" ? date : null };
  }),
);

const strip = (e: ReturnType<typeof evaluateLedger>) =>
  e.rows
    .map((r) => ({ id: r.row.applicationId, ceiling: r.ceiling, floor: r.floor, bound: r.bound, counted: r.counted, verdict: r.verdict, violations: r.violations.map((v) => `${v.code}:${v.message.en}`) }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));

describe("ledger properties", () => {
  it("permuting the rows changes no result", () => {
    fc.assert(
      fc.property(arbLedger, fc.array(fc.nat(), { minLength: 25, maxLength: 25 }), (rows, keys) => {
        const shuffled = rows.map((r, i) => ({ r, k: keys[i] ?? 0 })).sort((a, b) => a.k - b.k).map((x) => x.r);
        expect(strip(evaluateLedger(engine, shuffled))).toEqual(strip(evaluateLedger(engine, rows)));
      }),
      { numRuns: 150 },
    );
  });

  it("per enterprise and period, what rows count under one cap never sums above it, except by reported overshoots", () => {
    fc.assert(
      fc.property(arbLedger, (rows) => {
        const e = evaluateLedger(engine, rows);
        const sums = new Map<string, { limit: number; counted: number; overshoot: number }>();
        for (const r of e.rows) {
          for (const cap of r.caps) {
            const key = accountKey(r.row, yearOf(r.row), cap.key, cap.scope);
            if (key === null) continue;
            const s = sums.get(key) ?? { limit: cap.limitFen, counted: 0, overshoot: 0 };
            const counted = Math.round(r.counted * 100);
            s.counted += counted;
            // A row counted above its ceiling is reported (approved_above_ceiling or cap_exceeded).
            if (r.ceilingFen !== null && counted > r.ceilingFen) {
              s.overshoot += counted - r.ceilingFen;
              expect(r.violations.some((v) => v.code === "approved_above_ceiling" || v.code === "cap_exceeded")).toBe(true);
            }
            sums.set(key, s);
          }
        }
        for (const s of sums.values()) expect(s.counted - s.overshoot).toBeLessThanOrEqual(s.limit);
      }),
      { numRuns: 200 },
    );
  });

  it("in a ledger of applications alone, the ceilings of rows under one cap never sum above it", () => {
    fc.assert(
      fc.property(arbLedger, (rows) => {
        const pending = rows.map((r) => ({ ...r, status: "applied" as const, approved: null, paid: null, paidDate: null }));
        const e = evaluateLedger(engine, pending);
        const sums = new Map<string, { limit: number; sum: number }>();
        for (const r of e.rows) {
          for (const cap of r.caps) {
            const key = accountKey(r.row, yearOf(r.row), cap.key, cap.scope);
            if (key === null) continue;
            const s = sums.get(key) ?? { limit: cap.limitFen, sum: 0 };
            s.sum += r.ceilingFen ?? 0;
            sums.set(key, s);
          }
        }
        for (const s of sums.values()) expect(s.sum).toBeLessThanOrEqual(s.limit);
      }),
      { numRuns: 200 },
    );
  });

  it("a row's ceiling never exceeds its single-row ceiling", () => {
    fc.assert(
      fc.property(arbLedger, (rows) => {
        for (const r of evaluateLedger(engine, rows).rows) {
          const alone = engine.evaluate(r.row.provisionId, r.row.amount, r.row.facts, { date: r.row.applicationDate, trace: false });
          if (!alone.ok || alone.ceilingFen === null) continue;
          expect(r.ceilingFen).not.toBeNull();
          expect(r.ceilingFen ?? Infinity).toBeLessThanOrEqual(alone.ceilingFen);
        }
      }),
      { numRuns: 200 },
    );
  });
});
