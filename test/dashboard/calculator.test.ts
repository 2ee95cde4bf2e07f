// The policy calculator (政策计算器) in headless Chromium against the real service: a profile filled in as a user
// would, every figure checked against shared/engine's matchReport() for the same profile, in both languages;
// axe WCAG 2 A/AA clean; no sideways scroll at 390 px; the profile survives in the URL.
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jurisdictionsOfDistrict } from "../../shared/catalog/districts.ts";
import { matchReport } from "../../shared/engine/match.ts";
import { formatAmount, formatYuan, type Lang } from "../../shared/money/format.ts";
import { defaultEngine } from "../../shared/node.ts";
import { en } from "../../dashboard/web/src/i18n/en.ts";
import { zhCN } from "../../dashboard/web/src/i18n/zh-CN.ts";
import { startHarness, tableCells, type Harness } from "./harness.ts";

let h: Harness;
const engine = defaultEngine();
const SHOTS = process.env.CALC_SHOTS ?? path.join(process.cwd(), "test-results", "dashboard");

// An enterprise of 九龙坡: central funds received for a smart-manufacturing project, purchases over the 1亿 threshold.
const DISTRICT = "九龙坡区";
const DATE = "2026-06-30";
const FACTS = { centralFunds: 5_000_000, annualPurchases: 150_000_000 };
const AMOUNT = { id: "jiulongpo-1", yuan: 8_000_000 };

function expected(amounts: Record<string, number>) {
  const where = jurisdictionsOfDistrict(DISTRICT)!;
  const report = matchReport(engine, FACTS, DATE, amounts);
  const applies = (id: string) => where.includes(engine.catalog.byId.get(id)!.document.jurisdiction);
  return { matched: report.matched.filter((r) => applies(r.id)), excluded: report.excluded.filter((r) => applies(r.id)) };
}

async function settle(page: Page): Promise<void> {
  await page.locator("main h2").first().waitFor();
  await page.waitForFunction(() => !document.querySelector("main .state-loading"));
}

async function axe(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`)).toEqual([]);
}

/** The whole page, and as the screen shows it: the profile at the top, the first cards, the provisions left out. */
async function shots(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SHOTS, `${name}-top.png`) });
  await page.locator("#calc-matched").scrollIntoViewIfNeeded();
  await page.evaluate(() => document.getElementById("calc-matched")?.scrollIntoView());
  await page.screenshot({ path: path.join(SHOTS, `${name}-cards.png`) });
  await page.evaluate(() => document.getElementById("calc-excluded")?.scrollIntoView());
  await page.screenshot({ path: path.join(SHOTS, `${name}-excluded.png`) });
}

/** The cards on screen: ID, scaled ceiling, its exact-yuan tooltip, the bound's words. */
async function cards(page: Page) {
  return page.locator("article.calc-card").evaluateAll((list) =>
    list.map((a) => {
      const money = a.querySelector(".calc-ceiling .money");
      return {
        id: a.getAttribute("data-provision"),
        ceiling: money?.textContent?.trim(),
        full: a.querySelector(".calc-ceiling")?.textContent?.trim(),
        exact: money?.getAttribute("title") ?? null,
        bound: a.querySelector(".calc-bound")?.textContent?.trim(),
        trace: a.querySelectorAll(".calc-trace li").length,
      };
    }),
  );
}

beforeAll(async () => {
  h = await startHarness();
}, 240_000);

afterAll(async () => {
  await h?.close();
});

describe("policy calculator", { timeout: 240_000 }, () => {
  for (const [locale, lang, messages] of [["zh-CN", "zh", zhCN], ["en", "en", en]] as const) {
    it(`fills a profile and shows matchReport()'s provisions, ceilings and bounds (${locale})`, async () => {
      const { page, errors } = await h.newPage(locale);
      await page.goto(`${h.server.url}/`);
      await settle(page);
      await page.getByRole("link", { name: messages["nav.calculator"] }).click();
      await settle(page);
      expect(await page.locator("main h2").textContent()).toBe(messages["calc.heading"]);
      await page.selectOption("select[name=district]", DISTRICT);
      await page.fill("input[name=date]", DATE);
      await page.fill("input[name=centralFunds]", String(FACTS.centralFunds));
      await page.fill("input[name=annualPurchases]", String(FACTS.annualPurchases));

      const check = async (amounts: Record<string, number>) => {
        const want = expected(amounts);
        const shown = await cards(page);
        expect(shown.map((c) => c.id)).toEqual(want.matched.map((r) => r.id));
        for (const [i, r] of want.matched.entries()) {
          const c = shown[i]!;
          const ev = r.evaluation;
          if (ev.ceilingFen === null) {
            // 及以上: no ceiling stated, the floor the text gives.
            expect(c.full, r.id).toContain(messages["calc.noCeiling"]);
            if (ev.floorFen !== null) expect(c.ceiling, r.id).toBe(formatAmount(ev.floorFen, lang as Lang));
          } else {
            expect(c.ceiling, r.id).toBe(formatAmount(ev.ceilingFen, lang as Lang));
            expect(c.exact, r.id).toBe(formatYuan(ev.ceilingFen, lang as Lang));
          }
          expect(c.bound, r.id).toBe(messages[`bound.${ev.bound}`]);
          expect(c.trace, r.id).toBe(ev.trace.length);
        }
        // The table at a glance: its first page, in match()'s order, exact yuan.
        const table = (await tableCells(page, messages["calc.table"])).slice(1);
        expect(table.map((row) => [row[0], row[1]])).toEqual(
          want.matched.slice(0, 20).map((r) => [r.id, r.evaluation.ceilingFen === null ? messages["calc.noCeiling"] : formatYuan(r.evaluation.ceilingFen, lang as Lang)]),
        );
        // Every provision left out is listed once, under its reason.
        const left = await page.locator("details.calc-group li").evaluateAll((list) =>
          list.map((li) => `${li.closest("details")?.getAttribute("data-reason")}:${li.getAttribute("data-provision")}`),
        );
        expect(left.sort()).toEqual(want.excluded.map((x) => `${x.reason}:${x.id}`).sort());
        return want;
      };

      const before = await check({});
      // jiulongpo-5 is computed on the central funds alone (its equipment investment not given).
      expect(before.matched.some((r) => r.id === "jiulongpo-5")).toBe(true);
      expect(before.excluded.find((x) => x.id === AMOUNT.id)?.reason).toBe("needsAmount");
      // chongqing2023-2's 1亿 threshold is met, so it now asks for the amount it is computed on.
      expect(before.excluded.find((x) => x.id === "chongqing2023-2")?.reason).toBe("needsAmount");
      expect(await page.locator(".calc-scope").textContent()).toContain(DATE);

      // The amount a provision needs, typed beside it: it moves to the matches at the engine's ceiling.
      await page.fill(`input[name="amount.${AMOUNT.id}"]`, String(AMOUNT.yuan));
      const after = await check({ [AMOUNT.id]: AMOUNT.yuan });
      expect(after.matched.some((r) => r.id === AMOUNT.id)).toBe(true);
      const card = page.locator(`article[data-provision="${AMOUNT.id}"]`);
      await card.locator("summary").click();
      await expect.poll(() => card.locator(".calc-trace li").first().isVisible()).toBe(true);

      // A bad figure is marked and names what is wrong; the figures stay those of the last good profile.
      await page.fill("input[name=centralFunds]", "-5");
      expect(await page.locator("input[name=centralFunds]").getAttribute("aria-invalid")).toBe("true");
      expect(await page.locator(".calc-field .field-error").first().textContent()).toBe(messages["calc.badYuan"]);
      await check({ [AMOUNT.id]: AMOUNT.yuan });
      await page.fill("input[name=centralFunds]", String(FACTS.centralFunds));

      await axe(page);
      const suffix = lang;
      await shots(page, `calculator-desktop-${suffix}`);

      // The profile is in the address: the link reopens the same answer, on a phone without sideways scroll.
      const url = page.url();
      expect(new URL(url).searchParams.get("view")).toBe("calculator");
      expect(new URL(url).searchParams.get("district")).toBe(DISTRICT);
      expect(new URL(url).searchParams.get(`amount.${AMOUNT.id}`)).toBe(String(AMOUNT.yuan));
      const phone = await h.newPage(locale);
      await phone.page.setViewportSize({ width: 390, height: 844 });
      await phone.page.goto(url);
      await settle(phone.page);
      expect((await cards(phone.page)).map((c) => c.id)).toEqual(after.matched.map((r) => r.id));
      const scroll = await phone.page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
      expect(scroll.scroll).toBeLessThanOrEqual(scroll.width);
      await axe(phone.page);
      await shots(phone.page, `calculator-phone-${suffix}`);
      expect([...errors, ...phone.errors]).toEqual([]);
    });
  }

  it("reads an unknown district as any other district: municipal provisions only, said so", async () => {
    const { page } = await h.newPage("zh-CN");
    await page.goto(`${h.server.url}/?view=calculator&district=${encodeURIComponent("沙坪坝区")}&date=${DATE}`);
    await settle(page);
    const ids = (await cards(page)).map((c) => c.id);
    const want = matchReport(engine, {}, DATE).matched.filter((r) => engine.catalog.byId.get(r.id)!.document.jurisdiction === "chongqing");
    expect(ids).toEqual(want.map((r) => r.id));
    expect(await page.locator(".calc-scope").textContent()).toContain("沙坪坝区");
  });

  it("is linked from the provision page with the provision's district", async () => {
    const { page } = await h.newPage("zh-CN");
    await page.goto(`${h.server.url}/?view=provision&provision=yubei-2`);
    await settle(page);
    await page.getByRole("link", { name: zhCN["provision.toCalculator"] }).click();
    await settle(page);
    const q = new URL(page.url()).searchParams;
    expect([q.get("view"), q.get("district")]).toEqual(["calculator", "渝北区"]);
    expect(await page.locator("select[name=district]").inputValue()).toBe("渝北区");
  });
});
