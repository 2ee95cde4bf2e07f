// The policy calculator: which provisions an enterprise's facts alone make computable, highest first.
import { describe, expect, it } from "vitest";
import { match, matchReport } from "../../shared/engine/match.ts";
import { defaultEngine } from "../../shared/node.ts";

const engine = defaultEngine();
const DATE = "2026-06-30";

describe("match", () => {
  it("lists fixed awards with no facts, highest ceiling first, none without a ceiling ranked below one with", () => {
    const results = match(engine, {}, DATE);
    expect(results.length).toBeGreaterThan(20);
    const ceilings = results.map((r) => r.evaluation.ceilingFen ?? Infinity);
    expect(ceilings).toEqual([...ceilings].sort((a, b) => b - a));
    // 100万元及以上 has no ceiling, so it ranks first.
    expect(results[0]?.id).toBe("chongqing2023-1");
    expect(results.every((r) => r.evaluation.ok && r.evaluation.ceilingFen !== 0)).toBe(true);
  });

  it("adds the provisions a given fact makes computable, at the amount the fact yields", () => {
    const without = new Set(match(engine, {}, DATE).map((r) => r.id));
    const withFunds = match(engine, { centralFunds: 5_000_000 }, DATE);
    const added = withFunds.filter((r) => !without.has(r.id));
    expect(added.map((r) => r.id)).toEqual(["jiulongpo-5"]);
    expect(added[0]?.evaluation.ceiling).toBe(5_000_000);
  });

  it("leaves out documents not in force on the date", () => {
    const ids = match(engine, {}, "2025-06-30").map((r) => r.id);
    expect(ids.some((id) => id.startsWith("chongqing2026-") || id.startsWith("jiulongpo-"))).toBe(false);
    expect(ids.some((id) => id.startsWith("yubei-"))).toBe(true);
  });

  it("says why every other provision is left out: amount needed, threshold missed, not in force, no amount stated", () => {
    const report = matchReport(engine, { annualPurchases: 1000 }, "2025-06-30");
    expect(report.matched.map((r) => r.id)).toEqual(match(engine, { annualPurchases: 1000 }, "2025-06-30").map((r) => r.id));
    expect(report.matched.length + report.excluded.length).toBe(engine.catalog.byId.size);
    const reason = (id: string) => report.excluded.find((x) => x.id === id)?.reason;
    expect(reason("yubei-2")).toBe("needsAmount");
    expect(reason("chongqing2023-2")).toBe("thresholdNotMet");
    expect(reason("jiulongpo-1")).toBe("notInForce");
    const later = matchReport(engine, {}, DATE).excluded;
    expect(later.find((x) => x.id === "chongqing2025-3")?.reason).toBe("notComputable");
    expect(later.find((x) => x.id === "jiulongpo-5")?.reason).toBe("needsAmount");
  });

  it("computes a provision on the amount given for it by ID, as evaluate() does", () => {
    const report = matchReport(engine, {}, DATE, { "yubei-2": 30_000_000 });
    const found = report.matched.find((r) => r.id === "yubei-2");
    const direct = engine.evaluate("yubei-2", 30_000_000, {}, { date: DATE });
    expect(direct.ok && found?.evaluation.ceilingFen).toBe(direct.ok ? direct.ceilingFen : "error");
    expect(report.excluded.find((x) => x.id === "yubei-2")).toBeUndefined();
  });
});
