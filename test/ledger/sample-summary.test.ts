// The sample ledger (deterministic, realistic, every planted violation found and nothing else) and summaries
// against commitments, checked by hand on a small ledger.
import { describe, expect, it, vi } from "vitest";
import type { CatalogEntry } from "../../shared/catalog/catalog.ts";
import type { Commitment } from "../../shared/catalog/schema.ts";
import { windowOf } from "../../shared/engine/dates.ts";
import { isValidCreditCode } from "../../shared/ledger/credit-code.ts";
import { evaluateLedger } from "../../shared/ledger/evaluate.ts";
import { sampleLedger, SAMPLE_PERIOD } from "../../shared/ledger/sample.ts";
import { GROUP_KEYS, summarize, totalOf } from "../../shared/ledger/summary.ts";
import { defaultEngine } from "../../shared/node.ts";
import { row } from "./helpers.ts";

const engine = defaultEngine();

describe("sample ledger", () => {
  it("is deterministic for a seed and differs between seeds", () => {
    expect(sampleLedger({ rows: 200, seed: 7 })).toEqual(sampleLedger({ rows: 200, seed: 7 }));
    expect(sampleLedger({ rows: 200, seed: 8 }).rows).not.toEqual(sampleLedger({ rows: 200, seed: 7 }).rows);
  });

  for (const seed of [1, 2, 3, 4, 5]) {
    it(`seed ${seed}: the check finds every planted violation and nothing else`, () => {
      const sample = sampleLedger({ rows: 600, seed });
      const found = evaluateLedger(engine, sample.rows).violations.map((v) => `${v.applicationId} ${v.code}`).sort();
      expect(found).toEqual(sample.planted.map((p) => `${p.applicationId} ${p.code}`).sort());
      expect(new Set(sample.planted.map((p) => p.code)).size).toBe(11);
    });
  }

  it("uses every computable provision, valid credit codes of Chongqing districts, and dates in each document's window", () => {
    const sample = sampleLedger({ rows: 600, seed: 1 });
    const planted = new Set(sample.planted.map((p) => p.applicationId));
    // Every computable provision in force on some day of the period (yubei-3 only until its selection closed).
    const open = (e: CatalogEntry) => {
      const w = windowOf(e);
      return w.start <= SAMPLE_PERIOD.end && (w.end === null || w.end >= SAMPLE_PERIOD.start);
    };
    const computable = [...engine.catalog.byId.values()].filter((e) => e.provision.formula.kind !== "notComputable" && open(e)).map((e) => e.provision.id);
    const used = new Set(sample.rows.map((r) => r.provisionId));
    expect(computable.filter((id) => !used.has(id))).toEqual([]);
    for (const r of sample.rows) {
      expect(r.applicationDate >= SAMPLE_PERIOD.start && r.applicationDate <= SAMPLE_PERIOD.end).toBe(true);
      if (planted.has(r.applicationId)) continue;
      expect(isValidCreditCode(r.creditCode)).toBe(true);
      expect(r.creditCode.slice(2, 6)).toBe("5001");
      const entry = engine.catalog.byId.get(r.provisionId);
      expect(entry).toBeDefined();
      expect(r.applicationDate >= (entry ? windowOf(entry).start : "")).toBe(true);
    }
    expect(new Set(sample.rows.map((r) => r.district))).toEqual(new Set(["九龙坡区", "渝北区", "沙坪坝区", "江北区", "南岸区", "北碚区", "巴南区", "大渡口区", "江津区", "璧山区"]));
    expect(new Set(sample.rows.map((r) => r.status))).toEqual(new Set(["applied", "approved", "paid", "rejected", "withdrawn"]));
  });

  it("commits sample budgets only where the documents state none, with utilization between 40% and 95%", () => {
    for (const rows of [300, 600, 2000]) {
      const sample = sampleLedger({ rows, seed: 1 });
      expect(sample.commitments.every((c) => c.sample)).toBe(true);
      for (const c of sample.commitments) expect(engine.catalog.commitments.some((d) => d.jurisdiction === c.jurisdiction && d.year === c.year)).toBe(false);
      const summary = summarize(evaluateLedger(engine, sample.rows, { trace: false }), ["jurisdiction", "year"], [...engine.catalog.commitments, ...sample.commitments]);
      for (const s of summary.filter((x) => x.key.jurisdiction && x.sample)) {
        expect(s.utilization).toBeGreaterThanOrEqual(0.4);
        expect(s.utilization).toBeLessThanOrEqual(0.95);
      }
      const jiulongpo = sample.commitments.filter((c) => c.jurisdiction === "jiulongpo").map((c) => c.year);
      expect(jiulongpo).toEqual([2025, 2026]);
      expect(sample.commitments.filter((c) => c.jurisdiction === "yubei").map((c) => c.year)).toEqual([2025, 2026]);
    }
  });
});

describe("summaries", () => {
  const commitment = (jurisdiction: Commitment["jurisdiction"], year: number, yuan: number, sample = false): Commitment => ({
    jurisdiction,
    year,
    amount: yuan * 100,
    atLeast: false,
    sample,
    source: { kind: "entered", enteredBy: "test", enteredAt: "2026-01-01T00:00:00+08:00" },
  });
  // By hand: jiulongpo-3 at 20%. 2026: A ceiling 100万 approved 80万 paid 50万; B ceiling 40万 (applied);
  // C rejected, ceiling 20万. 2027: D ceiling 200万 approved 200万 paid 200万. yubei-4 (15万 exact) in 2026: E paid.
  const rows = [
    row({ applicationId: "A", amount: 5_000_000, status: "approved", approved: 800_000, paid: 500_000, paidDate: "2026-04-01" }),
    row({ applicationId: "B", amount: 2_000_000 }),
    row({ applicationId: "C", amount: 1_000_000, status: "rejected" }),
    row({ applicationId: "D", amount: 10_000_000, status: "paid", approved: 2_000_000, paid: 2_000_000, paidDate: "2027-05-01", applicationDate: "2027-02-01" }),
    row({ applicationId: "E", provisionId: "yubei-4", amount: null, district: "渝北区", status: "paid", approved: 150_000, paid: 150_000, paidDate: "2026-06-01" }),
  ];
  const evaluation = evaluateLedger(engine, rows);
  const commitments = [commitment("jiulongpo", 2026, 4_000_000, true), commitment("jiulongpo", 2027, 5_000_000)];

  it("agrees with a hand count by jurisdiction and year", () => {
    const s = summarize(evaluation, ["jurisdiction", "year"], commitments);
    expect(s.map((r) => [r.key.jurisdiction, r.key.year, r.count, r.requested, r.approved, r.paid, r.committed, r.commitmentLeft, r.sample])).toEqual([
      ["jiulongpo", 2026, 3, 1_600_000, 800_000, 500_000, 4_000_000, 3_200_000, true],
      ["jiulongpo", 2027, 1, 2_000_000, 2_000_000, 2_000_000, 5_000_000, 3_000_000, false],
      ["yubei", 2026, 1, 150_000, 150_000, 150_000, null, null, false],
    ]);
    expect(s[0]?.utilization).toBeCloseTo(0.2, 12);
    expect(s[0]?.paidRatio).toBeCloseTo(0.625, 12);
    expect(totalOf(s)).toMatchObject({ count: 5, requested: 3_750_000, approved: 2_950_000, paid: 2_650_000, committed: null });
  });

  it("reads the result columns, building no row object, and gives what the row objects give", () => {
    const sample = sampleLedger({ rows: 800, seed: 6 });
    const all = [...engine.catalog.commitments, ...sample.commitments];
    const fresh = evaluateLedger(engine, sample.rows, { trace: false });
    const evaluate = vi.spyOn(engine, "evaluate");
    const rowsGetter = vi.spyOn(fresh, "rows", "get");
    const byColumns = GROUP_KEYS.map((k) => summarize(fresh, ["jurisdiction", k], all));
    expect(evaluate).not.toHaveBeenCalled();
    expect(rowsGetter).not.toHaveBeenCalled();
    rowsGetter.mockRestore();
    evaluate.mockRestore();
    // The same summaries from the row objects (what an evaluation without columns, such as the what-if view's, gives).
    const objects = { rows: fresh.rows, violations: fresh.violations };
    expect(byColumns).toEqual(GROUP_KEYS.map((k) => summarize(objects, ["jurisdiction", k], all)));
  });

  it("takes every year's commitment for a jurisdiction-only group, and none for finer groups", () => {
    const byJ = summarize(evaluation, ["jurisdiction"], commitments);
    expect(byJ[0]).toMatchObject({ key: { jurisdiction: "jiulongpo" }, committed: 9_000_000, approved: 2_800_000, commitmentLeft: 6_200_000 });
    const byStatus = summarize(evaluation, ["jurisdiction", "status"], commitments);
    expect(byStatus.every((r) => r.committed === null)).toBe(true);
    expect(byStatus.map((r) => [r.key.jurisdiction, r.key.status, r.count])).toEqual([
      ["jiulongpo", "applied", 1],
      ["jiulongpo", "approved", 1],
      ["jiulongpo", "paid", 1],
      ["jiulongpo", "rejected", 1],
      ["yubei", "paid", 1],
    ]);
  });

  it("prefers a document's commitment over a sample one for the same year", () => {
    const stated: Commitment = { ...commitment("jiulongpo", 2026, 10_000_000), source: { kind: "document", document: "jiulongpo", citation: "x" } };
    const s = summarize(evaluation, ["jurisdiction", "year"], [...commitments, stated]);
    expect(s[0]).toMatchObject({ committed: 10_000_000, sample: false });
  });
});
