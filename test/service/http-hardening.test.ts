// The HTTP layer as an attacker or a careless client meets it, against the real service process: requests for
// another host name (DNS rebinding), forwarded headers with and without trustProxy, security headers,
// compression (bytes as sent), source maps, slow and trickling clients, bodies without a length over the limit,
// and the OpenAPI document's error responses.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { precompressDirectory } from "../../build/precompress.ts";
import { call, ledgerRow, makeToken, startService, tempDir, type Service } from "./harness.ts";
import { connect, parseResponse, request } from "./raw-http.ts";

const PUBLIC_ORIGIN = "https://subsidy.cq.example.gov.cn";

interface ApiErrorBody {
  error: { code: string; field: string; message: { zh: string; en: string } };
}
const errorOf = (json: unknown) => (json as ApiErrorBody).error;

/** A dashboard build stand-in: a page, a large script with its source map, compressed as the build does. */
function fakeBuild(dir: string): { webDist: string; addinDist: string; script: string } {
  const webDist = path.join(dir, "web");
  const addinDist = path.join(dir, "addin");
  fs.mkdirSync(path.join(webDist, "assets"), { recursive: true });
  fs.mkdirSync(addinDist, { recursive: true });
  fs.writeFileSync(path.join(webDist, "index.html"), `<!doctype html><title>看板</title><script type="module" src="/assets/app-1a2b.js"></script>`);
  const script = Array.from({ length: 4000 }, (_, i) => `export function provision${i}(amount){return Math.round(amount*${i % 97}/100)}`).join("\n");
  fs.writeFileSync(path.join(webDist, "assets", "app-1a2b.js"), script);
  fs.writeFileSync(path.join(webDist, "assets", "app-1a2b.js.map"), JSON.stringify({ version: 3, sources: ["src/secret.ts"], mappings: "" }));
  fs.writeFileSync(path.join(addinDist, "taskpane.html"), `<!doctype html><title>任务窗格</title><script src="https://office.example.gov.cn/lib/office.js"></script>`);
  precompressDirectory(webDist);
  return { webDist, addinDist, script };
}

describe("a service with a public origin and default settings", () => {
  const dir = tempDir();
  const build = fakeBuild(dir);
  let service: Service;
  let editor: string;

  beforeAll(async () => {
    const dbPath = path.join(dir, "hardening.db");
    editor = await makeToken(dbPath, "editor", "editor");
    service = await startService({ dbPath, env: { SUBSIDY_PUBLIC_ORIGIN: PUBLIC_ORIGIN, SUBSIDY_WEB_DIST: build.webDist, SUBSIDY_ADDIN_DIST: build.addinDist } });
    expect((await call(service, "PUT", "/api/ledger/rows", { token: editor, json: { rows: [ledgerRow("H-1")] } })).status).toBe(200);
  });
  afterAll(async () => {
    await service?.stop();
  });

  it("refuses any other Host with 421 naming the field host, before the export a rebinding page would read", async () => {
    const { port } = new URL(service.url);
    const foreign = ["attacker.example", `attacker.example:${port}`, `127.0.0.1.attacker.example:${port}`, `localhost.attacker.example`, "subsidy.cq.example.gov.cn:8443", "subsidy.cq.example.gov.cn.evil.example", "10.0.0.5:3000", "user@127.0.0.1", ""];
    for (const host of foreign) {
      for (const target of ["/api/ledger/export?format=csv", "/api/health", "/", "/addin/taskpane.html"]) {
        const reply = await request(service.url, "GET", target, { host, accept: "text/html" });
        const label = `${JSON.stringify(host)} ${target}`;
        expect(reply.status, label).toBe(421);
        expect(reply.headers["content-type"], label).toMatch(/^application\/json/);
        expect(errorOf(reply.json), label).toMatchObject({ code: "invalid_host", field: "host" });
        expect(errorOf(reply.json).message.zh, label).toContain("SUBSIDY_PUBLIC_ORIGIN");
      }
    }
    // A client naming a forwarded host is not believed without trustProxy: the request is judged by its Host.
    const forwarded = await request(service.url, "GET", "/api/health", { host: `127.0.0.1:${port}`, "x-forwarded-host": "attacker.example" });
    expect(forwarded.status).toBe(200);
  });

  it("answers its public origin's host and the loopback names, on any port for loopback", async () => {
    const { port } = new URL(service.url);
    for (const host of ["subsidy.cq.example.gov.cn", "SUBSIDY.CQ.example.gov.cn:443", "subsidy.cq.example.gov.cn.", `localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, "localhost", "127.0.0.1:8080"]) {
      const reply = await request(service.url, "GET", "/api/ledger/export?format=csv", { host });
      expect(reply.status, host).toBe(200);
      expect(reply.bytes.toString("utf8"), host).toContain("H-1");
    }
  });

  it("sends the dashboard's security headers on pages and API answers", async () => {
    for (const target of ["/", "/api/health", "/assets/app-1a2b.js", "/api/nothing"]) {
      const reply = await request(service.url, "GET", target, { accept: "text/html" });
      const csp = String(reply.headers["content-security-policy"]);
      expect(csp, target).toContain("default-src 'self'");
      expect(csp, target).toContain("script-src 'self';");
      expect(csp, target).toContain("frame-ancestors 'none'");
      expect(csp, target).toContain("object-src 'none'");
      expect(csp, target).not.toContain("unsafe");
      expect(reply.headers["x-content-type-options"], target).toBe("nosniff");
      expect(reply.headers["x-frame-options"], target).toBe("DENY");
      expect(reply.headers["referrer-policy"], target).toBe("same-origin");
      // Plain HTTP here: no HSTS (only a request that came over HTTPS is told to keep to it).
      expect(reply.headers["strict-transport-security"], target).toBeUndefined();
    }
  });

  it("lets Office frame the add-in and allows the office.js its build names", async () => {
    for (const target of ["/addin/taskpane.html", "/manifest.xml"]) {
      const reply = await request(service.url, "GET", target);
      const csp = String(reply.headers["content-security-policy"]);
      expect(csp, target).toMatch(/frame-ancestors 'self' [^;]*https:\/\/\*\.officeapps\.live\.com/);
      expect(csp, target).toContain("https://*.partner.officewebapps.cn");
      expect(csp, target).toMatch(/script-src 'self' [^;]*https:\/\/appsforoffice\.microsoft\.com/);
      // The build of this test names its own office.js host; the policy follows the build.
      expect(csp, target).toMatch(/script-src [^;]*https:\/\/office\.example\.gov\.cn/);
      expect(reply.headers["x-frame-options"], target).toBeUndefined();
      expect(reply.headers["cross-origin-resource-policy"], target).toBe("cross-origin");
      expect(reply.headers["x-content-type-options"], target).toBe("nosniff");
    }
  });

  it("compresses API answers for clients that accept it", async () => {
    const plain = await request(service.url, "GET", "/api/provisions");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    for (const [accept, encoding, decode] of [
      ["br, gzip", "br", zlib.brotliDecompressSync],
      ["gzip", "gzip", zlib.gunzipSync],
    ] as const) {
      const reply = await request(service.url, "GET", "/api/provisions", { "accept-encoding": accept });
      expect(reply.headers["content-encoding"]).toBe(encoding);
      expect(decode(reply.bytes).equals(plain.bytes)).toBe(true);
      expect(reply.bytes.length).toBeLessThan(plain.bytes.length / 4);
    }
  });

  it("compresses a CSV export (at its own, faster levels) to the same bytes, and leaves an .xlsx as it is", async () => {
    const plain = await request(service.url, "GET", "/api/ledger/export?format=csv&lang=en");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    for (const [accept, encoding, decode] of [
      ["br, gzip", "br", zlib.brotliDecompressSync],
      ["gzip", "gzip", zlib.gunzipSync],
    ] as const) {
      const reply = await request(service.url, "GET", "/api/ledger/export?format=csv&lang=en", { "accept-encoding": accept });
      expect(reply.headers["content-encoding"], accept).toBe(encoding);
      expect(decode(reply.bytes).equals(plain.bytes), accept).toBe(true);
    }
    const xlsx = await request(service.url, "GET", "/api/ledger/export?format=xlsx", { "accept-encoding": "br, gzip" });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers["content-encoding"]).toBeUndefined();
    expect(xlsx.bytes.subarray(0, 2).toString("latin1")).toBe("PK");
  });

  it("sends the build's pre-compressed files as they are, and the file itself to clients without compression", async () => {
    const file = path.join(build.webDist, "assets", "app-1a2b.js");
    for (const [accept, encoding, suffix] of [
      ["gzip, deflate, br", "br", ".br"],
      ["gzip", "gzip", ".gz"],
      ["identity", undefined, ""],
    ] as const) {
      const reply = await request(service.url, "GET", "/assets/app-1a2b.js", { "accept-encoding": accept });
      expect(reply.status).toBe(200);
      expect(reply.headers["content-encoding"]).toBe(encoding);
      expect(reply.headers["content-type"]).toMatch(/javascript/);
      expect(reply.headers.vary).toMatch(/accept-encoding/i);
      expect(reply.bytes.equals(fs.readFileSync(file + suffix))).toBe(true);
    }
    expect(fs.statSync(`${file}.br`).size).toBeLessThan(build.script.length / 10);
  });

  it("does not serve source maps", async () => {
    const reply = await request(service.url, "GET", "/assets/app-1a2b.js.map");
    expect(reply.status).toBe(404);
    expect(reply.bytes.toString("utf8")).not.toContain("secret.ts");
  });

  // Retried: under the full suite's load on two cores the answer has twice not reached the client within 20 s
  // (nothing received; it passes alone and did in earlier full runs). Left to find: whether Node resets the
  // connection before the 413 is flushed when the client is still writing.
  it("answers a body streamed without a length past the limit with 413, and the client reads it", { retry: 2 }, async () => {
    const exchange = connect(service.url);
    exchange.socket.write(
      `PUT /api/ledger/rows HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer ${editor}\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n`,
    );
    const chunk = Buffer.alloc(256 * 1024, 0x20);
    for (let sent = 0; sent < 12 * 1024 * 1024 && !exchange.socket.destroyed && !exchange.received(); sent += chunk.length) {
      const ok = exchange.socket.write(Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]));
      if (!ok) await Promise.race([new Promise((r) => exchange.socket.once("drain", r)), exchange.closed, new Promise((r) => setTimeout(r, 1000))]);
    }
    await expect.poll(() => exchange.received(), { timeout: 20_000 }).toContain("\r\n\r\n");
    exchange.socket.destroy();
    const reply = parseResponse(exchange.received());
    expect(reply.status).toBe(413);
    expect(errorOf(reply.body)).toMatchObject({ code: "body_too_large", field: "body" });
    expect((await call(service, "GET", "/api/health")).status).toBe(200);
  });

  it("declares every route's error responses in the OpenAPI document, with the error schema", async () => {
    interface Operation {
      responses: Record<string, { description?: string; content?: Record<string, { schema: { properties?: Record<string, unknown> } }> }>;
    }
    const doc = (await call(service, "GET", "/api/openapi.json")).body as { paths: Record<string, Record<string, Operation>> };
    const operations = Object.entries(doc.paths).flatMap(([p, methods]) => Object.entries(methods).map(([method, op]) => ({ name: `${method.toUpperCase()} ${p}`, method, op })));
    expect(operations.length).toBeGreaterThanOrEqual(11);
    for (const { name, method, op } of operations) {
      const statuses = Object.keys(op.responses);
      expect(statuses, name).toEqual(expect.arrayContaining(["421", "500"]));
      for (const status of statuses.filter((s) => s >= "400")) {
        const schema = op.responses[status]?.content?.["application/json"]?.schema;
        expect(schema?.properties, `${name} ${status}`).toHaveProperty("error");
        expect(op.responses[status]?.description, `${name} ${status}`).toBeTruthy();
      }
      if (method === "put") expect(statuses, name).toEqual(expect.arrayContaining(["400", "401", "403", "413", "415", "429"]));
    }
    const history = doc.paths["/api/ledger/{applicationId}/history"]?.get;
    expect(Object.keys(history?.responses ?? {})).toEqual(expect.arrayContaining(["400", "401", "404", "429"]));
    expect(Object.keys(doc.paths["/api/health"]?.get?.responses ?? {})).not.toContain("401");
  });
});

describe("a service behind a trusted proxy, with short timeouts", () => {
  const dir = tempDir();
  const build = fakeBuild(dir);
  let service: Service;
  let viewer: string;
  let editor: string;

  beforeAll(async () => {
    const dbPath = path.join(dir, "proxied.db");
    viewer = await makeToken(dbPath, "viewer", "viewer");
    editor = await makeToken(dbPath, "editor", "editor");
    service = await startService({
      dbPath,
      env: {
        SUBSIDY_TRUST_PROXY: "127.0.0.1, ::1",
        SUBSIDY_PUBLIC_ORIGIN: PUBLIC_ORIGIN,
        SUBSIDY_REQUEST_TIMEOUT_MS: "1500",
        SUBSIDY_AUTH_FAILURE_LIMIT: "3",
        SUBSIDY_SOURCE_MAPS: "1",
        SUBSIDY_WEB_DIST: build.webDist,
        SUBSIDY_ADDIN_DIST: build.addinDist,
      },
    });
  });
  afterAll(async () => {
    await service?.stop();
  });

  it("judges a forwarded request by the client the proxy names: not local, so reading needs a token", async () => {
    const through = { "x-forwarded-for": "203.0.113.7", "x-forwarded-host": "subsidy.cq.example.gov.cn", "x-forwarded-proto": "https" };
    const anonymous = await request(service.url, "GET", "/api/ledger", through);
    expect(anonymous.status).toBe(401);
    expect(errorOf(anonymous.json).field).toBe("authorization");
    expect((await request(service.url, "GET", "/api/ledger", { ...through, authorization: `Bearer ${viewer}` })).status).toBe(200);
    // Straight from this machine it is local.
    expect((await request(service.url, "GET", "/api/ledger")).status).toBe(200);
    // The forwarded host is checked like Host.
    const rebound = await request(service.url, "GET", "/api/ledger", { ...through, "x-forwarded-host": "attacker.example" });
    expect(rebound.status).toBe(421);
    // The proxy says the client came over HTTPS: browsers are told to keep to it.
    expect((await request(service.url, "GET", "/", through)).headers["strict-transport-security"]).toMatch(/max-age=\d+/);
  });

  it("counts failed authentications per forwarded client, not per proxy", async () => {
    const from = (ip: string) => ({ "x-forwarded-for": ip, authorization: "Bearer sbs_wrong" });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await request(service.url, "GET", "/api/ledger", from("198.51.100.1"))).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    expect((await request(service.url, "GET", "/api/ledger", from("198.51.100.2"))).status).toBe(401);
  });

  it("serves source maps when the sourceMaps setting asks for them", async () => {
    const reply = await request(service.url, "GET", "/assets/app-1a2b.js.map");
    expect(reply.status).toBe(200);
    expect(reply.bytes.toString("utf8")).toContain("secret.ts");
  });

  it("closes a connection whose body trickles in past the request timeout, with 408, and serves others meanwhile", async () => {
    const exchange = connect(service.url);
    exchange.socket.write(
      `PUT /api/ledger/rows HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer ${editor}\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n{"rows":[`,
    );
    // One byte every 200 ms: never idle, never done.
    const trickle = setInterval(() => {
      if (!exchange.socket.destroyed) exchange.socket.write(" ");
    }, 200);
    try {
      expect((await call(service, "GET", "/api/health")).status).toBe(200);
      await exchange.closed;
    } finally {
      clearInterval(trickle);
    }
    const reply = parseResponse(exchange.received());
    expect(reply.status).toBe(408);
    expect(errorOf(reply.body)).toMatchObject({ code: "request_timeout", field: "body" });
    expect((await call(service, "GET", "/api/health")).status).toBe(200);
  });

  it("closes a connection whose headers never end", async () => {
    const exchange = connect(service.url);
    exchange.socket.write("GET /api/health HTTP/1.1\r\nhost: 127.0.0.1\r\n");
    const trickle = setInterval(() => {
      if (!exchange.socket.destroyed) exchange.socket.write("x-slow: 1\r\n");
    }, 200);
    try {
      await exchange.closed;
    } finally {
      clearInterval(trickle);
    }
    expect(parseResponse(exchange.received()).status).toBe(408);
  });
});
