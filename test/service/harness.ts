// Starts the ledger service as a real child process on a real SQLite file in a temp directory, and talks to
// it over HTTP. Shared by the service tests and the service benchmark.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createToken, hashToken, parseRoles, type TokenJurisdiction } from "../../dashboard/server/auth/tokens.ts";
import { openDb } from "../../dashboard/server/db/open.ts";
import { LedgerStore } from "../../dashboard/server/ledger/store.ts";
import { catalogVersion } from "../../shared/catalog/version-node.ts";
import { LedgerRow, type LedgerRowInput } from "../../shared/ledger/row.ts";
import { defaultEngine } from "../../shared/node.ts";
import { freePort } from "./free-port.ts";

export { freePort };

export const REPO = fileURLToPath(new URL("../../", import.meta.url));
const MAIN = path.join(REPO, "dashboard", "server", "main.ts");

export function tempDir(prefix = "subsidy-service-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}


/**
 * Creates a token directly in the database, a SQLite file or a postgres:// URL (the service may be running):
 * `roles` as `subsidy token create --role` takes them ("editor", "clerk,reviewer", "editor,admin"), of the
 * office `jurisdiction` (all offices unless told).
 */
export async function makeToken(dbPath: string, roles: string, name = `${roles} (test)`, jurisdiction: TokenJurisdiction = "all"): Promise<string> {
  return (await makeTokens(dbPath, { token: [roles, name, jurisdiction] })).token;
}

/**
 * One token per name, each in a write transaction as the CLI makes it (the token and its audit event, token-events.ts,
 * under the write lock), in one connection.
 */
export async function makeTokens<K extends string>(dbPath: string, spec: Record<K, [roles: string, holder: string, jurisdiction: TokenJurisdiction]>): Promise<Record<K, string>> {
  const db = await openDb(dbPath);
  try {
    const made = {} as Record<K, string>;
    for (const [key, [roles, name, jurisdiction]] of Object.entries(spec) as [K, [string, string, TokenJurisdiction]][]) {
      const parsed = parseRoles(roles);
      if ("unknown" in parsed) throw new Error(`makeTokens: no role ${parsed.unknown}`);
      made[key] = (await db.write((trx) => createToken(trx, { jurisdiction, roles: parsed.roles, name }))).token;
    }
    return made;
  } finally {
    await db.close();
  }
}

/** The tokens of 九龙坡's office, one per role, and the municipal commission's viewer: the offices tests' cast. */
export const JIULONGPO_OFFICE = {
  clerk: ["clerk", "九龙坡区 经办", "jiulongpo"],
  editor: ["editor", "九龙坡区 编辑", "jiulongpo"],
  reviewer: ["reviewer", "九龙坡区 审核", "jiulongpo"],
  payer: ["payer", "九龙坡区 拨付", "jiulongpo"],
  viewer: ["viewer", "市经信委 查看", "all"],
} as const satisfies Record<string, [string, string, TokenJurisdiction]>;

/** Who wrote the rows storeRows writes, in their history. */
export const STORED_BEFORE_EVENTS = "事件之前的台账";

/**
 * Writes rows straight through the store, as a ledger from before events holds them (or the sample, or a program
 * writing the database): no events, no office or role checks. For a suite whose subject is what comes after an
 * approval, not the approval (a PUT implies its events and their checks: put-events.test.ts).
 */
export async function storeRows(dbPath: string, rows: readonly LedgerRowInput[], name = STORED_BEFORE_EVENTS): Promise<void> {
  const db = await openDb(dbPath);
  try {
    await new LedgerStore(db, defaultEngine(), catalogVersion()).upsert(rows.map((r) => LedgerRow.parse(r)), { tokenId: null, name }, randomBytes(16).toString("hex"));
  } finally {
    await db.close();
  }
}

/** A token as a program before offices made it: a role, no jurisdiction, no roles (unscoped). */
export async function makeLegacyToken(dbPath: string, name = "旧编辑者令牌"): Promise<string> {
  const token = "sbs_" + randomBytes(32).toString("base64url");
  const db = await openDb(dbPath);
  try {
    await db.k.insertInto("tokens").values({ name, role: "editor", hash: hashToken(token), created_at: "2026-01-05T00:00:00.000Z" }).execute();
  } finally {
    await db.close();
  }
  return token;
}

export interface Service {
  url: string;
  dbPath: string;
  process: ChildProcess;
  /** Everything the process wrote, for diagnosing a failure. */
  output: () => string;
  /** SIGTERM and wait for exit; resolves to the exit code. */
  stop: () => Promise<number | null>;
  /** SIGKILL: no chance to finish anything. */
  kill9: () => Promise<void>;
}

/**
 * `entry`: a compiled service (dist/service.mjs, build/compile.ts) to run with plain node instead of the sources
 * through tsx; SUBSIDY_TEST_SERVICE_ENTRY sets it for every test (to run a service test file against a build).
 */
export async function startService(options: { dbPath: string; env?: Record<string, string>; discardLogs?: boolean; entry?: string }): Promise<Service> {
  const port = await freePort();
  const entry = options.entry ?? process.env.SUBSIDY_TEST_SERVICE_ENTRY;
  const child = spawn(process.execPath, entry ? [entry] : ["--import", "tsx", MAIN], {
    cwd: REPO,
    env: {
      ...process.env,
      SUBSIDY_DB: options.dbPath,
      SUBSIDY_PORT: String(port),
      SUBSIDY_HOST: "127.0.0.1",
      SUBSIDY_LOG_LEVEL: "warn",
      SUBSIDY_SEED_SAMPLE: "0",
      SUBSIDY_CONFIG: "",
      ...options.env,
    },
    // A benchmark logs every request; keeping it all in memory would distort what it measures.
    stdio: ["ignore", options.discardLogs ? "ignore" : "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  // Generous: on a shared 2-core machine under load, loading the TypeScript sources alone can take half a minute.
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`service exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`service did not start within 90 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    dbPath: options.dbPath,
    process: child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
    kill9: async () => {
      if (child.exitCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}

export interface Reply {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

export async function call(
  service: { url: string },
  method: string,
  url: string,
  options: { token?: string; json?: unknown; body?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | Buffer | undefined = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers["content-type"] ??= "application/json";
  }
  const res = await fetch(service.url + url, { method, headers, body: typeof body === "string" || body === undefined ? body : new Uint8Array(body) });
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

/** A valid ledger row under jiulongpo-1 (10% of R&D spend), varied by `n`. */
export function ledgerRow(applicationId: string, n = 0, overrides: Partial<LedgerRowInput> = {}): LedgerRowInput {
  return {
    applicationId,
    projectId: `P-${applicationId}`,
    enterprise: `重庆测试制造有限公司${n % 50}`,
    creditCode: "91500107MA5U4LGX4U",
    district: "九龙坡区",
    provisionId: "jiulongpo-1",
    amount: 1_000_000 + (n % 1000) * 100,
    facts: {},
    applicationDate: "2026-03-02",
    status: "applied",
    approved: null,
    paid: null,
    paidDate: null,
    note: "",
    ...overrides,
  };
}

/**
 * A request over a bare socket that keeps what the server answered even when it answers before reading the
 * whole body: an oversized body is refused at its Content-Length, and the socket then closes under the writer.
 */
export async function rawRequest(
  service: { url: string },
  method: string,
  url: string,
  headers: Record<string, string>,
  body: Buffer,
): Promise<{ status: number; contentType: string; body: unknown }> {
  const { hostname, port } = new URL(service.url);
  const socket = net.connect(Number(port), hostname);
  let received = "";
  /** The whole response has arrived: its head and as many bytes as its Content-Length says. */
  const complete = (): boolean => {
    const end = received.indexOf("\r\n\r\n");
    if (end < 0) return false;
    const length = Number(/^content-length:\s*(\d+)/im.exec(received.slice(0, end))?.[1] ?? NaN);
    return Buffer.byteLength(received.slice(end + 4)) >= length;
  };
  const done = new Promise<void>((resolve) => {
    socket.setEncoding("utf8");
    socket.on("data", (d: string) => {
      received += d;
      if (complete()) resolve();
    });
    socket.once("close", () => resolve());
  });
  socket.on("error", () => {
    // EPIPE/ECONNRESET once the server has answered and closed: expected.
  });
  const head = [`${method} ${url} HTTP/1.1`, `host: ${hostname}:${port}`, `content-length: ${body.length}`];
  for (const [k, v] of Object.entries(headers)) head.push(`${k}: ${v}`);
  socket.write(head.join("\r\n") + "\r\n\r\n");
  for (let offset = 0; offset < body.length && !socket.destroyed && !complete(); offset += 65_536) {
    if (!socket.write(body.subarray(offset, offset + 65_536))) await Promise.race([new Promise((r) => socket.once("drain", r)), done]);
  }
  await done;
  socket.destroy();
  const [headText = "", payload = ""] = received.split("\r\n\r\n");
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(headText)?.[1] ?? 0);
  const contentType = /^content-type:\s*(.*)$/im.exec(headText)?.[1]?.trim() ?? "";
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    parsed = undefined;
  }
  return { status, contentType, body: parsed };
}

/** Runs the `subsidy` CLI as a user would; its JSON answer on stdout and its exit code, also when it fails. */
export async function runSubsidy(...args: string[]): Promise<{ code: number; json: unknown }> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(REPO, "bin", "subsidy.mjs"), ...args], { cwd: REPO });
    return { code: 0, json: JSON.parse(stdout) };
  } catch (e) {
    const failed = e as { code: number; stdout: string };
    return { code: failed.code, json: JSON.parse(failed.stdout) };
  }
}
