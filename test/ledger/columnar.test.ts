// The columnar ledger evaluation (rows without caps across rows in provision batches; the rest per enterprise)
// against the plain definition: every row through the row-at-a-time evaluator, in the one global ledger order.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateLedger, LedgerEvaluator } from "../../shared/ledger/evaluate.ts";
import { dayKey, dayText, ledgerOrder } from "../../shared/ledger/order.ts";
import type { LedgerRow } from "../../shared/ledger/row.ts";
import { hashText, sameKeyGroups } from "../../shared/ledger/row-keys.ts";
import { sampleLedger } from "../../shared/ledger/sample.ts";
import { defaultEngine } from "../../shared/node.ts";
import { code, row } from "./helpers.ts";

const engine = defaultEngine();
const CROSS_ROW = new Set(["duplicate_id", "stacking"]);

/** Each row's outcome the plain way: LedgerEvaluator over the whole ledger in ledger order. */
function reference(rows: readonly LedgerRow[]) {
  const evaluator = new LedgerEvaluator(engine, { trace: false });
  const out = new Array<unknown>(rows.length);
  for (const i of ledgerOrder(rows)) {
    const e = evaluator.next(rows[i] as LedgerRow, i);
    out[i] = { ceilingFen: e.ceilingFen, floorFen: e.floorFen, bound: e.bound, counted: e.counted, error: e.error?.code ?? null, violations: e.violations.map((v) => v.message.en) };
  }
  return out;
}

function columnar(rows: readonly LedgerRow[]) {
  return evaluateLedger(engine, rows, { trace: false }).rows.map((e) => ({
    ceilingFen: e.ceilingFen,
    floorFen: e.floorFen,
    bound: e.bound,
    counted: e.counted,
    error: e.error?.code ?? null,
    violations: e.violations.filter((v) => !CROSS_ROW.has(v.code)).map((v) => v.message.en),
  }));
}

// Provisions with and without caps across rows, one not in force in 2026, inputs that are wrong in every way the
// engine reports (negative or non-finite amounts, facts the provision does not take, impossible days), and amounts
// the engine rounds.
const IDS = ["jiulongpo-1", "jiulongpo-3", "jiulongpo-5", "jiulongpo-6", "jiulongpo-11", "jiulongpo-15", "yubei-2", "yubei-9", "yubei-6", "chongqing2023-11", "chongqing2026-1", "no-such-provision"];
const arbRow = fc.record({
  id: fc.constantFrom(...IDS),
  enterprise: fc.integer({ min: 1, max: 3 }),
  project: fc.integer({ min: 1, max: 3 }),
  applicationId: fc.integer({ min: 1, max: 30 }),
  day: fc.oneof(fc.integer({ min: 0, max: 900 }).map((d) => new Date(Date.UTC(2025, 0, 1) + d * 86_400_000).toISOString().slice(0, 10)), fc.constant("2026-02-30")),
  // Amounts finer than the fen are rounded by the engine, not refused: such rows count against caps too.
  amount: fc.oneof(fc.integer({ min: 0, max: 300_000_000 }), fc.constant(null), fc.constant(-5), fc.constant(Number.NaN), fc.integer({ min: 0, max: 300_000_000 }).map((n) => n + 0.005)),
  facts: fc.oneof(fc.constant({}), fc.record({ municipalFunds: fc.integer({ min: 0, max: 9_000_000 }) }), fc.record({ rndGrowth: fc.oneof(fc.integer({ min: 0, max: 9_000_000 }), fc.constant(-1)) })),
  status: fc.constantFrom("applied", "approved", "paid", "rejected", "withdrawn"),
  approved: fc.integer({ min: 0, max: 30_000_000 }),
});
const arbLedger = fc.array(arbRow, { minLength: 1, maxLength: 40 }).map((specs) =>
  specs.map((s): LedgerRow => {
    const decided = s.status === "approved" || s.status === "paid";
    // Built past the schema on purpose: evaluateLedger must word every bad input as Engine.evaluate does.
    return {
      ...row({ applicationId: `A${s.applicationId}`, projectId: `P${s.project}`, creditCode: code(s.enterprise) }),
      provisionId: s.id,
      amount: s.amount,
      facts: s.facts,
      applicationDate: s.day,
      status: s.status,
      approved: decided ? s.approved : null,
      paid: s.status === "paid" ? s.approved : null,
      paidDate: s.status === "paid" ? s.day : null,
    } as LedgerRow;
  }),
);

describe("columnar ledger evaluation", () => {
  it("agrees row for row with the row-at-a-time evaluator in global ledger order, on sample ledgers", () => {
    for (const seed of [1, 2, 3]) {
      const rows = sampleLedger({ rows: 1500, seed }).rows;
      expect(columnar(rows)).toEqual(reference(rows));
    }
  });

  it("agrees on generated ledgers with bad inputs, duplicates and provisions of every kind", () => {
    fc.assert(
      fc.property(arbLedger, (rows) => {
        expect(columnar(rows)).toEqual(reference(rows));
      }),
      { numRuns: 300 },
    );
  });

  it("keeps traces for the rows it evaluated in batches", () => {
    const rows = [row({ provisionId: "jiulongpo-1", amount: 3_000_000 })];
    const [e] = evaluateLedger(engine, rows).rows;
    const alone = engine.evaluate("jiulongpo-1", 3_000_000, {}, { date: "2026-03-01" });
    expect(alone.ok && alone.trace.length > 1).toBe(true);
    expect(e?.trace).toEqual(alone.ok ? alone.trace : null);
  });
});

describe("row keys", () => {
  it("groups rows by key, in the order given, even when every hash collides", () => {
    const keys = ["a", "b", "a", "c", "b", "a"];
    const rows = Int32Array.from([5, 1, 0, 2, 3, 4]);
    const groups = sameKeyGroups(rows, () => 7, (x, y) => keys[x] === keys[y]);
    expect(groups.sort((g, h) => (g[0] as number) - (h[0] as number))).toEqual([[1, 4], [5, 0, 2]]);
  });

  it("groups a large set of rows across parts of the table as a Map of the keys does", () => {
    const ids = Array.from({ length: 50_000 }, (_, i) => `A-${(i * 7919) % 20_011}`);
    const rows = Int32Array.from(ids.keys());
    const groups = sameKeyGroups(rows, (i) => hashText(ids[i] as string), (a, b) => ids[a] === ids[b]);
    const expected = new Map<string, number[]>();
    ids.forEach((id, i) => expected.set(id, [...(expected.get(id) ?? []), i]));
    const sorted = (gs: number[][]) => gs.map((g) => g.join(",")).sort();
    expect(sorted(groups)).toEqual(sorted([...expected.values()].filter((g) => g.length > 1)));
  });

  it("hashes text so that the split between parts matters", () => {
    expect(hashText("c", hashText("ab"))).not.toBe(hashText("bc", hashText("a")));
  });
});

describe("day keys", () => {
  it("accept calendar days only, and order as the text does", () => {
    expect(dayKey("2024-02-29")).not.toBeNaN();
    for (const bad of ["2026-02-29", "2026-02-30", "2026-13-01", "2026-00-10", "2026-1-01", "2026/01/01", "20260101"]) expect(dayKey(bad)).toBeNaN();
    const days = ["2025-12-31", "2026-01-01", "2026-01-31", "2026-02-01", "2026-12-31", "2027-01-01"];
    const keys = days.map(dayKey);
    expect([...keys].sort((a, b) => a - b)).toEqual(keys);
    expect(keys.map(dayText)).toEqual(days);
    expect(dayText(dayKey("2024-02-29"))).toBe("2024-02-29");
  });
});
