// The built add-in page in headless Chromium with the real custom-functions-runtime.js from
// @microsoft/office-js: every function is invoked the way Excel invokes it (see excel-host.ts) and the values,
// error codes and messages that travel back to "Excel" are checked.
import { readFileSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogVersion } from "../../shared/catalog/version-node.ts";
import { call, makeToken, startService, tempDir, type Service } from "../service/harness.ts";
import { buildForTest } from "./build-for-test.ts";
import { CHROMIUM, openExcelHost, type ExcelHost } from "./excel-host.ts";

const DAY = "2026-03-01"; // inside every document's window in force used below
const ERR_DIV0 = { type: "CustomFunctionError", code: "#DIV/0!" };
const pair = (name: string, value: unknown) => [[[name]], Array.isArray(value) ? value : [[value]]];
const dated = (...more: unknown[][]) => [...pair("date", DAY), ...more];

let dist: string;
let browser: Browser;
let en: ExcelHost;
let zh: ExcelHost;
let fr: ExcelHost;

beforeAll(async () => {
  dist = await buildForTest();
  browser = await chromium.launch(CHROMIUM);
  en = await openExcelHost(dist, { locale: "en-US", browser });
  zh = await openExcelHost(dist, { locale: "zh-CN", browser });
  fr = await openExcelHost(dist, { locale: "fr-FR", browser });
});

afterAll(async () => {
  await en?.close();
  await zh?.close();
  await fr?.close();
  await browser?.close();
});

describe("registration", () => {
  it("associates exactly the IDs of functions.json and functions.zh-CN.json", async () => {
    const ids = (file: string) => (JSON.parse(readFileSync(path.join(dist, file), "utf8")) as { functions: { id: string }[] }).functions.map((f) => f.id).sort();
    const associated = (await en.associated()).sort();
    expect(associated).toEqual(ids("functions.json"));
    expect(associated).toEqual(ids("functions.zh-CN.json"));
    expect(associated).toContain("SUBSIDY");
  });

  it("has a help page at every function's help URL", () => {
    const metadata = JSON.parse(readFileSync(path.join(dist, "functions.json"), "utf8")) as { functions: { id: string; helpUrl: string }[] };
    for (const f of metadata.functions) {
      const file = path.join(dist, new URL(f.helpUrl).pathname.replace(/^\/addin\//, ""));
      const html = readFileSync(file, "utf8");
      expect(html, f.id).toContain(`CQ.${f.id}`);
      expect(html, f.id).toContain("错误及处理");
      expect(html, f.id).toContain("Errors and what to do");
    }
  });

  it("gives worked examples from rules/cases in both languages, with the results the add-in computes, and every error with what to do", () => {
    const html = readFileSync(path.join(dist, "help", "SUBSIDY.html"), "utf8");
    // rules/cases/jiulongpo.yaml: "equipment investment of 1,000,000 without central funds" → 100,000.
    expect(html).toContain("=CQ.补贴额(&quot;jiulongpo-5&quot;, 1000000, &quot;日期&quot;, &quot;2026-03-01&quot;)</code></td><td>100,000 元</td>");
    expect(html).toContain("=CQ.SUBSIDY(&quot;jiulongpo-5&quot;, 1000000, &quot;date&quot;, &quot;2026-03-01&quot;)</code></td><td>¥100,000</td>");
    expect(html).toContain("rules/cases/jiulongpo.yaml: equipment investment of 1,000,000 without central funds");
    expect(html).toContain("<td><code>#VALUE!</code></td><td>金额 的单元格为 #REF!：引用了已删除或无效的单元格，请修正该引用</td>");
    expect(html).toContain("<td><code>#N/A</code></td><td>no provision nope-1</td><td>check the provision ID; =CQ.SUBSIDY.RULES() lists them all</td>");
  });

  it("loads nothing of ours from outside its own origin and raises no page error", () => {
    // Outside an Office host, Office's own script table (o15apptofilemappingtable.js) tries to open Microsoft's
    // telemetry frame; the test refuses it like any other outside request. Inside Excel, Office's telemetry
    // follows the organisation's Office privacy settings, not this add-in.
    const officeTelemetry = "https://telemetryservice.firstpartyapps.oaspapps.com/";
    expect(en.external.filter((url) => !url.startsWith(officeTelemetry))).toEqual([]);
    expect(en.pageErrors).toEqual([]);
  });
});

describe("CQ.SUBSIDY", () => {
  it("returns the ceiling for one cell", async () => {
    expect(await en.invoke("SUBSIDY", ["jiulongpo-5", [[1_000_000]], dated()])).toEqual({ ok: true, value: [[100_000]] });
  });

  it("spills a 2-D range cell by cell: text amounts parse, a bad cell gets its own error", async () => {
    const amounts = [
      [1_000_000, "1,000,000"],
      ["50万", null],
      [true, ERR_DIV0],
      ["abc", -5],
    ];
    const result = await en.invoke("SUBSIDY", ["jiulongpo-5", amounts, dated()]);
    expect(result.ok).toBe(true);
    const value = (result as { value: unknown[][] }).value;
    expect(value[0]).toEqual([100_000, 100_000]);
    expect(value[1]?.[0]).toBe(50_000);
    expect(value[1]?.[1]).toEqual({ error: "#VALUE!", message: "the amount this provision is computed on is missing" });
    expect(value[2]?.[0]).toEqual({ error: "#VALUE!", message: "amount must be a number, not TRUE" });
    expect(value[2]?.[1]).toEqual({ error: "#DIV/0!" });
    expect(value[3]?.[0]).toEqual({ error: "#VALUE!", message: 'amount is not an amount: "abc" (write 1000000, "1,000,000" or "50万")' });
    expect(value[3]?.[1]).toMatchObject({ error: "#VALUE!" });
  });

  it("takes facts as name/value pairs, a range of values row by row, and applies the cap", async () => {
    const result = await en.invoke("SUBSIDY", ["jiulongpo-5", [[1_000_000], [1_000_000], [1_000_000]], dated(...pair("centralFunds", [[0], [5_000_000], [300_000_000]]))]);
    expect(result).toEqual({ ok: true, value: [[100_000], [5_000_000], [20_000_000]] });
  });

  it("takes the amount already awarded and the date as an Excel serial", async () => {
    // 46082 is 2026-03-01; 19,000,000 already awarded leaves 1,000,000 under the 2000万 yearly cap.
    const result = await en.invoke("SUBSIDY", ["jiulongpo-5", [[1_000_000]], [...pair("date", 46082), ...pair("centralFunds", 5_000_000), ...pair("awarded", 19_000_000)]]);
    expect(result).toEqual({ ok: true, value: [[1_000_000]] });
  });

  it("pays an application notice's figures through the built bundle (the notice pair)", async () => {
    const result = await en.invoke("SUBSIDY", ["jiulongpo-5", [[100_000_000], [300_000_000]], dated(...pair("notice", "jiulongpo-2026-1-sample"))]);
    expect(result).toEqual({ ok: true, value: [[8_000_000], [15_000_000]] });
  });

  it("computes a fixed award with the amount omitted (null)", async () => {
    expect(await en.invoke("SUBSIDY", ["jiulongpo-2", null, dated()])).toEqual({ ok: true, value: [[100_000]] });
  });

  it("answers #N/A with a message for an unknown provision and one not in force", async () => {
    expect(await en.invoke("SUBSIDY", ["nope-1", [[1]], null])).toMatchObject({ ok: false, error: "#N/A", message: "no provision nope-1" });
    expect(await en.invoke("SUBSIDY", ["", [[1]], null])).toMatchObject({ ok: false, error: "#VALUE!", message: "the provision ID is missing" });
    const outside = await en.invoke("SUBSIDY", ["jiulongpo-5", [[1_000_000]], pair("date", "2020-01-01")]);
    expect(outside).toMatchObject({ ok: false, error: "#N/A" });
    expect((outside as { message: string }).message).toContain("2020-01-01 is outside");
  });

  it("answers #VALUE! for invalid input: a lone negative amount, odd pairs, an unknown fact, ranges of different sizes", async () => {
    // Sent together, as Excel sends a recalculation's invocations; the runtime answers them in one batch.
    const [negative, odd, unknownFact, sizes, booleanFact] = await Promise.all([
      en.invoke("SUBSIDY", ["jiulongpo-5", [[-1]], dated()]),
      en.invoke("SUBSIDY", ["jiulongpo-5", [[1]], [[["centralFunds"]]]]),
      en.invoke("SUBSIDY", ["jiulongpo-5", [[1]], dated(...pair("colour", 1))]),
      en.invoke("SUBSIDY", ["jiulongpo-5", [[1], [2]], dated(...pair("centralFunds", [[1], [2], [3]]))]),
      en.invoke("SUBSIDY", ["jiulongpo-5", [[1_000_000]], dated(...pair("centralFunds", true))]),
    ]);
    expect(negative).toMatchObject({ ok: false, error: "#VALUE!", message: "amount must not be negative" });
    expect(odd).toMatchObject({ ok: false, error: "#VALUE!", message: "facts come in pairs: name, value, name, value…" });
    expect(unknownFact).toMatchObject({ ok: false, error: "#VALUE!" });
    expect(sizes).toMatchObject({ ok: false, error: "#VALUE!", message: "centralFunds (3×1) and amount (2×1) differ in size" });
    expect(booleanFact).toMatchObject({ ok: false, error: "#VALUE!", message: "centralFunds must be a number, not TRUE" });
  });

  it("speaks Chinese when Office's display language is Chinese", async () => {
    expect(await zh.invoke("SUBSIDY", ["nope-1", [[1]], null])).toMatchObject({ ok: false, error: "#N/A", message: "没有条款 nope-1" });
    expect(await zh.invoke("SUBSIDY", ["jiulongpo-5", [[true]], dated()])).toMatchObject({ ok: false, error: "#VALUE!", message: "金额 应为数字，不能是 TRUE" });
    const sizes = await zh.invoke("SUBSIDY", ["jiulongpo-5", [[1], [2]], dated(...pair("centralFunds", [[1], [2], [3]]))]);
    expect(sizes).toMatchObject({ ok: false, error: "#VALUE!", message: "中央财政补助资金（3×1）与 金额（2×1）大小不同" });
  });

  it("speaks English in any display language other than Chinese", async () => {
    expect(await fr.invoke("SUBSIDY", ["jiulongpo-5", [[true]], dated()])).toMatchObject({ ok: false, error: "#VALUE!", message: "amount must be a number, not TRUE" });
  });
});

describe("what Excel passes for empty cells, errors and data types", () => {
  // The ledger table's calculated column names every fact column; some hosts pass its empty cells as 0.
  const allFacts = (value: unknown) => ["centralFunds", "municipalFunds", "rndGrowth", "annualPurchases", "insuredValue"].flatMap((f) => pair(f, value));

  it("takes 0 for an empty cell as not given: a fact the provision does not take, the date, the amount of a fixed award", async () => {
    const [withZeros, withNulls, fixed, zeroId] = await Promise.all([
      en.invoke("SUBSIDY", ["jiulongpo-5", [[1_000_000]], [...pair("date", 0), ...allFacts(0)]]),
      en.invoke("SUBSIDY", ["jiulongpo-5", [[1_000_000]], [...pair("date", null), ...allFacts(null)]]),
      en.invoke("SUBSIDY", ["jiulongpo-2", [[0]], [...pair("date", 0), ...allFacts(0)]]),
      zh.invoke("SUBSIDY", [0, [[1]], null]),
    ]);
    expect(withZeros).toEqual({ ok: true, value: [[100_000]] });
    expect(withNulls).toEqual(withZeros);
    expect(fixed).toEqual({ ok: true, value: [[100_000]] });
    expect(zeroId).toMatchObject({ ok: false, error: "#VALUE!", message: "缺少条款编号" });
  });

  it("still refuses a value in a fact the provision does not take, naming it in the display language", async () => {
    const result = await zh.invoke("SUBSIDY", ["jiulongpo-5", [[1_000_000]], dated(...pair("municipalFunds", 5))]);
    expect(result).toMatchObject({ ok: false, error: "#VALUE!", message: "条款 jiulongpo-5 不使用申报要素 市级补助资金（可用：中央财政补助资金）" });
  });

  it("accepts facts by their Chinese names", async () => {
    const result = await zh.invoke("SUBSIDY", ["jiulongpo-5", [[1_000_000]], [...pair("日期", DAY), ...pair("中央财政补助资金", 5_000_000)]]);
    expect(result).toEqual({ ok: true, value: [[5_000_000]] });
  });

  it("answers an input error with the same error where Excel lets a function return it, else #VALUE! saying why", async () => {
    const errors = [[{ type: "CustomFunctionError", code: "#REF!" }], [{ type: "CustomFunctionError", code: "#NAME?" }], [{ type: "CustomFunctionError", code: "#N/A" }], [1_000_000]];
    const spilled = await en.invoke("SUBSIDY", ["jiulongpo-5", errors, dated()]);
    expect(spilled).toEqual({
      ok: true,
      value: [
        [{ error: "#VALUE!", message: "the amount cell is #REF!: it refers to a deleted or invalid cell; fix the reference" }],
        [{ error: "#VALUE!", message: "the amount cell is #NAME?: its formula has a name Excel does not know; check the spelling, or that the add-in is loaded" }],
        [{ error: "#N/A", message: "the amount cell is #N/A; fix that cell first" }],
        [100_000],
      ],
    });
    const lone = await zh.invoke("SUBSIDY", ["jiulongpo-5", [[{ type: "CustomFunctionError", code: "#REF!" }]], dated()]);
    expect(lone).toMatchObject({ ok: false, error: "#VALUE!", message: "金额 的单元格为 #REF!：引用了已删除或无效的单元格，请修正该引用" });
    const provision = await en.invoke("SUBSIDY.SOURCE", [{ type: "CustomFunctionError", code: "#NAME?" }]);
    expect(provision).toMatchObject({ ok: false, error: "#VALUE!", message: expect.stringMatching(/^the provision cell is #NAME\?/) });
  });

  it("reads Excel data types through their basic value, refuses an entity with a message (flag 8: data types as JSON)", async () => {
    const json = (v: unknown) => ({ value: JSON.stringify(v) });
    const amounts = [
      [json({ type: "FormattedNumber", basicValue: 1_000_000, numberFormat: "#,##0" })],
      [json({ type: "Double", basicType: "Double", basicValue: 2_000_000 })],
      [json({ type: "Entity", text: "Acme Ltd", basicType: "Error", basicValue: "#VALUE!", properties: {} })],
      [3_000_000],
    ];
    const result = await en.invoke("SUBSIDY", ["jiulongpo-5", amounts, dated()], 4 | 8);
    expect(result).toEqual({
      ok: true,
      value: [[100_000], [200_000], [{ error: "#VALUE!", message: 'amount is an Excel data type (Entity “Acme Ltd”) with no basic value to read; refer to one of its fields instead, e.g. =A2.Amount' }], [300_000]],
    });
  });
});

describe("counts", () => {
  it("takes a count only as a whole number, from a cell or text", async () => {
    const id = "jiulongpo-12b"; // 最高100万元/个, counted in models
    const [ok, fraction, wan] = await Promise.all([
      en.invoke("SUBSIDY", [id, [[3], ["3"]], dated()]),
      en.invoke("SUBSIDY", [id, [["2.004"]], dated()]),
      en.invoke("SUBSIDY", [id, [["3万"]], dated()]),
    ]);
    expect(ok.ok).toBe(true);
    expect(ok).toEqual({ ok: true, value: [[3_000_000], [3_000_000]] });
    expect(fraction).toMatchObject({ ok: false, error: "#VALUE!", message: 'amount is a count and must be a whole number: "2.004"' });
    expect(wan).toMatchObject({ ok: false, error: "#VALUE!", message: 'amount is a count and must be a whole number: "3万"' });
  });
});

describe("CQ.SUBSIDY.EXPLAIN and CQ.SUBSIDY.BEST", () => {
  it("explains in the display language", async () => {
    const zhText = await zh.invoke("SUBSIDY.EXPLAIN", [[["jiulongpo-5"]], [[1_000_000]], dated()]);
    expect(zhText.ok).toBe(true);
    expect(String((zhText as { value: unknown[][] }).value[0]?.[0])).toMatch(/项目设备投资 1,000,000 元 × 10% = 100,000 元.*最高可补 100,000 元/);
    const enText = await en.invoke("SUBSIDY.EXPLAIN", [[["jiulongpo-5"]], [[1_000_000]], dated()]);
    expect(String((enText as { value: unknown[][] }).value[0]?.[0])).toMatch(/project equipment investment ¥1,000,000 × 10% = ¥100,000.*ceiling ¥100,000/);
  });

  it("BEST takes the higher of alternatives and EXPLAIN says which won", async () => {
    const ids = [["jiulongpo-1, jiulongpo-3"]];
    expect(await en.invoke("SUBSIDY.BEST", [ids, [[1_000_000], [200_000_000]], dated()])).toEqual({ ok: true, value: [[1_000_000], [200_000_000]] });
    const why = await en.invoke("SUBSIDY.EXPLAIN", [ids, [[1_000_000]], dated()]);
    expect(String((why as { value: unknown[][] }).value[0]?.[0])).toMatch(/^the higher stands, never both: jiulongpo-1 ¥1,000,000; jiulongpo-3 ¥200,000; jiulongpo-1 taken\./);
    expect(await en.invoke("SUBSIDY.BEST", [[["jiulongpo-1", "nope-9"]], [[1]], dated()])).toMatchObject({ ok: false, error: "#N/A", message: "no provision nope-9" });
  });
});

describe("lookups", () => {
  it("SOURCE gives the document number, clause and verbatim text", async () => {
    const result = await zh.invoke("SUBSIDY.SOURCE", ["jiulongpo-5"]);
    expect(result.ok).toBe(true);
    expect(String((result as { value: unknown }).value)).toMatch(/^九龙坡经信委发〔2025〕69号 第5条：对获得中央资金支持的工业和信息化智能制造项目/);
  });

  it("CAP, RATE and REMAINING", async () => {
    const [capValue, rateValue, noRate, noCap, headroom] = await Promise.all([
      // Excel passes every declared parameter, null where omitted (the runtime appends its invocation after them).
      en.invoke("SUBSIDY.CAP", ["jiulongpo-5", null, null]),
      en.invoke("SUBSIDY.RATE", ["jiulongpo-5"]),
      en.invoke("SUBSIDY.RATE", ["jiulongpo-2"]),
      en.invoke("SUBSIDY.CAP", ["jiulongpo-1", null, null]),
      en.invoke("SUBSIDY.REMAINING", ["jiulongpo-5", [[5_000_000], [30_000_000], ["1,000万"], [false]], null, null]),
    ]);
    expect(capValue).toEqual({ ok: true, value: 20_000_000 });
    expect(rateValue).toEqual({ ok: true, value: 0.1 });
    expect(noRate).toMatchObject({ ok: false, error: "#N/A", message: "jiulongpo-2 is not computed as a rate" });
    expect(noCap).toMatchObject({ ok: false, error: "#N/A" });
    expect(headroom).toEqual({ ok: true, value: [[15_000_000], [0], [10_000_000], [{ error: "#VALUE!", message: "awarded must be a number, not FALSE" }]] });
  });

  it("MATCH lists every provision an enterprise of a district may claim, with its ceiling, highest first", async () => {
    const [jiulongpo, withFunds, yubei, zeros, nowhere] = await Promise.all([
      en.invoke("SUBSIDY.MATCH", ["jiulongpo", dated()]),
      en.invoke("SUBSIDY.MATCH", ["jiulongpo", dated(...pair("centralFunds", 5_000_000))]),
      zh.invoke("SUBSIDY.MATCH", ["渝北", dated()]),
      en.invoke("SUBSIDY.MATCH", ["jiulongpo", dated(...pair("centralFunds", 0), ...pair("municipalFunds", 0))]),
      zh.invoke("SUBSIDY.MATCH", ["沙坪坝", null]),
    ]);
    const rows = (r: unknown) => (r as { value: unknown[][] }).value;
    expect(rows(jiulongpo).every((row) => /^(jiulongpo|chongqing)/.test(String(row[0])))).toBe(true);
    expect(rows(jiulongpo).some((row) => row[0] === "jiulongpo-2" && row[2] === 100_000)).toBe(true);
    // The fact adds jiulongpo-5 at the amount it yields, as the dashboard's calculator (shared/engine match()).
    const added = rows(withFunds).filter((row) => !rows(jiulongpo).some((r) => r[0] === row[0]));
    expect(added).toEqual([["jiulongpo-5", "Matching award for intelligent-manufacturing and upgrade projects", 5_000_000, ""]]);
    const ceilings = rows(withFunds).map((row) => (typeof row[2] === "number" ? row[2] : Infinity));
    expect(ceilings).toEqual([...ceilings].sort((a, b) => b - a));
    expect(rows(yubei).every((row) => /^(yubei|chongqing)/.test(String(row[0])))).toBe(true);
    expect(rows(yubei).some((row) => String(row[0]).startsWith("yubei-"))).toBe(true);
    expect(rows(zeros)).toEqual(rows(jiulongpo));
    expect(nowhere).toMatchObject({ ok: false, error: "#VALUE!", message: "没有区县 沙坪坝：可用 九龙坡、渝北；其他区县写 重庆（仅市级条款）；留空则列出全部" });
  });

  it("VERSION gives the catalog version the add-in was built with, the service's /api/health catalogVersion", async () => {
    expect(await en.invoke("SUBSIDY.VERSION", [])).toEqual({ ok: true, value: catalogVersion() });
  });

  it("awarded by scope, and CAP and REMAINING by scope and branch (issue 13)", async () => {
    // jiulongpo-11: 单个项目最高不超过2000万元, 单个企业年度补助不超过1亿元; jiulongpo-6: 1000万 with municipal funds, else 500万.
    const [bare, project, both, headroom, projectHeadroom, capYear, capProject, funded, unfunded, noScope] = await Promise.all([
      en.invoke("SUBSIDY", ["jiulongpo-11", [[100_000_000]], dated(...pair("awarded", 85_000_000))]),
      zh.invoke("SUBSIDY", ["jiulongpo-11", [[100_000_000]], dated(...pair("已获补助.单个项目", 19_000_000))]),
      en.invoke("SUBSIDY", ["jiulongpo-11", [[500_000_000]], dated(...pair("awarded", 80_000_000), ...pair("awarded.project", 0))]),
      en.invoke("SUBSIDY.REMAINING", ["jiulongpo-11", [[85_000_000]], null, null]),
      zh.invoke("SUBSIDY.REMAINING", ["jiulongpo-11", [[19_000_000]], "单个项目", null]),
      en.invoke("SUBSIDY.CAP", ["jiulongpo-11", null, null]),
      en.invoke("SUBSIDY.CAP", ["jiulongpo-11", "project", null]),
      en.invoke("SUBSIDY.CAP", ["jiulongpo-6", null, "received"]),
      en.invoke("SUBSIDY.CAP", ["jiulongpo-6", null, false]),
      en.invoke("SUBSIDY.CAP", ["jiulongpo-11", "productYear", null]),
    ]);
    expect(bare).toEqual({ ok: true, value: [[15_000_000]] });
    expect(project).toEqual({ ok: true, value: [[1_000_000]] });
    expect(both).toEqual({ ok: true, value: [[20_000_000]] });
    expect(headroom).toEqual({ ok: true, value: [[15_000_000]] });
    expect(projectHeadroom).toEqual({ ok: true, value: [[1_000_000]] });
    expect(capYear).toEqual({ ok: true, value: 100_000_000 });
    expect(capProject).toEqual({ ok: true, value: 20_000_000 });
    expect(funded).toEqual({ ok: true, value: 10_000_000 });
    expect(unfunded).toEqual({ ok: true, value: 5_000_000 });
    expect(noScope).toMatchObject({ ok: false, error: "#N/A", message: expect.stringContaining("has no cap per product per year") });
  });

  it("RULES spills IDs and titles, filtered by document", async () => {
    const all = await en.invoke("SUBSIDY.RULES", [null]);
    const one = await zh.invoke("SUBSIDY.RULES", ["jiulongpo"]);
    const rows = (one as { value: string[][] }).value;
    expect(rows[0]).toEqual(["jiulongpo-1", "新上项目年度研发经费补贴"]);
    expect(rows.every((row) => row[0]?.startsWith("jiulongpo-"))).toBe(true);
    expect((all as { value: unknown[] }).value.length).toBeGreaterThan(rows.length);
    expect(await en.invoke("SUBSIDY.RULES", ["nowhere"])).toMatchObject({ ok: false, error: "#N/A" });
  });
});

describe("notices published on the service the pane is connected to", () => {
  let service: Service;
  let published = "";
  let token = "";

  beforeAll(async () => {
    const dbPath = path.join(tempDir("subsidy-addin-notices-"), "subsidy.db");
    const admin = await makeToken(dbPath, "admin", "九龙坡区经信委 管理", "jiulongpo");
    token = await makeToken(dbPath, "viewer", "九龙坡区 查看", "jiulongpo");
    // Reads need a token here, so a pane without one cannot load the notices and must say so.
    service = await startService({ dbPath, env: { SUBSIDY_ADDIN_DIST: dist, SUBSIDY_SEED_SAMPLE: "false", SUBSIDY_READ_ACCESS: "token" } });
    // 7% of equipment investment, the enterprise's year capped at 1200万 (the document: 10%, 2000万).
    const notice = {
      document: "jiulongpo",
      title: { zh: "2026年度第二批（测试）", en: "2026 second round (test)" },
      number: null,
      window: { start: "2026-02-01", end: "2026-06-30" },
      budget: null,
      overrides: { "jiulongpo-5.rate": "7%", "jiulongpo-5.caps.enterpriseYear": "1200万元" },
    };
    const drafted = await call(service, "POST", "/api/notices", { token: admin, json: notice });
    expect(drafted.status, drafted.text).toBe(201);
    published = (drafted.body as { id: string }).id;
    expect((await call(service, "POST", `/api/notices/${published}/publish`, { token: admin })).status).toBe(200);
  }, 180_000);
  afterAll(async () => {
    await service?.stop();
  });

  const open = (withToken: string | null) =>
    openExcelHost("", {
      locale: "en-US",
      browser,
      serviceUrl: service.url,
      storage: true,
      prepare: async (page) => {
        // The saved token, as Settings saves it; only in the pane's own page (Office's frames may not touch storage).
        if (withToken !== null) await page.addInitScript(([t, origin]) => location.origin === origin && localStorage.setItem("subsidy.token", t), [withToken, service.url] as const);
      },
    });

  it("loads them once the token is known, so CQ.SUBSIDY computes with a published notice; an unknown one still answers an error", async () => {
    const host = await open(token);
    try {
      await host.page.getByTestId("notices-loaded").waitFor();
      expect(await host.page.getByTestId("notices-loaded").textContent()).toContain(published);
      expect(await host.page.getByTestId("notices-unloaded").count()).toBe(0);
      const [underNotice, unknown, file] = await Promise.all([
        host.invoke("SUBSIDY", ["jiulongpo-5", [[100_000_000], [300_000_000]], dated(...pair("notice", published))]),
        host.invoke("SUBSIDY", ["jiulongpo-5", [[100_000_000]], dated(...pair("notice", "api-jiulongpo-99"))]),
        host.invoke("SUBSIDY", ["jiulongpo-5", [[100_000_000]], dated(...pair("notice", "jiulongpo-2026-1-sample"))]),
      ]);
      expect(underNotice).toEqual({ ok: true, value: [[7_000_000], [12_000_000]] });
      expect(unknown).toMatchObject({ ok: false, error: "#VALUE!", message: expect.stringContaining("no notice api-jiulongpo-99") });
      expect(file).toEqual({ ok: true, value: [[8_000_000]] });
      // This page has no Excel.run (only the functions runtime loads): no recalculation to ask for, and no error.
      expect(await host.page.getByTestId("notices-loaded").getAttribute("data-recalculation")).toBe("no-excel");
      // The pane names the service's whole version (rules and published notices); the rules part matches the build.
      const health = (await (await fetch(`${service.url}/api/health`)).json()) as { catalogVersion: string; rulesVersion: string };
      expect(health.rulesVersion).toBe(catalogVersion());
      expect(await host.page.getByTestId("service-catalog-version").textContent()).toBe(`The service's catalog version ${health.catalogVersion} (1 published notices)`);
      expect(await host.page.getByTestId("catalog-mismatch").count()).toBe(0);
      expect(host.pageErrors).toEqual([]);
    } finally {
      await host.close();
    }
  }, 90_000);

  /**
   * Excel's part in a recalculation, played by the page's Excel.run: application.calculate(type) records the type
   * and invokes again, through the real runtime, every formula cell of window.__sheet, as Excel does on a full
   * recalculation. `fail` makes Excel.run reject, as a host that refuses the request.
   */
  function excelStandIn([origin, fail]: readonly [string, boolean]): void {
    if (location.origin !== origin) return;
    type Invoke = (name: string, values: unknown[], flags: number) => Promise<unknown[]>;
    const w = window as unknown as { Excel: unknown; __sheet: [string, unknown[]][]; __calculations: string[]; __recalculated: unknown[][]; __invoke: Invoke };
    w.__sheet = [];
    w.__calculations = [];
    w.__recalculated = [];
    const application = {
      calculate(type: string) {
        w.__calculations.push(type);
        void Promise.all(w.__sheet.map(([name, values]) => w.__invoke(name, values, 4))).then((results) => w.__recalculated.push(results));
      },
    };
    w.Excel = {
      CalculationType: { recalculate: "Recalculate", full: "Full", fullRebuild: "FullRebuild" },
      run: async (batch: (context: unknown) => Promise<unknown>) => {
        if (fail) throw new Error("RichApi.Error: the host refused the request");
        return batch({ workbook: { application }, sync: async () => undefined });
      },
    };
  }

  it("asks Excel for a full recalculation once they load, so a cell computed before them shows the notice's figures", async () => {
    let release = () => {};
    const held = new Promise<void>((done) => (release = done));
    const cell: [string, unknown[]] = ["SUBSIDY", ["jiulongpo-5", [[100_000_000]], dated(...pair("notice", published))]];
    const host = await openExcelHost("", {
      locale: "en-US",
      browser,
      serviceUrl: service.url,
      storage: true,
      prepare: async (page) => {
        await page.addInitScript(([t, origin]) => location.origin === origin && localStorage.setItem("subsidy.token", t), [token, service.url] as const);
        await page.addInitScript(excelStandIn, [service.url, false] as const);
        // The notices' list waits until the cell has been computed without them.
        await page.route(`${service.url}/api/notices`, async (route) => {
          await held;
          await route.continue();
        });
      },
    });
    try {
      const before = await host.invoke(...cell);
      expect(before).toMatchObject({ ok: false, error: "#VALUE!", message: expect.stringContaining(`no notice ${published}`) });
      await host.page.evaluate((c) => (window as unknown as { __sheet: unknown[] }).__sheet.push(c), cell);
      expect(await host.page.evaluate(() => (window as unknown as { __calculations: string[] }).__calculations)).toEqual([]);
      release();
      await host.page.waitForFunction(() => (window as unknown as { __recalculated: unknown[] }).__recalculated.length > 0);
      expect(await host.page.evaluate(() => (window as unknown as { __calculations: string[] }).__calculations)).toEqual(["Full"]);
      // The runtime's answer to the recalculation's invocation: [invocationId, succeeded, value].
      const recalculated = await host.page.evaluate(() => (window as unknown as { __recalculated: unknown[][][] }).__recalculated);
      const again = recalculated[0]?.[0];
      expect(again?.[1]).toBe(true);
      expect(again?.[2]).toEqual([[7_000_000]]);
      expect(await host.page.getByTestId("notices-loaded").getAttribute("data-recalculation")).toBe("requested");
      expect(host.pageErrors).toEqual([]);
    } finally {
      await host.close();
    }
  }, 90_000);

  it("says so, in the pane, when Excel refuses the recalculation, and still computes with the notices", async () => {
    const host = await openExcelHost("", {
      locale: "zh-CN",
      browser,
      serviceUrl: service.url,
      storage: true,
      prepare: async (page) => {
        await page.addInitScript(([t, origin]) => location.origin === origin && localStorage.setItem("subsidy.token", t), [token, service.url] as const);
        await page.addInitScript(excelStandIn, [service.url, true] as const);
      },
    });
    try {
      await host.page.getByTestId("notices-recalc-failed").waitFor();
      expect(await host.page.getByTestId("notices-recalc-failed").textContent()).toContain("Ctrl+Alt+F9");
      expect(await host.page.getByTestId("notices-loaded").getAttribute("data-recalculation")).toBe("failed");
      expect(await host.invoke("SUBSIDY", ["jiulongpo-5", [[100_000_000]], dated(...pair("notice", published))])).toEqual({ ok: true, value: [[7_000_000]] });
      expect(host.pageErrors).toEqual([]);
    } finally {
      await host.close();
    }
  }, 90_000);

  it("says which published notices it has not loaded when the service will not list them, and computes without them", async () => {
    const host = await open(null);
    try {
      await host.page.getByTestId("notices-unloaded").waitFor();
      const text = await host.page.getByTestId("notices-unloaded").textContent();
      expect(text).toContain(`The service has published notices ${published} that this add-in has not loaded`);
      expect(text).toContain("Enter a token under Settings");
      const result = await host.invoke("SUBSIDY", ["jiulongpo-5", [[100_000_000]], dated(...pair("notice", published))]);
      expect(result).toMatchObject({ ok: false, message: expect.stringContaining(`no notice ${published}`) });
    } finally {
      await host.close();
    }
  }, 90_000);
});
