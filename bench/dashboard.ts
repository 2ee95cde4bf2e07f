// Dashboard benchmarks (issue 6): initial JavaScript gzipped, first render of the overview on the demo data in
// headless Chromium, and aggregating 100,000 ledger rows in the browser. Each figure is printed with how it was
// measured and a baseline measured in the same run.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";
import react from "@vitejs/plugin-react";
import { chromium, type Browser } from "playwright-core";
import { build } from "vite";
import { loadConfig } from "../dashboard/server/config.ts";
import { startServer } from "../dashboard/server/start.ts";
import { loadCatalog } from "../shared/catalog/load-node.ts";
import type { LedgerRow } from "../shared/ledger/row.ts";
import { sampleLedger } from "../shared/ledger/sample.ts";
import { report } from "./measure.ts";

const REPO = fileURLToPath(new URL("../", import.meta.url));
const PAGES = path.join(REPO, "bench", "dashboard");
const RUNS = 5;
const ROWS = 100_000;

/** The scripts a page loads before it can render: its module entry and every modulepreload, gzipped (level 9). */
function initialJsGzip(dist: string, html: string): { bytes: number; files: string[] } {
  const text = fs.readFileSync(path.join(dist, html), "utf8");
  const files = [...text.matchAll(/<(?:script[^>]*type="module"[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="([^"]+)"/g)].map((m) => m[1]!);
  const bytes = files.reduce((sum, f) => sum + zlib.gzipSync(fs.readFileSync(path.join(dist, f.replace(/^\//, ""))), { level: 9 }).length, 0);
  return { bytes, files };
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

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Median of `RUNS` cold loads (a fresh browser context each): ms from navigation start until `selector` matches at
 * least `count` elements, for each [selector, count] given (checked every animation frame).
 */
async function firstRender(browser: Browser, url: string, marks: [string, number][]): Promise<number[]> {
  const times: number[][] = marks.map(() => []);
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(url, { waitUntil: "commit" });
    for (const [m, [selector, count]] of marks.entries()) {
      const handle = await page.waitForFunction(([s, n]) => (document.querySelectorAll(s).length >= n ? performance.now() : 0), [selector, count] as const, { polling: "raf", timeout: 60_000 });
      times[m]!.push((await handle.jsonValue()) as number);
    }
    await context.close();
  }
  return times.map(median);
}

/** 100,000 rows: the sample ledger repeated with fresh application and project IDs. */
function bigLedger(): { rows: LedgerRow[]; commitments: unknown[] } {
  const sample = sampleLedger({ rows: 2_000, seed: 1 });
  const rows: LedgerRow[] = [];
  for (let k = 0; rows.length < ROWS; k++) {
    for (const r of sample.rows) {
      if (rows.length === ROWS) break;
      rows.push({ ...r, applicationId: `${r.applicationId}-${k}`, projectId: `${r.projectId}-${k}` });
    }
  }
  return { rows, commitments: [...loadCatalog().commitments, ...sample.commitments] };
}

export async function run(): Promise<void> {
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

  const app = initialJsGzip(web, "index.html");
  const hello = initialJsGzip(pages, "hello.html");
  console.log(`\nInitial JS = the module entry of index.html and its modulepreloads (${app.files.length} files), gzip level 9;`);
  console.log("baseline = the same for a React 19 app rendering one heading, built with the same Vite setup.");
  report("dashboard: initial JavaScript", [
    { name: "dashboard initial JS (gzipped)", value: app.bytes / 1024, unit: "KB", ratioTo: hello.bytes / 1024, target: "≤ 250 KB" },
    { name: "baseline React hello-world (gzipped)", value: hello.bytes / 1024, unit: "KB" },
  ]);

  const big = bigLedger();
  const statics = await serveStatic(pages, { "/rows.json": Buffer.from(JSON.stringify(big)) });
  const server = await startServer(loadConfig({}, { dbPath: path.join(dir, "bench.db"), port: 0, logLevel: "silent", webDist: web, seedSample: true }));
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
  try {
    const [figures, charts] = await firstRender(browser, `${server.url}/`, [
      [".table-panel tbody tr", 1],
      [".chart-grid .recharts-wrapper > svg .recharts-bar-rectangle", 1],
    ]);
    const [helloMs] = await firstRender(browser, `${statics.url}/hello.html`, [["h1", 1]]);
    const load = os.loadavg()[0]!.toFixed(1);
    console.log(`\nFirst render = median of ${RUNS} cold loads in headless Chromium (fresh context each), from navigation start to`);
    console.log(`(a) the overview's cards and summary table showing figures, (b) its charts drawn (${server.seededRows} demo rows, served by`);
    console.log(`startServer on SQLite); baseline = the same measure for the React hello-world page from a local static server.`);
    console.log(`Load average during the run: ${load} on ${os.availableParallelism()} cores (shared machine: figures scale with it).`);
    report("dashboard: first render of the overview", [
      { name: "overview figures shown", value: figures!, unit: "ms", ratioTo: helloMs!, target: "≤ 1000 ms" },
      { name: "overview charts drawn", value: charts!, unit: "ms", ratioTo: helloMs!, target: "≤ 1000 ms" },
      { name: "baseline hello-world render", value: helloMs!, unit: "ms" },
    ]);

    const page = await (await browser.newContext()).newPage();
    await page.goto(`${statics.url}/aggregate.html`);
    await page.waitForFunction(() => "__bench" in window);
    const r = (await page.evaluate((u) => (window as unknown as { __bench: (u: string) => Promise<Record<string, number>> }).__bench(u), `${statics.url}/rows.json`)) as Record<string, number>;
    console.log(`\nAggregation = shared/ledger summarize() by jurisdiction and year over ${r.rows!.toLocaleString("en-US")} evaluated ledger rows in headless`);
    console.log("Chromium, best of 5 after a warm-up; baseline = a bare Map loop summing approved by the same keys over the same rows.");
    console.log("Also shown: the cap-aware evaluation of all rows (evaluateLedger, once); the what-if no longer runs it here: the service does (POST /api/whatif, npm run bench -- service).");
    report("dashboard: in-browser aggregation of 100,000 rows", [
      { name: "summarize by jurisdiction, year", value: r.summarizeMs!, unit: "ms", ratioTo: r.loopMs!, target: "≤ 250 ms" },
      { name: "summarize by enterprise", value: r.enterpriseMs!, unit: "ms", ratioTo: r.loopMs! },
      { name: "baseline Map loop", value: r.loopMs!, unit: "ms" },
      { name: "evaluateLedger (engine, caps, checks)", value: r.evaluateMs!, unit: "ms" },
    ]);
  } finally {
    await browser.close();
    await server.close();
    await statics.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await run();
