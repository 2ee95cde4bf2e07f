// The dashboard as a user meets it: the real service (startServer on a temp SQLite file seeded with the sample
// ledger) serving a fresh production build of the app, driven by the system Chromium.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { build } from "vite";
import { loadConfig } from "../../dashboard/server/config.ts";
import { startServer, type RunningServer } from "../../dashboard/server/start.ts";
import type { LedgerRow } from "../../shared/ledger/row.ts";
import { makeToken } from "../service/harness.ts";

export const REPO = fileURLToPath(new URL("../../", import.meta.url));
export const OUTPUT = path.join(REPO, "test-results", "dashboard");

/** Builds the app into a temp directory, so a test run never races another reading dashboard/web/dist. */
export async function buildApp(outDir: string): Promise<void> {
  await build({
    configFile: path.join(REPO, "dashboard", "web", "vite.config.ts"),
    logLevel: "warn",
    build: { outDir, emptyOutDir: true, sourcemap: false },
  });
}

export interface Harness {
  server: RunningServer;
  browser: Browser;
  dir: string;
  dist: string;
  /** A fresh context and page; `errors` collects the page's uncaught errors and console errors. */
  newPage: (locale?: string) => Promise<{ context: BrowserContext; page: Page; errors: string[] }>;
  /** Closes every page opened so far (their keep-alive connections would hold the service's shutdown). */
  closePages: () => Promise<void>;
  close: () => Promise<void>;
  /**
   * Publishes rows that carry a decision as two officers do: a clerk's token submits them (as applied), then the
   * first token decides, since the one who submits a row may not approve it (separation of duties).
   */
  publishDecided: (rows: readonly LedgerRow[]) => Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
}

export async function startHarness(): Promise<Harness> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "subsidy-dashboard-"));
  const dist = path.join(dir, "dist");
  await buildApp(dist);
  const server = await startServer(loadConfig({}, { dbPath: path.join(dir, "subsidy.db"), port: 0, logLevel: "silent", webDist: dist, seedSample: true }));
  const browser = await launchChromium();
  fs.mkdirSync(OUTPUT, { recursive: true });
  const contexts: BrowserContext[] = [];
  let clerk: Promise<string> | undefined;
  const putRows = async (token: string, rows: readonly unknown[]) => {
    const res = await fetch(`${server.url}/api/ledger/rows`, { method: "PUT", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ rows }) });
    if (res.status !== 200) throw new Error(`PUT /api/ledger/rows answered ${res.status}: ${await res.text()}`);
  };
  return {
    server,
    publishDecided: async (rows) => {
      clerk ??= makeToken(path.join(dir, "subsidy.db"), "clerk", "经办（测试）", "all");
      await putRows(await clerk, rows.map((r) => ({ ...r, status: "applied", approved: null, paid: null, paidDate: null, approvalDate: null })));
      await putRows(server.firstToken as string, rows);
    },
    browser,
    dir,
    dist,
    newPage: async (locale = "zh-CN") => {
      const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 }, acceptDownloads: true });
      contexts.push(context);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      return { context, page, errors };
    },
    closePages: async () => {
      for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
    },
    close: async () => {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The cells of a table, as text, row by row (header row first). */
export async function tableCells(page: Page, caption: string): Promise<string[][]> {
  const table = page.locator("table", { has: page.locator("caption", { hasText: caption }) }).first();
  // Charts' tables sit in a closed <details>: attached, not visible.
  await table.waitFor({ state: "attached", timeout: 60_000 });
  return table.locator("tr").evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll("th, td")].map((c) => (c.textContent ?? "").trim())));
}

/** Clicks something that downloads a file and returns the file's bytes and name. */
export async function downloadOf(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent("download"), click()]);
  const file = await download.path();
  return { name: download.suggestedFilename(), bytes: fs.readFileSync(file) };
}
