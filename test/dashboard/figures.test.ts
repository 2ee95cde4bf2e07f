// Leadership dashboard v2 (issue 12): figures a leader can trust. Headless Chromium against the real service and a
// real SQLite ledger seeded with the sample; every figure checked against shared/ledger's summarize().
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Commitment } from "../../shared/catalog/schema.ts";
import { evaluateLedger, type LedgerEvaluation } from "../../shared/ledger/evaluate.ts";
import type { LedgerRow } from "../../shared/ledger/row.ts";
import { DEFAULT_SAMPLE_ROWS, sampleLedger } from "../../shared/ledger/sample.ts";
import { summarize, type SummaryRow } from "../../shared/ledger/summary.ts";
import { withPaidByPaymentYear } from "./paid-by-payment-year.ts";
import { amountScale, formatAmount, formatInScale, formatPercent, formatYuan } from "../../shared/money/format.ts";
import { TERMS, termIn } from "../../shared/terms.ts";
import { defaultEngine } from "../../shared/node.ts";
import { yearProgress } from "../../dashboard/web/src/lib/year-progress.ts";
import { en } from "../../dashboard/web/src/i18n/en.ts";
import { zhCN } from "../../dashboard/web/src/i18n/zh-CN.ts";
import { OUTPUT, startHarness, tableCells, type Harness } from "./harness.ts";

let h: Harness;
let rows: LedgerRow[];
let commitments: Commitment[];
let evaluation: LedgerEvaluation;

const NAMES: Record<string, string> = { jiulongpo: "九龙坡区", yubei: "渝北区", chongqing: "重庆市" };
const yuan = (v: number) => formatYuan(Math.round(v * 100), "zh");
/** A day in Chongqing the tests pin the browser's clock to: mid-year, so that time progress is well inside the year. */
const TODAY = "2026-07-13";

async function getJson<T>(p: string): Promise<T> {
  const res = await fetch(`${h.server.url}${p}`);
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

async function put(p: string, body: unknown): Promise<void> {
  const res = await fetch(`${h.server.url}${p}`, { method: "PUT", headers: { "content-type": "application/json", authorization: `Bearer ${h.server.firstToken!}` }, body: JSON.stringify(body) });
  expect(res.status, await res.clone().text()).toBe(200);
}

async function loadExpected(): Promise<void> {
  const ledger = await getJson<{ total: number; rows: { row: LedgerRow }[] }>("/api/ledger?limit=5000");
  rows = ledger.rows.map((r) => r.row);
  const c = await getJson<{ commitments: (Commitment & { amountFen: number })[] }>("/api/commitments");
  commitments = c.commitments.map(({ amountFen, ...rest }) => ({ ...rest, amount: amountFen }));
  evaluation = evaluateLedger(defaultEngine(), rows, { trace: false });
}

const subset = (keep: (e: LedgerEvaluation["rows"][number]) => boolean): LedgerEvaluation => ({ rows: evaluation.rows.filter(keep), violations: [] });

async function pinnedPage(locale = "zh-CN", width = 1280): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const opened = await h.newPage(locale);
  await opened.context.clock.setFixedTime(new Date(`${TODAY}T10:00:00+08:00`));
  if (width !== 1280) await opened.page.setViewportSize({ width, height: 900 });
  return opened;
}

async function open(page: Page, search: string): Promise<void> {
  await page.goto(`${h.server.url}/${search}`);
  await page.locator("main h2").first().waitFor();
  await page.waitForFunction(() => !document.querySelector("main .state-loading"), undefined, { timeout: 60_000 });
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(OUTPUT, `${name}.png`), fullPage: true });
}

async function axe(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(result.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`)).toEqual([]);
}

const numberOf = (text: string) => Number(text.replace(/[^\d.-]/g, ""));

beforeAll(async () => {
  h = await startHarness();
  await loadExpected();
}, 180_000);

afterAll(async () => {
  await h?.close();
});

// Browser work on two shared cores: each test gets room (no assertion depends on time).
describe("figures a leader can trust", { timeout: 120_000 }, () => {
  it("seeds every sample application: one stored row per application ID, none merged", async () => {
    const sample = sampleLedger({ rows: DEFAULT_SAMPLE_ROWS, distinctIds: true });
    expect(new Set(sample.rows.map((r) => r.applicationId)).size).toBe(DEFAULT_SAMPLE_ROWS);
    expect(h.server.seededRows).toBe(DEFAULT_SAMPLE_ROWS);
    expect(rows.length).toBe(DEFAULT_SAMPLE_ROWS);
    // A file keeps its planted duplicate, and the ledger check (what data quality runs) flags it.
    const file = sampleLedger({ rows: DEFAULT_SAMPLE_ROWS });
    const flagged = evaluateLedger(defaultEngine(), file.rows, { trace: false }).violations.filter((v) => v.code === "duplicate_id");
    expect(flagged.map((v) => v.applicationId)).toEqual(file.planted.filter((p) => p.code === "duplicate_id").map((p) => p.applicationId));
  });

  it("sorts tables by value: amounts and rates as numbers, provision IDs in natural order", async () => {
    const { page } = await pinnedPage();
    await open(page, "");
    const header = page.locator(".table-panel", { has: page.locator("caption", { hasText: "汇总表" }) }).last().locator("th button", { hasText: "核定金额" });
    await header.click();
    await header.click(); // descending
    const body = (await tableCells(page, "汇总表")).slice(1, -1);
    const shown = body.map((c) => numberOf(c[4]!));
    expect(shown).toEqual([...shown].sort((a, b) => b - a));
    const expected = summarize(evaluation, ["jurisdiction", "year"], commitments).map((r) => r.approved);
    expect(shown.slice(0, expected.length)).toEqual([...expected].sort((a, b) => b - a));
    // Utilization: by the ratio, blanks last.
    const rate = page.locator(".table-panel", { has: page.locator("caption", { hasText: "汇总表" }) }).last().locator("th button", { hasText: "预算执行率" });
    await rate.click();
    const rates = (await tableCells(page, "汇总表")).slice(1, -1).map((c) => c[6]!).filter((c) => c.includes("%")).map((c) => Number(c.split("%")[0]));
    expect(rates).toEqual([...rates].sort((a, b) => a - b));

    // The drill-down's provision level, sorted by ID: jiulongpo-2 before jiulongpo-10, -10 before -10b.
    await open(page, "?view=drill&jurisdiction=jiulongpo&document=jiulongpo");
    const provisionHeader = page.locator("section > .table-panel th button", { hasText: "条款" });
    await provisionHeader.click();
    const ids = (await tableCells(page, "条款")).slice(1).map((c) => c[0]!.split(/\s/)[0]!);
    const natural = [...ids].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
    expect(ids).toEqual(natural);
    expect(ids.length).toBeGreaterThan(10);
    // The enterprise ranking agrees with the chart: largest approved first, by value.
    const busiest = ids[0]!;
    await open(page, `?view=drill&jurisdiction=jiulongpo&document=jiulongpo&provision=${busiest}`);
    const ranking = (await tableCells(page, "企业")).slice(1).map((c) => numberOf(c[3]!));
    expect(ranking).toEqual([...ranking].sort((a, b) => b - a));
  });

  it("a district filter narrows the rows and says the commitment is the whole jurisdiction's", async () => {
    const { page } = await pinnedPage();
    await open(page, `?year=2026&district=${encodeURIComponent("九龙坡区")}`);
    const expected = summarize(subset((e) => e.year === 2026 && e.row.district === "九龙坡区"), ["jurisdiction", "year"], commitments);
    expect(expected.length).toBeGreaterThan(1);
    const cells = await tableCells(page, "汇总表");
    expect(cells[0]![3]).toBe("全辖区预算承诺（元）");
    expect(cells[0]![6]).toBe("占全辖区承诺");
    for (const r of expected) {
      const line = cells.find((c) => c[0] === NAMES[String(r.key.jurisdiction)] && c[1] === "2026")!;
      expect(line, String(r.key.jurisdiction)).toBeDefined();
      expect(line[2]).toBe(String(r.count));
      expect(line[4]).toBe(yuan(r.approved));
      expect(r.committed).not.toBeNull();
      expect(line[3]).toContain(yuan(r.committed!));
      expect(line[3]).not.toContain("未录入预算承诺");
      // A share, said to be of the whole commitment, and never judged 正常.
      expect(line[6]).toBe(`占全辖区承诺 ${formatPercent(r.utilization, "zh")}`);
      expect(line[6]).not.toContain("正常");
      expect(line[7]).toBe("—");
    }
    expect(await page.locator(".scope-note").textContent()).toContain("预算承诺属于兑现主体的全辖区");
    // A jurisdiction none of whose rows fall in the district still has its commitment, at a zero share.
    for (const j of ["jiulongpo", "yubei", "chongqing"] as const) {
      const committed = summarize(subset((e) => e.year === 2026 && e.jurisdiction === j), ["jurisdiction", "year"], commitments)[0]?.committed ?? null;
      if (committed === null) continue;
      const card = page.locator(`.card[data-jurisdiction="${j}"]`);
      expect(await card.locator('[data-field="committed"]').textContent(), j).not.toContain("未录入预算承诺");
      if (!expected.some((r) => r.key.jurisdiction === j)) expect(await card.locator('[data-field="utilization"]').textContent()).toBe("占全辖区承诺 0.0%");
    }
    const card = page.locator('.card[data-jurisdiction="chongqing"]');
    expect(await card.locator("dt").first().textContent()).toBe("全辖区预算承诺");
    expect(await card.locator('[data-field="utilization"]').textContent()).toMatch(/^占全辖区承诺 \d+\.\d%$/);
    await shot(page, "overview-district-zh");
  });

  it("reads amounts in English as ¥622.0 million and rates to one decimal, half-up", async () => {
    const { page } = await pinnedPage("en");
    await open(page, "?year=2026");
    const expected = summarize(subset((e) => e.year === 2026), ["jurisdiction", "year"], commitments);
    for (const r of expected) {
      const card = page.locator(`.card[data-jurisdiction="${String(r.key.jurisdiction)}"]`);
      const shown = await card.locator('[data-field="approved"] .money').textContent();
      expect(shown).toBe(formatAmount(Math.round(r.approved * 100), "en"));
      expect(shown).toMatch(/^¥[\d,]+\.\d (million|thousand)$/);
      expect(await card.locator('[data-field="utilization"]').textContent()).toContain(formatPercent(r.utilization, "en"));
    }
    expect(await page.locator("main").textContent()).not.toMatch(/×100m|×10k/);
    await shot(page, "overview-en");
  });

  it("year view: the tooltip names the date, and paid is reconciled with the overview on screen", async () => {
    const { page } = await pinnedPage();
    await open(page, "?view=year&year=2025&jurisdiction=yubei");
    await page.locator("figure .recharts-surface").first().waitFor();
    const expected = summarize(subset((e) => e.year === 2025 && e.jurisdiction === "yubei"), ["jurisdiction", "year"], commitments)[0]!;
    const basis = page.locator(".paid-basis");
    expect(Number(await basis.getAttribute("data-paid-of-year"))).toBe(expected.paid);
    let inYearFen = 0;
    for (const e of evaluation.rows) if (e.year === 2025 && e.jurisdiction === "yubei" && e.row.paid !== null && e.row.paidDate && e.row.paidDate <= "2025-12-31") inYearFen += Math.round(e.row.paid * 100);
    expect(Math.round(Number(await basis.getAttribute("data-paid-in-year")) * 100)).toBe(inYearFen);
    const text = (await basis.textContent())!;
    if (inYearFen !== Math.round(expected.paid * 100)) {
      expect(text).toContain(formatAmount(Math.round(expected.paid * 100), "zh"));
      expect(text).toContain(formatAmount(inYearFen, "zh"));
      expect(text).toContain(formatAmount(Math.round(expected.paid * 100) - inYearFen, "zh"));
    }
    // Hover the middle of the plot: the tooltip's label is a date, not the day of the year.
    const plot = (await page.locator("figure .recharts-cartesian-grid").first().boundingBox())!;
    await page.mouse.move(plot.x + plot.width / 2, plot.y + plot.height / 2);
    const label = page.locator(".tooltip-label").first();
    await label.waitFor();
    expect(await label.textContent()).toMatch(/^2025年\d{1,2}月\d{1,2}日$/);
    await shot(page, "year-yubei-2025-zh");
  });

  it("defaults to the current year in Chongqing, even once next year's commitment is entered", async () => {
    await put("/api/commitments", { commitments: [{ jurisdiction: "jiulongpo", year: 2027, amount: "3亿元" }] });
    const { page } = await pinnedPage();
    await open(page, "");
    for (const j of ["jiulongpo", "yubei", "chongqing"]) expect(await page.locator(`.card[data-jurisdiction="${j}"] h3`).textContent()).toContain("2026");
    const expected = summarize(subset((e) => e.year === 2026 && e.jurisdiction === "jiulongpo"), ["jurisdiction", "year"], commitments)[0]!;
    expect(await page.locator('.card[data-jurisdiction="jiulongpo"] [data-field="approved"] .money').getAttribute("title")).toBe(yuan(expected.approved));
  });

  it("says how much is sample data once real rows are published beside it", async () => {
    const { page } = await pinnedPage();
    await open(page, "");
    expect(await page.locator(".banner-sample").textContent()).toContain("本看板当前显示的是演示用的示例台账");
    const template = rows.find((r) => r.status === "approved" && r.provisionId.startsWith("jiulongpo"))!;
    // Approved, not yet paid: a payment the template carries would be dated before this row's application (refused).
    await h.publishDecided([{ ...template, applicationId: "REAL-2026-0001", projectId: "REAL-XM-1", applicationDate: "2026-06-01", paid: null, paidDate: null, approvalDate: null }]);
    await open(page, "");
    const banner = (await page.locator(".banner-sample").textContent())!;
    expect(banner).toContain(`台账含 ${DEFAULT_SAMPLE_ROWS} 行示例数据（共 ${DEFAULT_SAMPLE_ROWS + 1} 行）`);
    await axe(page);
  });
});

describe("commitment kinds: a ceiling (预算上限) or a floor (至少投入)", { timeout: 120_000 }, () => {
  it("judges 渝北's 每年至少投入2亿元 as a floor: closed years fall short by an amount, and its note stands beside it", async () => {
    const floors = commitments.filter((c) => c.jurisdiction === "yubei" && c.kind === "floor");
    expect(floors.map((c) => c.year)).toEqual([2022, 2023, 2024]);
    const { page } = await pinnedPage();
    await open(page, "?jurisdiction=yubei");
    const cells = await tableCells(page, "汇总表");
    const expected = summarize(subset((e) => e.jurisdiction === "yubei"), ["jurisdiction", "year"], commitments);
    for (const c of floors) {
      const line = cells.find((x) => x[0] === "渝北区" && x[1] === String(c.year))!;
      const r = expected.find((x) => x.key.year === c.year);
      const approvedFen = Math.round((r?.approved ?? 0) * 100);
      const shortFen = c.amount - approvedFen;
      expect(line[3]).toBe(`至少 ${formatYuan(c.amount, "zh")}注1`);
      expect(line[6], String(c.year)).toBe(shortFen > 0 ? `${formatPercent(approvedFen / c.amount, "zh")} · 未达承诺下限，尚差 ${formatAmount(shortFen, "zh")}` : `${formatPercent(approvedFen / c.amount, "zh")} · 已达承诺`);
      expect(line[6]).not.toContain("正常");
    }
    // The total adds floors and ceilings: neither "at least" nor judged against a floor.
    const total = cells[cells.length - 1]!;
    expect(total[0]).toBe("合计");
    expect(total[3]).not.toContain("至少");
    expect(total[6]).not.toMatch(/未达|已达|正常/);
    const notes = page.locator(".commitment-notes li");
    expect(await notes.first().textContent()).toBe(floors[0]!.note!.zh);
    expect(await notes.first().textContent()).toContain("待区财政局确认");
    // The chart draws the floor apart from a ceiling.
    expect(await page.locator('figure[aria-labelledby="overview-yubei-title"] .commitment-floor').count()).toBe(floors.length);
    await shot(page, "overview-yubei-floor-zh");
    await axe(page);

    // The year view reads the floor the other way round, with the note.
    await open(page, "?view=year&year=2024&jurisdiction=yubei");
    const r2024 = expected.find((x) => x.key.year === 2024)!;
    expect(await page.locator(".forecast-result").textContent()).toBe(`该年度已结束：未达承诺下限，尚差 ${formatAmount(Math.round((r2024.committed! - r2024.approved) * 100), "zh")}。`);
    expect(await page.locator(".forecast-note .commitment-note").textContent()).toContain("待区财政局确认");
  });

  it("a floor that is reached reads 已达承诺, in both languages; a note entered with it is shown", async () => {
    await put("/api/commitments", { commitments: [{ jurisdiction: "yubei", year: 2025, amount: "1000万元", kind: "floor", note: { zh: "测试：待区财政局确认", en: "test: to be confirmed by the district finance bureau" } }] });
    await loadExpected();
    const r = summarize(subset((e) => e.jurisdiction === "yubei" && e.year === 2025), ["jurisdiction", "year"], commitments)[0]!;
    expect(r.atLeast).toBe(true);
    expect(r.approved).toBeGreaterThan(10_000_000);
    for (const locale of ["zh-CN", "en"] as const) {
      const { page } = await pinnedPage(locale);
      await open(page, "?jurisdiction=yubei&year=2025");
      const card = page.locator('.card[data-jurisdiction="yubei"]');
      expect(await card.locator('[data-field="utilization"]').textContent()).toBe(`${formatPercent(r.utilization, "zh")} · ${locale === "en" ? "commitment met" : "已达承诺"}`);
      expect(await card.locator(".commitment-note").textContent()).toBe(locale === "en" ? "test: to be confirmed by the district finance bureau" : "测试：待区财政局确认");
      // A floor reached has nothing left to reach: no headroom figure (which would be negative).
      expect(await card.locator('[data-field="commitmentLeft"]').textContent()).toBe(locale === "en" ? "Commitment met" : "已达承诺");
      await shot(page, `overview-floor-met-${locale === "en" ? "en" : "zh"}`);
      await axe(page);
    }
  });
});

describe("what the screenshots showed: floors, what-if headings, paid above approved", { timeout: 120_000 }, () => {
  it("a floor on its card is scaled as every other card amount, the exact yuan in its tooltip", async () => {
    const floor = commitments.find((c) => c.jurisdiction === "yubei" && c.year === 2024 && c.kind === "floor")!;
    for (const [locale, lang, words] of [["en", "en", "at least"], ["zh-CN", "zh", "至少"]] as const) {
      const { page } = await pinnedPage(locale);
      await open(page, "?jurisdiction=yubei&year=2024");
      const amount = page.locator('.card[data-jurisdiction="yubei"] [data-field="committed"] .money');
      expect(await amount.textContent()).toBe(`${words} ${formatAmount(floor.amount, lang)}`);
      expect(await amount.getAttribute("title")).toBe(`${words} ${formatYuan(floor.amount, lang)}`);
      if (lang === "en") expect(await amount.textContent()).toBe("at least ¥200.0 million");
      await axe(page);
    }
  });

  it("for a floor year, 剩余承诺 is what is still missing to reach the floor", async () => {
    await loadExpected();
    const floors = commitments.filter((c) => c.jurisdiction === "yubei" && c.kind === "floor");
    const expected = summarize(subset((e) => e.jurisdiction === "yubei"), ["jurisdiction", "year"], commitments);
    const shortOf = (year: number) => {
      const c = floors.find((f) => f.year === year)!;
      return Math.max(0, c.amount - Math.round((expected.find((r) => r.key.year === year)?.approved ?? 0) * 100));
    };
    const { page } = await pinnedPage();
    await open(page, "?jurisdiction=yubei");
    const cells = await tableCells(page, "汇总表");
    expect(cells[0]![7]).toBe("剩余承诺（元）");
    for (const c of floors) {
      const line = cells.find((x) => x[0] === "渝北区" && x[1] === String(c.year))!;
      const short = shortOf(c.year);
      expect(line[7], String(c.year)).toBe(short === 0 ? "已达承诺" : `尚差 ${formatYuan(short, "zh")}`);
    }
    // 2024 approved some of its floor: the shortfall, not the floor itself.
    expect(shortOf(2024)).toBeLessThan(floors.find((f) => f.year === 2024)!.amount);
    const en = await pinnedPage("en");
    await open(en.page, "?jurisdiction=yubei&year=2024");
    const left = en.page.locator('.card[data-jurisdiction="yubei"] [data-field="commitmentLeft"] span');
    expect(await left.textContent()).toBe(`Short by ${formatAmount(shortOf(2024), "en")}`);
    expect(await left.getAttribute("title")).toBe(formatYuan(shortOf(2024), "en"));
    await axe(en.page);
  });

  it("what-if: the comparison table's first column is named, not the caption again", async () => {
    const id = rows.find((r) => r.provisionId.startsWith("jiulongpo"))!.provisionId;
    for (const [locale, caption, heading] of [["zh-CN", "现行与模拟对比", "文件 / 条款"], ["en", "Current vs what-if", "Document / provision"]] as const) {
      const { page } = await pinnedPage(locale);
      await open(page, `?view=whatif&provision=${id}`);
      // Exactly the caption: the chart's table is captioned "现行与模拟：…" / "Current vs what-if: …".
      const table = page.locator("table", { has: page.locator("caption", { hasText: new RegExp(`^${caption}$`) }) });
      await table.waitFor({ timeout: 60_000 });
      const header = await table.locator("thead th").evaluateAll((ths) => ths.map((th) => (th.textContent ?? "").trim()));
      expect(header[0]).toBe(heading);
      expect(header).not.toContain(caption);
      await axe(page);
    }
  });

  it("says why a year's paid can exceed its approved: payments may settle earlier years' approvals", async () => {
    await loadExpected();
    const expected = withPaidByPaymentYear(summarize(evaluation, ["jurisdiction", "year"], commitments), evaluation.rows);
    const over = expected.filter((r) => Math.round(r.paid * 100) > Math.round(r.approved * 100) && r.approved > 0);
    // The demo's two: 重庆市 2025 and 渝北区 2025.
    expect(over.map((r) => `${String(r.key.jurisdiction)} ${r.key.year}`)).toEqual(expect.arrayContaining(["chongqing 2025", "yubei 2025"]));
    for (const [locale, caption, words] of [["zh-CN", "汇总表", "本年拨付的款项可能对应以前年度的核定"], ["en", "Summary table", "payments made this year may be for approvals of earlier years"]] as const) {
      const { page } = await pinnedPage(locale);
      await open(page, "");
      const body = (await tableCells(page, caption)).slice(1, -1);
      // Row by row in Chinese (NAMES); in English the marks are counted.
      for (const r of locale === "en" ? [] : expected.filter((x) => String(x.key.jurisdiction) in NAMES)) {
        const line = body.find((c) => c[0] === NAMES[String(r.key.jurisdiction)] && c[1] === String(r.key.year))!;
        expect(line, `${String(r.key.jurisdiction)} ${r.key.year}`).toBeDefined();
        const marked = over.includes(r);
        expect(line[9], `${String(r.key.jurisdiction)} ${r.key.year}`).toBe(r.approved === 0 ? "" : `${formatPercent(r.paid / r.approved, "zh")}${marked ? "*" : ""}`);
      }
      expect(await page.locator("td .paid-over-ref").count()).toBe(over.length);
      const note = page.locator("#paid-over-note");
      expect(await note.textContent()).toContain(words);
      expect(await page.locator("td .paid-over-ref").first().getAttribute("href")).toBe("#paid-over-note");
      await shot(page, `overview-paid-over-${locale === "en" ? "en" : "zh"}`);
      await axe(page);
    }
  });
});

describe("the drill-down marks a year's paid above approved as the overview does", { timeout: 180_000 }, () => {
  it("with a year chosen, the ratios above 100% carry the same mark and note; without one, none", async () => {
    await loadExpected();
    const expected = withPaidByPaymentYear(summarize(evaluation, ["jurisdiction", "year"], commitments), evaluation.rows).filter((r) => r.key.year === 2025);
    const over = expected.filter((r) => Math.round(r.paid * 100) > Math.round(r.approved * 100) && r.approved > 0).map((r) => String(r.key.jurisdiction));
    expect(over).toEqual(expect.arrayContaining(["chongqing", "yubei"]));
    for (const [locale, messages] of [["zh-CN", zhCN], ["en", en]] as const) {
      const { page } = await pinnedPage(locale);
      await open(page, "?view=drill&year=2025");
      const table = page.locator("table", { has: page.locator("caption", { hasText: new RegExp(`^${messages["col.jurisdiction"]}$`) }) });
      const body = await table.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? "").trim())));
      for (const r of expected.filter((x) => String(x.key.jurisdiction) in NAMES)) {
        const name = messages[`jurisdiction.${String(r.key.jurisdiction)}` as keyof typeof messages];
        const line = body.find((c) => c[0] === name);
        expect(line, name).toBeDefined();
        expect(line![5], name).toBe(r.approved === 0 ? "" : `${formatPercent(r.paid / r.approved, "zh")}${over.includes(String(r.key.jurisdiction)) ? "*" : ""}`);
      }
      expect(await table.locator("td .paid-over-ref").count()).toBe(over.length);
      expect(await page.locator("#paid-over-note").textContent()).toContain(messages["basis.paidOver"]);
      await axe(page);
      // The whole ledger's paid settles its own approvals: no year, no mark.
      await open(page, "?view=drill");
      await table.locator("tbody tr").first().waitFor();
      expect(await page.locator(".paid-over-ref, #paid-over-note").count()).toBe(0);
    }
  });
});

describe("序时进度: execution against time progress", { timeout: 180_000 }, () => {
  it("ranks jurisdictions furthest behind first, warns beyond the threshold, and draws the time-progress line", async () => {
    // A commitment far above what 重庆市 approves in 2026, so that it falls behind time progress.
    await put("/api/commitments", { commitments: [{ jurisdiction: "chongqing", year: 2026, amount: "50亿元" }] });
    await loadExpected();
    const time = 194 / 365; // 13 July 2026, the day itself included
    // Paid by payment year (paid-by-payment-year.ts); approved as summarize() counts it.
    const expected = withPaidByPaymentYear(summarize(subset((e) => e.year === 2026), ["jurisdiction", "year"], commitments), evaluation.rows)
      .filter((r) => r.committed !== null)
      .map((r) => ({ r, gap: Math.round(r.approved * 100) / Math.round(r.committed! * 100) - time }))
      .sort((a, b) => a.gap - b.gap);
    expect(expected.length).toBe(3);
    const points = (g: number) => `${(Math.floor(Math.abs(g) * 1000 + 0.5 + 1e-9) / 10).toFixed(1)} 个百分点`;
    for (const locale of ["zh-CN", "en"] as const) {
      const { page } = await pinnedPage(locale);
      await open(page, "?view=year");
      if (locale === "en") {
        expect(await page.locator(".pace-basis").textContent()).toContain("194 ÷ 365 = 53.2%");
        await page.locator(".pace table").waitFor();
        await shot(page, "year-pace-en");
        await axe(page);
        continue;
      }
      expect(await page.locator(".pace-basis").textContent()).toBe("序时进度 = 已过天数 ÷ 全年天数 = 194 ÷ 365 = 53.2%（按天计算，截至 2026-07-13，含当日）。");
      const [head, ...cells] = await tableCells(page, "2026年序时进度排名（落后最多的排在前）");
      expect(cells.map((c) => c[1])).toEqual(expected.map((e) => NAMES[String(e.r.key.jurisdiction)]));
      // One scale for the table, the largest amount's, named in the amount headers.
      const scale = amountScale(Math.max(...expected.flatMap(({ r }) => [r.committed!, r.approved, r.paid].map((y) => Math.round(y * 100)))), "zh");
      expect(head!.slice(2, 4).map((x) => x.replace(/[▲▼]/g, "").trim())).toEqual([termIn(TERMS.commitment, "zh", scale), termIn(TERMS.approved, "zh", scale)]);
      for (const [i, { r, gap }] of expected.entries()) {
        const c = cells[i]!;
        expect(c[0]).toBe(String(i + 1));
        expect(c[2]).toBe(formatInScale(Math.round(r.committed! * 100), scale));
        expect(c[3]).toBe(formatInScale(Math.round(r.approved * 100), scale));
        expect(c[4]).toBe(formatPercent(r.approved / r.committed!, "zh"));
        expect(c[6]).toBe(formatPercent(r.paid / r.committed!, "zh"));
        expect(c[7]).toBe("53.2%");
        expect(c[8]).toBe(`${gap < 0 ? "落后" : "超前"} ${points(gap)}`);
        expect(c[10]).toBe(-gap * 100 > 10 ? "预警" : "正常");
      }
      expect(cells[0]![1]).toBe("重庆市");
      expect(await page.locator(".pace-warnings li").first().textContent()).toContain("预警：重庆市核定执行率");
      // The threshold is the user's: at 60 points nobody is flagged; it is kept in the URL.
      await page.locator('input[name="lag"]').fill("60");
      await page.waitForURL(/lag=60/);
      expect(await page.locator(".pace-warnings").count()).toBe(-expected[0]!.gap * 100 > 60 ? 1 : 0);
      // The time-progress line on each year chart, named in its legend.
      await page.locator("figure .recharts-legend-wrapper").first().waitFor();
      expect(await page.locator("figure .recharts-legend-wrapper", { hasText: "序时进度线" }).count()).toBe(3);
      await page.locator('input[name="lag"]').fill("10");
      await page.waitForURL(/lag=10/);
      await shot(page, "year-pace-zh");
      await axe(page);
    }
  });
});

describe("序时进度: a ceiling forecast to run out before the year ends", { timeout: 180_000 }, () => {
  it("warns, in the ranking and on the chart, with the day yearProgress() forecasts", async () => {
    // 渝北's 2026 commitment set where its recent rate crosses it before December (and after today).
    const ledgerRows = (await getJson<{ rows: { row: LedgerRow }[] }>("/api/ledger?limit=5000&jurisdiction=yubei&year=2026")).rows.map((r) => r.row);
    const toDate = yearProgress(ledgerRows, 2026, null, TODAY).approvedToDate;
    const amount = Math.round(toDate * 1.25);
    await put("/api/commitments", { commitments: [{ jurisdiction: "yubei", year: 2026, amount }] });
    const forecast = yearProgress(ledgerRows, 2026, amount, TODAY).forecast!;
    expect(forecast.alreadyExhausted).toBe(false);
    expect(forecast.exhaustedOn).not.toBeNull();
    const { page } = await pinnedPage();
    await open(page, "?view=year&lag=100");
    const item = page.locator('.pace-warnings li[data-jurisdiction="yubei"]');
    await item.waitFor({ timeout: 60_000 });
    expect(await item.textContent()).toBe(`预警：按近期速度，渝北区的预算承诺将于 ${forecast.exhaustedOn} 用完，早于年末。`);
    const cells = (await tableCells(page, "2026年序时进度排名（落后最多的排在前）")).slice(1);
    expect(cells.find((c) => c[1] === "渝北区")?.[10]).toBe("预警");
    expect(await page.locator('figure[aria-labelledby="year-yubei-title"] .pace-warning').textContent()).toBe(`预警：按近期速度，预算承诺将于 ${forecast.exhaustedOn} 用完，早于年末。`);
    // At a threshold of 100 points nobody is flagged for lagging: only the run-out warning stands.
    expect(await page.locator(".pace-warnings li").count()).toBe(1);
  });
});

describe("the formatter is one", () => {
  it("dashboard, CLI and exports share shared/money's half-up one-decimal rules", () => {
    expect(formatAmount(62_200_000_000, "en")).toBe("¥622.0 million");
    expect(formatAmount(7_130_000_000, "en")).toBe("¥71.3 million");
    expect(formatAmount(-8_867_610_000, "en")).toBe("-¥88.7 million");
    expect(formatAmount(-5_000, "en")).toBe("-¥50");
    expect(formatAmount(18_300_000_000, "zh")).toBe("1.83 亿元");
    expect(formatPercent(0.8945, "zh")).toBe("89.5%");
    expect(formatPercent(0.89449, "zh")).toBe("89.4%");
    expect(formatPercent(0.0005, "en")).toBe("0.1%");
    const r: Pick<SummaryRow, "utilization"> = { utilization: 2 / 3 };
    expect(formatPercent(r.utilization, "zh")).toBe("66.7%");
  });
});
