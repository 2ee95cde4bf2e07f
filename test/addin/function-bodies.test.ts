// The function bodies under Node, without the Office runtime: cell reading, broadcasting, per-cell errors,
// and agreement with the engine's own answers.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CellError } from "../../addin/functions/cell-error.ts";
import { bestMatrix, evaluateAlternatives, evaluateCells, explainMatrix, toMatrix } from "../../addin/functions/ceiling.ts";
import { readAmount, readDate } from "../../addin/functions/cells.ts";
import { addinEngine } from "../../addin/functions/engine.ts";
import { readInputs, type CellInputs } from "../../addin/functions/inputs.ts";
import { scalarSubsidy } from "../../addin/functions/scalar.ts";
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
    expect(readAmount("amount", true, "zh")).toEqual(new CellError("#VALUE!", "金额 应为数字，不能是 TRUE"));
    // #REF! is an input-only code: #VALUE! with the reason; #DIV/0! may be returned, so it stays.
    expect(readAmount("amount", { code: "#REF!" }, "en")).toEqual(new CellError("#VALUE!", "the amount cell is #REF!: it refers to a deleted or invalid cell; fix the reference"));
    expect(readAmount("centralFunds", { code: "#NAME?" }, "zh")).toMatchObject({ code: "#VALUE!", message: expect.stringMatching(/^中央财政补助资金 的单元格为 #NAME\?：/) });
    expect(readAmount("amount", { code: "#DIV/0!" }, "en")).toMatchObject({ code: "#DIV/0!" });
    expect(readAmount("amount", "12 apples", "en")).toBeInstanceOf(CellError);
  });

  it("reads dates as Excel serials or ISO text", () => {
    expect(readDate(46082, "en")).toBe("2026-03-01");
    expect(readDate(" 2026-03-01 ", "en")).toBe("2026-03-01");
    expect(readDate(null, "en")).toBeUndefined();
    expect(readDate(0, "en")).toBeUndefined();
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

  it("refuses a fact the provision does not take where it has a value, and ignores it where empty or 0", () => {
    const out = subsidy("jiulongpo-3", [[1_000_000], [1_000_000], [1_000_000]], ...pair("centralFunds", [[1], [0], [null]])) as unknown[][];
    expect(out[0]?.[0]).toEqual(new CellError("#VALUE!", "jiulongpo-3 takes no fact centralFunds (it takes: —)"));
    expect(out.slice(1)).toEqual([[200_000], [200_000]]);
    const zh = readInputs([[1_000_000]], [...pair("date", DAY), ...pair("市级补助资金", 5)], "zh") as CellInputs;
    const zhOut = toMatrix(evaluateCells(engine, "jiulongpo-5", zh, "zh") as never, zh, "zh");
    expect(zhOut[0]?.[0]).toEqual(new CellError("#VALUE!", "条款 jiulongpo-5 不使用申报要素 市级补助资金（可用：中央财政补助资金）"));
  });

  it("takes the ledger table's own formula with every fact column, empty cells passed as 0", () => {
    // =CQ.SUBSIDY([@条款],[@计算基数],"date",[@申请日期],"centralFunds",[@中央…],"municipalFunds",…) with blanks as 0.
    const facts = ["centralFunds", "municipalFunds", "rndGrowth", "annualPurchases", "insuredValue"].flatMap((f) => pair(f, 0));
    const read = readInputs([[1_000_000]], [...pair("date", 0), ...facts], "en") as CellInputs;
    expect(read.date).toBeUndefined();
    const zh = readInputs([[1_000_000]], [...pair("日期", DAY), ...pair("中央财政补助资金", 5_000_000), ...pair("市级补助资金", 0)], "zh") as CellInputs;
    expect(toMatrix(evaluateCells(engine, "jiulongpo-5", zh, "zh") as never, zh, "zh")).toEqual([[5_000_000]]);
    const fixed = readInputs([[0]], [...pair("date", DAY), ...facts], "en") as CellInputs;
    expect(toMatrix(evaluateCells(engine, "jiulongpo-2", fixed, "en") as never, fixed, "en")).toEqual([[100_000]]);
  });

  it("reads counts only as whole numbers, from numbers or text", () => {
    const id = engine.catalog.documents.flatMap((d) => d.provisions).find((p) => p.amount?.unit === "count")?.id as string;
    const read = (amount: unknown) => {
      const i = readInputs([[amount]], pair("date", DAY), "en", { counts: true }) as CellInputs;
      return toMatrix(evaluateCells(engine, id, i, "en") as never, i, "en")[0]?.[0];
    };
    expect(read("3")).toEqual(read(3));
    expect(read("1,000")).toEqual(read(1000));
    expect(read("2.004")).toEqual(new CellError("#VALUE!", 'amount is a count and must be a whole number: "2.004"'));
    expect(read("3万")).toEqual(new CellError("#VALUE!", 'amount is a count and must be a whole number: "3万"'));
    expect((read(2.004) as CellError).code).toBe("#VALUE!");
  });

  it("reads Excel data types through their basic value and refuses an entity by name", () => {
    expect(readAmount("amount", { type: "FormattedNumber", basicValue: 1_000_000, numberFormat: "#,##0" }, "en")).toBe(1_000_000);
    expect(readAmount("amount", { type: "Double", basicType: "Double", basicValue: 12.5 }, "en")).toBe(12.5);
    expect(readAmount("amount", { type: "String", basicValue: "50万" }, "en")).toBe(500_000);
    expect(readAmount("amount", { type: "Error", basicValue: "#N/A" }, "en")).toMatchObject({ code: "#N/A" });
    expect(readAmount("amount", { type: "Entity", text: "重庆某公司", basicType: "Error", basicValue: "#VALUE!", properties: {} }, "zh")).toEqual(
      new CellError("#VALUE!", "金额 是 Excel 数据类型（Entity “重庆某公司”），没有可读的数值；请引用其中的字段，如 =A2.金额"),
    );
    expect(readDate({ type: "FormattedNumber", basicValue: 46082, numberFormat: "yyyy-mm-dd" }, "en")).toBe("2026-03-01");
  });
});

describe("BEST and EXPLAIN bodies", () => {
  it("takes the highest alternative per cell, and falls back to the first reason when none computes", () => {
    const i = inputs([[1_000_000], [-1]]);
    const alternatives = evaluateAlternatives(engine, ["jiulongpo-1", "jiulongpo-3"], i, "en");
    if (alternatives instanceof CellError) throw new Error(alternatives.message);
    const out = bestMatrix(alternatives, i, "en");
    expect(out[0]).toEqual([1_000_000]);
    // The cell's own input is at fault for both: that one reason.
    expect(out[1]?.[0]).toEqual(new CellError("#VALUE!", "amount must not be negative"));
    // Each fails for its own reason: both named.
    const outside = readInputs([[1_000_000]], pair("date", "2028-06-01"), "zh") as CellInputs;
    const both = evaluateAlternatives(engine, ["jiulongpo-1", "chongqing2025-1"], outside, "zh");
    if (both instanceof CellError) throw new Error(both.message);
    const why = bestMatrix(both, outside, "zh")[0]?.[0] as CellError;
    expect(why.code).toBe("#N/A");
    expect(why.message).toMatch(/^没有可计算的条款：jiulongpo-1: #N\/A .*2028-06-01 不在其内；chongqing2025-1: #N\/A /);
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
    expect(findProvision(engine, 0, "zh")).toEqual(new CellError("#VALUE!", "缺少条款编号"));
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

describe("the notice pair", () => {
  const NOTICE = "jiulongpo-2026-1-sample";
  it("pays a notice's figures over a range of amounts, as the engine does one at a time", () => {
    expect(subsidy("jiulongpo-5", [[100_000_000], [300_000_000]], ...pair("notice", NOTICE))).toEqual([[8_000_000], [15_000_000]]);
    expect(subsidy("jiulongpo-5", [[100_000_000], [300_000_000]], ...pair("申报通知", NOTICE))).toEqual([[8_000_000], [15_000_000]]);
    expect(subsidy("jiulongpo-5", [[100_000_000]])).toEqual([[10_000_000]]);
    for (const amount of [100_000_000, 300_000_000]) {
      const one = engine.evaluate("jiulongpo-5", amount, {}, { date: DAY, notice: NOTICE });
      expect(subsidy("jiulongpo-5", amount, ...pair("notice", NOTICE))).toEqual([[one.ok ? one.ceiling : null]]);
    }
  });

  it("explains with the notice's figure beside the document's", () => {
    const text = explainMatrix(engine, ["jiulongpo-5"], inputs(100_000_000, ...pair("notice", NOTICE)), "en") as unknown[][];
    expect(String(text[0]?.[0])).toContain("jiulongpo-5.rate 8% (document: 10%)");
  });

  it("answers #VALUE! for an unknown notice, one of another document, or a range", () => {
    expect(subsidy("jiulongpo-5", 1, ...pair("notice", "nope"))).toMatchObject({ code: "#VALUE!" });
    expect(subsidy("yubei-2", 1, ...pair("notice", NOTICE))).toMatchObject({ code: "#VALUE!", message: expect.stringContaining("is for jiulongpo") });
    expect(readInputs(1, pair("notice", [[NOTICE], [NOTICE]]), "en")).toMatchObject({ code: "#VALUE!" });
  });
});

describe("the one-cell path", () => {
  // What CQ.SUBSIDY's general (range) path shows for a one-cell call: the cell's value or error.
  const general = (id: string, amount: unknown, pairs: unknown[][], lang: "zh" | "en", counts: boolean): unknown => {
    const entry = findProvision(engine, id, lang);
    if (entry instanceof CellError) return entry;
    const read = readInputs([[amount]], pairs, lang, { counts });
    if (read instanceof CellError) return read;
    const results = evaluateCells(engine, id, read, lang);
    return results instanceof CellError ? results : toMatrix(results, read, lang)[0]?.[0];
  };
  const cell = fc.oneof(
    fc.constantFrom(null, 0, "", " ", 1_000_000, 0.005, -3, 2.5, 3, 1e16, "1,000,000", "50万", "2.004", "3万", "abc", true, false),
    fc.constantFrom({ code: "#REF!" }, { code: "#DIV/0!" }, { type: "FormattedNumber", basicValue: 2_000_000 }, { type: "Entity", text: "x", basicType: "Error", basicValue: "#VALUE!" }),
    fc.integer({ min: 0, max: 1e11 }).map((fen) => fen / 100),
  );
  const dateCell = fc.constantFrom(null, 0, "2026-03-01", 46082, "2020-01-01", "2026-02-30", " 2026-03-01 ", true);
  const names = ["centralFunds", "municipalFunds", "rndGrowth", "annualPurchases", "insuredValue", "中央财政补助资金", "市级补助资金", "date", "日期"];
  const ids = ["jiulongpo-5", "jiulongpo-2", "jiulongpo-3", "jiulongpo-6", "jiulongpo-12b", "chongqing2023-1", "chongqing2023-2", "chongqing2025-1", "yubei-1", " JIULONGPO-5 "];

  it("gives exactly what the range path gives, for any cell values, facts and dates (property)", () => {
    let taken = 0;
    fc.assert(
      fc.property(fc.constantFrom(...ids), cell, fc.array(fc.tuple(fc.constantFrom(...names), cell, dateCell), { maxLength: 5 }), fc.constantFrom("zh" as const, "en" as const), (id, amount, pairList, lang) => {
        const pairs = pairList.flatMap(([name, value, day]) => [[[name]], [[name === "date" || name === "日期" ? day : value]]]);
        const fast = scalarSubsidy(engine, id, [[amount]], pairs, lang);
        if (fast === undefined) return;
        taken++;
        const counts = engine.lookup(id)?.entry.provision.amount?.unit === "count";
        const value = fast instanceof CellError ? fast : fast[0]?.[0];
        expect(value).toEqual(general(id, amount, pairs, lang, counts));
      }),
      { numRuns: 2000 },
    );
    // The fast path must take on most one-cell calls, or it measures nothing.
    expect(taken).toBeGreaterThan(1000);
  });

  it("leaves ranges and pairs it does not take on to the general path", () => {
    expect(scalarSubsidy(engine, "jiulongpo-5", [[1], [2]], null, "en")).toBeUndefined();
    expect(scalarSubsidy(engine, "jiulongpo-5", [[1]], [[["awarded"]], [[5]]], "en")).toBeUndefined();
    expect(scalarSubsidy(engine, "jiulongpo-5", [[1]], [[["colour"]], [[5]]], "en")).toBeUndefined();
    expect(scalarSubsidy(engine, "nope-1", [[1]], null, "en")).toBeUndefined();
    expect(scalarSubsidy(engine, "jiulongpo-5", [[1_000_000]], [[["date"]], [["2026-03-01"]]], "en")).toEqual([[100_000]]);
  });
});
