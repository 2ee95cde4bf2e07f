// The dashboard and the task pane, built for production and served by the real service process, loaded in
// Chromium under the service's security headers: no Content-Security-Policy violation anywhere, the dashboard's
// scripts sent compressed (bytes as sent on the wire), the dashboard never framed, the task pane framed by an
// Office origin and by no other. office.js is the copy in @microsoft/office-js, served at the CDN's URLs (the
// test machine has no internet), so the page is the one Excel loads.
import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAddin } from "../addin/build-for-test.ts";
import { buildApp } from "../dashboard/harness.ts";
import { REPO, startService, tempDir, type Service } from "./harness.ts";

const OFFICE_JS_DIST = path.join(REPO, "node_modules", "@microsoft", "office-js", "dist");
const OFFICE_PAGE = "https://excel.officeapps.live.com/x/_layouts/15/Doc.aspx";
const ATTACKER_PAGE = "https://attacker.example/frame.html";

let service: Service;
let browser: Browser;
let webDist: string;
const contexts: BrowserContext[] = [];

interface Watched {
  page: Page;
  /** CSP violations reported by the page (securitypolicyviolation events and console errors). */
  violations: string[];
  pageErrors: string[];
  consoleMessages: string[];
  /** Every response of the service: its URL, Content-Encoding and body bytes as received. */
  responses: Promise<{ url: string; encoding: string | null; wireBytes: number }>[];
}

/** A page whose CSP violations, errors and responses are recorded, with Office's CDN and outside origins routed. */
async function watchedPage(): Promise<Watched> {
  // Chromium refuses a public page framing a loopback address (Local Network Access); Office's pages are public
  // and this service listens on 127.0.0.1 in the test only.
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  const watched: Watched = { page, violations: [], pageErrors: [], consoleMessages: [], responses: [] };
  await context.exposeFunction("__reportViolation", (text: string) => watched.violations.push(text));
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      (window as unknown as { __reportViolation: (t: string) => void }).__reportViolation(`${e.violatedDirective} ${e.blockedURI} (${location.href}) at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`),
    );
  });
  page.on("console", (m) => {
    watched.consoleMessages.push(m.text());
    if (/Content Security Policy|Refused to/i.test(m.text())) watched.violations.push(m.text());
  });
  page.on("pageerror", (e) => watched.pageErrors.push(e.message));
  page.on("response", (response) => {
    if (!response.url().startsWith(service.url)) return;
    watched.responses.push(
      response.request().sizes().then((sizes) => ({ url: response.url(), encoding: response.headers()["content-encoding"] ?? null, wireBytes: sizes.responseBodySize })),
    );
  });
  await context.route("https://appsforoffice.microsoft.com/lib/1/hosted/**", (route) => {
    const file = path.join(OFFICE_JS_DIST, path.basename(new URL(route.request().url()).pathname));
    return fs.existsSync(file) ? route.fulfill({ path: file, contentType: "text/javascript; charset=utf-8" }) : route.fulfill({ status: 404 });
  });
  // office.js frames its telemetry proxy; an empty page stands in for it.
  await context.route("https://telemetryservice.firstpartyapps.oaspapps.com/**", (route) => route.fulfill({ contentType: "text/html", body: "<!doctype html><title>telemetry</title>" }));
  return watched;
}

/** Serves, at `pageUrl`, a page that frames `target`. */
async function framingPage(watched: Watched, pageUrl: string, target: string): Promise<void> {
  await watched.page.route(pageUrl, (route) =>
    route.fulfill({ contentType: "text/html; charset=utf-8", body: `<!doctype html><title>frame</title><iframe src="${target}" width="400" height="600"></iframe>` }),
  );
  await watched.page.goto(pageUrl);
}

/** The framed document, once it has loaded (or failed to). */
async function childFrame(page: Page): Promise<{ url: string }> {
  await page.waitForFunction(() => document.querySelector("iframe") !== null);
  const element = await page.$("iframe");
  const frame = await element?.contentFrame();
  await frame?.waitForLoadState("load").catch(() => undefined);
  return { url: frame?.url() ?? "" };
}

beforeAll(async () => {
  const dir = tempDir("subsidy-browser-security-");
  webDist = path.join(dir, "web");
  await buildApp(webDist);
  const addinDist = await buildAddin();
  service = await startService({ dbPath: path.join(dir, "subsidy.db"), env: { SUBSIDY_WEB_DIST: webDist, SUBSIDY_ADDIN_DIST: addinDist, SUBSIDY_SEED_SAMPLE: "1" } });
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests"],
  });
}, 300_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await service?.stop();
});

describe("the pages under the service's security headers, in Chromium", () => {
  it("loads the dashboard's views with no CSP violation, its scripts compressed on the wire", async () => {
    const watched = await watchedPage();
    const { page } = watched;
    for (const search of ["", "?view=quality", "?view=whatif"]) {
      await page.goto(`${service.url}/${search}`);
      await page.locator("main h2").first().waitFor();
      await page.waitForFunction(() => !document.querySelector("main .state-loading"));
    }
    // A chart drawn, so that its styles went through the policy too.
    expect(await page.locator(".recharts-surface").count()).toBeGreaterThan(0);
    expect(watched.violations).toEqual([]);
    expect(watched.pageErrors).toEqual([]);

    const responses = await Promise.all(watched.responses);
    // Each script as first fetched (later views find it in the browser's cache).
    const firstFetch = new Map(responses.reverse().map((r) => [r.url, r]));
    const scripts = [...firstFetch.values()].filter((r) => /\/assets\/[^/]+\.js$/.test(new URL(r.url).pathname));
    expect(scripts.length).toBeGreaterThan(0);
    let raw = 0;
    let sent = 0;
    for (const script of scripts) {
      const bytes = fs.statSync(path.join(webDist, new URL(script.url).pathname)).size;
      raw += bytes;
      sent += script.wireBytes;
      if (bytes >= 1024) expect(script.encoding, script.url).toBe("br");
    }
    // Brotli takes the dashboard's JavaScript to about a quarter of its size.
    expect(sent).toBeLessThan(raw / 3);
    console.info(`dashboard JavaScript: ${raw} bytes built, ${sent} bytes sent (${((100 * sent) / raw).toFixed(1)}%)`);
  });

  it("is never framed: the dashboard refuses every ancestor", async () => {
    const watched = await watchedPage();
    await framingPage(watched, ATTACKER_PAGE, `${service.url}/`);
    const frame = await childFrame(watched.page);
    expect(frame.url).toMatch(/^chrome-error:/);
    expect(watched.violations.join("\n")).toMatch(/frame-ancestors/);
  });

  it("loads the task pane with the CDN's office.js and no CSP violation", async () => {
    const watched = await watchedPage();
    await watched.page.goto(`${service.url}/addin/taskpane.html`);
    await watched.page.getByRole("heading", { name: "补贴兑现助手" }).waitFor();
    await watched.page.getByRole("searchbox").fill("设备投资");
    await watched.page.getByRole("option", { name: /jiulongpo-5/ }).first().waitFor();
    expect(watched.violations).toEqual([]);
    expect(watched.pageErrors).toEqual([]);
  });

  it("lets an Office origin frame the task pane, and no other", async () => {
    const office = await watchedPage();
    await framingPage(office, OFFICE_PAGE, `${service.url}/addin/taskpane.html`);
    // office.js then runs in the frame (outside a real Office it blanks the frame itself: it finds no host).
    await expect.poll(() => office.consoleMessages.join("\n"), { timeout: 20_000 }).toMatch(/Office\.js|add-in/i);
    expect(office.violations).toEqual([]);
    const loaded = (await Promise.all(office.responses)).find((r) => r.url.endsWith("/addin/taskpane.html"));
    expect(loaded).toBeDefined();

    const attacker = await watchedPage();
    await framingPage(attacker, ATTACKER_PAGE, `${service.url}/addin/taskpane.html`);
    expect((await childFrame(attacker.page)).url).toMatch(/^chrome-error:/);
    expect(attacker.violations.join("\n")).toMatch(/frame-ancestors/);
  });
});
