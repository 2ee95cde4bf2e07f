// Cap-aware evaluation of a ledger against hand-worked cases from the documents' own numbers.
import { describe, expect, it } from "vitest";
import { evaluateLedger } from "../../shared/ledger/evaluate.ts";
import { referenceLedger } from "../../shared/ledger/reference.ts";
import { completeCreditCode, creditCodeCheckChar, creditCodeProblem } from "../../shared/ledger/credit-code.ts";
import { defaultEngine } from "../../shared/node.ts";
import { code, row } from "./helpers.ts";

const engine = defaultEngine();
const codes = (rows: Parameters<typeof evaluateLedger>[1]) => evaluateLedger(engine, rows).violations.map((v) => `${v.applicationId}:${v.code}`);

describe("caps across rows", () => {
  // jiulongpo-3: 20% of R&D spend, 单个企业年度最高支持额度不超过2000万元.
  it("an approved award consumes its approved amount; the next row of the enterprise that year gets the headroom", () => {
    const a = row({ applicationId: "A", amount: 75_000_000, status: "approved", approved: 15_000_000, applicationDate: "2026-02-01" });
    const b = row({ applicationId: "B", amount: 50_000_000, status: "approved", approved: 5_000_000, applicationDate: "2026-04-01" });
    const e = evaluateLedger(engine, [b, a]);
    expect(e.rows[1]).toMatchObject({ ceiling: 15_000_000, bound: "none", counted: 15_000_000, verdict: "ok" });
    expect(e.rows[0]).toMatchObject({ ceiling: 5_000_000, bound: "headroom", counted: 5_000_000, verdict: "ok" });
    expect(e.violations).toEqual([]);
  });

  it("reports cap_exceeded, naming the earlier rows, when an award fits its own ceiling but not what is left", () => {
    const a = row({ applicationId: "A", amount: 75_000_000, status: "paid", approved: 15_000_000, paid: 15_000_000, paidDate: "2026-05-01", applicationDate: "2026-02-01" });
    const b = row({ applicationId: "B", amount: 50_000_000, status: "approved", approved: 8_000_000, applicationDate: "2026-04-01" });
    const e = evaluateLedger(engine, [a, b]);
    expect(e.violations).toHaveLength(1);
    expect(e.violations[0]).toMatchObject({ code: "cap_exceeded", applicationId: "B", field: "approved", related: ["A"], capKey: "jiulongpo-3#0" });
    expect(e.violations[0]?.message.zh).toContain("剩余额度 5,000,000 元");
    expect(e.violations[0]?.message.en).toContain("headroom ¥5,000,000");
  });

  it("reports approved_above_ceiling (not cap_exceeded) when the award is above the row's own ceiling", () => {
    expect(codes([row({ applicationId: "A", amount: 10_000_000, status: "approved", approved: 2_000_001 })])).toEqual(["A:approved_above_ceiling"]);
  });

  it("a pending application reserves its ceiling; rejected and withdrawn rows reserve nothing", () => {
    const pending = row({ applicationId: "A", amount: 50_000_000, applicationDate: "2026-01-10" }); // reserves 1000万
    const rejected = row({ applicationId: "B", amount: 50_000_000, status: "rejected", applicationDate: "2026-01-11" });
    const withdrawn = row({ applicationId: "C", amount: 50_000_000, status: "withdrawn", applicationDate: "2026-01-12" });
    const later = row({ applicationId: "D", amount: 100_000_000, applicationDate: "2026-02-01" });
    const e = evaluateLedger(engine, [pending, rejected, withdrawn, later]);
    expect(e.rows.map((r) => r.counted)).toEqual([10_000_000, 0, 0, 10_000_000]);
    expect(e.rows[3]?.ceiling).toBe(10_000_000);
  });

  it("annual caps restart each calendar year and never span enterprises", () => {
    const a = row({ amount: 100_000_000, status: "approved", approved: 20_000_000, applicationDate: "2026-12-31" });
    const nextYear = row({ amount: 100_000_000, applicationDate: "2027-01-01" });
    const other = row({ amount: 100_000_000, creditCode: code(2), applicationDate: "2026-12-31" });
    const e = evaluateLedger(engine, [a, nextYear, other]);
    expect(e.rows.map((r) => r.ceiling)).toEqual([20_000_000, 20_000_000, 20_000_000]);
  });

  it("a per-project cap runs per project ID; the enterprise's annual cap across its projects", () => {
    // jiulongpo-11: 30%, 单个项目最高不超过2000万元, 单个企业年度补助不超过1亿元.
    const base = { provisionId: "jiulongpo-11", amount: 100_000_000, status: "approved" as const };
    const rows = [
      row({ ...base, applicationId: "A", projectId: "X", approved: 20_000_000, applicationDate: "2026-01-05" }),
      row({ ...base, applicationId: "B", projectId: "X", approved: null, status: "applied", applicationDate: "2026-02-05" }),
      row({ ...base, applicationId: "C", projectId: "Y", approved: 20_000_000, applicationDate: "2026-03-05" }),
    ];
    const e = evaluateLedger(engine, rows);
    expect(e.rows.map((r) => r.ceiling)).toEqual([20_000_000, 0, 20_000_000]);
    expect(e.rows[1]?.bound).toBe("headroom");
  });

  it("a cap group is shared by its provisions: jiulongpo-12b and 12c draw on one 1000万 a year", () => {
    const rows = [
      row({ applicationId: "A", provisionId: "jiulongpo-12c", amount: 3, status: "approved", approved: 6_000_000, applicationDate: "2026-01-05" }),
      row({ applicationId: "B", provisionId: "jiulongpo-12b", amount: 5, applicationDate: "2026-02-05" }),
    ];
    const e = evaluateLedger(engine, rows);
    expect(e.rows[1]).toMatchObject({ ceiling: 4_000_000, bound: "headroom" });
  });
});

describe("row checks", () => {
  it("reports the document's window, an unknown provision and invalid inputs on live rows only", () => {
    expect(
      codes([
        row({ applicationId: "A", provisionId: "jiulongpo-5", amount: 1_000_000, applicationDate: "2025-06-01" }),
        row({ applicationId: "B", provisionId: "jiulongpo-99" }),
        row({ applicationId: "C", provisionId: "jiulongpo-12b", amount: 2.5 }),
        row({ applicationId: "D", provisionId: "jiulongpo-99", status: "rejected" }),
      ]),
    ).toEqual(["A:not_in_force", "B:unknown_provision", "C:invalid_input"]);
  });

  it("a provision the text gives no amount for is unchecked, not a violation", () => {
    const e = evaluateLedger(engine, [row({ provisionId: "jiulongpo-4", amount: null, status: "approved", approved: 2_000 })]);
    expect(e.violations).toEqual([]);
    expect(e.rows[0]).toMatchObject({ verdict: "unchecked", ceiling: null });
    expect(e.rows[0]?.error?.code).toBe("not_computable");
  });

  it("reports an invalid credit code with the expected check character", () => {
    const bad = code(1).slice(0, 17) + (code(1).endsWith("0") ? "1" : "0");
    const e = evaluateLedger(engine, [row({ applicationId: "A", creditCode: bad })]);
    expect(e.violations.map((v) => v.code)).toEqual(["invalid_credit_code"]);
    expect(e.violations[0]?.message.zh).toContain(`校验码应为 ${code(1)[17]}`);
  });

  it("reports a credit code whose organisation code (characters 9–17) fails its GB 11714 check, even with a right 18th character", () => {
    // One character of the organisation code changed, and the 18th recomputed so that only GB 11714 catches it.
    const first16 = code(1).slice(0, 15) + (code(1)[15] === "1" ? "2" : "1");
    const first17 = first16 + code(1)[16];
    const typo = first17 + creditCodeCheckChar(first17);
    expect(completeCreditCode(first16)).not.toBe(typo);
    const e = evaluateLedger(engine, [row({ applicationId: "A", creditCode: typo })]);
    expect(e.violations.map((v) => v.code)).toEqual(["invalid_credit_code"]);
    expect(e.violations[0]?.message.zh).toContain("第9–17位组织机构代码");
    expect(e.violations[0]?.message.zh).toContain(`校验码应为 ${completeCreditCode(first16)?.[16]}`);
  });

  it("reports paid above approved, a floor not reached, and status against amounts", () => {
    expect(
      codes([
        row({ applicationId: "A", amount: 10_000_000, status: "paid", approved: 1_000_000, paid: 1_000_001, paidDate: "2026-05-01" }),
        // chongqing2023-3: 给予50万元—200万元奖励
        row({ applicationId: "B", provisionId: "chongqing2023-3", amount: null, status: "approved", approved: 499_999.99 }),
        row({ applicationId: "C", status: "paid", approved: 100, paid: 100, paidDate: null }),
        row({ applicationId: "D", status: "approved", approved: null }),
        row({ applicationId: "E", status: "rejected", approved: 5 }),
        row({ applicationId: "F", status: "approved", approved: 100, paid: 50, paidDate: "2026-01-01" }),
      ]),
    ).toEqual(["A:paid_above_approved", "B:approved_below_floor", "C:status_inconsistent", "D:status_inconsistent", "E:status_inconsistent", "F:status_inconsistent"]);
  });

  it("reports a duplicate application ID on the later row, naming the first", () => {
    const e = evaluateLedger(engine, [row({ applicationId: "A", applicationDate: "2026-05-01" }), row({ applicationId: "A", applicationDate: "2026-04-01" })]);
    expect(e.violations).toHaveLength(1);
    expect(e.violations[0]).toMatchObject({ code: "duplicate_id", index: 0 });
    expect(e.violations[0]?.message.zh).toContain("首次出现于第 3 行");
  });
});

describe("stacking (就高不重复)", () => {
  it("names the higher award as the one that stands, whichever comes first", () => {
    // jiulongpo sameKind: jiulongpo-1, -3, -14 (R&D expense subsidies).
    const low = row({ applicationId: "LOW", projectId: "X", provisionId: "jiulongpo-1", amount: 1_000_000, status: "approved", approved: 1_000_000, applicationDate: "2026-01-01" });
    const high = row({ applicationId: "HIGH", projectId: "X", provisionId: "jiulongpo-3", amount: 20_000_000, status: "approved", approved: 4_000_000, applicationDate: "2026-02-01" });
    const e = evaluateLedger(engine, [high, low]);
    expect(e.violations).toHaveLength(1);
    expect(e.violations[0]).toMatchObject({ code: "stacking", applicationId: "LOW", related: ["HIGH"] });
    expect(e.violations[0]?.message.zh).toContain("应保留 HIGH（jiulongpo-3）");
  });

  it("does not apply across projects, to one provision twice, or to rejected rows", () => {
    expect(
      codes([
        row({ projectId: "X", provisionId: "jiulongpo-1", amount: 1_000_000 }),
        row({ projectId: "Y", provisionId: "jiulongpo-3", amount: 1_000_000 }),
        row({ projectId: "X", provisionId: "jiulongpo-1", amount: 1_000_000, applicationDate: "2027-03-01" }),
        row({ projectId: "X", provisionId: "jiulongpo-14", amount: 1_000_000, status: "rejected" }),
      ]),
    ).toEqual([]);
  });
});

describe("stacking across documents (就新不重复)", () => {
  // 渝经信规范〔2026〕1号: "本政策措施与本市其他同类政策有重叠或冲突的，按照“就新、不重复”原则执行".
  const base = { projectId: "X", amount: null } as const;
  it("lets the newer document's provision stand, whichever was applied for later or is higher", () => {
    const old = row({ ...base, applicationId: "OLD", provisionId: "chongqing2023-3", status: "approved", approved: 2_000_000, applicationDate: "2026-06-01" });
    const champion = row({ ...base, applicationId: "NEW", provisionId: "chongqing2026-6b", status: "applied", applicationDate: "2026-02-01" });
    const e = evaluateLedger(engine, [old, champion]);
    expect(e.violations.map((v) => [v.code, v.applicationId, v.related])).toEqual([["stacking", "OLD", ["NEW"]]]);
    expect(e.violations[0]?.message.zh).toContain("按就新不重复原则（本政策措施与本市其他同类政策有重叠或冲突的");
    expect(e.violations[0]?.message.zh).toContain("应保留 NEW（chongqing2026-6b）");
    expect(referenceLedger(engine, [old, champion]).violations).toEqual([{ index: 0, code: "stacking", field: "provisionId", related: ["NEW"] }]);
  });

  it("flags chongqing2023-3 against 6c as well, but never 6b against 6c (one document)", () => {
    const rows = [
      row({ ...base, applicationId: "OLD", provisionId: "chongqing2023-3" }),
      row({ ...base, applicationId: "CHAMPION", provisionId: "chongqing2026-6b" }),
      row({ ...base, applicationId: "GIANT", provisionId: "chongqing2026-6c" }),
    ];
    const e = evaluateLedger(engine, rows);
    expect(e.violations.map((v) => [v.applicationId, v.related?.[0]]).sort()).toEqual([["OLD", "CHAMPION"], ["OLD", "GIANT"]]);
    expect(codes(rows.slice(1))).toEqual([]);
  });

  it("no longer invents 就高 for chongqing2023 and chongqing2025, whose texts state none", () => {
    const catalog = engine.catalog;
    for (const key of ["chongqing2023", "chongqing2025"]) expect(catalog.documents.find((d) => d.key === key)?.stacking).toBeUndefined();
  });
});

describe("rows under an application notice (申报批次)", () => {
  const NOTICE = "jiulongpo-2026-1-sample";
  it("pays the notice's figures, its year cap drawn on by every row of the enterprise, and names the field of a notice that does not apply", () => {
    const rows = [
      row({ applicationId: "FIRST", provisionId: "jiulongpo-5", amount: 125_000_000, status: "approved", approved: 10_000_000, applicationDate: "2026-03-10", notice: NOTICE }),
      row({ applicationId: "SECOND", provisionId: "jiulongpo-5", amount: 100_000_000, applicationDate: "2026-03-20", notice: NOTICE }),
      row({ applicationId: "PLAIN", provisionId: "jiulongpo-5", amount: 100_000_000, applicationDate: "2026-03-25" }),
      row({ applicationId: "OTHER", provisionId: "yubei-2", amount: 1_000_000, applicationDate: "2026-03-25", notice: NOTICE }),
      row({ applicationId: "UNKNOWN", provisionId: "jiulongpo-5", amount: 1_000_000, applicationDate: "2026-03-25", notice: "nope" }),
    ];
    const e = evaluateLedger(engine, rows);
    // 1亿 × 8% = 800万, but 1500万 − 1000万 = 500万 left of the notice's year cap; without the notice, 10% = 1000万 and
    // 2000万 − 1000万 − 500万 = 500万 left of the document's.
    expect(e.rows.map((r) => r.ceilingFen)).toEqual([10_000_000_00, 5_000_000_00, 5_000_000_00, null, null]);
    expect(e.violations.map((v) => [v.applicationId, v.code, v.field])).toEqual([
      ["OTHER", "invalid_input", "notice"],
      ["UNKNOWN", "invalid_input", "notice"],
    ]);
    expect(e.rows[1]?.trace.some((s) => s.step === "notice")).toBe(true);
    const reference = referenceLedger(engine, rows);
    expect(reference.rows.map((r) => r.ceilingFen)).toEqual(e.rows.map((r) => r.ceilingFen));
    expect(reference.violations.map((v) => [v.index, v.code, v.field])).toEqual([[3, "invalid_input", "notice"], [4, "invalid_input", "notice"]]);
  });
});

describe("credit code check characters", () => {
  it("follow GB 11714-1997 §2.1.2 for the organisation code and GB 32100-2015 for the 18th character", () => {
    // GB 11714-1997 §2.1.2 (zh.wikisource.org/wiki/GB_11714-1997_全国组织机构代码编制规则): C9 = 11 − MOD(Σ Ci·Wi, 11),
    // W = 3 7 9 10 5 8 4 2, A = 10 … Z = 35; 10 is written X, 11 is written 0. Worked: 12345678 → Σ = 289,
    // 289 mod 11 = 3, C9 = 8.
    expect(completeCreditCode("9150010712345678")?.[16]).toBe("8");
    // MA5U7B1X: 22·3 + 10·7 + 5·9 + 30·10 + 7·5 + 11·8 + 1·4 + 33·2 = 674, 674 mod 11 = 3, C9 = 8.
    expect(completeCreditCode("91500107MA5U7B1X")?.[16]).toBe("8");
    for (const seed of [0, 1, 7, 123456, 999999]) expect(creditCodeProblem(code(seed))).toBeNull();
    expect(creditCodeProblem("91500107MA61K3DW8J")?.en).toContain("should end in 0");
  });
});
