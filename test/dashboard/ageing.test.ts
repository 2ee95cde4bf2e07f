// The approved-but-unpaid ageing panel and the year basis note, in headless Chromium against the real service and
// the sample ledger: the panel's figures are those GET /api/summary/ageing answers (an approval recorded ten days ago
// lands in 0–30 days; the sample's approvals, each recorded on its day when the sample is seeded, over 90 days, and
// none in "not recorded", whose line is shown all the same), amounts in
// the shared formatter's 元/万元/亿元; the note says approved counts by approval date and paid by payment date;
// axe finds nothing, in Chinese and in English.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { todayInShanghai } from "../../shared/engine/dates.ts";
import type { Ageing } from "../../shared/ledger/ageing.ts";
import type { LedgerRow } from "../../shared/ledger/row.ts";
import { formatYuan } from "../../shared/money/format.ts";
import { en } from "../../dashboard/web/src/i18n/en.ts";
import { zhCN } from "../../dashboard/web/src/i18n/zh-CN.ts";
import { startHarness, type Harness } from "./harness.ts";

let h: Harness;

async function api<T>(p: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${h.server.url}${p}`, { ...init, headers: { "content-type": "application/json", authorization: `Bearer ${h.server.firstToken!}` } });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as T;
}

const daysBefore = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

async function axe(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`)).toEqual([]);
}

describe("dashboard: approved-but-unpaid ageing and the year basis", () => {
  let recent: string;
  beforeAll(async () => {
    h = await startHarness();
    // One applied jiulongpo row approved ten days ago, through the decisions API.
    const applied = await api<{ rows: { row: LedgerRow }[] }>("/api/ledger?status=applied&jurisdiction=jiulongpo&limit=5000");
    const approvedOn = daysBefore(todayInShanghai(), 10);
    const row = applied.rows.map((r) => r.row).filter((r) => r.applicationDate <= approvedOn).sort((a, b) => (a.applicationDate < b.applicationDate ? -1 : 1))[0]!;
    recent = row.applicationId;
    await api(`/api/ledger/rows/${encodeURIComponent(row.applicationId)}/decisions`, { method: "POST", body: JSON.stringify({ event: "approved", amount: 1, date: approvedOn }) });
  }, 240_000);
  afterAll(async () => {
    await h?.close();
  });

  for (const [locale, lang, texts] of [["zh-CN", "zh", zhCN], ["en-US", "en", en]] as const) {
    it(`overview (${lang}): the panel shows the API's buckets; the basis note is there; axe is clean`, async () => {
      const expected = await api<Ageing>(`/api/summary/ageing?asOf=${todayInShanghai()}`);
      expect(expected.buckets.find((b) => b.bucket === "0-30")?.count, recent).toBeGreaterThanOrEqual(1);
      expect(expected.buckets.find((b) => b.bucket === "over-90")?.count).toBeGreaterThan(0);
      expect(expected.buckets.find((b) => b.bucket === "not-recorded")).toMatchObject({ count: 0, outstanding: 0 });
      const { page } = await h.newPage(locale);
      await page.goto(`${h.server.url}/`);
      await page.locator(".ageing-table").waitFor({ timeout: 60_000 });
      await page.waitForFunction(() => !document.querySelector("main .state-loading"));
      expect(await page.locator("#ageing-title").textContent()).toBe(texts["ageing.title"]);
      for (const b of expected.buckets) {
        const line = page.locator(`.ageing-table tr[data-bucket="${b.bucket}"]`);
        expect(await line.locator("td").first().textContent()).toBe(String(b.count));
        const money = line.locator(".money");
        expect(Number(await money.getAttribute("data-yuan"))).toBe(b.outstanding);
        expect(await money.getAttribute("title")).toBe(formatYuan(Math.round(b.outstanding * 100), lang));
      }
      expect(Number(await page.locator('.ageing-table tr[data-bucket="total"] .money').getAttribute("data-yuan"))).toBe(expected.total.outstanding);
      expect(await page.locator(".basis-note").first().textContent()).toBe(texts["basis.note"]);
      await axe(page);
      await h.closePages();
    }, 120_000);
  }

  it("year view: the basis note and the panel, as of the year's last day for a past year", async () => {
    const { page } = await h.newPage("zh-CN");
    const year = Number(todayInShanghai().slice(0, 4)) - 1;
    await page.goto(`${h.server.url}/?view=year&year=${year}`);
    await page.locator(".ageing-table").waitFor({ timeout: 60_000 });
    expect(await page.locator(".ageing-table").getAttribute("data-as-of")).toBe(`${year}-12-31`);
    expect(await page.locator(".basis-note").first().textContent()).toBe(zhCN["basis.note"]);
    await axe(page);
    await h.closePages();
  }, 120_000);
});
