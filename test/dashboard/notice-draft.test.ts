// The what-if view as a draft notice, in Chromium against the real service: a 九龙坡 rate lowered, named and saved
// with a token that may draft; reopened in a fresh visit from the office's drafts, figures and names restored,
// the document's figure beside the notice's; Publish offered to an admin only, held back while a change is not
// saved, and published, after which the footer's catalog version covers it; axe WCAG 2 A/AA
// clean in zh-CN and en.
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { en } from "../../dashboard/web/src/i18n/en.ts";
import { zhCN } from "../../dashboard/web/src/i18n/zh-CN.ts";
import { catalogVersion } from "../../shared/catalog/version-node.ts";
import { formatPercent } from "../../shared/money/format.ts";
import { makeToken } from "../service/harness.ts";
import { startHarness, type Harness } from "./harness.ts";

let h: Harness;
const PROVISION = "jiulongpo-5";
const RATE = `${PROVISION}.rate`;

beforeAll(async () => {
  h = await startHarness();
}, 240_000);

afterAll(async () => {
  await h?.close();
});

async function open(page: Page, provision: string): Promise<void> {
  await page.goto(`${h.server.url}/?view=whatif&provision=${provision}`);
  await page.locator("main h2").first().waitFor();
  await page.waitForFunction(() => !document.querySelector("main .state-loading"));
}

async function axe(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`)).toEqual([]);
}

async function signIn(page: Page, token: string): Promise<void> {
  await page.locator('input[name="token"]').fill(token);
  await page.locator(".notice-token button").click();
  await page.getByTestId("notice-session").waitFor({ timeout: 30_000 });
}

/** The compare table's row of a path: the document's figure, the notice's. */
async function compared(page: Page, pathName: string): Promise<string[]> {
  return page.locator(`[data-testid="notice-compare"] tr[data-path="${pathName}"] td`).allTextContents();
}

describe("the what-if as a draft notice", { timeout: 240_000 }, () => {
  let id = "";

  it("saves a named draft and sets its figure beside the document's (zh-CN)", async () => {
    const token = h.server.firstToken as string;
    const { page, errors } = await h.newPage();
    await open(page, PROVISION);
    await signIn(page, token);
    await page.locator(`input[name="${RATE}"]`).fill("7");
    await expect.poll(() => compared(page, RATE), { timeout: 30_000 }).toEqual([formatPercent(0.1, "zh"), formatPercent(0.07, "zh")]);
    await page.locator('input[name="titleZh"]').fill("2026年度第二批申报通知（测试）");
    await page.locator('input[name="titleEn"]').fill("2026 second round (test)");
    await page.locator('input[name="number"]').fill("九龙坡经信发〔2026〕12号");
    await page.locator('input[name="windowStart"]').fill("2026-05-01");
    await page.locator('input[name="windowEnd"]').fill("2026-06-30");
    await page.locator('button[name="save"]').click();
    const status = page.getByTestId("notice-status");
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toMatch(/已保存草案 api-jiulongpo-\d+/);
    id = /api-jiulongpo-\d+/.exec((await status.textContent()) ?? "")?.[0] ?? "";
    expect(await page.getByRole("heading", { name: zhCN["notice.heading"] }).count()).toBe(1);
    await axe(page);
    await page.screenshot({ path: path.join(process.cwd(), "test-results", "dashboard", "notice-draft-zh.png"), fullPage: true });
    expect(errors).toEqual([]);
  });

  it("reopens the draft from the office's drafts in a later visit, shows Publish only to an admin, and publishes", async () => {
    const clerk = await makeToken(path.join(h.dir, "subsidy.db"), "clerk", "九龙坡区经信委 李四", "jiulongpo");
    const asClerk = await h.newPage();
    await open(asClerk.page, "jiulongpo-1");
    await signIn(asClerk.page, clerk);
    await asClerk.page.locator('select[name="reopen"]').selectOption(id);
    await asClerk.page.locator(".notice-reopen button").click();
    // The view moves to the notice's provision, its figure typed back in, its names restored.
    await expect.poll(() => asClerk.page.locator(`input[name="${RATE}"]`).inputValue(), { timeout: 30_000 }).toBe("7");
    expect(await asClerk.page.locator('input[name="titleZh"]').inputValue()).toBe("2026年度第二批申报通知（测试）");
    expect(await asClerk.page.locator('input[name="windowEnd"]').inputValue()).toBe("2026-06-30");
    expect(await compared(asClerk.page, RATE)).toEqual([formatPercent(0.1, "zh"), formatPercent(0.07, "zh")]);
    expect(await asClerk.page.locator('button[name="publish"]').count()).toBe(0);

    const { page, errors } = await h.newPage();
    await open(page, PROVISION);
    await signIn(page, h.server.firstToken as string);
    await page.locator('select[name="reopen"]').selectOption(id);
    await page.locator(".notice-reopen button").click();
    // A change not saved yet holds Publish back: what is published is what was saved.
    const publish = page.locator('button[name="publish"]');
    await expect.poll(() => publish.isEnabled(), { timeout: 30_000 }).toBe(true);
    await page.locator(`input[name="${RATE}"]`).fill("6");
    await expect.poll(() => publish.isEnabled()).toBe(false);
    expect(await page.locator("#notice-unsaved").textContent()).toBe(zhCN["notice.unsaved"]);
    await page.locator(`input[name="${RATE}"]`).fill("7");
    await expect.poll(() => publish.isEnabled()).toBe(true);
    await publish.click();
    await expect.poll(() => page.getByTestId("notice-status").textContent(), { timeout: 30_000 }).toContain(`已发布申报通知 ${id}`);
    expect(errors).toEqual([]);
  });

  it("reads in English and passes axe there too; the footer's catalog version now covers the published notice", async () => {
    const { page, errors } = await h.newPage("en-US");
    await open(page, PROVISION);
    // Published in the test before: the service's version is the rules hash this build baked plus the notices' part.
    const health = (await (await fetch(`${h.server.url}/api/health`)).json()) as { catalogVersion: string; rulesVersion: string };
    expect(health.rulesVersion).toBe(catalogVersion());
    expect(health.catalogVersion).toMatch(new RegExp(`^${catalogVersion()}\\+[0-9a-f]{12}$`));
    await page.getByTestId("catalog-version").waitFor();
    expect(await page.getByTestId("catalog-version").textContent()).toBe(health.catalogVersion);
    expect(await page.getByTestId("catalog-notices").textContent()).toContain(`rules ${catalogVersion()} and 1 notices published through the service (${id})`);
    expect(await page.getByTestId("catalog-mismatch").count()).toBe(0);
    await signIn(page, h.server.firstToken as string);
    await page.getByRole("heading", { name: en["notice.heading"] }).waitFor();
    expect(await page.locator('[data-testid="notice-compare"] caption').textContent()).toBe(en["notice.compare"]);
    await page.locator(`input[name="${RATE}"]`).fill("8");
    await expect.poll(() => compared(page, RATE), { timeout: 30_000 }).toEqual([formatPercent(0.1, "en"), formatPercent(0.08, "en")]);
    await axe(page);
    expect(errors).toEqual([]);
  });
});
