// Issue 12: the dashboard's initial JavaScript — the entry module and every chunk index.html modulepreloads —
// stays within 250 KB gzipped as served. A size assertion on a fresh production build, not a timing one.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, expect, test } from "vitest";
import { buildApp } from "./harness.ts";

const LIMIT_BYTES = 250 * 1024;
let dir = "";

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "subsidy-bundle-"));
  await buildApp(dir);
}, 120_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The scripts a first visit loads before any view asks for more: the entry and its modulepreloads. */
function initialScripts(html: string): string[] {
  const entry = [...html.matchAll(/<script[^>]*type="module"[^>]*src="\/([^"]+\.js)"/g)].map((m) => m[1] ?? "");
  const preloads = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="\/([^"]+\.js)"/g)].map((m) => m[1] ?? "");
  return [...entry, ...preloads];
}

test("initial JavaScript is at most 250 KB gzipped", () => {
  const scripts = initialScripts(fs.readFileSync(path.join(dir, "index.html"), "utf8"));
  expect(scripts.length).toBeGreaterThan(0);
  const sizes = scripts.map((file) => ({ file, gzip: gzipSync(fs.readFileSync(path.join(dir, file)), { level: 9 }).length }));
  const total = sizes.reduce((sum, s) => sum + s.gzip, 0);
  console.log(`initial JavaScript: ${total} bytes gzipped`, sizes);
  expect(total).toBeLessThanOrEqual(LIMIT_BYTES);
  // The heavy parts stay out of the first load.
  expect(scripts.some((f) => /exceljs|ledger-eval/.test(f))).toBe(false);
});
