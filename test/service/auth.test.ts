// Writes without a token, with a viewer token, with a revoked token (revoked by the real CLI), reads under the
// token-only setting, the auth-failure limit (which throttles failures, never a valid token), and CORS for the
// configured add-in origin only.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { call, ledgerRow, makeToken, REPO, startService, type Reply, type Service } from "./harness.ts";
import { describeBackends } from "./backends.ts";

const run = promisify(execFile);
const ADDIN_ORIGIN = "https://addin.example.gov.cn";

function errorOf(reply: Reply): { code: string; field: string; message: { zh: string; en: string } } {
  return (reply.body as { error: { code: string; field: string; message: { zh: string; en: string } } }).error;
}

describeBackends("auth with reads open on localhost (the default)", (backend) => {
  let service: Service;
  let editor: string;
  let viewer: string;
  const dbPath = backend.database("auth");

  beforeAll(async () => {
    editor = await makeToken(dbPath, "editor", "editor A");
    viewer = await makeToken(dbPath, "viewer", "viewer B");
    service = await startService({ dbPath, env: { SUBSIDY_ADDIN_ORIGIN: ADDIN_ORIGIN } });
  });
  afterAll(async () => {
    await service?.stop();
  });

  const publish = (token?: string) => call(service, "PUT", "/api/ledger/rows", { ...(token ? { token } : {}), json: { rows: [ledgerRow("AUTH-1")] } });

  it("refuses a write without a token with 401 naming the authorization field", async () => {
    const reply = await publish();
    expect(reply.status).toBe(401);
    expect(errorOf(reply)).toMatchObject({ code: "unauthorized", field: "authorization" });
    expect(errorOf(reply).message.zh).toMatch(/令牌/);
    expect(reply.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it("refuses a write with a viewer token with 403", async () => {
    const reply = await publish(viewer);
    expect(reply.status).toBe(403);
    expect(errorOf(reply)).toMatchObject({ code: "role_required", field: "authorization" });
  });

  it("refuses commitments writes the same way", async () => {
    const body = { commitments: [{ jurisdiction: "yubei", year: 2026, amount: "2亿元" }] };
    expect((await call(service, "PUT", "/api/commitments", { json: body })).status).toBe(401);
    expect((await call(service, "PUT", "/api/commitments", { token: viewer, json: body })).status).toBe(403);
    // An editor (clerk, reviewer, payer) does not hold commitments: that is the admin's.
    const notAdmin = await call(service, "PUT", "/api/commitments", { token: editor, json: body });
    expect(notAdmin.status).toBe(403);
    expect(errorOf(notAdmin)).toMatchObject({ code: "role_required", field: "authorization" });
    const admin = await makeToken(dbPath, "admin", "admin C");
    expect((await call(service, "PUT", "/api/commitments", { token: admin, json: body })).status).toBe(200);
  });

  it("accepts an editor token, and refuses it once revoked with the CLI", async () => {
    const token = await makeToken(dbPath, "editor", "to be revoked");
    expect((await publish(token)).status).toBe(200);
    const { stdout } = await run(process.execPath, [path.join(REPO, "bin", "subsidy.mjs"), "token", "revoke", "to be revoked", "--db", dbPath], { cwd: REPO });
    expect(JSON.parse(stdout).revoked).toHaveLength(1);
    const reply = await publish(token);
    expect(reply.status).toBe(401);
    expect(errorOf(reply).field).toBe("authorization");
    // The editor token that was not revoked still works.
    expect((await publish(editor)).status).toBe(200);
  });

  it("refuses a malformed Authorization header and an unknown token", async () => {
    const basic = await call(service, "PUT", "/api/ledger/rows", { json: { rows: [ledgerRow("AUTH-2")] }, headers: { authorization: "Basic dXNlcjpwYXNz" } });
    expect(basic.status).toBe(401);
    expect((await publish("sbs_" + "A".repeat(43))).status).toBe(401);
    // A wrong token is refused on reads too, even where reads are open: it is a failed authentication.
    expect((await call(service, "GET", "/api/ledger", { token: "sbs_nope" })).status).toBe(401);
  });

  it("lets reads from this machine through without a token", async () => {
    const reply = await call(service, "GET", "/api/ledger");
    expect(reply.status).toBe(200);
    expect((reply.body as { total: number }).total).toBe(1);
  });

  it("answers CORS preflights for the configured add-in origin only", async () => {
    const preflight = (origin: string) =>
      fetch(`${service.url}/api/ledger/rows`, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "PUT", "access-control-request-headers": "authorization,content-type,idempotency-key" },
      });
    const allowed = await preflight(ADDIN_ORIGIN);
    expect(allowed.headers.get("access-control-allow-origin")).toBe(ADDIN_ORIGIN);
    expect(allowed.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("idempotency-key");
    const other = await preflight("https://evil.example.com");
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    const get = await fetch(`${service.url}/api/health`, { headers: { origin: "https://evil.example.com" } });
    expect(get.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describeBackends("auth with reads requiring a token, and the failure limit", (backend) => {
  let service: Service;
  let viewer: string;
  const dbPath = backend.database("auth_token");

  beforeAll(async () => {
    viewer = await makeToken(dbPath, "viewer");
    service = await startService({ dbPath, env: { SUBSIDY_READ_ACCESS: "token", SUBSIDY_AUTH_FAILURE_LIMIT: "5" } });
  });
  afterAll(async () => {
    await service?.stop();
  });

  it("needs a token to read, and a viewer token is enough", async () => {
    const anonymous = await call(service, "GET", "/api/summary");
    expect(anonymous.status).toBe(401);
    expect(errorOf(anonymous).field).toBe("authorization");
    expect((await call(service, "GET", "/api/ledger", { token: viewer })).status).toBe(200);
    // Health stays open for monitors.
    expect((await call(service, "GET", "/api/health")).status).toBe(200);
  });

  it("answers failures with 429 once an address has failed too often, and still serves a valid token from it", async () => {
    // One failure was spent by the anonymous read above.
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await call(service, "GET", "/api/ledger", { token: `sbs_guess${i}` })).status);
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(statuses.slice(4)).toEqual([429, 429]);
    const throttled = await call(service, "GET", "/api/ledger", { token: "sbs_guess9" });
    expect(errorOf(throttled)).toMatchObject({ code: "too_many_auth_failures", field: "authorization" });
    expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThan(0);
    // An office shares one address: a colleague's wrong token must not lock the others out.
    for (let i = 0; i < 3; i++) expect((await call(service, "GET", "/api/ledger", { token: viewer })).status).toBe(200);
    // A request without a token where one is needed is a failure too.
    expect((await call(service, "GET", "/api/summary")).status).toBe(429);
  });
});
