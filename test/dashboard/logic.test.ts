// The dashboard's pure logic in Node: URL state, the run-rate forecast, CSV safety, top N, what-if changes.
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../shared/catalog/load-node.ts";
import { parametersOf } from "../../shared/engine/describe.ts";
import { Engine } from "../../shared/engine/engine.ts";
import { toCsv } from "../../dashboard/web/src/lib/csv.ts";
import { parseRoute, routeToSearch } from "../../dashboard/web/src/lib/route.ts";
import { topN } from "../../dashboard/web/src/lib/top-n.ts";
import { utilizationLevel } from "../../dashboard/web/src/lib/utilization.ts";
import { yearProgress, type ProgressRow } from "../../dashboard/web/src/lib/year-progress.ts";
import { getParameter, parseParameterValue, withValues } from "../../shared/engine/parameters.ts";
import { editableParameters, overridesOf } from "../../dashboard/web/src/whatif/overrides.ts";

describe("URL state", () => {
  it("round-trips every filter and drops malformed values", () => {
    const route = parseRoute("?view=drill&year=2025&jurisdiction=yubei&document=yubei&provision=yubei-3&district=渝北区&status=paid&page=3&sort=-approved");
    expect(route).toEqual({
      view: "drill",
      filters: { year: 2025, jurisdiction: "yubei", document: "yubei", provision: "yubei-3", district: "渝北区", status: "paid" },
      page: 3,
      sort: "-approved",
    });
    expect(parseRoute(routeToSearch(route))).toEqual(route);
    expect(parseRoute("?view=nope&year=20x5&jurisdiction=mars&status=lost&document=<script>&page=-1")).toEqual({ view: "overview", filters: {} });
  });
});

describe("year progress and run-rate forecast", () => {
  const row = (applicationDate: string, approved: number, paid: number | null = null, paidDate: string | null = null): ProgressRow => ({
    applicationDate,
    status: paid === null ? "approved" : "paid",
    approved,
    paid,
    paidDate,
  });

  it("accumulates in fen and forecasts the run-out day from the last three complete months", () => {
    // 0.1 + 0.2 would be 0.30000000000000004 in floats; the cumulative line must read 0.3.
    const rows = [row("2026-01-10", 0.1), row("2026-01-11", 0.2), row("2026-08-15", 3_000_000), row("2026-09-15", 3_000_000), row("2026-10-15", 3_000_000, 1_000_000, "2026-11-01")];
    const p = yearProgress(rows, 2026, 20_000_000, "2026-11-22");
    expect(p.points[10]!.approved).toBe(0.3);
    expect(p.approvedToDate).toBe(9_000_000.3);
    expect(p.paidToDate).toBe(1_000_000);
    expect(p.points[p.points.length - 1]!.approved).toBeNull(); // nothing drawn after today
    const f = p.forecast!;
    expect([f.from, f.to, f.months]).toEqual(["2026-08-01", "2026-10-31", 3]);
    // 9,000,000 over the 92 days of Aug–Oct; 10,999,999.70 left → 113 days after 2026-11-22.
    expect(f.perDay).toBeCloseTo(9_000_000 / 92, 6);
    expect(f.exhaustedOn).toBeNull(); // beyond the year's end
    expect(f.yearEnd).toBeCloseTo(9_000_000.3 + (9_000_000 / 92) * 39, 2);
  });

  it("dates the run-out within the year, says when it already ran out, and gives reasons for no forecast", () => {
    const rows = [row("2026-08-01", 5_000_000), row("2026-09-01", 5_000_000), row("2026-10-01", 5_000_000)];
    const p = yearProgress(rows, 2026, 16_000_000, "2026-11-22");
    expect(p.forecast!.exhaustedOn).toBe("2026-11-29"); // 1,000,000 left at 163,043.48 a day → 7 days
    expect(yearProgress(rows, 2026, 10_000_000, "2026-11-22").forecast).toMatchObject({ alreadyExhausted: true, exhaustedOn: "2026-09-01" });
    expect(yearProgress(rows, 2026, null, "2026-11-22").noForecast).toBe("noCommitment");
    expect(yearProgress(rows, 2026, 100_000_000, "2027-03-01").noForecast).toBe("pastYear");
    expect(yearProgress(rows, 2026, 10_000_000, "2027-03-01").forecast).toMatchObject({ alreadyExhausted: true, exhaustedOn: "2026-09-01" });
    expect(yearProgress([row("2026-01-05", 1)], 2026, 100, "2026-11-22").noForecast).toBe("noRecentAwards");
  });
});

describe("CSV export", () => {
  it("never lets a cell start a formula, and keeps text intact", () => {
    const csv = toCsv(["企业", "金额"], [["=HYPERLINK(\"http://x\")", "-1.00"], ["+1", "@SUM(A1)"], ["\tx", "a,\"b\"\nc"], ["重庆某某有限公司", 1234.5]]);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    const parsed = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data;
    expect(parsed[0]).toEqual(["企业", "金额"]);
    for (const cell of parsed.slice(1).flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(parsed[1]).toEqual(["'=HYPERLINK(\"http://x\")", "'-1.00"]);
    expect(parsed[3]).toEqual(["'\tx", "a,\"b\"\nc"]);
    expect(parsed[4]).toEqual(["重庆某某有限公司", "1234.5"]);
  });
});

describe("top N and other", () => {
  it("keeps the largest groups and sums the rest exactly", () => {
    const rows = [0.1, 0.2, 5, 4, 3].map((approved, i) => ({ id: i, approved }));
    const r = topN(rows, 3, (x) => x.approved, ["approved"]);
    expect(r.top.map((x) => x.approved)).toEqual([5, 4, 3]);
    expect(r.other).toEqual({ count: 2, sums: { approved: 0.3 } });
    expect(topN(rows, 5, (x) => x.approved, ["approved"]).other).toBeNull();
  });
});

describe("utilization levels", () => {
  it("turns amber from 85% and red at 100%", () => {
    expect([null, 0, 0.8499, 0.85, 0.9999, 1, 1.2].map(utilizationLevel)).toEqual(["none", "green", "green", "amber", "amber", "red", "red"]);
  });
});

describe("what-if changes", () => {
  const catalog = loadCatalog();
  const engine = new Engine(catalog);
  const withRate = [...catalog.byId.values()].find((e) => e.provision.formula.kind === "capped" && parametersOf(e.provision.formula).rates.length > 0 && e.provision.amount?.unit === "yuan");

  it("finds a capped rate provision in the catalog to change", () => {
    expect(withRate).toBeDefined();
  });

  it("turns the form's figures into overrides by path, only those that differ, or switches the provision off", () => {
    const entry = withRate!;
    const id = entry.provision.id;
    const parameters = editableParameters(catalog, id);
    const rate = parameters.find((p) => p.unit === "bp")!;
    const cap = parameters.find((p) => p.name === "cap")!;
    const date = entry.document.inForce.start;
    const amount = 1e9; // large enough to reach the cap
    const under = (draft: Parameters<typeof overridesOf>[1]) => {
      const overrides = overridesOf(parameters, draft)!;
      const values = new Map(Object.entries(overrides).map(([path, v]) => [path, parseParameterValue(getParameter(catalog, path)!, v)!]));
      return { overrides, engine: new Engine(withValues(catalog, values)) };
    };
    // Unchanged figures typed back are no override; an unreadable one holds the request.
    expect(overridesOf(parameters, { off: false, typed: { [rate.path]: String(rate.value / 100) } })).toEqual({});
    expect(overridesOf(parameters, { off: false, typed: { [rate.path]: "-1" } })).toBeNull();
    const raised = under({ off: false, typed: { [cap.path]: String((cap.value * 2) / 1_000_000) } });
    expect(raised.overrides).toEqual({ [cap.path]: String((cap.value * 2) / 100) });
    const halved = under({ off: false, typed: { [rate.path]: String(rate.value / 200) } });
    expect(halved.overrides).toEqual({ [rate.path]: `${rate.value / 200}%` });
    const off = under({ off: true, typed: {} });
    const before = engine.evaluate(id, amount, {}, { date });
    const base = engine.evaluate(id, 100_000, {}, { date });
    const [r, h, o] = [raised.engine.evaluate(id, amount, {}, { date }), halved.engine.evaluate(id, 100_000, {}, { date }), off.engine.evaluate(id, amount, {}, { date })];
    if (!before.ok || !base.ok || !r.ok || !h.ok || !o.ok) throw new Error("evaluation failed");
    expect(before.bound).toBe("cap");
    expect(r.ceilingFen).toBeGreaterThan(before.ceilingFen!);
    expect(h.ceilingFen).toBeLessThan(base.ceilingFen!);
    expect(o.ceiling).toBe(0);
    // The original catalog is untouched.
    expect(engine.evaluate(id, amount, {}, { date })).toEqual(before);
  });
});
