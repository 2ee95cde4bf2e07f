// evaluateLedger (typed columns, batches, cap accounts per enterprise, checks over columns, key hashes) against the
// plain reference ledger (shared/ledger/reference.ts: row objects and Maps of text keys), on every output: ceilings,
// floors, bounds, the engine's error, counted amounts, the caps each row drew on and what it drew, verdicts, every
// violation (duplicates and stacking included) by code, field, related rows and cap, and the order of the list.
// Messages are wording, compared elsewhere (evaluate.test.ts).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateLedger, LedgerEvaluator } from "../../shared/ledger/evaluate.ts";
import { ledgerOrder } from "../../shared/ledger/order.ts";
import { referenceLedger, type ReferenceViolation } from "../../shared/ledger/reference.ts";
import type { LedgerRow } from "../../shared/ledger/row.ts";
import { sampleLedger } from "../../shared/ledger/sample.ts";
import type { Violation } from "../../shared/ledger/violation.ts";
import { defaultEngine } from "../../shared/node.ts";
import { arbLedger } from "./arbitrary-ledger.ts";

const engine = defaultEngine();
/** REFERENCE_RUNS=100000 for a longer search. */
const RUNS = Number(process.env.REFERENCE_RUNS ?? 10_000);

const structure = (v: Violation | ReferenceViolation): ReferenceViolation => ({
  index: v.index,
  code: v.code,
  ...(v.field === undefined ? {} : { field: v.field }),
  ...(v.related === undefined ? {} : { related: v.related }),
  ...(v.capKey === undefined ? {} : { capKey: v.capKey }),
});

/** The fast path's outputs in the reference's terms. */
function fastPath(rows: readonly LedgerRow[]) {
  const evaluation = evaluateLedger(engine, rows, { trace: false });
  const columns = evaluation.columns;
  if (!columns) throw new Error("evaluateLedger returns its columns");
  const fen = (value: number) => (Number.isNaN(value) ? null : value);
  return {
    rows: evaluation.rows.map((e, i) => ({
      ceilingFen: fen(columns.ceilingFen[i] as number),
      floorFen: fen(columns.floorFen[i] as number),
      bound: e.bound,
      error: e.error?.code ?? null,
      countedFen: columns.countedFen[i] as number,
      drawn: (columns.countedFen[i] as number) > 0 ? e.caps.filter((cap) => cap.scope !== "award").map((cap) => ({ capKey: cap.key, fen: columns.countedFen[i] as number })) : [],
      verdict: e.verdict,
      violations: e.violations.map(structure),
    })),
    violations: evaluation.violations.map(structure),
  };
}

/** Same outcome per row; within a row and code the order of violations is the order of the checks, not a rule. */
function expectAgreement(rows: readonly LedgerRow[]): void {
  const canonical = (list: ReferenceViolation[]) => list.map((v) => JSON.stringify(v)).sort();
  const fast = fastPath(rows);
  const plain = referenceLedger(engine, rows);
  expect(fast.rows.map((r) => ({ ...r, violations: canonical(r.violations) }))).toEqual(plain.rows.map((r) => ({ ...r, violations: canonical(r.violations) })));
  expect(fast.violations.map((v) => [v.index, v.code])).toEqual(plain.violations.map((v) => [v.index, v.code]));
}

describe("the fast path against the reference ledger", () => {
  it("agrees on 10,000 random ledgers: caps of every scope filled, duplicates, stacking, bad inputs", () => {
    const seen = new Map<string, number>();
    // Rows of provisions that read facts, by outcome: the fact kernel's rows (chongqing2023-2, batched) and the
    // sequence path's (jiulongpo-5, -6), each met and not met, bound and unbound.
    const factRows = new Map<string, number>();
    fc.assert(
      fc.property(arbLedger, (rows) => {
        expectAgreement(rows);
        const plain = referenceLedger(engine, rows);
        for (const v of plain.violations) seen.set(v.code, (seen.get(v.code) ?? 0) + 1);
        plain.rows.forEach((r, i) => {
          const id = rows[i]?.provisionId;
          if (id === "chongqing2023-2" || id === "jiulongpo-5" || id === "jiulongpo-6") factRows.set(`${id} ${r.error ? "error" : r.bound}`, (factRows.get(`${id} ${r.error ? "error" : r.bound}`) ?? 0) + 1);
        });
      }),
      { numRuns: RUNS },
    );
    for (const outcome of ["chongqing2023-2 none", "chongqing2023-2 cap", "chongqing2023-2 threshold", "chongqing2023-2 error", "jiulongpo-5 none", "jiulongpo-5 error", "jiulongpo-6 none", "jiulongpo-6 cap"]) {
      expect(factRows.get(outcome) ?? 0, outcome).toBeGreaterThan(RUNS / 200);
    }
    // Every violation the ledger knows is reached, most of them many times.
    expect([...seen.keys()].sort()).toEqual(
      ["approved_above_ceiling", "approved_below_floor", "cap_exceeded", "duplicate_id", "invalid_credit_code", "invalid_input", "not_in_force", "paid_above_approved", "stacking", "status_inconsistent", "unknown_provision"].sort(),
    );
    expect(Math.min(...seen.values())).toBeGreaterThan(RUNS / 200);
  }, 300_000 + RUNS * 60);

  it("agrees on sample ledgers", () => {
    for (const seed of [1, 2, 3]) expectAgreement(sampleLedger({ rows: 1500, seed }).rows);
  }, 120_000);

  it("agrees with the sample generator's row-at-a-time evaluator on every row's own outcome", () => {
    // LedgerEvaluator decides the sample's approved amounts; it sees no duplicates or stacking (other rows' checks).
    for (const seed of [4, 5]) {
      const rows = sampleLedger({ rows: 1000, seed }).rows;
      const evaluator = new LedgerEvaluator(engine, { trace: false });
      const own = new Array<unknown>(rows.length);
      for (const i of ledgerOrder(rows)) {
        const e = evaluator.next(rows[i] as LedgerRow, i);
        own[i] = { ceilingFen: e.ceilingFen, floorFen: e.floorFen, bound: e.bound, countedFen: Math.round(e.counted * 100), violations: e.violations.map(structure) };
      }
      const crossRow = new Set(["duplicate_id", "stacking"]);
      const plain = referenceLedger(engine, rows).rows.map((r) => ({ ceilingFen: r.ceilingFen, floorFen: r.floorFen, bound: r.bound, countedFen: r.countedFen, violations: r.violations.filter((v) => !crossRow.has(v.code)) }));
      expect(own).toEqual(plain);
    }
  }, 120_000);
});
