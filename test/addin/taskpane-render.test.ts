// The task pane rendered in headless Chromium from the built page, in Chinese and in English, with an
// accessibility scan; screenshots go to test-results/ for a person to look at.
import { mkdirSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogVersion } from "../../shared/catalog/version-node.ts";
import { buildAddin, buildForTest } from "./build-for-test.ts";
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
      // Every provision, grouped by document with a count per group (the static test server has no service).
      expect(await page.getByRole("option").count()).toBe(144);
      await page.getByText(locale === "zh-CN" ? "共 144 条" : "144 provisions").waitFor();
      const groups = page.locator("[data-testid^=group-]");
      const labels = await groups.evaluateAll((els) => els.map((e) => e.getAttribute("aria-label") ?? ""));
      expect(labels.length).toBeGreaterThanOrEqual(5);
      const counts = labels.map((l) => Number(/(\d+)(?: 条)?[）)]$/.exec(l)?.[1]));
      expect(counts.reduce((a, b) => a + b, 0)).toBe(144);
      for (const [k, label] of labels.entries()) expect(await groups.nth(k).getByRole("option").count(), label).toBe(counts[k]);
      await page.getByTestId("service-offline").waitFor();
      expect(await page.getByTestId("catalog-version").textContent()).toContain(catalogVersion());
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

describe("the service's catalog version", () => {
  const withHealth = (version: string) => async (page: import("playwright-core").Page) => {
    await page.route("**/api/health", (route) => route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify({ status: "ok", catalogVersion: version }) }));
  };

  it("warns when the service's catalog differs from the functions', and says nothing when they agree", async () => {
    const stale = await openExcelHost(dist, { locale: "zh-CN", browser, prepare: withHealth("000000000000") });
    try {
      await stale.page.locator('main[data-service="online"]').waitFor();
      await stale.page.getByTestId("catalog-mismatch").waitFor();
      expect(await stale.page.getByTestId("catalog-mismatch").textContent()).toContain(`服务端规则版本为 000000000000，本加载项的函数为 ${catalogVersion()}`);
      expect(await stale.page.getByTestId("service-offline").count()).toBe(0);
    } finally {
      await stale.close();
    }
    const same = await openExcelHost(dist, { locale: "en-US", browser, prepare: withHealth(catalogVersion()) });
    try {
      await same.page.locator('main[data-service="online"]').waitFor();
      expect(await same.page.getByTestId("catalog-mismatch").count()).toBe(0);
      expect(await same.page.getByTestId("service-offline").count()).toBe(0);
    } finally {
      await same.close();
    }
  });
});

describe("without office.js", () => {
  // The production build loads office.js from Microsoft's CDN, which this test (like an intranet) cannot reach.
  let production: string;
  beforeAll(async () => {
    production = await buildAddin();
  }, 180_000);

  it("says so in both languages and still browses provisions and builds formulas", async () => {
    const host = await openExcelHost(production, { locale: "zh-CN", browser, waitForFunctions: false });
    try {
      const { page } = host;
      expect(host.external.some((url) => url.startsWith("https://appsforoffice.microsoft.com/"))).toBe(true);
      const banner = page.getByTestId("office-missing");
      await banner.waitFor();
      expect(await banner.textContent()).toContain("Office 脚本（office.js）未能加载");
      expect(await banner.textContent()).toContain("Office's script (office.js) could not load");
      expect(await page.getByRole("option").count()).toBe(144);
      await page.getByRole("searchbox").fill("设备投资");
      await page.getByRole("option", { name: "jiulongpo-5 · 智能制造等项目配套奖励" }).click();
      await page.getByRole("textbox").first().fill("D2");
      expect(await page.getByTestId("formula").textContent()).toBe('=CQ.SUBSIDY("jiulongpo-5", D2)');
      await page.screenshot({ path: "test-results/addin-taskpane-no-office.png", fullPage: true });
      expect(host.pageErrors).toEqual([]);
    } finally {
      await host.close();
    }
  });
});
