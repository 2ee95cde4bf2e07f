// The SQLite writer thread (dashboard/server/writer/runner.ts) on a real file: a batch's transaction runs on the
// thread's own connection while this thread's reads and requests are answered; its refusals come back as the
// in-process write gives them; a notice admitted after the thread started is known to it; a thread that dies
// mid-batch fails that batch with 503, leaves nothing of it, and the next batch runs on a new thread.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken, type TokenInfo } from "../../dashboard/server/auth/tokens.ts";
import { openDb, type Db } from "../../dashboard/server/db/open.ts";
import { ApiError } from "../../dashboard/server/errors.ts";
import { publishBatch, type PublishOptions, type WriterToken } from "../../dashboard/server/ledger/publish-batch.ts";
import { LedgerStore } from "../../dashboard/server/ledger/store.ts";
import { WriterThread } from "../../dashboard/server/writer/runner.ts";
import { catalogVersion } from "../../shared/catalog/version-node.ts";
import { LedgerRow } from "../../shared/ledger/row.ts";
import { defaultEngine } from "../../shared/node.ts";
import { call, ledgerRow, makeToken, startService, tempDir, type Service } from "./harness.ts";

const rowsOf = (prefix: string, n: number): LedgerRow[] => Array.from({ length: n }, (_, i) => LedgerRow.parse(ledgerRow(`${prefix}-${i}`, i)));
const options = (over: Partial<PublishOptions> = {}): PublishOptions => ({ key: null, expected: new Map(), onePersonOffices: [], prune: false, ...over });

/** Whether another connection holds the file's write lock (a transaction is being written), without waiting for it. */
function lockedOn(file: string): () => boolean {
  const probe = new Database(file);
  probe.pragma("busy_timeout = 0");
  return () => {
    try {
      probe.exec("BEGIN IMMEDIATE");
      probe.exec("ROLLBACK");
      return false;
    } catch (e) {
      if ((e as { code?: string }).code !== "SQLITE_BUSY") throw e;
      return true;
    }
  };
}

/** Polls until `seen` holds or `over` does; true when `seen` held first. */
async function until(seen: () => boolean, over: () => boolean): Promise<boolean> {
  while (!over()) {
    if (seen()) return true;
    await new Promise((r) => setTimeout(r, 2));
  }
  return false;
}

/** What a refused publish is answered with: its status and body, whichever thread refused it. */
async function refusal(run: Promise<unknown>): Promise<{ status: number; body: unknown }> {
  try {
    await run;
  } catch (e) {
    if (e instanceof ApiError) return { status: e.status, body: e.body() };
    throw e;
  }
  throw new Error("the publish was not refused");
}

describe("the SQLite writer thread", () => {
  const file = `${tempDir("subsidy-writer-")}/writer.db`;
  let db: Db;
  let store: LedgerStore;
  let writer: WriterThread;
  let token: WriterToken;
  let locked: () => boolean;

  beforeAll(async () => {
    db = await openDb(file);
    store = new LedgerStore(db, defaultEngine(), catalogVersion());
    writer = new WriterThread(db, file, store);
    const made = await db.write((trx) => createToken(trx, { jurisdiction: "all", roles: ["clerk", "reviewer", "payer"], name: "officer Li" }));
    token = made.info as TokenInfo & WriterToken;
    locked = lockedOn(file);
  });
  afterAll(async () => {
    await writer?.close();
    await db?.close();
  });

  it("writes a 20,000-row batch on its own connection while this thread's reader answers", async () => {
    let acknowledged = false;
    const batch = writer.publish(token, rowsOf("BIG", 20_000), options()).finally(() => (acknowledged = true));
    // Once the batch's transaction holds the file's write lock…
    expect(await until(locked, () => acknowledged)).toBe(true);
    // …it is not this thread's write connection that holds it, and this thread's reads are answered meanwhile.
    expect(db.sqlite?.inTransaction).toBe(false);
    expect(await store.count()).toBe(0);
    expect(acknowledged).toBe(false);
    const published = await batch;
    expect(published).toMatchObject({ replayed: false, inserted: 20_000, updated: 0 });
    expect(JSON.parse(published.body)).toMatchObject({ inserted: 20_000, warnings: [] });
    expect(await store.count()).toBe(20_000);
  }, 180_000);

  it("refuses a version conflict (409), another office's row (403) and a reused key (422) as the in-process write does", async () => {
    const rows = rowsOf("ERR", 2);
    await writer.publish(token, rows, options({ key: "k-1" }));
    const stale = options({ expected: new Map([["ERR-1", 5]]) });
    const conflict = await refusal(writer.publish(token, rows, stale));
    expect(conflict).toMatchObject({ status: 409, body: { error: { code: "version_conflict", field: "rows.1" } } });
    expect(conflict).toEqual(await refusal(publishBatch(store, token, rows, stale)));

    const other = (await db.write((trx) => createToken(trx, { jurisdiction: "yubei", roles: ["clerk"], name: "渝北 clerk" }))).info as WriterToken;
    const office = await refusal(writer.publish(other, rows, options()));
    expect(office).toMatchObject({ status: 403, body: { error: { field: "rows.0.jurisdiction" } } });
    expect(office).toEqual(await refusal(publishBatch(store, other, rows, options())));

    const reused = await refusal(writer.publish(token, rowsOf("ERR", 1), options({ key: "k-1" })));
    expect(reused).toMatchObject({ status: 422, body: { error: { code: "idempotency_key_reused", field: "idempotency-key" } } });
    expect(reused).toEqual(await refusal(publishBatch(store, token, rowsOf("ERR", 1), options({ key: "k-1" }))));
    // The same batch with its key is the first answer again, from either thread.
    const replayed = await writer.publish(token, rows, options({ key: "k-1" }));
    expect(replayed.replayed).toBe(true);
    expect(await publishBatch(store, token, rows, options({ key: "k-1" }))).toEqual(replayed);
  }, 120_000);

  it("evaluates under a notice the service admitted after the thread started", async () => {
    const engine = store.engine;
    const sample = engine.catalog.notices.find((n) => n.id === "jiulongpo-2026-1-sample");
    expect(sample).toBeDefined();
    const later = { ...structuredClone(sample!), id: "jiulongpo-2026-9-later" };
    expect(engine.admitNotice(later)).toEqual([]);
    const row = LedgerRow.parse(ledgerRow("LATER-1", 1, { provisionId: "jiulongpo-5", amount: 100_000_000, applicationDate: "2026-03-10", notice: later.id }));
    await writer.publish(token, [row], options());
    const stored = await db.k.selectFrom("ledger_rows").select(["ceiling_fen", "error_code"]).where("application_id", "=", "LATER-1").executeTakeFirstOrThrow();
    // The sample notice's 8% of 1亿, as the in-process engine computes it: the thread knows the notice.
    expect(stored).toEqual({ ceiling_fen: 800_000_000, error_code: null });
  }, 120_000);

  it("fails a batch whose thread dies with 503 writer_stopped, keeps none of it, and writes the next on a new thread", async () => {
    let acknowledged = false;
    const batch = writer.publish(token, rowsOf("DIES", 20_000), options()).finally(() => (acknowledged = true));
    expect(await until(locked, () => acknowledged)).toBe(true);
    await writer.terminate();
    const failed = await refusal(batch);
    expect(failed).toMatchObject({ status: 503, body: { error: { code: "writer_stopped", field: "request" } } });
    // Its transaction died with its connection: the lock is free and nothing of the batch is stored.
    expect(locked()).toBe(false);
    const dies = await db.k.selectFrom("ledger_rows").select((eb) => eb.fn.countAll<number>().as("n")).where("application_id", "like", "DIES-%").executeTakeFirstOrThrow();
    expect(Number(dies.n)).toBe(0);
    const next = await writer.publish(token, rowsOf("AFTER", 3), options());
    expect(next).toMatchObject({ replayed: false, inserted: 3 });
  }, 180_000);
});

describe("an idle SQLite writer thread", () => {
  it("is replaced by a fresh one once no batch has come for its idle time, and the next batch goes to that one", async () => {
    const file = `${tempDir("subsidy-writer-idle-")}/writer.db`;
    const db = await openDb(file);
    const store = new LedgerStore(db, defaultEngine(), catalogVersion());
    const writer = new WriterThread(db, file, store, 300);
    const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
    try {
      const token = (await db.write((trx) => createToken(trx, { jurisdiction: "all", roles: ["clerk"], name: "officer Wang" }))).info as TokenInfo & WriterToken;
      expect(writer.threadId).toBeNull();
      await writer.publish(token, rowsOf("IDLE-A", 3), options());
      const used = writer.threadId;
      expect(used).not.toBeNull();
      // A batch within the idle time keeps the thread…
      await wait(100);
      await writer.publish(token, rowsOf("IDLE-B", 3), options());
      expect(writer.threadId).toBe(used);
      // …waiting past it replaces the thread by a fresh one,
      const deadline = Date.now() + 10_000;
      while (writer.threadId === used && Date.now() < deadline) await wait(50);
      const fresh = writer.threadId;
      expect(fresh).not.toBeNull();
      expect(fresh).not.toBe(used);
      // which, having written nothing, is kept however long nothing comes, and takes the next batch.
      await wait(1_000);
      expect(writer.threadId).toBe(fresh);
      expect(await writer.publish(token, rowsOf("IDLE-C", 3), options())).toMatchObject({ replayed: false, inserted: 3 });
      expect(writer.threadId).toBe(fresh);
      expect(await store.count()).toBe(9);
    } finally {
      await writer.close();
      await db.close();
    }
  }, 120_000);
});

describe("PUT /api/ledger/rows on SQLite", () => {
  const dbPath = `${tempDir("subsidy-writer-http-")}/ledger.db`;
  let service: Service;
  let token: string;
  beforeAll(async () => {
    token = await makeToken(dbPath, "editor", "publisher");
    service = await startService({ dbPath });
  }, 120_000);
  afterAll(async () => {
    await service?.stop();
  });

  it("answers /api/health while a large batch's transaction is open, before the batch is acknowledged", async () => {
    // As many rows as fit in the 5 MB body.
    const rows = Array.from({ length: 13_000 }, (_, i) => ledgerRow(`H-${i}`, i));
    const body = JSON.stringify({ rows });
    expect(Buffer.byteLength(body)).toBeLessThan(5 * 1024 * 1024);
    const order: string[] = [];
    const locked = lockedOn(dbPath);
    const batch = call(service, "PUT", "/api/ledger/rows", { token, body, headers: { "content-type": "application/json" } }).then((r) => {
      order.push("batch");
      return r;
    });
    expect(await until(locked, () => order.includes("batch"))).toBe(true);
    const health = await call(service, "GET", "/api/health");
    order.push("health");
    expect(health.status).toBe(200);
    expect((await batch).status).toBe(200);
    expect(order).toEqual(["health", "batch"]);
  }, 180_000);
});
