// Parameters by path (shared/engine/parameters.ts): one walk names every figure of the catalog; get and set by path;
// `subsidy rules --params` lists them.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { Engine } from "../../shared/engine/engine.ts";
import { catalogParameters, formulaParameters, getParameter, parseParameterValue, setInFormula, setValue } from "../../shared/engine/parameters.ts";
import { defaultEngine } from "../../shared/node.ts";

const engine = defaultEngine();
const catalog = engine.catalog;
const all = catalogParameters(catalog);

/** Every figure of a formula, found without the walk under test: any number under a key that holds one. */
function numbersIn(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + numbersIn(v), 0);
  if (!value || typeof value !== "object") return 0;
  return Object.entries(value).reduce((n, [key, v]) => n + (typeof v === "number" && ["rate", "amount", "limit", "value", "floor", "ceiling"].includes(key) ? 1 : numbersIn(v)), 0);
}

describe("parameter paths", () => {
  it("give every rate, cap, threshold and fixed sum of the catalog one path, unique", () => {
    const expected = [...catalog.byId.values()].reduce((n, e) => n + numbersIn(e.provision.formula), 0);
    expect(all.length).toBe(expected);
    expect(new Set(all.map((p) => p.path)).size).toBe(all.length);
    for (const p of all) expect(p.path.startsWith(`${p.provision}.`)).toBe(true);
  });

  it("name figures as the glossary does, qualified only where a provision has two of one name", () => {
    const at = (path: string) => getParameter(catalog, path);
    expect(at("jiulongpo-5.rate")).toMatchObject({ unit: "bp", value: 1000, of: "amount", direction: "ceiling" });
    expect(at("jiulongpo-5.match")).toMatchObject({ value: 10_000, of: "centralFunds" });
    expect(at("jiulongpo-5.caps.enterpriseYear")).toMatchObject({ unit: "fen", value: 20_000_000_00, scope: "enterpriseYear", citation: "单个企业每年最高2000万元" });
    expect(at("jiulongpo-6.received.caps.enterprise")?.value).toBe(10_000_000_00);
    expect(at("jiulongpo-6.otherwise.caps.enterprise")?.value).toBe(5_000_000_00);
    expect(at("jiulongpo-6.caps.enterprise")).toBeUndefined();
    expect([at("yubei-9.options.1.rate")?.of, at("yubei-9.options.2.rate")?.of]).toEqual(["amount", "rndGrowth"]);
    expect(at("yubei-2c.caps.award")?.value).toBe(15_000_000_00);
    expect(at("chongqing2023-11.baseLimit")).toMatchObject({ value: 300, of: "insuredValue" });
    expect(at("chongqing2023-3.floor")?.direction).toBe("floor");
    expect(at("chongqing2023-2.threshold")).toMatchObject({ direction: "threshold", of: "annualPurchases" });
    expect(at("yubei-4.fixed")?.direction).toBe("exact");
    expect(at("jiulongpo-12b.caps.enterpriseYear")?.group).toBe("jiulongpo-12-models");
  });

  it("are the same on every walk (stable)", () => {
    expect(catalogParameters(catalog).map((p) => p.path)).toEqual(all.map((p) => p.path));
  });

  it("set a figure in a copy: the catalog given is unchanged, the engine on the copy pays the new figure", () => {
    const rate = getParameter(catalog, "jiulongpo-5.rate");
    const lowered = setValue(catalog, "jiulongpo-5.rate", parseParameterValue(rate as never, "8%") as number);
    expect(getParameter(lowered, "jiulongpo-5.rate")?.value).toBe(800);
    expect(getParameter(catalog, "jiulongpo-5.rate")?.value).toBe(1000);
    expect(new Engine(lowered).evaluate("jiulongpo-5", 100_000_000, {}, { date: "2026-03-01" })).toMatchObject({ ceiling: 8_000_000 });
    expect(engine.evaluate("jiulongpo-5", 100_000_000, {}, { date: "2026-03-01" })).toMatchObject({ ceiling: 10_000_000 });
    // Other provisions are the same objects.
    expect(lowered.byId.get("yubei-2")?.provision).toBe(catalog.byId.get("yubei-2")?.provision);
  });

  it("refuses a path no provision has, and a place the formula does not have", () => {
    expect(() => setValue(catalog, "jiulongpo-5.caps.project", 1)).toThrowError(/no parameter jiulongpo-5\.caps\.project/);
    const formula = catalog.byId.get("jiulongpo-5")?.provision.formula;
    expect(() => setInFormula(formula as never, ["of", "nothing"], 1)).toThrowError(/no of\.nothing/);
  });

  it("read figures as the text writes them", () => {
    expect(parseParameterValue({ unit: "bp" }, "8%")).toBe(800);
    expect(parseParameterValue({ unit: "fen" }, "1500万元")).toBe(15_000_000_00);
    expect(parseParameterValue({ unit: "bp" }, "1500万元")).toBeNull();
    expect(formulaParameters("x-1", { kind: "notComputable", reason: { zh: "无", en: "none" } })).toEqual([]);
  });
});

describe("subsidy rules --params", () => {
  const BIN = new URL("../../bin/subsidy.mjs", import.meta.url).pathname;
  const run = (...args: string[]) => spawnSync(process.execPath, [BIN, "rules", "--params", ...args], { encoding: "utf8" });

  it("prints every parameter as JSON, with its figure as written", () => {
    const r = run("--json");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { path: string; value: number; written: string }[];
    expect(out.map((p) => p.path)).toEqual(all.map((p) => p.path));
    expect(out.find((p) => p.path === "jiulongpo-5.caps.enterpriseYear")).toMatchObject({ value: 20_000_000_00, written: "2,000万元" });
  });

  it("prints a table for one document", () => {
    const r = run("--document", "jiulongpo");
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^参数路径\s+文件数值\s+含义\s+原文$/);
    expect(lines.find((l) => l.startsWith("jiulongpo-5.rate "))).toMatch(/10%\s+比例（最高）/);
    expect(lines.some((l) => l.startsWith("yubei-"))).toBe(false);
  });

  it("sets a notice's figures beside the document's, and lists the notices", () => {
    const r = run("--notice", "jiulongpo-2026-1-sample");
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^参数路径\s+文件数值\s+通知数值\s+含义\s+原文$/);
    expect(lines.find((l) => l.startsWith("jiulongpo-5.rate "))).toMatch(/10%\s+8%\s+比例（最高）/);
    expect(lines.find((l) => l.startsWith("jiulongpo-3.rate "))).toMatch(/20%\s+—\s+比例/);
    const json = JSON.parse(run("--notice", "jiulongpo-2026-1-sample", "--json").stdout) as { path: string; noticeValue?: number }[];
    expect(json.find((p) => p.path === "jiulongpo-5.caps.enterpriseYear")?.noticeValue).toBe(15_000_000_00);
    const listed = spawnSync(process.execPath, [BIN, "rules", "--notices"], { encoding: "utf8" });
    expect(listed.stdout).toContain("jiulongpo-2026-1-sample  jiulongpo  2026-03-02 — 2026-04-30  预算 8,000万元");
    const unknown = run("--notice", "nope");
    expect(unknown.status).toBe(2);
    expect(JSON.parse(unknown.stdout)).toMatchObject({ error: { field: "notice" } });
  });
});
