// HTTPS when a certificate and key are configured (Excel loads add-ins only over HTTPS).
import { execFileSync } from "node:child_process";
import https from "node:https";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../dashboard/server/config.ts";
import { startServer } from "../../dashboard/server/start.ts";
import { tempDir } from "./harness.ts";

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { rejectUnauthorized: false }, (res) => {
        let body = "";
        res.on("data", (d: Buffer) => (body += d.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on("error", reject);
  });
}

describe("HTTPS", () => {
  it("serves over TLS with the configured certificate, and the manifest points at https", async () => {
    const dir = tempDir();
    const cert = path.join(dir, "cert.pem");
    const key = path.join(dir, "key.pem");
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=localhost"], { stdio: "ignore" });
    const server = await startServer(loadConfig({}, { dbPath: path.join(dir, "tls.db"), port: 0, host: "127.0.0.1", tlsCert: cert, tlsKey: key, seedSample: false, logLevel: "warn" }));
    try {
      expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const health = await get(`${server.url}/api/health`);
      expect(health.status).toBe(200);
      expect(JSON.parse(health.body).status).toBe("ok");
      expect(server.manifestUrl).toBe(`${server.url}/manifest.xml`);
    } finally {
      await server.close();
    }
  });

  it("refuses a certificate without its key", () => {
    expect(() => loadConfig({ SUBSIDY_TLS_CERT: "/tmp/cert.pem" })).toThrow(/SUBSIDY_TLS_CERT and SUBSIDY_TLS_KEY/);
  });
});
