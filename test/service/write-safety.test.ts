// What keeps a write from silently losing or misattributing data: expected versions (409 on a row someone else
// changed), server-made batch IDs, the token on every version, commitments' amounts validated alike as number and
// text, old idempotency records pruned; on SQLite, a database file deleted or replaced under the running service
// (health 503, writes refused) and `subsidy db backup` taken while the service writes.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countAll, openDb } from "../../dashboard/server/db/open.ts";
import type { ApiErrorBody } from "../../dashboard/server/errors.ts";
import { backends, describeBackends } from "./backends.ts";
import { call, ledgerRow, makeToken, runSubsidy, startService, tempDir, type Reply, type Service } from "./harness.ts";

const errorOf = (reply: Reply) => (reply.body as ApiErrorBody).error;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const subsidy = runSubsidy;

describeBackends("write safety", (backend) => {
  const dbPath = backend.database("write_safety");
  let service: Service;
  let token: string;
  const stale = new Date(Date.now() - 8 * 24 * 3600 * 1000).toISOString();

  beforeAll(async () => {
    token = await makeToken(dbPath, "editor,admin", "officer Chen");
    // An idempotency record older than the retention, as if left by a batch sent last week.
    const db = await openDb(dbPath);
    await db.write((trx) => trx.insertInto("idempotency").values({ token_id: 1, key: "last-week", request_hash: "x", status: 200, response: "{}", created_at: stale }).execute());
    await db.close();
    service = await startService({ dbPath });
  });
  afterAll(async () => {
    await service?.stop();
  });

  const put = (body: unknown, headers: Record<string, string> = {}) => call(service, "PUT", "/api/ledger/rows", { token, json: body, headers });

  it("prunes idempotency records past the retention and keeps fresh ones", async () => {
    expect((await put({ rows: [ledgerRow("V-1")] }, { "idempotency-key": "fresh-key" })).status).toBe(200);
    const db = await openDb(dbPath, { migrate: false });
    try {
      const keys = await db.k.selectFrom("idempotency").select("key").execute();
      expect(keys.map((k) => k.key)).toEqual(["fresh-key"]);
    } finally {
      await db.close();
    }
  });

  it("answers 409 naming the row when someone else changed it since the version the client read", async () => {
    expect((await put({ rows: [ledgerRow("V-1", 0, { note: "Li's edit" })], expectedVersions: { "V-1": 1 } })).body).toMatchObject({ updated: 1 });
    // The second officer read version 1 too.
    const late = await put({ rows: [ledgerRow("V-2"), ledgerRow("V-1", 0, { note: "Chen's edit" })], expectedVersions: { "V-1": 1, "V-2": 0 } });
    expect(late.status).toBe(409);
    expect(errorOf(late)).toMatchObject({ code: "version_conflict", field: "rows.1" });
    expect(errorOf(late).message.en).toMatch(/V-1 is now at version 2, not 1/);
    expect(errorOf(late).message.zh).toMatch(/第 2 版/);
    // All or nothing: V-2, which had no conflict, was not written either.
    expect((await call(service, "GET", "/api/ledger/V-2/history")).status).toBe(404);
    const history = (await call(service, "GET", "/api/ledger/V-1/history")).body as { versions: { row: { note: string } }[] };
    expect(history.versions.map((v) => v.row.note)).toEqual(["", "Li's edit"]);

    const missing = await put({ rows: [ledgerRow("V-3")], expectedVersions: { "V-3": 4 } });
    expect(missing.status).toBe(409);
    expect(errorOf(missing).message.en).toMatch(/V-3 does not exist/);
    const created = await put({ rows: [ledgerRow("V-3")], expectedVersions: { "V-3": 0 } });
    expect(created.body).toMatchObject({ inserted: 1 });
    const again = await put({ rows: [ledgerRow("V-3", 0, { note: "x" })], expectedVersions: { "V-3": 0 } });
    expect(again.status).toBe(409);
  });

  it("takes If-Match for a one-row batch, and refuses it for more rows or a version not in the batch", async () => {
    expect((await put({ rows: [ledgerRow("V-1", 0, { note: "If-Match edit" })] }, { "if-match": '"2"' })).body).toMatchObject({ updated: 1 });
    const stale = await put({ rows: [ledgerRow("V-1", 0, { note: "stale" })] }, { "if-match": "2" });
    expect(stale.status).toBe(409);
    const two = await put({ rows: [ledgerRow("V-1"), ledgerRow("V-9")] }, { "if-match": "3" });
    expect(two.status).toBe(400);
    expect(errorOf(two).field).toBe("if-match");
    const stranger = await put({ rows: [ledgerRow("V-1")], expectedVersions: { "V-404": 1 } });
    expect(stranger.status).toBe(400);
    expect(errorOf(stranger).field).toBe("expectedVersions.V-404");
  });

  it("makes batch IDs itself, and records the token's ID and name on every version", async () => {
    const reply = await put({ rows: [ledgerRow("V-5")] }, { "x-request-id": "sample" });
    const { batchId } = reply.body as { batchId: string };
    expect(batchId).toMatch(UUID);
    expect(reply.headers.get("x-request-id")).toBe("sample");
    const history = (await call(service, "GET", "/api/ledger/V-5/history")).body as { versions: { batchId: string; tokenId: number; changedBy: string }[] };
    expect(history.versions).toEqual([expect.objectContaining({ batchId, tokenId: 1, changedBy: "officer Chen" })]);

    expect((await call(service, "PUT", "/api/commitments", { token, json: { commitments: [{ jurisdiction: "yubei", year: 2030, amount: "2亿元" }] } })).status).toBe(200);
    const db = await openDb(dbPath, { migrate: false });
    try {
      const versions = await db.k.selectFrom("commitments_history").select(["token_id", "changed_by"]).where("year", "=", 2030).execute();
      expect(versions).toEqual([{ token_id: 1, changed_by: "officer Chen" }]);
    } finally {
      await db.close();
    }
  });

  it("validates a commitment's amount alike as a number and as text", async () => {
    const commit = (amount: unknown) => call(service, "PUT", "/api/commitments", { token, json: { commitments: [{ jurisdiction: "yubei", year: 2031, amount }] } });
    for (const [number, text] of [[0, "0"], [-1, "-1"], [1e14, "100000000000000"]] as const) {
      const a = await commit(number);
      const b = await commit(text);
      expect([a.status, b.status], `${number} / ${text}`).toEqual([400, 400]);
      expect(errorOf(a).field).toBe("commitments.0.amount");
      expect(errorOf(b).field).toBe("commitments.0.amount");
      // The same verdict and wording; only the echo of the input differs (-1 against "-1").
      const unquoted = (r: Reply) => errorOf(r).message.en.replaceAll('"', "");
      expect(unquoted(a)).toBe(unquoted(b));
    }
    expect((await commit(0.01)).status).toBe(200);
    expect((await commit("0.01")).status).toBe(200);
  });
});

describe.skipIf(!backends().some((b) => b.kind === "sqlite"))("the SQLite file under a running service", () => {
  const dir = tempDir("subsidy-file-");

  async function started(name: string): Promise<{ service: Service; dbPath: string; token: string }> {
    const dbPath = path.join(dir, name);
    const token = await makeToken(dbPath, "editor", "officer");
    const service = await startService({ dbPath });
    expect((await call(service, "PUT", "/api/ledger/rows", { token, json: { rows: [ledgerRow("F-1")] } })).status).toBe(200);
    return { service, dbPath, token };
  }

  for (const [what, damage] of [
    ["replaced", (file: string) => {
      fs.copyFileSync(file, `${file}.restore`);
      fs.renameSync(`${file}.restore`, file);
    }],
    ["deleted", (file: string) => fs.unlinkSync(file)],
  ] as const) {
    it(`fails health and refuses writes once the file is ${what}`, async () => {
      const { service, dbPath, token } = await started(`${what}.db`);
      try {
        damage(dbPath);
        const health = await call(service, "GET", "/api/health");
        expect(health.status).toBe(503);
        expect(errorOf(health)).toMatchObject({ code: "database_unavailable", field: "database" });
        expect(errorOf(health).message.en).toContain(what);
        const write = await call(service, "PUT", "/api/ledger/rows", { token, json: { rows: [ledgerRow("F-2")] } });
        expect(write.status).toBe(503);
        expect(errorOf(write).code).toBe("database_unavailable");
      } finally {
        await service.stop();
      }
    }, 120_000);
  }

  it("backs up online while a publisher writes: a consistent file with whole batches, never over an existing file", async () => {
    const { service, dbPath, token } = await started("live.db");
    const backupFile = path.join(dir, "backups", "live-backup.db");
    try {
      let writing = true;
      let acknowledged = 1;
      const publisher = (async () => {
        for (let b = 0; writing; b++) {
          const rows = Array.from({ length: 200 }, (_, i) => ledgerRow(`L${b}-${i}`, i));
          const reply = await call(service, "PUT", "/api/ledger/rows", { token, json: { rows } });
          expect(reply.status).toBe(200);
          acknowledged += 200;
        }
      })();
      while (acknowledged < 1000) await new Promise((r) => setTimeout(r, 20));
      const before = acknowledged;
      const result = await subsidy("db", "backup", backupFile, "--db", dbPath);
      writing = false;
      await publisher;
      expect(result.code, JSON.stringify(result.json)).toBe(0);
      const report = result.json as { counts: { ledger_rows: number; ledger_history: number } };
      expect(report.counts.ledger_rows).toBeGreaterThanOrEqual(before);
      // Whole batches only: F-1 plus a multiple of 200.
      expect((report.counts.ledger_rows - 1) % 200).toBe(0);
      expect(report.counts.ledger_history).toBe(report.counts.ledger_rows);
      const copy = await openDb(backupFile, { migrate: false });
      try {
        expect(copy.sqlite?.pragma("integrity_check", { simple: true })).toBe("ok");
        expect(Number((await copy.k.selectFrom("ledger_rows").select(countAll.as("n")).executeTakeFirstOrThrow()).n)).toBe(report.counts.ledger_rows);
      } finally {
        await copy.close();
      }
      const again = await subsidy("db", "backup", backupFile, "--db", dbPath);
      expect(again).toMatchObject({ code: 2, json: { error: { code: "file_exists", field: "file" } } });
    } finally {
      await service.stop();
    }
  }, 120_000);
});

describeBackends("subsidy db backup on each backend", (backend) => {
  const dbPath = backend.database("backup");
  it(backend.kind === "sqlite" ? "writes a backup" : "points to pg_dump, exit 2", async () => {
    await makeToken(dbPath, "viewer", "someone");
    const out = path.join(tempDir("subsidy-backup-"), "b.db");
    const result = await subsidy("db", "backup", out, "--db", dbPath);
    if (backend.kind === "sqlite") {
      expect(result.json).toMatchObject({ counts: { tokens: 1 } });
      expect(fs.existsSync(out)).toBe(true);
    } else {
      expect(result).toMatchObject({ code: 2, json: { error: { code: "backup_unsupported", field: "db" } } });
      expect(JSON.stringify(result.json)).toContain("pg_dump");
      expect(fs.existsSync(out)).toBe(false);
    }
  }, 60_000);
});
