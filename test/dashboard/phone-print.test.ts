// Phone and print (issue 12 item 8): no view scrolls sideways at 390 px, in either language; charts keep their
// labels inside the plot and at a readable size; the print layout fits A4 landscape.
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LedgerRow } from "../../shared/ledger/row.ts";
import { OUTPUT, startHarness, type Harness } from "./harness.ts";

let h: Harness;
let provision: string;

beforeAll(async () => {
  h = await startHarness();
  const res = await fetch(`${h.server.url}/api/ledger?limit=1&jurisdiction=jiulongpo`);
  provision = ((await res.json()) as { rows: { row: LedgerRow }[] }).rows[0]!.row.provisionId;
}, 180_000);

afterAll(async () => {
  await h?.close();
});

async function open(page: Page, search: string): Promise<void> {
  await page.goto(`${h.server.url}/${search}`);
  await page.locator("main h2").first().waitFor();
  await page.locator("main figure, main .state").first().waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => !document.querySelector("main .state-loading"), undefined, { timeout: 60_000 });
}

/** The elements wider than the page, for the failure message. */
function overflow(page: Page): Promise<{ scroll: number; width: number; culprits: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const culprits: string[] = [];
    for (const el of document.querySelectorAll("body *")) {
      const box = el.getBoundingClientRect();
      if (box.right > width + 1 && !el.closest(".table-scroll")) culprits.push(`${el.tagName.toLowerCase()}.${String(el.getAttribute("class") ?? "").split(" ")[0]} ${Math.round(box.right)}`);
    }
    return { scroll: document.documentElement.scrollWidth, width, culprits: culprits.slice(0, 8) };
  });
}

/** Every axis label of every chart lies inside its chart's frame, in a font of at least 11 px. */
function labelsInside(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    for (const figure of document.querySelectorAll("figure.chart")) {
      const frame = figure.getBoundingClientRect();
      for (const text of figure.querySelectorAll(".recharts-cartesian-axis-tick text")) {
        const box = text.getBoundingClientRect();
        const size = parseFloat(getComputedStyle(text).fontSize);
        if (box.left < frame.left - 1 || box.right > frame.right + 1 || size < 11) bad.push(`${text.textContent} ${Math.round(box.left)}–${Math.round(box.right)} in ${Math.round(frame.left)}–${Math.round(frame.right)} at ${size}px`);
      }
    }
    return bad.slice(0, 8);
  });
}

const VIEWS = (): [string, string][] => [
  ["overview", ""],
  ["year", "?view=year"],
  ["drill", "?view=drill&jurisdiction=jiulongpo&document=jiulongpo"],
  ["drill-enterprise", `?view=drill&jurisdiction=jiulongpo&document=jiulongpo&provision=${provision}`],
  ["provision", `?view=provision&provision=${provision}`],
  ["whatif", `?view=whatif&provision=${provision}`],
  ["quality", "?view=quality"],
];

describe("phone and print", { timeout: 240_000 }, () => {
  for (const locale of ["zh-CN", "en"] as const) {
    it(`no view scrolls sideways at 390 px, and chart labels stay legible (${locale})`, async () => {
      const { page, errors } = await h.newPage(locale);
      await page.setViewportSize({ width: 390, height: 844 });
      for (const [name, search] of VIEWS()) {
        await open(page, search);
        const o = await overflow(page);
        expect(o.scroll, `${name}: ${o.culprits.join(", ")}`).toBeLessThanOrEqual(o.width);
        expect(await labelsInside(page), name).toEqual([]);
        await page.screenshot({ path: path.join(OUTPUT, `phone-${name}-${locale === "en" ? "en" : "zh"}.png`), fullPage: true });
        // The first chart as a phone shows it, to look at.
        await page.locator("main figure").first().scrollIntoViewIfNeeded();
        await page.screenshot({ path: path.join(OUTPUT, `phone-${name}-${locale === "en" ? "en" : "zh"}-chart.png`) });
        if (name === "overview" || name === "year") {
          const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
          expect(result.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`), name).toEqual([]);
        }
      }
      expect(errors).toEqual([]);
    });
  }

  it("prints on A4 landscape: nothing wider than the page, charts within their frames", async () => {
    const { page } = await h.newPage();
    // A4 landscape less 12 mm margins, at 96 px per inch: 273 mm ≈ 1032 px.
    await page.setViewportSize({ width: 1032, height: 700 });
    for (const [name, search] of VIEWS().slice(0, 3)) {
      await open(page, search);
      await page.emulateMedia({ media: "print" });
      const o = await overflow(page);
      expect(o.scroll, `${name}: ${o.culprits.join(", ")}`).toBeLessThanOrEqual(o.width);
      expect(await labelsInside(page), name).toEqual([]);
      const pdf = await page.pdf({ preferCSSPageSize: true });
      const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf.toString("latin1"));
      expect(box && [Math.round(Number(box[1])), Math.round(Number(box[2]))]).toEqual([842, 595]);
      await page.screenshot({ path: path.join(OUTPUT, `print-${name}.png`), fullPage: true });
      await page.emulateMedia({ media: "screen" });
    }
  });
});
