// The task pane rendered in headless Chromium from the built page, in Chinese and in English, with an
// accessibility scan; screenshots go to test-results/ for a person to look at.
import { mkdirSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildForTest } from "./build-for-test.ts";
import { CHROMIUM, openExcelHost } from "./excel-host.ts";

let dist: string;
let browser: Browser;

beforeAll(async () => {
  dist = await buildForTest();
  browser = await chromium.launch(CHROMIUM);
  mkdirSync("test-results", { recursive: true });
});

afterAll(async () => {
  await browser?.close();
});

describe.each([
  { locale: "zh-CN", title: "补贴兑现助手", tab: "兑现台账", search: "设备投资", found: "jiulongpo-5 · 智能制造等项目配套奖励", cap: "单个企业每年 20,000,000 元" },
  { locale: "en-US", title: "Subsidy assistant", tab: "Ledger", search: "equipment", found: "jiulongpo-5 · Matching award for intelligent-manufacturing and upgrade projects", cap: "per enterprise per year ¥20,000,000" },
])("task pane in $locale", ({ locale, title, tab, search, found, cap }) => {
  it("renders, searches, shows a provision and the formula it would insert", async () => {
    const host = await openExcelHost(dist, { locale, browser });
    try {
      const { page } = host;
      await page.setViewportSize({ width: 360, height: 900 });
      await page.getByRole("heading", { name: title }).waitFor();
      await page.getByRole("searchbox").fill(search);
      await page.getByRole("option", { name: found }).click();
      await page.getByText(cap).waitFor();
      await page.getByRole("textbox").first().fill("D2");
      expect(await page.getByTestId("formula").textContent()).toBe('=CQ.SUBSIDY("jiulongpo-5", D2)');
      await page.screenshot({ path: `test-results/addin-taskpane-${locale}.png`, fullPage: true });
      // Fluent UI's focus manager (tabster) adds invisible focus sentinels marked aria-hidden on purpose.
      const axe = await new AxeBuilder({ page }).exclude("[data-tabster-dummy]").analyze();
      expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html.slice(0, 160)).join(" | ")}`)).toEqual([]);
      await page.getByRole("tab", { name: tab }).click();
      await page.screenshot({ path: `test-results/addin-ledger-${locale}.png`, fullPage: true });
      expect(host.pageErrors).toEqual([]);
    } finally {
      await host.close();
    }
  });
});
