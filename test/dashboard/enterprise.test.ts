// 一企一档 in headless Chromium against the real service and the seeded sample ledger: an enterprise found by name and
// by the start of its credit code, its file's totals equal to the API's and to summarize() over its rows, every
// application listed, the headroom under its caps as the API gives it, the calculator link opening the calculator on
// its profile; the drill-down's enterprise ranking links to it; axe WCAG 2 A/AA clean and no sideways scroll at
// 390 px, in zh-CN and en.
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EnterpriseFile, EnterpriseHit } from "../../shared/ledger/enterprise-file.ts";
import { evaluateLedger } from "../../shared/ledger/evaluate.ts";
import type { LedgerRow } from "../../shared/ledger/row.ts";
import { summarize, totalOf, withDeprecatedNames } from "../../shared/ledger/summary.ts";
import { formatYuan, type Lang } from "../../shared/money/format.ts";
import { defaultEngine } from "../../shared/node.ts";
import { en } from "../../dashboard/web/src/i18n/en.ts";
import { zhCN } from "../../dashboard/web/src/i18n/zh-CN.ts";
import { profileOfFile } from "../../dashboard/web/src/lib/enterprise-profile.ts";
import { OUTPUT, startHarness, tableCells, type Harness } from "./harness.ts";

let h: Harness;
let rows: LedgerRow[];
/** The sample enterprise with the most applications that draw on some cap across applications. */
let code: string;
let file: EnterpriseFile;

async function getJson<T>(p: string): Promise<T> {
  const res = await fetch(`${h.server.url}${p}`);
  expect(res.status, p).toBe(200);
  return (await res.json()) as T;
}

async function settle(page: Page): Promise<void> {
  await page.locator("main h2").first().waitFor();
  await page.waitForFunction(() => !document.querySelector("main .state-loading"), undefined, { timeout: 60_000 });
}

async function axe(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`)).toEqual([]);
}

async function noSidewaysScroll(page: Page): Promise<void> {
  const s = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  expect(s.scroll).toBeLessThanOrEqual(s.width);
}

const yuan = (v: number, lang: Lang) => formatYuan(Math.round(v * 100), lang);

beforeAll(async () => {
  h = await startHarness();
  rows = (await getJson<{ rows: { row: LedgerRow }[] }>("/api/ledger?limit=5000")).rows.map((r) => r.row);
  const byCode = new Map<string, number>();
  for (const r of rows) byCode.set(r.creditCode, (byCode.get(r.creditCode) ?? 0) + 1);
  const candidates = [...byCode].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  for (const [c] of candidates) {
    const f = await getJson<EnterpriseFile>(`/api/enterprises/${c}`);
    if (f.caps.length > 0 && f.applications.length >= 3) {
      code = c;
      file = f;
      break;
    }
  }
  expect(code).toBeDefined();
}, 240_000);

afterAll(async () => {
  await h?.close();
});

describe("enterprise file (一企一档)", { timeout: 240_000 }, () => {
  for (const [locale, lang, messages] of [["zh-CN", "zh", zhCN], ["en", "en", en]] as const) {
    it(`finds the enterprise by name and by credit-code prefix, and files its figures as summarize() does (${locale})`, async () => {
      const { page, errors } = await h.newPage(locale);
      await page.goto(`${h.server.url}/`);
      await settle(page);
      await page.getByRole("link", { name: messages["nav.enterprise"] }).click();
      await settle(page);
      expect(await page.locator("main h2").textContent()).toBe(messages["ent.heading"]);

      // By part of the name: the enterprise is among the hits (the API's, in its order).
      const part = file.enterprise.slice(2, 6);
      await page.getByLabel(messages["ent.searchLabel"]).fill(part);
      await page.getByRole("button", { name: messages["ent.searchButton"] }).click();
      await settle(page);
      const byName = await getJson<{ enterprises: EnterpriseHit[] }>(`/api/enterprises?q=${encodeURIComponent(part)}`);
      const listed = await page.locator(".ent-results li").evaluateAll((list) => list.map((li) => li.getAttribute("data-code")));
      expect(listed).toEqual(byName.enterprises.map((e) => e.creditCode));
      expect(listed).toContain(code);
      await axe(page);

      // By the start of the credit code, typed in lower case.
      await page.getByLabel(messages["ent.searchLabel"]).fill(code.slice(0, 14).toLowerCase());
      await page.getByRole("button", { name: messages["ent.searchButton"] }).click();
      await settle(page);
      await page.locator(`.ent-results li[data-code="${code}"] a`).click();
      await settle(page);
      expect(new URL(page.url()).searchParams.get("code")).toBe(code);
      await page.locator("article.ent-file").waitFor();
      expect(await page.locator("#ent-name").textContent()).toBe(file.enterprise);

      // The totals: the API's, and summarize() over the enterprise's rows.
      const mine = rows.filter((r) => r.creditCode === code);
      const want = summarize(evaluateLedger(defaultEngine(), mine, { trace: false }), ["document", "year"], []);
      const total = totalOf(want);
      expect(file.total).toEqual(withDeprecatedNames(total));
      const cards = await page.locator(".ent-total [data-total]").evaluateAll((list) =>
        list.map((c) => [c.getAttribute("data-total"), c.querySelector("[data-yuan]")?.getAttribute("data-yuan") ?? c.querySelector("dd")?.textContent?.trim()]),
      );
      expect(cards).toEqual([
        ["count", String(total.count)],
        ["requested", String(total.requested)],
        ["approved", String(total.approved)],
        ["paid", String(total.paid)],
      ]);
      const totals = (await tableCells(page, messages["ent.totals"])).slice(1);
      const expectedTotals = [...want, total].map((r) => [String(r.key.year ?? ""), String(r.count), yuan(r.requested, lang), yuan(r.approved, lang), yuan(r.paid, lang)]);
      expect(totals.map((r) => r.slice(1))).toEqual(expectedTotals);

      // Every application, once (the first page and the pager's count).
      const apps = (await tableCells(page, messages["ent.applicationsTable"])).slice(1);
      expect(apps.map((r) => r[0])).toEqual(file.applications.slice(0, 20).map((a) => a.applicationId));
      expect(new Set(file.applications.map((a) => a.applicationId))).toEqual(new Set(mine.map((r) => r.applicationId)));

      // The headroom under each cap as the API gives it: cap, drawn, headroom, exact yuan.
      const caps = (await tableCells(page, messages["ent.capsTable"])).slice(1);
      expect(caps.map((r) => [r[0], r[3], r[4], r[5]])).toEqual(
        file.caps.map((c) => [c.label[lang], c.cap === null ? "—" : yuan(c.cap, lang), yuan(c.drawn, lang), c.headroom === null ? "—" : yuan(c.headroom, lang)]),
      );
      for (const c of file.caps) if (c.cap !== null) expect(c.headroom).toBe(Math.max(0, Math.round((c.cap - c.drawn) * 100) / 100));

      // Sorted by value: approved amounts as numbers, not text.
      await page.locator("table", { has: page.locator("caption", { hasText: messages["ent.applicationsTable"] }) }).getByRole("button", { name: messages["col.approved"] }).click();
      const sorted = (await tableCells(page, messages["ent.applicationsTable"])).slice(1).map((r) => r[7]);
      const values = file.applications.map((a) => a.approved).filter((v): v is number => v !== null).sort((a, b) => a - b).slice(0, 20);
      expect(sorted.slice(0, values.length)).toEqual(values.map((v) => yuan(v, lang)));

      await axe(page);
      await page.screenshot({ path: path.join(OUTPUT, `enterprise-desktop-${lang}.png`), fullPage: true });
      expect(errors).toEqual([]);
    });

    it(`opens the policy calculator on the enterprise's district and figures, and fits a phone (${locale})`, async () => {
      const { page, errors } = await h.newPage(locale);
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${h.server.url}/?view=enterprise&code=${code}`);
      await settle(page);
      await page.locator("article.ent-file").waitFor();
      await noSidewaysScroll(page);
      await axe(page);
      await page.screenshot({ path: path.join(OUTPUT, `enterprise-phone-${lang}.png`), fullPage: true });

      const { district, profile } = profileOfFile(file);
      await page.getByRole("link", { name: messages["ent.toCalculator"] }).click();
      await settle(page);
      expect(await page.locator("main h2").textContent()).toBe(messages["calc.heading"]);
      const q = new URL(page.url()).searchParams;
      expect([q.get("view"), q.get("district")]).toEqual(["calculator", district]);
      expect(await page.locator("select[name=district]").inputValue()).toBe(district);
      for (const [name, v] of Object.entries(profile.facts)) {
        expect(q.get(name), name).toBe(String(v));
        expect(Number(await page.locator(`input[name=${name}]`).inputValue()), name).toBe(v);
      }
      expect(Object.keys(profile.amounts).length).toBeGreaterThan(0);
      for (const [id, v] of Object.entries(profile.amounts)) expect(q.get(`amount.${id}`), id).toBe(String(v));
      await noSidewaysScroll(page);
      expect(errors).toEqual([]);
    });
  }

  it("is linked from the drill-down's enterprise ranking", async () => {
    const { page } = await h.newPage("zh-CN");
    // An application whose provision ranks the enterprise on the ranking's first page (20 a page, largest approved first).
    const rankOf = (a: EnterpriseFile["applications"][number]) => {
      const ranking = summarize(evaluateLedger(defaultEngine(), rows.filter((r) => r.provisionId === a.provision), { trace: false }), ["enterprise"], []).sort((x, y) => y.approved - x.approved);
      return ranking.findIndex((r) => r.key.enterprise === a.enterprise);
    };
    const first = file.applications.find((a) => a.jurisdiction !== null && a.document !== null && rankOf(a) < 15)!;
    expect(first).toBeDefined();
    await page.goto(`${h.server.url}/?view=drill&jurisdiction=${first.jurisdiction}&document=${first.document}&provision=${first.provision}`);
    await settle(page);
    const table = page.locator("table", { has: page.locator("caption", { hasText: zhCN["col.enterprise"] }) }).last();
    await table.getByRole("link", { name: first.enterprise, exact: true }).first().click();
    await settle(page);
    // The whole name, searched: found alone, its file opens in place of the search; else it is among the hits.
    const hits = (await getJson<{ enterprises: EnterpriseHit[] }>(`/api/enterprises?q=${encodeURIComponent(first.enterprise)}`)).enterprises;
    expect(hits.map((e) => e.creditCode)).toContain(code);
    if (hits.length === 1) {
      await page.locator(`article.ent-file[data-code="${code}"]`).waitFor();
      const q = new URL(page.url()).searchParams;
      expect([q.get("view"), q.get("code"), q.get("q")]).toEqual(["enterprise", code, null]);
      // Back returns to the drill-down, not to a search that would open the file again.
      await page.goBack();
      await settle(page);
      expect(new URL(page.url()).searchParams.get("view")).toBe("drill");
    } else {
      await page.locator(`.ent-results li[data-code="${code}"]`).waitFor();
      expect(new URL(page.url()).searchParams.get("q")).toBe(first.enterprise);
    }
  });

  it("says so when the enterprise is not in the ledger, and when a search finds nothing", async () => {
    const { page } = await h.newPage("en");
    await page.goto(`${h.server.url}/?view=enterprise&code=91500000000000000X`);
    await settle(page);
    expect(await page.locator("main .state-empty").textContent()).toBe(en["ent.notFound"]);
    await page.goto(`${h.server.url}/?view=enterprise&q=${encodeURIComponent("%_")}`);
    await settle(page);
    expect(await page.locator("main .state-empty").textContent()).toBe(en["ent.noResults"].replace("{q}", "%_"));
    await axe(page);
  });
});
