// `npm run bench -- dashboard` (issues 10 and 12): the leadership dashboard as the compiled service serves it
// (build/compile.ts → dist/service.mjs, a child process; the web build served by it), on SQLite and PostgreSQL:
//   BENCH_DASHBOARD_ROWS   rows in the ledger (default 1000000; 100000 for a quick run)
//   BENCH_BACKENDS         sqlite,postgres (default both; PostgreSQL on BENCH_POSTGRES_URL's server)
//   BENCH_DASHBOARD_PARTS  view,whatif,aggregate (default all; the initial JavaScript and the demo baseline always)
//   BENCH_DASHBOARD_DB_CACHE=<dir>  keep the ledger seeded through the API there and start later runs from it
//   BENCH_FROM_SOURCES=1   the service through tsx instead of the compiled build
// Figures: initial JavaScript on the wire; the overview's first view right after each of 5 publishes of 1,000
// rows (PUT /api/ledger/rows with an editor token), median and max, beside the same view on the 600-row demo
// ledger and the summary request alone; the what-if view's answer to a rate change and the tab's heap; and (issue 6)
// aggregating 100,000 rows in the browser. Every figure says how it was measured; the load average is printed.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";
import react from "@vitejs/plugin-react";
import type { Browser } from "playwright-core";
import { build } from "vite";
import { compile, DIST } from "../build/compile.ts";
import { loadCatalog } from "../shared/catalog/load-node.ts";
import type { LedgerRow } from "../shared/ledger/row.ts";
import { sampleLedger } from "../shared/ledger/sample.ts";
import { startService, tempDir, type Service } from "../test/service/harness.ts";
import { launch, overviewLoad, whatIfChanges, type Fetched, type OverviewLoad } from "./dashboard/views.ts";
import { seededLedger, serviceEnv, stopService, workingCopy, type Seeded } from "./dashboard/ledger.ts";
import { initialJsServed } from "./dashboard/wire.ts";
import { fmt, list, median, report, type Figure } from "./measure.ts";
import type { BackendKind } from "./service/database.ts";
import { Tally, timedRequest } from "./service/http.ts";
import { SUMMARY_PATH } from "./service/load.ts";
import { uniqueRows } from "./service/rows.ts";
import { overrideSets } from "./service/whatif.ts";

const REPO = fileURLToPath(new URL("../", import.meta.url));
const PAGES = path.join(REPO, "bench", "dashboard");
const LEDGER_ROWS = Number(process.env.BENCH_DASHBOARD_ROWS || 1_000_000);
const BACKENDS = list(process.env.BENCH_BACKENDS, "sqlite,postgres") as BackendKind[];
const PARTS = list(process.env.BENCH_DASHBOARD_PARTS, "view,whatif,aggregate");
const RUNS = 5;
const PUBLISH_ROWS = 1000;
const AGGREGATE_ROWS = 100_000;
const JS_TARGET_KB = 250;
const VIEW_TARGET_MS = 1000;
const WHATIF_TARGET_MS = 3000;
const HEAP_TARGET_MB = 200;

const load = () => `load average ${os.loadavg().map((l) => l.toFixed(2)).join(" / ")} (1 / 5 / 15 min) on ${os.availableParallelism()} cores`;

/** A React 19 hello-world's initial JS, gzip level 9 from the files (the baseline of the initial-JS figure). */
function helloGzipBytes(dist: string): number {
  const text = fs.readFileSync(path.join(dist, "hello.html"), "utf8");
  const files = [...text.matchAll(/<(?:script[^>]*type="module"[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="([^"]+)"/g)].map((m) => m[1]!);
  return files.reduce((sum, f) => sum + zlib.gzipSync(fs.readFileSync(path.join(dist, f.replace(/^\//, ""))), { level: 9 }).length, 0);
}

/** Encoded bytes of the scripts a load fetched before it was drawn. */
const scriptBytes = (l: OverviewLoad) => l.fetched.filter((f) => f.type === "script" || f.path.endsWith(".js")).filter((f) => f.startMs <= l.ms).reduce((s, f) => s + f.bytes, 0);

/** The `round`-th publish: 1,000 new applications (the sample's, with IDs of their own), so the count moves. */
function publish(service: Service, token: string, round: number) {
  const rows = uniqueRows(PUBLISH_ROWS).map((r) => ({ ...r, applicationId: `${r.applicationId}-p${round}`, projectId: `${r.projectId}-p${round}` }));
  return timedRequest(`${service.url}/api/ledger/rows`, {
    method: "PUT",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "idempotency-key": `dashboard-${process.pid}-${Date.now()}-${round}` },
    body: JSON.stringify({ rows }),
    timeoutMs: 60_000,
  });
}

/**
 * Where a first view's time goes, medians over the loads given, in ms since navigation start: the page answered,
 * then each script and API request the page made before it was drawn (when it was sent and when it ended), and drawn.
 */
function requestPath(loads: OverviewLoad[]): Figure[] {
  const byPath = new Map<string, Fetched[]>();
  for (const l of loads) for (const f of l.fetched) if (f.startMs <= l.ms) byPath.set(f.path, [...(byPath.get(f.path) ?? []), f]);
  const of = (xs: Fetched[], pick: (f: Fetched) => number) => Math.round(median(xs.map(pick)));
  return [
    { name: "GET / (the page) answered", value: median(loads.map((l) => l.documentMs)), unit: "ms" },
    ...[...byPath.entries()]
      .sort((a, b) => median(a[1].map((f) => f.startMs)) - median(b[1].map((f) => f.startMs)))
      .map(([p, xs]) => ({
        name: `${p.startsWith("/api/") ? "GET " : `${xs[0]!.type} `}${p}`,
        value: median(xs.map((f) => f.endMs)),
        unit: "ms",
        note: `sent at ${of(xs, (f) => f.startMs)}, first byte at ${of(xs, (f) => f.firstByteMs)}: ${of(xs, (f) => f.endMs - f.startMs)} ms in flight (max ${Math.round(Math.max(...xs.map((f) => f.endMs - f.startMs)))}), ${fmt(xs[0]!.bytes)} B`,
      })),
    { name: "drawn", value: median(loads.map((l) => l.ms)), unit: "ms" },
  ];
}

/** ms from navigation start until the React hello-world's heading is on the page, median of `RUNS` cold loads. */
async function helloRender(browser: Browser, url: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url, { waitUntil: "commit" });
    times.push((await (await page.waitForFunction(() => (document.querySelector("h1") ? performance.now() : 0), undefined, { polling: "raf", timeout: 60_000 })).jsonValue()) as number);
    await context.close();
  }
  return median(times);
}

interface Baseline {
  viewMs: number;
  viewMax: number;
  helloMs: number;
}

/** The service on the 600-row demo ledger (SUBSIDY_SEED_SAMPLE=1): the initial JavaScript it serves, and the view. */
async function demo(browser: Browser, web: string, pages: string, entry: string | undefined): Promise<Baseline> {
  const dir = tempDir("subsidy-dashboard-demo-");
  const service = await startService({ dbPath: path.join(dir, "demo.db"), discardLogs: true, env: { ...serviceEnv(web), SUBSIDY_SEED_SAMPLE: "1" }, entry });
  try {
    const gzip = await initialJsServed(service.url, "gzip");
    const br = await initialJsServed(service.url, "br, gzip");
    const hello = helloGzipBytes(pages);
    await overviewLoad(browser, `${service.url}/`, -1);
    const loads = [];
    for (let i = 0; i < RUNS; i++) loads.push(await overviewLoad(browser, `${service.url}/`, -1));
    const kb = (b: number) => b / 1024;
    console.log(`\nInitial JS = the module entry of the page GET / serves and its modulepreloads (${gzip.files.length} files), fetched from the running`);
    console.log(`service with Accept-Encoding: gzip (and br, gzip, as Chromium asks), bytes of the bodies as sent summed (encodings: gzip ${[...new Set(gzip.encodings)].join(",")}; br ${[...new Set(br.encodings)].join(",")}).`);
    console.log("Baseline = a React 19 app rendering one heading, built with the same Vite setup, its files gzipped at level 9.");
    report("dashboard: initial JavaScript as served", [
      { name: "initial JS on the wire, gzip", value: kb(gzip.scriptBytes), unit: "KB", ratioTo: kb(hello), target: `≤ ${JS_TARGET_KB} KB`, met: kb(gzip.scriptBytes) <= JS_TARGET_KB && gzip.encodings.every((e) => e === "gzip"), note: `the page itself ${fmt(gzip.htmlBytes)} B` },
      { name: "initial JS on the wire, br", value: kb(br.scriptBytes), unit: "KB", ratioTo: kb(hello), target: `≤ ${JS_TARGET_KB} KB`, met: kb(br.scriptBytes) <= JS_TARGET_KB },
      { name: "every script Chromium loaded until the overview was drawn (encoded bytes, lazy chunks included)", value: kb(scriptBytes(loads[0]!)), unit: "KB" },
      { name: "baseline React hello-world (gzipped)", value: kb(hello), unit: "KB" },
    ]);
    const statics = await serveStatic(pages, {});
    const helloMs = await helloRender(browser, `${statics.url}/hello.html`).finally(() => statics.close());
    const ms = loads.map((l) => l.ms);
    console.log(`\nThe same first view (defined below) on the 600-row demo ledger, SQLite, ${RUNS} cold loads; baseline = the React hello-world's`);
    console.log(`heading on the page, ${RUNS} cold loads from a local static server (the machine's and Chromium's floor). ${load()}.`);
    report("dashboard: overview on the demo ledger (the baseline of the 1M-row view)", [
      { name: "demo-ledger first view, median", value: median(ms), unit: "ms", ratioTo: helloMs, target: `≤ ${VIEW_TARGET_MS} ms`, met: Math.max(...ms) <= VIEW_TARGET_MS },
      { name: "demo-ledger first view, max", value: Math.max(...ms), unit: "ms", ratioTo: helloMs },
      { name: "baseline React hello-world render, median", value: helloMs, unit: "ms" },
    ]);
    report("dashboard: where the demo-ledger view's time goes (ms since navigation start, medians)", requestPath(loads));
    return { viewMs: median(ms), viewMax: Math.max(...ms), helloMs };
  } finally {
    await stopService(service);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function scenario(kind: BackendKind, seeded: Seeded, browser: Browser, web: string, entry: string | undefined, base: Baseline): Promise<void> {
  const loadBefore = load();
  const db = await workingCopy(kind, seeded);
  const label = `dashboard [${kind}, ${fmt(LEDGER_ROWS)} rows]`;
  let service: Service | null = null;
  try {
    service = await startService({ dbPath: db.spec, discardLogs: true, env: serviceEnv(web), entry });
    const url = `${service.url}/`;
    const started = await overviewLoad(browser, url, -1);
    if (PARTS.includes("view")) {
      const acks = new Tally();
      const views: Awaited<ReturnType<typeof overviewLoad>>[] = [];
      const deltas: number[] = [];
      let count = started.count;
      for (let i = 0; i < RUNS; i++) {
        const ack = await publish(service, seeded.token, i);
        acks.add(ack);
        if (!ack.ok) continue;
        const view = await overviewLoad(browser, url, count);
        deltas.push(view.count - count);
        count = view.count;
        views.push(view);
      }
      // The summary request alone, right after a publish: what the first view waits for at least.
      const summaries = new Tally();
      for (let i = 0; i < RUNS; i++) {
        const ack = await publish(service, seeded.token, RUNS + i);
        acks.add(ack);
        if (ack.ok) summaries.add(await timedRequest(service.url + SUMMARY_PATH, { timeoutMs: 120_000 }));
      }
      const ms = views.map((v) => v.ms);
      const worst = ms.length ? Math.max(...ms) : NaN;
      console.log(`\nLedger: ${fmt(started.count)} rows in the overview's total when the service started (${seeded.how}; on ${kind}: ${db.how}, ${db.seconds.toFixed(0)} s).`);
      console.log(`First view = ms from navigation start (a fresh browser context each, headless Chromium, zh-CN, 1280×900) until drawn: every`);
      console.log(`jurisdiction card shown, the overview chart's first bar drawn and the summary table's total count changed from`);
      console.log(`the view before (the new figures: it rose by ${[...new Set(deltas)].join(", ")} each time), right after each acknowledged publish of`);
      console.log(`${fmt(PUBLISH_ROWS)} new rows through PUT /api/ledger/rows (editor token). Baselines from this run: the same view on the`);
      console.log(`600-row demo ledger, and GET ${SUMMARY_PATH} alone (whole answer) right after a publish.`);
      console.log(`Before: ${loadBefore}; after: ${load()}.`);
      report(`${label}: overview first view right after a publish, ${RUNS} times`, [
        { name: "first view, median", value: median(ms), unit: "ms", ratioTo: base.viewMs, ratioOf: "demo-ledger view" },
        { name: "first view, max", value: worst, unit: "ms", ratioTo: base.viewMax, ratioOf: "demo-ledger max", target: `≤ ${VIEW_TARGET_MS} ms with 1M rows`, met: acks.failed === 0 && ms.length === RUNS && worst <= VIEW_TARGET_MS, note: `publishes ${acks.describeFailures()}, max ${Math.round(acks.max())} ms to acknowledge` },
        { name: "first view after the service started (no publish; its caches cold)", value: started.ms, unit: "ms" },
        { name: "baseline: same view on the 600-row demo ledger, median", value: base.viewMs, unit: "ms" },
        { name: `baseline: GET ${SUMMARY_PATH} alone after a publish, median`, value: summaries.quantile(0.5), unit: "ms", note: `max ${Math.round(summaries.max())} ms; ${summaries.describeFailures()}` },
      ]);
      report(`${label}: where the first view's time goes (ms since navigation start, medians of the ${views.length} views after a publish)`, requestPath(views));
    }
    if (PARTS.includes("whatif")) {
      const [set] = overrideSets(uniqueRows(Math.min(LEDGER_ROWS, 100_000)));
      if (!set) throw new Error("no provision with a rate and a cap in the sample");
      const [ratePath, rateText] = Object.entries(set.overrides)[0]!;
      const rate = Number.parseFloat(rateText);
      const values = [rate, rate * 0.8, rate * 0.6].map((v) => String(Number(v.toFixed(4))));
      const w = await whatIfChanges(browser, service.url, ratePath.split(".")[0]!, ratePath, values);
      const worst = Math.max(...w.changeMs);
      console.log(`\nWhat-if = the what-if view on ${ratePath.split(".")[0]} (its first answer, no change), then ${ratePath} typed as ${values.join(" %, ")} % in turn:`);
      console.log("ms from the input event until the answer for that rate is drawn (the table lists the override it answered for, the");
      console.log("chart has a bar, nothing loading), the view's 300 ms pause after typing included. Heap = CDP Performance.getMetrics");
      console.log(`JSHeapUsedSize of the tab after the last answer. ${load()}.`);
      report(`${label}: what-if view`, [
        { name: "what-if view, first answer (no change)", value: w.firstAnswerMs, unit: "ms" },
        { name: "rate change answered and drawn, median", value: median(w.changeMs), unit: "ms" },
        { name: `rate change answered and drawn, max of ${w.changeMs.length}`, value: worst, unit: "ms", target: `≤ ${WHATIF_TARGET_MS} ms on 1M rows`, met: worst <= WHATIF_TARGET_MS },
        { name: "tab JS heap used after the answers", value: w.heapUsedMb, unit: "MB", target: `< ${HEAP_TARGET_MB} MB`, met: w.heapUsedMb < HEAP_TARGET_MB, note: `heap total ${w.heapTotalMb.toFixed(1)} MB` },
        { name: "POST /api/whatif in flight, median (Resource Timing)", value: median(w.requests.map((f) => f.endMs - f.startMs)), unit: "ms", note: `${w.requests.length} requests, the first (no change) included` },
      ]);
    }
  } catch (e) {
    console.log(`\n## ${label}: stopped early: ${(e as Error).message}`);
  } finally {
    if (service) await stopService(service);
    await db.drop().catch((e: unknown) => console.log(`- could not drop ${db.spec}: ${(e as Error).message}`));
  }
}

function serveStatic(root: string, extra: Record<string, Buffer>): Promise<{ url: string; close: () => Promise<void> }> {
  const types: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".json": "application/json", ".css": "text/css" };
  const server = http.createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const body = extra[name] ?? (fs.existsSync(path.join(root, name)) && fs.statSync(path.join(root, name)).isFile() ? fs.readFileSync(path.join(root, name)) : null);
    if (!body) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": types[path.extname(name)] ?? "application/octet-stream" }).end(body);
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) });
    }),
  );
}

/** 100,000 rows: the sample ledger repeated with fresh application and project IDs. */
function bigLedger(): { rows: LedgerRow[]; commitments: unknown[] } {
  const sample = sampleLedger({ rows: 2_000, seed: 1 });
  const rows: LedgerRow[] = [];
  for (let k = 0; rows.length < AGGREGATE_ROWS; k++) {
    for (const r of sample.rows) {
      if (rows.length === AGGREGATE_ROWS) break;
      rows.push({ ...r, applicationId: `${r.applicationId}-${k}`, projectId: `${r.projectId}-${k}` });
    }
  }
  return { rows, commitments: [...loadCatalog().commitments, ...sample.commitments] };
}

/** Issue 6's figure: shared/ledger summarize() over 100,000 rows in the browser, beside a bare Map loop. */
async function aggregation(browser: Browser, pages: string): Promise<void> {
  const statics = await serveStatic(pages, { "/rows.json": Buffer.from(JSON.stringify(bigLedger())) });
  try {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${statics.url}/aggregate.html`);
    await page.waitForFunction(() => "__bench" in window);
    const r = (await page.evaluate((u) => (window as unknown as { __bench: (u: string) => Promise<Record<string, number>> }).__bench(u), `${statics.url}/rows.json`)) as Record<string, number>;
    console.log(`\nAggregation = shared/ledger summarize() by jurisdiction and year over ${fmt(r.rows!)} evaluated ledger rows in headless`);
    console.log("Chromium, best of 5 after a warm-up; baseline = a bare Map loop summing approved by the same keys over the same rows.");
    console.log("Also shown: the cap-aware evaluation of all rows (evaluateLedger, once); the what-if runs in the service (POST /api/whatif).");
    report(`dashboard: in-browser aggregation of ${fmt(AGGREGATE_ROWS)} rows`, [
      { name: "summarize by jurisdiction, year", value: r.summarizeMs!, unit: "ms", ratioTo: r.loopMs!, target: "≤ 250 ms", met: r.summarizeMs! <= 250 },
      { name: "summarize by enterprise", value: r.enterpriseMs!, unit: "ms", ratioTo: r.loopMs! },
      { name: "baseline Map loop", value: r.loopMs!, unit: "ms" },
      { name: "evaluateLedger (engine, caps, checks)", value: r.evaluateMs!, unit: "ms" },
    ]);
  } finally {
    await statics.close();
  }
}

export async function run(): Promise<void> {
  const entry = process.env.BENCH_FROM_SOURCES ? undefined : path.join(DIST, "service.mjs");
  if (entry) await compile();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "subsidy-dashboard-bench-"));
  const web = path.join(dir, "web");
  const pages = path.join(dir, "pages");
  await build({ configFile: path.join(REPO, "dashboard", "web", "vite.config.ts"), logLevel: "warn", build: { outDir: web, sourcemap: false } });
  await build({
    configFile: false,
    root: PAGES,
    base: "/",
    plugins: [react()],
    logLevel: "warn",
    build: { outDir: pages, emptyOutDir: true, rollupOptions: { input: { aggregate: path.join(PAGES, "aggregate.html"), hello: path.join(PAGES, "hello.html") } } },
  });
  console.log(`\n# dashboard bench: backends ${BACKENDS.join(", ")}; ledger of ${fmt(LEDGER_ROWS)} rows; the service ${entry ? "compiled (dist/service.mjs)" : "from the sources (tsx)"}; ${load()}`);
  const browser = await launch();
  let seeded: Seeded | null = null;
  try {
    const base = await demo(browser, web, pages, entry);
    if (PARTS.includes("view") || PARTS.includes("whatif")) {
      const start = Date.now();
      seeded = await seededLedger(LEDGER_ROWS, entry, web);
      console.log(`\nSeeded ledger ready in ${((Date.now() - start) / 1000).toFixed(0)} s: ${seeded.how}. ${load()}.`);
      for (const kind of BACKENDS) {
        try {
          await scenario(kind, seeded, browser, web, entry, base);
        } catch (e) {
          console.log(`\n## dashboard [${kind}, ${fmt(LEDGER_ROWS)} rows]: not run: ${(e as Error).message}`);
        }
      }
    }
    if (PARTS.includes("aggregate")) await aggregation(browser, pages);
  } finally {
    await browser.close();
    seeded?.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await run();
