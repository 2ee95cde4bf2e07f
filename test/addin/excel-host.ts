// Plays Excel's part for the built add-in page in headless Chromium, through the real custom-functions runtime.
//
// How the runtime talks to Excel (read from custom-functions-runtime.js): when a global `_richApiNativeBridge`
// exists at load time, the runtime calls HostBridge.init on it and sets `bridge.onMessageFromHost`; Excel
// invokes functions by sending a generic message (type 3) whose entries are [category 1, type 1000, …,
// [invocationId, functionName, parameterValues, address, flags]], flag 4 meaning "errors are passed as
// values" (our metadata's allowErrorForDataTypeAny) and flag 8 "data types are passed as JSON" ({value: "<json>"},
// allowCustomDataForDataTypeAny). The runtime runs the associated function and returns
// results with a Rich API request (type 1, ProcessQuery) calling CustomFunctions.SetInvocationArrayResults
// with [invocationId, succeeded, value, errorCode?, …] per invocation. This file is that host: no Office
// handshake is faked beyond answering those requests with an empty 200 response, and nothing of the runtime
// is replaced. Errors passed in take the wire form {type: "CustomFunctionError", code}.
import { createReadStream, existsSync, statSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

export const CHROMIUM = { executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] };

/** The runtime's internal result error codes → the Excel error they stand for. */
export const RESULT_ERROR_CODES: Record<number, string> = { 1: "#N/A", 5: "#DIV/0!", 6: "#NUM!", 7: "#VALUE!", 8: "#NULL!" };

export type Cell = number | string | boolean | null | { error: string; message?: string };
export type InvocationResult = { ok: true; value: unknown } | { ok: false; error: string; message: string; raw: number };

const TYPES: Record<string, string> = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".json": "application/json", ".png": "image/png", ".css": "text/css", ".xml": "application/xml" };

export function serveDirectory(dir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const file = path.join(dir, decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname));
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done())) });
    }),
  );
}

/** Installed before any page script: the bridge the runtime looks for, and a way to invoke functions through it. */
function hostShim(): void {
  interface Pending {
    resolve: (result: unknown[]) => void;
  }
  const pending = new Map<number, Pending>();
  const w = window as unknown as Record<string, unknown>;
  let nextInvocation = 1;
  const bridge: { sendMessageToHost: (text: string) => void; onMessageFromHost?: (text: string) => void } = {
    sendMessageToHost(text: string) {
      const message = JSON.parse(text) as { id: number; type: number; message: { body?: { Actions?: { Name: string; ArgumentInfo?: { Arguments: unknown[] } }[] } } };
      (w.__hostRequests as unknown[]).push(message);
      for (const action of message.message?.body?.Actions ?? []) {
        if (action.Name !== "SetInvocationArrayResults") continue;
        for (const result of (action.ArgumentInfo?.Arguments[0] ?? []) as unknown[][]) {
          const id = result[0] as number;
          pending.get(id)?.resolve(result);
          pending.delete(id);
        }
      }
      setTimeout(() => bridge.onMessageFromHost?.(JSON.stringify({ id: message.id, type: 2, message: { statusCode: 200, headers: {}, body: JSON.stringify({ Results: [] }) } })), 0);
    },
  };
  w.__hostRequests = [];
  w._richApiNativeBridge = bridge;
  w.__invoke = (functionName: string, parameterValues: unknown[], flags = 4) =>
    new Promise<unknown[]>((resolve) => {
      const id = nextInvocation++;
      pending.set(id, { resolve });
      const entry = [1, 1000, "", [id, functionName, parameterValues, "Sheet1!A1", flags], id];
      bridge.onMessageFromHost?.(JSON.stringify({ type: 3, message: { entries: [entry] } }));
    });
}

export interface ExcelHost {
  page: Page;
  /** Requests the page tried to make outside the local server (all refused). */
  external: string[];
  pageErrors: string[];
  associated(): Promise<string[]>;
  /** flags: 4 = errors passed as values (our metadata's allowErrorForDataTypeAny), | 8 = data types passed as JSON. */
  invoke(functionName: string, parameterValues: unknown[], flags?: number): Promise<InvocationResult>;
  close(): Promise<void>;
}

/** Turns the wire form of a result back into cells: error objects become {error, message}. */
export function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (value && typeof value === "object" && (value as { valueType?: string }).valueType === "CustomFunctionError") {
    const e = value as { code: string; message?: string };
    return e.message === undefined ? { error: e.code } : { error: e.code, message: e.message };
  }
  return value;
}

export interface HostOptions {
  locale: string;
  browser?: Browser;
  /** Runs after the page's routes are set and before it loads (e.g. to answer /api/health). */
  prepare?: (page: Page) => Promise<void>;
  /** Wait for the functions to be associated (default); off for a page whose Office script cannot load. */
  waitForFunctions?: boolean;
  /**
   * Open the page from a running ledger service that serves the built add-in (SUBSIDY_ADDIN_DIST) at /addin/, so
   * the pane talks to that service as in production (its own origin); requests to it are let through.
   */
  serviceUrl?: string;
  /**
   * Excel's add-in storage (OfficeRuntime.storage), which this host does not otherwise answer: kept in the page's
   * localStorage, whatever the runtime script installs over it.
   */
  storage?: boolean;
}

/** Installed before any page script when `storage` is asked for: OfficeRuntime.storage that answers. */
function storageShim(): void {
  const storage = {
    getItem: async (key: string) => localStorage.getItem(key),
    setItem: async (key: string, value: string) => localStorage.setItem(key, value),
  };
  const pin = (o: object): object => {
    // The runtime assigns its own storage; this one stays.
    Object.defineProperty(o, "storage", { configurable: false, get: () => storage, set: () => undefined });
    return o;
  };
  let runtime: unknown = pin({});
  Object.defineProperty(window, "OfficeRuntime", {
    configurable: true,
    get: () => runtime,
    set: (value: unknown) => {
      runtime = value && typeof value === "object" && value !== runtime ? pin(value) : value;
    },
  });
}

export async function openExcelHost(dist: string, options: HostOptions): Promise<ExcelHost> {
  const server = await serveDirectory(dist);
  const browser = options.browser ?? (await chromium.launch(CHROMIUM));
  const context: BrowserContext = await browser.newContext({ locale: options.locale });
  const page = await context.newPage();
  const external: string[] = [];
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(server.url) || (options.serviceUrl && url.startsWith(options.serviceUrl))) return route.continue();
    external.push(url);
    return route.abort();
  });
  await page.addInitScript(hostShim);
  if (options.storage) await page.addInitScript(storageShim);
  await options.prepare?.(page);
  await page.goto(options.serviceUrl ? `${options.serviceUrl}/addin/taskpane.html` : `${server.url}/taskpane.html`);
  if (options.waitForFunctions !== false) await page.waitForFunction(() => Object.keys((window as unknown as { CustomFunctions?: { _association?: { mappings: object } } }).CustomFunctions?._association?.mappings ?? {}).length > 0);
  return {
    page,
    external,
    pageErrors,
    associated: () => page.evaluate(() => Object.keys((window as unknown as { CustomFunctions: { _association: { mappings: object } } }).CustomFunctions._association.mappings)),
    async invoke(functionName, parameterValues, flags = 4) {
      const result = (await page.evaluate(
        ([name, values, f]) => (window as unknown as { __invoke: (n: string, v: unknown[], f: number) => Promise<unknown[]> }).__invoke(name, values, f),
        [functionName, parameterValues, flags] as const,
      )) as unknown[];
      if (result[1] === true) return { ok: true, value: decode(result[2]) };
      const raw = result[3] as number;
      return { ok: false, error: RESULT_ERROR_CODES[raw] ?? `internal ${raw}`, message: String(result[2] ?? ""), raw };
    },
    async close() {
      await context.close();
      if (!options.browser) await browser.close();
      await server.close();
    },
  };
}
