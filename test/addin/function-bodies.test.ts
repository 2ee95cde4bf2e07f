// The function bodies under Node, without the Office runtime: cell reading, broadcasting, per-cell errors,
// and agreement with the engine's own answers.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CellError } from "../../addin/functions/cell-error.ts";
import { bestMatrix, evaluateAlternatives, evaluateCells, explainMatrix, toMatrix } from "../../addin/functions/ceiling.ts";
import { readAmount, readDate } from "../../addin/functions/cells.ts";
import { addinEngine } from "../../addin/functions/engine.ts";
import { readInputs, type CellInputs } from "../../addin/functions/inputs.ts";
import { cap, findProvision, headroom, rate, readProvisionList, rules, source } from "../../addin/functions/lookup.ts";

const engine = addinEngine();
const DAY = "2026-03-01";
const pair = (name: string, value: unknown) => [[[name]], Array.isArray(value) ? value : [[value]]];

function inputs(amount: unknown, ...pairs: unknown[][]): CellInputs {
  const read = readInputs(amount, [...pair("date", DAY), ...pairs], "en");
  if (read instanceof CellError) throw new Error(read.message);
  return read;
}

function subsidy(id: string, amount: unknown, ...pairs: unknown[][]): unknown[][] | CellError {
  const i = inputs(amount, ...pairs);
  const results = evaluateCells(engine, id, i, "en");
  return results instanceof CellError ? results : toMatrix(results, i, "en");
}

describe("reading cells", () => {
  it("reads numbers, written amounts, empties, booleans and error values", () => {
    expect(readAmount("amount", 12.5, "en")).toBe(12.5);
    expect(readAmount("amount", "1,000,000", "en")).toBe(1_000_000);
    expect(readAmount("amount", "50万", "en")).toBe(500_000);
    expect(readAmount("amount", " ¥1,234.56 ", "en")).toBe(1234.56);
    expect(readAmount("amount", null, "en")).toBeNaN();
    expect(readAmount("amount", "  ", "en")).toBeNaN();
    expect(readAmount("amount", true, "zh")).toEqual(new CellError("#VALUE!", "amount 应为数字，不能是 TRUE"));
    expect(readAmount("amount", { code: "#REF!" }, "en")).toEqual(new CellError("#REF!", ""));
    expect(readAmount("amount", "12 apples", "en")).toBeInstanceOf(CellError);
  });

  it("reads dates as Excel serials or ISO text", () => {
    expect(readDate(46082, "en")).toBe("2026-03-01");
    expect(readDate(" 2026-03-01 ", "en")).toBe("2026-03-01");
    expect(readDate(null, "en")).toBeUndefined();
    expect(readDate("2026-02-30", "en")).toBeInstanceOf(CellError);
    expect(readDate(false, "en")).toBeInstanceOf(CellError);
  });
});

describe("SUBSIDY body", () => {
  it("agrees with Engine.evaluate cell by cell for any amounts (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1e12 }).map((fen) => fen / 100), { minLength: 1, maxLength: 20 }), (amounts) => {
        const out = subsidy("jiulongpo-3", amounts.map((a) => [a])) as unknown[][];
        amounts.forEach((a, r) => {
          const single = engine.evaluate("jiulongpo-3", a, {}, { date: DAY });
          expect(single.ok && out[r]?.[0]).toBe(single.ok ? single.ceiling : false);
        });
      }),
      { numRuns: 50 },
    );
  });

  it("is exact to the fen, half-up", () => {
    // 20% of 0.03 yuan (3 fen) is 0.6 fen → 1 fen; 20% of 0.02 is 0.4 fen → 0.
    expect(subsidy("jiulongpo-3", [[0.03], [0.02], [0.1]])).toEqual([[0.01], [0], [0.02]]);
  });

  it("repeats a single cell across the range and keeps row errors in their rows", () => {
    expect(subsidy("jiulongpo-5", [[1_000_000], [2_000_000]], ...pair("centralFunds", 0))).toEqual([[100_000], [200_000]]);
    const mixed = subsidy("jiulongpo-5", [[1_000_000], [-3]]) as unknown[][];
    expect(mixed[0]).toEqual([100_000]);
    expect(mixed[1]?.[0]).toEqual(new CellError("#VALUE!", "amount must not be negative"));
  });

  it("takes each row's own date, so a row outside the window in force gets #N/A alone", () => {
    const read = readInputs([[1_000_000], [1_000_000]], pair("date", [["2026-03-01"], ["2020-01-01"]]), "en") as CellInputs;
    const out = toMatrix(evaluateCells(engine, "jiulongpo-5", read, "en") as never, read, "en");
    expect(out[0]).toEqual([100_000]);
    expect((out[1]?.[0] as CellError).code).toBe("#N/A");
  });

  it("answers #N/A where the text sets no ceiling, naming the floor", () => {
    // chongqing2023-1: 100万元及以上, no ceiling stated.
    expect(subsidy("chongqing2023-1", null)).toEqual([[new CellError("#N/A", "the text sets no ceiling (at least ¥1,000,000)")]]);
  });

  it("refuses a fact the provision does not take, for the whole call", () => {
    const out = subsidy("jiulongpo-3", [[1]], ...pair("centralFunds", 1));
    expect(out).toBeInstanceOf(CellError);
    expect((out as CellError).code).toBe("#VALUE!");
  });
});

describe("BEST and EXPLAIN bodies", () => {
  it("takes the highest alternative per cell, and falls back to the first reason when none computes", () => {
    const i = inputs([[1_000_000], [-1]]);
    const alternatives = evaluateAlternatives(engine, ["jiulongpo-1", "jiulongpo-3"], i, "en");
    if (alternatives instanceof CellError) throw new Error(alternatives.message);
    const out = bestMatrix(alternatives, i, "en");
    expect(out[0]).toEqual([1_000_000]);
    expect((out[1]?.[0] as CellError).code).toBe("#VALUE!");
  });

  it("explains in Chinese with the amount's meaning", () => {
    const i = readInputs([[1_000_000]], pair("date", DAY), "zh") as CellInputs;
    const out = explainMatrix(engine, ["jiulongpo-5"], i, "zh") as unknown[][];
    expect(out[0]?.[0]).toMatch(/^有效期 2025-11-04 至 2027-12-31，2026-03-01 在有效期内；/);
  });

  it("reads provision lists from ranges and comma-separated text", () => {
    expect(readProvisionList([["jiulongpo-1，jiulongpo-3"], ["yubei-2"]], "en")).toEqual(["jiulongpo-1", "jiulongpo-3", "yubei-2"]);
    expect(readProvisionList([[null]], "en")).toBeInstanceOf(CellError);
  });
});

describe("lookups", () => {
  const entry = (id: string) => findProvision(engine, id, "en") as Exclude<ReturnType<typeof findProvision>, CellError>;

  it("SOURCE, CAP, RATE", () => {
    expect(source(entry("jiulongpo-3"), "en")).toMatch(/^九龙坡经信委发〔2025〕69号, clause 3: /);
    expect(cap(engine, entry("jiulongpo-3"), null, null, "en")).toBe(20_000_000);
    expect(rate(entry("jiulongpo-3"), "en")).toBe(0.2);
    expect(findProvision(engine, " JIULONGPO-3 ", "en")).toMatchObject({ provision: { id: "jiulongpo-3" } });
    expect(findProvision(engine, null, "en")).toBeInstanceOf(CellError);
  });

  it("REMAINING never goes below zero and is exact to the fen", () => {
    expect(headroom(engine, entry("jiulongpo-3"), [[0.01], [25_000_000]], null, null, "en")).toEqual([[19_999_999.99], [0]]);
  });

  it("CAP and REMAINING by scope and branch, defaulting as a bare awarded does (issue 13)", () => {
    // jiulongpo-11: 单个项目最高不超过2000万元, 单个企业年度补助不超过1亿元.
    expect(headroom(engine, entry("jiulongpo-11"), [[85_000_000]], null, null, "en")).toEqual([[15_000_000]]);
    expect(headroom(engine, entry("jiulongpo-11"), [[19_000_000]], "project", null, "en")).toEqual([[1_000_000]]);
    expect(headroom(engine, entry("jiulongpo-11"), [[19_000_000]], "awarded.单个项目", null, "zh")).toEqual([[1_000_000]]);
    expect(cap(engine, entry("jiulongpo-11"), null, null, "en")).toBe(100_000_000);
    expect(cap(engine, entry("jiulongpo-11"), "单个项目", null, "en")).toBe(20_000_000);
    expect(cap(engine, entry("jiulongpo-11"), "productYear", null, "en")).toMatchObject({ code: "#N/A", message: expect.stringMatching(/no cap per product per year/) });
    expect(cap(engine, entry("jiulongpo-11"), "bogus", null, "en")).toMatchObject({ code: "#VALUE!" });
    // jiulongpo-6: 1000万 for a municipally funded project, 500万 otherwise; without a branch, the larger.
    expect(cap(engine, entry("jiulongpo-6"), null, "received", "en")).toBe(10_000_000);
    expect(cap(engine, entry("jiulongpo-6"), null, false, "en")).toBe(5_000_000);
    expect(cap(engine, entry("jiulongpo-6"), null, null, "en")).toBe(10_000_000);
    expect(headroom(engine, entry("jiulongpo-6"), [[4_000_000]], "enterprise", "未获", "zh")).toEqual([[1_000_000]]);
    expect(cap(engine, entry("jiulongpo-11"), null, "received", "en")).toMatchObject({ code: "#VALUE!" });
    expect(headroom(engine, entry("jiulongpo-6b"), [[1]], null, null, "en")).toMatchObject({ code: "#N/A" });
  });

  it("takes awarded by scope in pairs, with Chinese names, beside a bare figure", () => {
    expect(subsidy("jiulongpo-11", [[100_000_000]], ...pair("awarded", 85_000_000))).toEqual([[15_000_000]]);
    expect(subsidy("jiulongpo-11", [[100_000_000]], ...pair("awarded.project", 19_000_000))).toEqual([[1_000_000]]);
    expect(subsidy("jiulongpo-11", [[100_000_000]], ...pair("已获补助.单个项目", 19_000_000), ...pair("awarded", 85_000_000))).toEqual([[1_000_000]]);
    expect(subsidy("jiulongpo-11", [[500_000_000]], ...pair("awarded", 80_000_000))).toEqual([[20_000_000]]);
    expect(subsidy("jiulongpo-11", [[100_000_000]], ...pair("awarded.enterpriseYear", 1), ...pair("awarded", 1))).toMatchObject({ code: "#VALUE!" });
    expect(readInputs([[1]], pair("awarded.bogus", 1), "en")).toMatchObject({ code: "#VALUE!", message: expect.stringMatching(/names no cap scope/) });
    const explained = explainMatrix(engine, ["jiulongpo-6b"], inputs([[1]], ...pair("awarded", 1_000_000)), "en") as unknown[][];
    expect(explained[0]?.[0]).toMatch(/awarded ¥1,000,000 not used: this provision has no cap that spans applications/);
  });

  it("RULES lists every provision in catalog order", () => {
    const all = rules(engine, null, "en") as unknown[][];
    expect(all).toHaveLength(engine.catalog.byId.size);
    expect(rules(engine, "Jiulongpo", "zh")).not.toBeInstanceOf(CellError);
  });
});
