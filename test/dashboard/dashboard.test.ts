// The dashboard in headless Chromium against the real service and a real SQLite ledger seeded with the sample.
import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import Papa from "papaparse";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Commitment } from "../../shared/catalog/schema.ts";
import { catalogVersion } from "../../shared/catalog/version-node.ts";
import { Engine } from "../../shared/engine/engine.ts";
import { formulaParameters, withValues } from "../../shared/engine/parameters.ts";
import { evaluateLedger, type LedgerEvaluation } from "../../shared/ledger/evaluate.ts";
import { completeCreditCode } from "../../shared/ledger/credit-code.ts";
import type { LedgerRow } from "../../shared/ledger/row.ts";
import { summarize, type SummaryRow } from "../../shared/ledger/summary.ts";
import { withPaidByPaymentYear } from "./paid-by-payment-year.ts";
import { formatAmount, formatYuan } from "../../shared/money/format.ts";
import { defaultEngine } from "../../shared/node.ts";
import { BOUND_TERMS } from "../../shared/terms.ts";
import { utilizationLevel } from "../../dashboard/web/src/lib/utilization.ts";
import { downloadOf, OUTPUT, startHarness, tableCells, type Harness } from "./harness.ts";

let h: Harness;
let rows: LedgerRow[];
let commitments: Commitment[];
let evaluation: LedgerEvaluation;

const NAMES: Record<string, string> = { jiulongpo: "九龙坡区", yubei: "渝北区", chongqing: "重庆市", "": "无法识别（条款不存在）" };
const LEVEL_ZH = { green: "正常", amber: "接近上限", red: "已超承诺", none: "无承诺" };
const yuan = (v: number) => formatYuan(Math.round(v * 100), "zh");

async function getJson<T>(p: string): Promise<T> {
  const res = await fetch(`${h.server.url}${p}`);
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

async function loadExpected(): Promise<void> {
  const ledger = await getJson<{ total: number; rows: { row: LedgerRow }[] }>("/api/ledger?limit=5000");
  expect(ledger.rows.length).toBe(ledger.total);
  rows = ledger.rows.map((r) => r.row);
  const c = await getJson<{ commitments: (Commitment & { amountFen: number })[] }>("/api/commitments");
  commitments = c.commitments.map(({ amountFen, ...rest }) => ({ ...rest, amount: amountFen }));
  evaluation = evaluateLedger(defaultEngine(), rows, { trace: false });
}

/** A ledger row of the sample's shape, for a test to vary: an enterprise of its own (a code no sample row has). */
function ledgerRowLike(): LedgerRow {
  const template = rows.find((r) => r.status === "approved")!;
  return { ...template, creditCode: completeCreditCode("91500107MA5U7XJ0") as string, enterprise: "重庆申报批次测试有限公司", facts: {}, paid: null, paidDate: null, note: "" };
}

async function open(page: Page, search: string): Promise<void> {
  await page.goto(`${h.server.url}/${search}`);
  await page.locator("main h2").first().waitFor();
  await page.waitForFunction(() => !document.querySelector("main .state-loading"));
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(OUTPUT, `${name}.png`), fullPage: true });
}

async function axe(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const summary = result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
  expect(summary).toEqual([]);
}

/** Checks one table row against a summary row of shared/ledger. */
function expectRow(cells: string[], r: SummaryRow, narrowed = false): void {
  const [, , count, committedCell, approved, paid, utilization, remaining, requested] = cells;
  expect(count).toBe(String(r.count));
  // A commitment's notes are marked beside it (注1…), one mark per note.
  const committed = committedCell!.replace(/(注\d+)+$/, "");
  expect(committedCell!.slice(committed.length).match(/注\d+/g)?.length ?? 0).toBe(r.notes.length);
  expect(committed).toBe(r.committed === null ? "未录入预算承诺" : `${r.atLeast ? "至少 " : ""}${yuan(r.committed)}`);
  expect(approved).toBe(yuan(r.approved));
  expect(paid).toBe(yuan(r.paid));
  // Filtered below a jurisdiction, approvals are a share of its whole commitment, said so and not judged.
  if (narrowed) expect(utilization).toMatch(/^占全辖区承诺 \d+\.\d%$/);
  else if (r.atLeast) expect(utilization).toMatch(/ · (已达承诺|未达承诺下限，尚差 .+|距承诺下限尚差 .+（年度进行中）)$/);
  else expect(utilization).toContain(LEVEL_ZH[utilizationLevel(r.utilization)]);
  // A floor is not spent down: what is still missing to reach it, 已达承诺 once reached.
  const shortFen = r.atLeast && r.committed !== null ? Math.max(0, Math.round(r.committed * 100) - Math.round(r.approved * 100)) : null;
  const left = shortFen === null ? yuan(r.commitmentLeft ?? 0) : shortFen === 0 ? "已达承诺" : `尚差 ${formatYuan(shortFen, "zh")}`;
  expect(remaining).toBe(r.commitmentLeft === null || narrowed ? "—" : left);
  expect(requested).toBe(yuan(r.requested));
}

beforeAll(async () => {
  h = await startHarness();
  await loadExpected();
}, 180_000);

afterAll(async () => {
  await h?.close();
});

describe("dashboard against the real service", () => {
  it("serves the sample ledger", () => {
    expect(h.server.seededRows).toBeGreaterThan(100);
    expect(rows.length).toBeGreaterThan(100);
  });

  it("overview: every figure equals shared/ledger's summarize() for the same data, in Chinese by default", async () => {
    const { page } = await h.newPage("zh-CN");
    await open(page, "");
    expect(await page.locator("h1").textContent()).toBe("制造业补助预算执行看板");
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("zh-CN");
    // Paid by payment year (paid-by-payment-year.ts); the rest as summarize() counts it.
    const expected = withPaidByPaymentYear(summarize(evaluation, ["jurisdiction", "year"], commitments), evaluation.rows);
    const cells = await tableCells(page, "汇总表");
    const body = cells.slice(1, -1); // header and total line
    for (const r of expected) {
      const row = body.find((c) => c[0] === NAMES[String(r.key.jurisdiction)] && c[1] === String(r.key.year));
      expect(row, `${r.key.jurisdiction} ${r.key.year}`).toBeDefined();
      expectRow(row!, r);
    }
    // Commitments no ledger row reaches yet are shown, at zero use, rather than left out.
    for (const c of commitments) {
      if (expected.some((r) => r.key.jurisdiction === c.jurisdiction && r.key.year === c.year)) continue;
      const row = body.find((x) => x[0] === NAMES[c.jurisdiction] && x[1] === String(c.year));
      expect(row?.[4], `${c.jurisdiction} ${c.year}`).toBe("0 元");
      if (c.kind === "floor") expect(row?.[6]).toBe(`0.0% · 未达承诺下限，尚差 ${formatAmount(c.amount, "zh")}`);
    }
    expect(body.length).toBe(new Set([...expected.map((r) => `${r.key.jurisdiction}|${r.key.year}`), ...commitments.map((c) => `${c.jurisdiction}|${c.year}`)]).size);
    // The total line adds up exactly.
    const total = cells[cells.length - 1]!;
    expect(total[4]).toBe(yuan(expected.reduce((s, r) => s + Math.round(r.approved * 100), 0) / 100));
    // Cards: the latest year per jurisdiction, scaled, exact yuan in the tooltip.
    const year = Math.max(...expected.map((r) => Number(r.key.year)));
    for (const j of ["jiulongpo", "yubei", "chongqing"]) {
      const r = expected.find((x) => x.key.jurisdiction === j && x.key.year === year);
      const card = page.locator(`.card[data-jurisdiction="${j}"]`);
      expect(await card.locator('[data-field="approved"] .money').getAttribute("title")).toBe(yuan(r?.approved ?? 0));
      expect(await card.locator('[data-field="approved"] .money').textContent()).toMatch(/(万元|亿元| 元)$/);
    }
    // A commitment line in every chart whose jurisdiction has one, kept in view by extendDomain.
    for (const j of ["jiulongpo", "yubei", "chongqing"]) {
      const withCommitment = expected.filter((r) => r.key.jurisdiction === j && r.committed !== null).length + commitments.filter((c) => c.jurisdiction === j && !expected.some((r) => r.key.jurisdiction === j && r.key.year === c.year)).length;
      const segments = page.locator(`figure[aria-labelledby="overview-${j}-title"] .commitment-segment`);
      expect(await segments.count(), j).toBe(withCommitment);
      const plot = await page.locator(`figure[aria-labelledby="overview-${j}-title"] .recharts-cartesian-grid`).boundingBox();
      for (const box of await Promise.all((await segments.all()).map((s) => s.boundingBox()))) {
        expect(box!.y).toBeGreaterThanOrEqual(plot!.y - 1);
      }
    }
    await shot(page, "overview-zh");
  });

  it("says so where a jurisdiction has no recorded commitment", async () => {
    const none = summarize(evaluation, ["jurisdiction", "year"], commitments).find((r) => r.committed === null);
    if (!none) return expect(commitments.length).toBeGreaterThan(0);
    const { page } = await h.newPage();
    await open(page, `?year=${none.key.year}`);
    const cells = await tableCells(page, "汇总表");
    const row = cells.find((c) => c[0] === NAMES[String(none.key.jurisdiction)] && c[1] === String(none.key.year));
    expect(row?.[3]).toBe("未录入预算承诺");
    expect(row?.[6]).toBe("无承诺");
  });

  it("keeps filters in the URL: a link reopens the view, Back undoes a change", async () => {
    const { page } = await h.newPage();
    const year = 2025;
    await open(page, `?year=${year}&jurisdiction=yubei`);
    expect(await page.locator('select[name="year"]').inputValue()).toBe(String(year));
    expect(await page.locator('select[name="jurisdiction"]').inputValue()).toBe("yubei");
    await page.locator('select[name="status"]').selectOption("paid");
    await page.waitForURL(/status=paid/);
    expect(new URL(page.url()).search).toBe(`?year=${year}&jurisdiction=yubei&status=paid`);
    await page.waitForFunction(() => !document.querySelector("main .state-loading"));
    const filtered = { rows: evaluation.rows.filter((e) => e.year === year && e.jurisdiction === "yubei" && e.row.status === "paid"), violations: [] };
    const [expected] = withPaidByPaymentYear(summarize(filtered, ["jurisdiction", "year"], commitments), evaluation.rows, (e) => e.jurisdiction === "yubei" && e.row.status === "paid");
    const check = async () => {
      const cells = await tableCells(page, "汇总表");
      expect(cells.length).toBe(2); // header + the one row
      expectRow(cells[1]!, expected!, true);
    };
    await check();
    // The same link in a new tab shows the same view.
    const other = await h.newPage();
    await open(other.page, new URL(page.url()).search);
    expect(await other.page.locator('select[name="status"]').inputValue()).toBe("paid");
    expect(await tableCells(other.page, "汇总表")).toEqual(await tableCells(page, "汇总表"));
    await page.reload();
    await page.waitForFunction(() => !document.querySelector("main .state-loading"));
    await check();
    await page.goBack();
    await page.waitForURL((u) => !u.search.includes("status"));
    expect(await page.locator('select[name="status"]').inputValue()).toBe("");
  });

  it("drills down jurisdiction → document → provision → enterprise with breadcrumbs, from the keyboard", async () => {
    const { page } = await h.newPage();
    await open(page, "?view=drill");
    const crumbs = page.locator("nav.breadcrumbs li");
    expect(await crumbs.count()).toBe(1);
    // Keyboard: focus the link and press Enter.
    await page.locator("section > .table-panel table a", { hasText: "渝北区" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/jurisdiction=yubei/);
    await page.waitForFunction(() => !document.querySelector("main .state-loading"));
    expect(await crumbs.count()).toBe(2);
    await page.locator("section > .table-panel table a").first().click();
    await page.waitForURL(/document=/);
    await page.waitForFunction(() => !document.querySelector("main .state-loading"));
    expect(await crumbs.count()).toBe(3);
    // Provision level: pick the provision with the most enterprises, to see paging.
    const byProvision = summarize({ rows: evaluation.rows.filter((e) => e.document === new URL(page.url()).searchParams.get("document")), violations: [] }, ["provision"], []);
    const provisionCells = await tableCells(page, "条款");
    expect(provisionCells.length - 1).toBe(byProvision.length);
    const enterprisesOf = (id: string) => summarize({ rows: evaluation.rows.filter((e) => e.row.provisionId === id), violations: [] }, ["enterprise"], []);
    const busiest = byProvision.map((r) => String(r.key.provision)).sort((a, b) => enterprisesOf(b).length - enterprisesOf(a).length)[0]!;
    await page.locator("section > .table-panel table a", { hasText: busiest }).click();
    await page.waitForURL(new RegExp(`provision=${busiest}`));
    await page.waitForFunction(() => !document.querySelector("main .state-loading"));
    expect(await crumbs.count()).toBe(4);
    const enterprises = enterprisesOf(busiest).sort((a, b) => b.approved - a.approved);
    const cells = await tableCells(page, "企业");
    expect(cells.length - 1).toBe(Math.min(20, enterprises.length));
    // Largest approved first (enterprises with equal amounts may come in either order).
    expect(cells.slice(1).map((c) => c[3])).toEqual(enterprises.slice(0, 20).map((e) => yuan(e.approved)));
    const top = enterprises.filter((e) => e.approved === enterprises[0]!.approved).map((e) => e.key.enterprise);
    expect(top).toContain(cells[1]![0]);
    // The chart: at most 10 bars per series plus "other".
    expect(await page.locator("#drill-chart-title").count()).toBe(1);
    const bars = await page.locator("figure .recharts-bar-rectangles").first().locator(".recharts-bar-rectangle").count();
    expect(bars).toBeLessThanOrEqual(11);
    if (enterprises.length > 20) {
      await page.getByRole("button", { name: "下一页" }).click();
      await page.waitForURL(/page=2/);
      expect((await tableCells(page, "企业"))[1]![3]).toBe(yuan(enterprises[20]!.approved));
    }
    // Sorting by a column from the keyboard.
    await page.locator("th button", { hasText: "申请数" }).last().focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/sort=count/);
    await shot(page, "drill-enterprise-zh");
    await page.locator("nav.breadcrumbs a").first().click();
    await page.waitForURL((u) => !u.search.includes("jurisdiction"));
    expect(await crumbs.count()).toBe(1);
  });

  it("exports the current view's table as CSV: same figures, no cell starting a formula", async () => {
    const { page } = await h.newPage();
    await open(page, "?year=2026");
    const shown = await tableCells(page, "汇总表");
    const panel = page.locator(".table-panel", { has: page.locator("caption", { hasText: "汇总表" }) }).last();
    const { name, bytes } = await downloadOf(page, () => panel.locator("button.export-csv").click());
    expect(name).toBe("overview-2026.csv");
    const text = bytes.toString("utf8");
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const parsed = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true }).data;
    expect(parsed[0]).toEqual(shown[0]);
    expect(parsed.length).toBe(shown.length);
    const expected = withPaidByPaymentYear(summarize({ rows: evaluation.rows.filter((e) => e.year === 2026), violations: [] }, ["jurisdiction", "year"], commitments), evaluation.rows);
    for (const r of expected) {
      const line = parsed.find((p) => p[0] === NAMES[String(r.key.jurisdiction)]);
      expect(line?.[4]).toBe(r.approved.toFixed(2));
      expect(line?.[5]).toBe(r.paid.toFixed(2));
      if (r.commitmentLeft !== null && r.commitmentLeft < 0) expect(line?.[7]).toBe(`'${r.commitmentLeft.toFixed(2)}`);
    }
    for (const cell of parsed.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it("exports a chart as PNG", async () => {
    const { page } = await h.newPage();
    await open(page, "");
    const { name, bytes } = await downloadOf(page, () => page.locator("button.export-png").first().click());
    expect(name).toMatch(/^overview-jiulongpo\.png$/);
    expect(bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    expect(bytes.length).toBeGreaterThan(5000);
  });

  it("switches to English and back, and remembers the choice", async () => {
    const { page } = await h.newPage("zh-CN");
    await open(page, "?year=2026");
    await page.locator("button.lang-switch").click();
    await page.waitForFunction(() => document.documentElement.lang === "en");
    expect(await page.locator("h1").textContent()).toBe("Manufacturing subsidy budget dashboard");
    const cells = await tableCells(page, "Summary table");
    expect(cells[0]![0]).toBe("Jurisdiction");
    const expected = summarize({ rows: evaluation.rows.filter((e) => e.year === 2026 && e.jurisdiction === "yubei"), violations: [] }, ["jurisdiction", "year"], commitments)[0]!;
    expect(cells.find((c) => c[0] === "Yubei District")?.[4]).toBe(formatYuan(Math.round(expected.approved * 100), "en"));
    await page.reload();
    await page.locator("main h2").waitFor();
    expect(await page.locator("h1").textContent()).toBe("Manufacturing subsidy budget dashboard");
    await page.waitForFunction(() => !document.querySelector("main .state-loading"));

    await page.locator("button.lang-switch").click();
    await page.waitForFunction(() => document.documentElement.lang === "zh-CN");
    expect(await page.locator("h1").textContent()).toBe("制造业补助预算执行看板");
  });

  it("follows an English browser", async () => {
    const { page } = await h.newPage("en-US");
    await open(page, "");
    expect(await page.locator("h1").textContent()).toBe("Manufacturing subsidy budget dashboard");
  });

  it("shows the catalog version the service runs on, the one this build baked, with no mismatch warning", async () => {
    for (const [locale, label] of [["zh-CN", "规则版本"], ["en-US", "Catalog version"]] as const) {
      const { page } = await h.newPage(locale);
      await open(page, "");
      const shown = page.getByTestId("catalog-version");
      await shown.waitFor();
      expect(await shown.textContent()).toBe(catalogVersion());
      expect(await page.locator("footer .catalog-version").textContent()).toContain(label);
      expect(await page.getByTestId("catalog-mismatch").count()).toBe(0);
    }
  });

  it("what-if: a draft notice the service evaluates, before and after per document and provision, no rows fetched", async () => {
    const engine = defaultEngine();
    const catalog = engine.catalog;
    // The provision with the most ledger rows among those with a rate and a cap to change.
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.provisionId, (counts.get(r.provisionId) ?? 0) + 1);
    const paramsOf = (p: string) => formulaParameters(p, catalog.byId.get(p)!.provision.formula);
    const id = [...counts.entries()]
      .filter(([p]) => catalog.byId.has(p) && paramsOf(p).some((x) => x.name === "cap") && paramsOf(p).some((x) => x.unit === "bp"))
      .sort((a, b) => b[1] - a[1])[0]![0];
    const documentKey = catalog.byId.get(id)!.document.key;
    const fenYuan = (fen: number) => formatYuan(fen, "zh");
    /** Sums of ceilings and counted amounts of the whole ledger under `values`, for one provision and its document. */
    const expected = (values: Map<string, number>) => {
      const ev = evaluateLedger(new Engine(withValues(catalog, values)), rows, { trace: false });
      const sum = (keep: (r: LedgerRow) => boolean) => {
        let [ceiling, counted] = [0, 0];
        rows.forEach((r, i) => {
          if (!keep(r)) return;
          const c = ev.columns.ceilingFen[i]!;
          ceiling += Number.isNaN(c) ? 0 : c;
          counted += ev.columns.countedFen[i]!;
        });
        return { ceiling, counted };
      };
      return { provision: sum((r) => r.provisionId === id), document: sum((r) => catalog.byId.get(r.provisionId)?.document.key === documentKey) };
    };
    const { page } = await h.newPage();
    const fetched: string[] = [];
    page.on("request", (r) => fetched.push(r.url()));
    await open(page, `?view=whatif&provision=${id}`);
    const table = "现行与模拟对比";
    await page.locator("caption", { hasText: table }).waitFor({ timeout: 60_000 });
    const lineOf = async (label: string) => (await tableCells(page, table)).find((c) => c[0]!.startsWith(label))!;
    const base = expected(new Map());
    let line = await lineOf(id);
    expect(line.slice(1)).toEqual([String(counts.get(id)), fenYuan(base.provision.ceiling), fenYuan(base.provision.ceiling), "0 元", fenYuan(base.provision.counted), fenYuan(base.provision.counted), "0 元"]);

    // A tenth of the first cap, typed in 万元 into the input named by its path.
    const cap = paramsOf(id).find((p) => p.name === "cap")!;
    await page.locator(`input[name="${cap.path}"]`).fill(String(cap.value / 1_000_000 / 10));
    const lowered = expected(new Map([[cap.path, Math.round(cap.value / 10)]]));
    expect(lowered.provision.ceiling).toBeLessThan(base.provision.ceiling);
    await page.waitForFunction(([m, v]) => document.querySelector(`[data-metric="${m}"]`)?.textContent === v, [`ceilingAfter-provision-${id}`, fenYuan(lowered.provision.ceiling)] as const, { timeout: 60_000 });
    line = await lineOf(id);
    expect(line.slice(2, 7)).toEqual([fenYuan(base.provision.ceiling), fenYuan(lowered.provision.ceiling), expect.stringMatching(/^-/), fenYuan(base.provision.counted), fenYuan(lowered.provision.counted)]);
    const total = await lineOf("全文件");
    expect(total.slice(2, 4)).toEqual([fenYuan(base.document.ceiling), fenYuan(lowered.document.ceiling)]);
    expect(await page.getByTestId("whatif-standing").textContent()).toContain("可作为申报通知发布");

    // Switched off: nothing can be awarded.
    await page.locator('input[name="off"]').check();
    await page.waitForFunction((m) => document.querySelector(`[data-metric="${m}"]`)?.textContent === "0 元", `ceilingAfter-provision-${id}`, { timeout: 60_000 });
    await shot(page, "whatif-off-zh");
    // The browser fetched no ledger rows: the service answered the what-if.
    expect(fetched.filter((u) => u.includes("/api/ledger"))).toEqual([]);
    expect(fetched.some((u) => u.endsWith("/api/whatif"))).toBe(true);
    // Nothing was saved: the service's summary is unchanged.
    const after = await getJson<{ rows: SummaryRow[] }>(`/api/summary?by=provision&provision=${id}`);
    expect(Math.round(after.rows[0]!.requested * 100)).toBe(base.provision.ceiling);
  });

  it("shows every view, keyboard-reachable and without WCAG 2 A/AA violations, in both languages", async () => {
    const provision = rows[0]!.provisionId;
    const views = [
      ["overview", ""],
      ["year", "?view=year&year=2026"],
      ["drill", "?view=drill&jurisdiction=chongqing"],
      ["provision", `?view=provision&provision=${provision}`],
      ["whatif", `?view=whatif&provision=${provision}`],
      ["quality", "?view=quality"],
    ] as const;
    for (const locale of ["zh-CN", "en"] as const) {
      const { page, errors } = await h.newPage(locale);
      for (const [name, search] of views) {
        await open(page, search);
        await page.locator("main figure, main .state").first().waitFor({ timeout: 60_000 });
        await page.waitForFunction(() => !document.querySelector("main .state-loading"), undefined, { timeout: 60_000 });
        expect(await page.locator("main .state-error").count(), `${name} ${locale}`).toBe(0);
        await shot(page, `${name}-${locale === "en" ? "en" : "zh"}`);
        // Contrast, names and roles do not depend on the language: every view is checked once, in Chinese.
        if (locale === "zh-CN") await axe(page);
      }
      // The skip link comes first in the tab order and lands on the main content.
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => document.activeElement?.className)).toBe("skip");
      // No missing message, React warning or failed request on any view.
      expect(errors).toEqual([]);
    }
  }, 240_000);

  it("provision page: clause text, ceilings requested vs approved, how often each bound applied", async () => {
    // The provision whose ceilings were most often decided by something other than the rate alone.
    const counts = new Map<string, number>();
    for (const e of evaluation.rows) counts.set(e.row.provisionId, (counts.get(e.row.provisionId) ?? 0) + (e.bound !== "none" ? 1000 : 1));
    const [id] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
    const mine = evaluation.rows.filter((e) => e.row.provisionId === id);
    // The bound's words are the trace's and the CLI's (shared/terms.ts).
    const BOUND_ZH: Record<string, string> = { ...Object.fromEntries(Object.entries(BOUND_TERMS).map(([b, t]) => [b, t.zh])), error: "无法计算" };
    const { page } = await h.newPage();
    await open(page, `?view=provision&provision=${id}`);
    const entry = defaultEngine().catalog.byId.get(id)!;
    expect(await page.locator("blockquote.citation").textContent()).toBe(entry.provision.citation);
    const bounds = await tableCells(page, "决定因素出现次数");
    for (const [bound, label] of Object.entries(BOUND_ZH)) {
      const n = mine.filter((e) => (e.bound ?? "error") === bound).length;
      expect(bounds.find((c) => c[0] === label)?.[1], bound).toBe(n === 0 ? undefined : String(n));
    }
    // Per cap: rows it was considered for, and how often it or its headroom bound (from the traces).
    const traced = evaluateLedger(defaultEngine(), rows).rows.filter((e) => e.row.provisionId === id);
    const capSteps = traced.flatMap((e) => e.trace.filter((s) => s.step === "cap"));
    expect(capSteps.length).toBeGreaterThan(0);
    const capCells = await tableCells(page, "各上限的约束次数");
    for (const key of new Set(capSteps.map((s) => s.key))) {
      const steps = capSteps.filter((s) => s.key === key);
      const line = capCells.find((c) => c[0] === steps[0]!.citation && c[2] === yuan(steps[0]!.limitFen / 100));
      expect(line?.slice(3), key).toEqual([String(steps.length), String(steps.filter((s) => s.bound === "cap").length), String(steps.filter((s) => s.bound === "headroom").length)]);
    }
    const byYear = summarize({ rows: evaluation.rows.filter((e) => e.row.provisionId === id), violations: [] }, ["year"], []);
    const cells = await tableCells(page, "最高可补与核定金额");
    for (const r of byYear) expect(cells.find((c) => c[0] === String(r.key.year))?.slice(2)).toEqual([yuan(r.requested), yuan(r.approved)]);
  });

  it("data quality lists the ledger check's violations, linked to their rows", async () => {
    const { page } = await h.newPage();
    await open(page, "?view=quality");
    await page.locator("p.count").waitFor({ timeout: 60_000 });
    expect(await page.locator("p.count").textContent()).toBe(`共 ${evaluation.violations.length} 个问题，涉及 ${new Set(evaluation.violations.map((v) => v.index)).size} 行`);
    const first = page.locator("main table a[href^='#row-']").first();
    const id = await first.textContent();
    await first.click();
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#row-\d+$/);
    expect(await page.locator(":target h4").textContent()).toContain(id!);
  });

  it("exports text a user typed into the ledger without letting it become a formula", async () => {
    const template = rows.find((r) => r.status === "approved")!;
    const evil = { ...template, applicationId: "EVIL-1", projectId: "EVIL-P", enterprise: '=HYPERLINK("http://evil.example","x")', paid: null, paidDate: null };
    // Submitted by a clerk, approved by the first token: one token may not do both (separation of duties).
    await h.publishDecided([evil]);
    const { page } = await h.newPage();
    const entry = defaultEngine().catalog.byId.get(evil.provisionId)!;
    await open(page, `?view=drill&jurisdiction=${entry.document.jurisdiction}&document=${entry.document.key}&provision=${evil.provisionId}`);
    const panel = page.locator(".table-panel", { has: page.locator("caption", { hasText: /^企业名称$/ }) });
    const { bytes } = await downloadOf(page, () => panel.locator("button.export-csv").click());
    const parsed = Papa.parse<string[]>(bytes.toString("utf8").slice(1), { skipEmptyLines: true }).data;
    expect(parsed.some((r) => r[0] === `'${evil.enterprise}`)).toBe(true);
    for (const cell of parsed.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it("data quality shows a flagged row's 申报批次 beside its provision", async () => {
    // 1亿 under the sample notice allows 8% = 800万: 900万 approved is above it (the document alone would allow 1000万).
    const notice = "jiulongpo-2026-1-sample";
    const row = { ...ledgerRowLike(), applicationId: "NOTICE-1", projectId: "NOTICE-P1", provisionId: "jiulongpo-5", amount: 100_000_000, applicationDate: "2026-03-10", status: "approved", approved: 9_000_000, approvalDate: null, notice };
    await h.publishDecided([row as LedgerRow]);
    const { page } = await h.newPage();
    await open(page, "?view=quality");
    await page.locator("p.count").waitFor({ timeout: 60_000 });
    const card = page.locator("article.row-card", { has: page.locator("h4", { hasText: "NOTICE-1" }) });
    expect(await card.locator("dt", { hasText: "申报批次" }).locator("xpath=following-sibling::dd").textContent()).toBe(notice);
    expect(await card.locator("li").allTextContents()).toEqual(["核定 9,000,000 元 超过最高可补 8,000,000 元（决定因素：按公式计算）"]);
    expect(await page.locator("main table thead th").allTextContents()).toContain("申报批次");
  });

  it("prints on A4 landscape", async () => {
    const { page } = await h.newPage();
    await open(page, "");
    const pdf = await page.pdf({ preferCSSPageSize: true });
    const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf.toString("latin1"));
    expect(box && [Math.round(Number(box[1])), Math.round(Number(box[2]))]).toEqual([842, 595]);
    await page.emulateMedia({ media: "print" });
    expect(await page.locator("nav.views").isVisible()).toBe(false);
    await shot(page, "overview-print");
  });

  it("says clearly that the service is down, instead of a blank page", async () => {
    await h.closePages();
    const { page } = await h.newPage();
    await open(page, "");
    // Shutdown finishes once idle connections are dropped; the page's next request must find nobody listening.
    await Promise.race([h.server.close(), new Promise((r) => setTimeout(r, 10_000))]);
    await page.locator("nav.views a", { hasText: "逐级钻取" }).click();
    const alert = page.locator("main [role=alert]");
    await alert.waitFor();
    expect(await alert.textContent()).toContain("无法连接台账服务");
    await shot(page, "service-down-zh");
    expect(fs.existsSync(path.join(OUTPUT, "overview-zh.png"))).toBe(true);
  }, 60_000);
});
