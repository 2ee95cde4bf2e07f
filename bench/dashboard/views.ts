// The dashboard's views timed in headless Chromium, each load in a fresh browser context (no cache, no stored
// state), as a leader opening the link would: the overview until its figures are drawn, and the what-if view
// until the answer to a rate change is drawn, with the tab's JavaScript heap.
import { chromium, type Browser, type Page } from "playwright-core";

export const launch = (): Promise<Browser> => chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });

/** One resource the page fetched, as its Resource Timing entry says: ms since navigation start. */
export interface Fetched {
  /** Path and query. */
  path: string;
  /** "script", "fetch", "link", … (initiatorType). */
  type: string;
  startMs: number;
  firstByteMs: number;
  endMs: number;
  /** Body bytes as received (encoded). */
  bytes: number;
}

export interface OverviewLoad {
  /** ms from navigation start until drawn (see `drawn`). */
  ms: number;
  /** The count in the summary table's total row when drawn. */
  count: number;
  /** The page's own response end, and every resource it fetched until drawn and shortly after. */
  documentMs: number;
  fetched: Fetched[];
}

/**
 * "Drawn": every jurisdiction card is on the page, the overview chart has drawn at least one bar, and the summary
 * table's total row shows a count other than `previous` (the count before the publish: the figures are the new
 * ones, not an earlier answer). Checked on every animation frame.
 */
function drawn(previous: number): { ms: number; count: number } | 0 {
  const cell = document.querySelector(".table-panel tfoot tr td:nth-child(3)");
  const cards = document.querySelectorAll(".cards .card").length;
  const bars = document.querySelectorAll(".chart-grid .recharts-wrapper > svg .recharts-bar-rectangle").length;
  if (!cell || cards === 0 || bars === 0) return 0;
  const count = Number((cell.textContent ?? "").replace(/[^0-9]/g, ""));
  return count !== previous ? { ms: performance.now(), count } : 0;
}

/** Counts the page's API requests, so that their timings are read only once all have finished. */
function countApi(page: Page): () => number {
  let pending = 0;
  page.on("request", (r) => void (new URL(r.url()).pathname.startsWith("/api/") && pending++));
  const done = (r: { url: () => string }) => void (new URL(r.url()).pathname.startsWith("/api/") && pending--);
  page.on("requestfinished", done);
  page.on("requestfailed", done);
  return () => pending;
}

async function fetchedBy(page: Page): Promise<{ documentMs: number; fetched: Fetched[] }> {
  return page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
    const fetched = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).map((e) => {
      const url = new URL(e.name);
      return { path: url.pathname + url.search, type: e.initiatorType, startMs: e.startTime, firstByteMs: e.responseStart, endMs: e.responseEnd, bytes: e.encodedBodySize };
    });
    return { documentMs: nav?.responseEnd ?? NaN, fetched };
  });
}

async function settle(pending: () => number): Promise<void> {
  for (const end = Date.now() + 30_000; pending() > 0 && Date.now() < end; ) await new Promise((r) => setTimeout(r, 50));
}

export async function overviewLoad(browser: Browser, url: string, previous: number): Promise<OverviewLoad> {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    const pending = countApi(page);
    await page.goto(url, { waitUntil: "commit" });
    const handle = await page.waitForFunction(drawn, previous, { polling: "raf", timeout: 120_000 });
    const { ms, count } = (await handle.jsonValue()) as { ms: number; count: number };
    // The requests still under way (the ageing panel below the fold may be) finish before their times are read.
    await settle(pending);
    return { ms, count, ...(await fetchedBy(page)) };
  } finally {
    await context.close();
  }
}

export interface WhatIfTimes {
  /** ms from navigation start until the unchanged what-if (no override) is drawn. */
  firstAnswerMs: number;
  /** For each rate typed: ms from the input event until the answer for that rate is drawn. */
  changeMs: number[];
  /** The tab's JavaScript heap after the last answer (CDP Performance.getMetrics), MB. */
  heapUsedMb: number;
  heapTotalMb: number;
  /** The what-if requests, as Resource Timing saw them. */
  requests: Fetched[];
}

/**
 * The what-if view on `provision`: once its first answer is drawn, each of `values` typed into the `path` input in
 * turn; an answer is drawn when the results table lists `path` among the overrides it answered for and the chart
 * has drawn a bar. The times include the view's 300 ms pause after typing (one what-if per pause), as a user waits it.
 */
export async function whatIfChanges(browser: Browser, url: string, provision: string, path: string, values: string[]): Promise<WhatIfTimes> {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    const pending = countApi(page);
    await page.goto(`${url}/?view=whatif&provision=${encodeURIComponent(provision)}`, { waitUntil: "commit" });
    const first = await page.waitForFunction(() => (document.querySelector("[data-testid=whatif-reach]") && document.querySelector("section .recharts-bar-rectangle") ? performance.now() : 0), undefined, { polling: "raf", timeout: 120_000 });
    const firstAnswerMs = (await first.jsonValue()) as number;
    await page.evaluate(() => document.addEventListener("input", () => ((window as unknown as { __typed: number }).__typed = performance.now()), { capture: true }));
    const changeMs: number[] = [];
    const input = page.locator(`input[name="${path}"]`);
    for (const value of values) {
      // The first what-if request after typing is this value's (the view asks once typing pauses); the answer on
      // the page until then is the previous value's, so the page is checked only once this one has arrived.
      const answered = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/whatif" && r.request().method() === "POST", { timeout: 120_000 });
      await input.fill(value);
      await answered;
      const handle = await page.waitForFunction(
        (p) => {
          const standing = [...document.querySelectorAll("[data-testid=whatif-standing] code")].some((c) => c.textContent === p);
          const bars = document.querySelector("section .recharts-bar-rectangle");
          return standing && bars && !document.querySelector(".state-loading") ? performance.now() - (window as unknown as { __typed: number }).__typed : 0;
        },
        path,
        { polling: "raf", timeout: 120_000 },
      );
      changeMs.push((await handle.jsonValue()) as number);
    }
    const cdp = await context.newCDPSession(page);
    await cdp.send("Performance.enable");
    const { metrics } = await cdp.send("Performance.getMetrics");
    const metric = (name: string) => (metrics.find((m) => m.name === name)?.value ?? NaN) / 1024 / 1024;
    await settle(pending);
    const requests = (await fetchedBy(page)).fetched.filter((f) => f.path === "/api/whatif");
    return { firstAnswerMs, changeMs, heapUsedMb: metric("JSHeapUsedSize"), heapTotalMb: metric("JSHeapTotalSize"), requests };
  } finally {
    await context.close();
  }
}
