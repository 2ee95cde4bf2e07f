// `npm run screenshots [-- folder]`: every view of the dashboard in zh-CN and en, on a laptop (1440×900) and a phone
// (390×844), each laptop view also printed to A4-landscape PDF, with index.md giving each shot's sideways overflow
// and each PDF's page count and how full its last page is. The service and data are the browser tests' own
// (test/dashboard/harness.ts: a fresh build, a temp SQLite file seeded with the sample ledger), so what is looked
// at is what is tested.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import type { LedgerRow } from "../shared/ledger/row.ts";
import { startHarness, type Harness } from "../test/dashboard/harness.ts";
import { pdfPageCount, pdfPageFills, settle } from "../test/dashboard/print-measure.ts";

const SIZES = { desktop: { width: 1440, height: 900 }, phone: { width: 390, height: 844 } } as const;
const LOCALES = [["zh-CN", "zh"], ["en", "en"]] as const;

async function views(h: Harness): Promise<[string, string][]> {
  const res = await fetch(`${h.server.url}/api/ledger?limit=1&jurisdiction=jiulongpo`);
  const row = ((await res.json()) as { rows: { row: LedgerRow }[] }).rows[0]!.row;
  const calc = new URLSearchParams({ view: "calculator", district: "九龙坡区", date: "2026-06-30", centralFunds: "5000000", annualPurchases: "150000000", "amount.jiulongpo-1": "8000000" });
  return [
    ["overview", ""],
    ["overview-yubei", "?jurisdiction=yubei"],
    ["year", "?view=year"],
    ["year-yubei", "?view=year&jurisdiction=yubei"],
    ["drill", "?view=drill"],
    ["drill-document", "?view=drill&jurisdiction=jiulongpo"],
    ["drill-provision", "?view=drill&jurisdiction=jiulongpo&document=jiulongpo"],
    ["drill-enterprise", `?view=drill&jurisdiction=jiulongpo&document=jiulongpo&provision=${row.provisionId}`],
    ["provision", `?view=provision&provision=${row.provisionId}`],
    ["whatif", `?view=whatif&provision=${row.provisionId}`],
    ["quality", "?view=quality"],
    ["calculator", `?${calc.toString()}`],
    ["enterprise-search", `?view=enterprise&q=${encodeURIComponent(row.enterprise.slice(2, 6))}`],
    ["enterprise-file", `?view=enterprise&code=${row.creditCode}`],
  ];
}

interface Shot {
  view: string;
  lang: string;
  size: keyof typeof SIZES;
  scrollWidth: number;
  width: number;
  /** Tables wider than their region (they scroll inside it). */
  wideTables: number;
  pages?: number;
  fills?: number[];
}

async function shoot(page: Page, url: string, out: string, name: string, size: keyof typeof SIZES): Promise<Shot> {
  await page.setViewportSize(SIZES[size]);
  await page.goto(url);
  await settle(page);
  const { scrollWidth, width, wideTables } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    width: document.documentElement.clientWidth,
    wideTables: [...document.querySelectorAll(".table-scroll")].filter((t) => t.checkVisibility() && t.scrollWidth > t.clientWidth).length,
  }));
  await page.screenshot({ path: path.join(out, `${name}.png`), fullPage: true });
  const shot: Shot = { view: "", lang: "", size, scrollWidth, width, wideTables };
  if (size === "desktop") {
    const pdf = await page.pdf({ preferCSSPageSize: true });
    fs.writeFileSync(path.join(out, `${name}.pdf`), pdf);
    shot.pages = pdfPageCount(pdf);
    shot.fills = pdfPageFills(pdf);
  }
  return shot;
}

async function main(): Promise<void> {
  const out = path.resolve(process.argv[2] ?? fs.mkdtempSync(path.join(os.tmpdir(), "subsidy-screens-")));
  fs.mkdirSync(out, { recursive: true });
  const h = await startHarness();
  const shots: Shot[] = [];
  try {
    const list = await views(h);
    // One context per language, each reused for every view and size: one browser, no relaunches.
    await Promise.all(
      LOCALES.map(async ([locale, lang]) => {
        const { page, errors } = await h.newPage(locale);
        for (const [view, search] of list) {
          for (const size of Object.keys(SIZES) as (keyof typeof SIZES)[]) {
            const shot = await shoot(page, `${h.server.url}/${search}`, out, `${view}-${lang}-${size}`, size);
            shots.push({ ...shot, view, lang });
          }
        }
        if (errors.length) console.error(`${locale}: page errors:\n  ${errors.join("\n  ")}`);
      }),
    );
  } finally {
    await h.close();
  }
  fs.writeFileSync(path.join(out, "index.md"), index(shots));
  console.log(out);
}

function index(shots: Shot[]): string {
  const order = (s: Shot) => `${s.view} ${s.lang} ${s.size}`;
  const lines = [
    "# Dashboard screenshots",
    "",
    `Laptop ${SIZES.desktop.width}×${SIZES.desktop.height}, phone ${SIZES.phone.width}×${SIZES.phone.height}; PDFs A4 landscape.`,
    "Page fill: from the top margin to the lowest thing drawn on the page, over the page box's height (read from the PDF's content streams).",
    "Tables scrolling: tables wider than their own scroll region (the page itself does not scroll; the table does).",
    "",
    "| view | lang | size | scrollWidth / width | tables scrolling | PDF pages | last page fill | every page's fill |",
    "|---|---|---|---|---|---|---|---|",
  ];
  for (const s of [...shots].sort((a, b) => (order(a) < order(b) ? -1 : 1))) {
    const wide = s.scrollWidth > s.width ? " **sideways**" : "";
    const last = s.fills?.at(-1)?.toFixed(2) ?? "";
    const every = s.fills?.map((f) => f.toFixed(2)).join(" ") ?? "";
    lines.push(`| ${s.view} | ${s.lang} | ${s.size} | ${s.scrollWidth} / ${s.width}${wide} | ${s.wideTables || ""} | ${s.pages ?? ""} | ${last} | ${every} |`);
  }
  return `${lines.join("\n")}\n`;
}

await main();
