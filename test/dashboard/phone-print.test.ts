// Phone and print (issue 12 item 8): no view scrolls sideways at 390 px, in either language; charts keep their
// labels inside the plot and at a readable size; the print layout fits A4 landscape.
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { todayInShanghai } from "../../shared/engine/dates.ts";
import type { LedgerRow } from "../../shared/ledger/row.ts";
import { formatAmount } from "../../shared/money/format.ts";
import { COMMITMENT_LINES } from "../../dashboard/web/src/components/chart-bits.tsx";
import { en } from "../../dashboard/web/src/i18n/en.ts";
import { zhCN } from "../../dashboard/web/src/i18n/zh-CN.ts";
import { OUTPUT, startHarness, tableCells, type Harness } from "./harness.ts";
import { pdfPageCount, pdfPageFills, settle } from "./print-measure.ts";

let h: Harness;
let provision: string;
let enterprise: { name: string; code: string };

beforeAll(async () => {
  h = await startHarness();
  const res = await fetch(`${h.server.url}/api/ledger?limit=1&jurisdiction=jiulongpo`);
  const row = ((await res.json()) as { rows: { row: LedgerRow }[] }).rows[0]!.row;
  provision = row.provisionId;
  enterprise = { name: row.enterprise, code: row.creditCode };
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

/** Every view a leader may print, as `npm run screenshots` shoots them. */
const PRINTED = (): [string, string, number][] => [
  // name, query, most pages expected of the sample ledger
  // The cards, the three charts under them and the summary table; the ageing panel on page 2.
  ["overview", "", 2],
  // With the ageing panel and the year-basis note beside the table.
  ["overview-yubei", "?jurisdiction=yubei", 2],
  // Two cumulative charts to a page after the time-progress ranking.
  ["year", "?view=year", 3],
  // One jurisdiction: the time-progress panel and the chart on page 1, its notes and the ageing table after.
  ["year-yubei", "?view=year&jurisdiction=yubei", 2],
  ["drill-provision", "?view=drill&jurisdiction=jiulongpo&document=jiulongpo", 2],
  ["drill-enterprise", `?view=drill&jurisdiction=jiulongpo&document=jiulongpo&provision=${provision}`, 2],
  // The clause, then its two charts side by side with their tables: one page (stacked, a quarter ran onto a second).
  ["provision", `?view=provision&provision=${provision}`, 1],
  // 52 provisions, each a card.
  ["calculator", "?view=calculator&district=%E4%B9%9D%E9%BE%99%E5%9D%A1%E5%8C%BA&date=2026-06-30&centralFunds=5000000&annualPurchases=150000000", 6],
  ["enterprise-search", `?view=enterprise&q=${encodeURIComponent(enterprise.name.slice(2, 6))}`, 1],
  ["enterprise-file", `?view=enterprise&code=${enterprise.code}`, 2],
];

describe("printed from a laptop", { timeout: 600_000 }, () => {
  it("prints each view on few A4-landscape pages, none of them mostly empty, in both languages", async () => {
    const bad: string[] = [];
    for (const locale of ["zh-CN", "en"] as const) {
      const { page } = await h.newPage(locale);
      await page.setViewportSize({ width: 1440, height: 900 });
      for (const [name, search, zhMost] of PRINTED()) {
        // English runs longer: the calculator's cards take one more page.
        const most = locale === "en" && name === "calculator" ? zhMost + 1 : zhMost;
        await page.goto(`${h.server.url}/${search}`);
        await settle(page);
        const pdf = await page.pdf({ preferCSSPageSize: true });
        const fills = pdfPageFills(pdf);
        expect(fills.length, name).toBe(pdfPageCount(pdf));
        if (fills.length > most) bad.push(`${name} ${locale}: ${fills.length} pages (at most ${most})`);
        // A page before the last is full but for what would not fit on it (0.7: a chart pushed whole to the next page
        // leaves no more than that); the last holds more than a footnote.
        const empty = fills.findIndex((f, i) => (i < fills.length - 1 ? f < 0.7 : fills.length > 1 && f < 0.2));
        if (empty >= 0) bad.push(`${name} ${locale}: page ${empty + 1} of ${fills.length} is ${fills[empty]!.toFixed(2)} full (${fills.map((f) => f.toFixed(2)).join(" ")})`);
      }
    }
    expect(bad).toEqual([]);
  });
});

describe("what the screenshots showed", { timeout: 240_000 }, () => {
  it("phone drill-down: provision bars are told apart by what follows their shared prefix", async () => {
    const { page } = await h.newPage("en");
    await page.setViewportSize({ width: 390, height: 844 });
    await open(page, "?view=drill&jurisdiction=jiulongpo&document=jiulongpo");
    await settle(page);
    const figure = page.locator("figure.chart", { has: page.locator("#drill-chart-title") });
    // The category axis: every tick that is not an amount.
    const ticks = (await figure.locator("svg.recharts-surface text").allTextContents()).filter((t) => !/^[\d.,]+$|^\d+ others$|yuan$/.test(t.trim()));
    expect(ticks.length).toBeGreaterThan(3);
    expect(ticks.filter((t) => t.startsWith("jiulong"))).toEqual([]);
    expect(new Set(ticks).size).toBe(ticks.length);
  });

  it("every table's amount header names the unit its cells are in (元 exact, or the scale the figures are in)", async () => {
    // A header's unit as termIn writes it: （元）/ (yuan), or a scale of the shared formatter (亿元, million yuan …).
    const UNIT = /[（(](元|万元|亿元|yuan|million yuan|thousand yuan)[）)]\s*$/;
    const bad: string[] = [];
    let scaledHeaders = 0;
    for (const [locale, lang] of [["zh-CN", "zh"], ["en", "en"]] as const) {
      const { page } = await h.newPage(locale);
      await page.setViewportSize({ width: 1440, height: 900 });
      for (const [name, search] of [...PRINTED().map(([n, q]) => [n, q] as const), ["whatif", `?view=whatif&provision=${provision}`] as const, ["quality", "?view=quality"] as const]) {
        await page.goto(`${h.server.url}/${search}`);
        await settle(page);
        const columns = await page.locator("table").evaluateAll((tables) =>
          tables.flatMap((table) => {
            const heads = [...table.querySelectorAll("thead th")].map((th) => (th.textContent ?? "").replace(/[▲▼]/g, "").trim());
            return heads.map((head, i) => ({ head, cells: [...table.querySelectorAll("tbody tr")].map((tr) => (tr.children[i]?.textContent ?? "").trim()).filter((c) => c !== "") }));
          }),
        );
        for (const { head, cells } of columns) {
          const unit = UNIT.exec(head)?.[1];
          if (!unit) continue;
          if (unit !== "元" && unit !== "yuan") scaledHeaders++;
          // Exact yuan ("1,234.50 元", "¥1,234.50") under 元; the bare figure under a scale, the header holding the unit.
          const ok = unit === "元" || unit === "yuan" ? (c: string) => !/万元|亿元|million|thousand/.test(c) : (c: string) => /^-?[\d,]+(\.\d+)?$|^—$/.test(c);
          const wrong = cells.filter((c) => !ok(c));
          if (wrong.length) bad.push(`${name} ${lang} "${head}": ${wrong.slice(0, 2).join(" | ")}`);
        }
      }
    }
    expect(bad).toEqual([]);
    // The year view's ranking shows scaled figures: its headers name the scale, in both languages.
    expect(scaledHeaders).toBeGreaterThanOrEqual(6);
  });

  it("drill-down tables list the largest approved first", async () => {
    const { page } = await h.newPage("zh-CN");
    await open(page, "?view=drill&jurisdiction=jiulongpo&document=jiulongpo");
    const rows = (await tableCells(page, zhCN["col.provision"])).slice(1);
    const approved = rows.map((r) => Number(r[3]!.replace(/[^\d.]/g, "")));
    expect(approved.length).toBeGreaterThan(3);
    expect(approved).toEqual([...approved].sort((a, b) => b - a));
  });

  for (const [locale, messages] of [["zh-CN", zhCN], ["en", en]] as const) {
    it(`laptop tables fit their column without scrolling sideways (${locale})`, async () => {
      const { page } = await h.newPage(locale);
      await page.setViewportSize({ width: 1440, height: 900 });
      for (const search of ["", "?view=year"]) {
        await open(page, search);
        const wide = await page.locator(".table-scroll").evaluateAll((list) => list.filter((t) => t.checkVisibility() && t.scrollWidth > t.clientWidth).map((t) => `${t.getAttribute("aria-label")}: ${t.scrollWidth} > ${t.clientWidth}`));
        expect(wide, search || "overview").toEqual([]);
      }
    });

    it(`phone enterprise file: the totals and caps tables fit the screen, each figure beside its header (${locale})`, async () => {
      const { page, errors } = await h.newPage(locale);
      await page.setViewportSize({ width: 390, height: 844 });
      // The file has no chart: settled once its tables are in.
      await page.goto(`${h.server.url}/?view=enterprise&code=${enterprise.code}`);
      await settle(page);
      await page.locator("main table").first().waitFor();
      for (const caption of [messages["ent.totals"], messages["ent.capsTable"]]) {
        const region = page.getByRole("region", { name: caption, exact: true });
        if (caption === messages["ent.capsTable"] && (await region.count()) === 0) continue;
        const size = await region.evaluate((r) => ({ scroll: r.scrollWidth, client: r.clientWidth }));
        expect(size.client, caption).toBeGreaterThan(300);
        expect(size.scroll, caption).toBeLessThanOrEqual(size.client);
        // Stacked, a figure's line names its column: the approved cell's label is the approved header.
        const label = await region.locator("tbody td").nth(3).evaluate((td) => getComputedStyle(td, "::before").content);
        expect(label, caption).not.toBe("none");
      }
      const totals = page.getByRole("region", { name: messages["ent.totals"], exact: true });
      const approved = totals.locator(`tbody td[data-label="${messages["col.approved"]}"]`).first();
      expect(await approved.evaluate((td) => getComputedStyle(td, "::before").content)).toBe(JSON.stringify(messages["col.approved"]));
      await totals.screenshot({ path: path.join(OUTPUT, `phone-enterprise-totals-${locale === "en" ? "en" : "zh"}.png`) });
      const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      expect(result.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`)).toEqual([]);
      expect(errors).toEqual([]);
    });

    it(`what-if: the token's button stands apart from its hint, the result table fits and its CSV button clears the chart, laptop and phone (${locale})`, async () => {
      const { page, errors } = await h.newPage(locale);
      for (const width of [1440, 390]) {
        await page.setViewportSize({ width, height: 900 });
        await open(page, `?view=whatif&provision=${provision}`);
        await settle(page);
        const form = page.locator("form.notice-token");
        const button = await form.getByRole("button", { name: messages["notice.useToken"] }).boundingBox();
        const hint = await form.getByText(messages["notice.tokenHint"]).boundingBox();
        expect(button && hint).toBeTruthy();
        const [b, t] = [button!, hint!];
        // The gap between the boxes: across if they share a line, else down.
        const gap = Math.max(t.x - (b.x + b.width), b.x - (t.x + t.width), t.y - (b.y + b.height), b.y - (t.y + t.height));
        expect(gap, `${width} px: button ${JSON.stringify(b)} hint ${JSON.stringify(t)}`).toBeGreaterThanOrEqual(4);
        // The before/after table (a line a document and provision) stacks on a phone rather than scroll: the
        // figures read whole, each beside its header.
        const result = page.getByRole("region", { name: messages["whatif.resultTitle"], exact: true });
        const size = await result.evaluate((r) => ({ scroll: r.scrollWidth, client: r.clientWidth }));
        expect(size.scroll, `${width} px`).toBeLessThanOrEqual(size.client);
        // And the CSV button under it stands off the chart's frame.
        const csv = await page.locator(".table-panel", { has: result }).locator(".export-csv").boundingBox();
        const frame = await page.locator("figure.chart", { has: page.locator("#whatif-chart-title") }).boundingBox();
        expect(frame!.y - (csv!.y + csv!.height), `${width} px`).toBeGreaterThanOrEqual(4);
        if (width === 1440) {
          const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
          expect(result.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`)).toEqual([]);
        }
      }
      expect(errors).toEqual([]);
    });

    it(`phone drill-down: the jurisdictions' and documents' tables fit the screen, stacked (${locale})`, async () => {
      const { page } = await h.newPage(locale);
      await page.setViewportSize({ width: 390, height: 844 });
      for (const [search, by] of [["?view=drill", "col.jurisdiction"], ["?view=drill&jurisdiction=jiulongpo", "col.document"]] as const) {
        await open(page, search);
        const region = page.getByRole("region", { name: messages[by], exact: true });
        const size = await region.evaluate((r) => ({ scroll: r.scrollWidth, client: r.clientWidth, rows: r.querySelectorAll("tbody tr").length }));
        expect(size.rows, search).toBeGreaterThan(0);
        expect(size.scroll, search).toBeLessThanOrEqual(size.client);
        const approved = region.locator(`tbody td[data-label="${messages["col.approved"]}"]`).first();
        expect(await approved.evaluate((td) => getComputedStyle(td, "::before").content), search).toBe(JSON.stringify(messages["col.approved"]));
      }
    });

    it(`phone provision view: the bounds chart names each bound whole, by its short name (${locale})`, async () => {
      const { page, errors } = await h.newPage(locale);
      await page.setViewportSize({ width: 390, height: 844 });
      await open(page, `?view=provision&provision=${provision}`);
      await settle(page);
      const figure = page.locator("figure.chart", { has: page.locator("#provision-bounds-title") });
      // The chart runs the engine in the browser, under Suspense: it may come after the view settles.
      await figure.locator("svg.recharts-surface text").first().waitFor({ state: "attached", timeout: 60_000 });
      const svg = (await figure.locator("svg.recharts-surface").boundingBox())!;
      // The category axis: every tick that is not a count.
      const ticks = (await figure.locator("svg.recharts-surface text").evaluateAll((list) => list.map((e) => ({ text: e.textContent ?? "", left: e.getBoundingClientRect().left })))).filter((tick) => !/^\d+$/.test(tick.text.trim()));
      const shorts = Object.entries(messages).filter(([id]) => id.startsWith("boundShort.")).map(([, text]) => text);
      expect(ticks.length).toBeGreaterThan(0);
      for (const tick of ticks) {
        // One of the short names as written (not cut with "…", not broken over lines), and drawn inside the chart.
        expect(shorts, tick.text).toContain(tick.text);
        expect(tick.left, tick.text).toBeGreaterThanOrEqual(svg.x - 1);
      }
      await figure.screenshot({ path: path.join(OUTPUT, `phone-provision-bounds-${locale === "en" ? "en" : "zh"}.png`) });
      expect(errors).toEqual([]);
    });

    it(`data quality on a laptop: application IDs and provision IDs stay on one line (${locale})`, async () => {
      const { page } = await h.newPage(locale);
      await page.setViewportSize({ width: 1440, height: 900 });
      await open(page, "?view=quality");
      const table = page.getByRole("region", { name: messages["quality.heading"], exact: true });
      const broken = await table.locator("tbody tr").evaluateAll((rows) =>
        rows.flatMap((tr) => {
          // The first cell (the application ID) and the provision's, the last but a notice column.
          const cells = [tr.children[0], ...[...tr.children].filter((c, i) => i === 5)];
          return cells.filter((c): c is Element => !!c && (c.textContent ?? "").trim() !== "").filter((c) => {
            const range = document.createRange();
            range.selectNodeContents(c);
            // One line of text: every box of it on the same top.
            return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1;
          }).map((c) => (c.textContent ?? "").trim());
        }),
      );
      expect(broken).toEqual([]);
    });

    it(`year chart's commitment line reads as the shared money format (${locale})`, async () => {
      const { page } = await h.newPage(locale);
      await open(page, "?view=year&jurisdiction=jiulongpo");
      const res = await fetch(`${h.server.url}/api/commitments`);
      const year = Number(todayInShanghai().slice(0, 4));
      const { commitments } = (await res.json()) as { commitments: { jurisdiction: string; year: number; amountFen: number }[] };
      const fen = commitments.filter((c) => c.jurisdiction === "jiulongpo" && c.year === year).reduce((sum, c) => sum + c.amountFen, 0);
      expect(fen).toBeGreaterThan(0);
      const prefix = messages["overview.commitmentLine"].split("{amount}")[0]!;
      const label = await page.locator("main figure svg text").evaluateAll((list, p) => list.map((e) => e.textContent ?? "").find((t) => t.startsWith(p)), prefix);
      expect(label).toBe(messages["overview.commitmentLine"].replace("{amount}", formatAmount(fen, locale === "en" ? "en" : "zh")));
    });

    it(`overview: one summary-table title, and each chart's description names the lines it draws (${locale})`, async () => {
      const { page } = await h.newPage(locale);
      await open(page, "?jurisdiction=yubei");
      const titles = await page.locator("main h3, main caption").evaluateAll((list, title) => list.filter((e) => e.textContent?.trim() === title).length, messages["overview.tableTitle"]);
      expect(titles).toBe(1);
      const figure = page.locator("figure.chart", { has: page.locator("#overview-yubei-title") });
      const drawn = await figure.locator(".commitment-segment").evaluateAll((list) => list.map((l) => ({ floor: l.classList.contains("commitment-floor"), stroke: l.getAttribute("stroke"), dash: l.getAttribute("stroke-dasharray") })));
      const desc = (await figure.locator("figcaption").textContent()) ?? "";
      for (const kind of ["ceiling", "floor"] as const) {
        const lines = drawn.filter((d) => d.floor === (kind === "floor"));
        const words = messages[COMMITMENT_LINES[kind].words].trim();
        expect(desc.includes(words), `${kind}: ${desc}`).toBe(lines.length > 0);
        for (const l of lines) expect([l.stroke, l.dash]).toEqual([COMMITMENT_LINES[kind].stroke, COMMITMENT_LINES[kind].dash]);
      }
      // 渝北 commits a floor for 2022–2024 and ceilings after: both kinds drawn, both described.
      expect(new Set(drawn.map((d) => d.floor)).size).toBe(2);
      // The words say what is drawn: the floor green (more green than red) and dotted (dashes no longer than gaps).
      const floor = COMMITMENT_LINES.floor;
      const [r, g] = [parseInt(floor.stroke.slice(1, 3), 16), parseInt(floor.stroke.slice(3, 5), 16)];
      const [dash, gap] = floor.dash.split(" ").map(Number);
      expect(g > r && dash! <= gap!).toBe(true);
      expect(messages["overview.lineFloor"]).toMatch(locale === "en" ? /green dotted/ : /绿色点线/);
    });
  }
});
