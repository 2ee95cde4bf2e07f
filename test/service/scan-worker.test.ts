// The scan worker runs whole-ledger reads on its own read-only SQLite connection, off the event loop: while a long
// read runs, the loop goes on answering (a timer set after it fires before it ends); a full queue is refused with
// ScansBusy (503); a failing statement is that scan's error; the connection cannot write.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type Db } from "../../dashboard/server/db/open.ts";
import { ScansBusy, ScanWorker } from "../../dashboard/server/db/scan-worker.ts";

/** About a second of SQLite work on one connection (a recursive count), whatever the machine. */
const LONG = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ?) SELECT count(*) AS n FROM c";

describe("scan worker", () => {
  let dir: string;
  let db: Db;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "scan-worker-"));
    db = await openDb(path.join(dir, "ledger.db"));
  });
  afterAll(async () => {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("answers a long read while the event loop keeps running", async () => {
    const order: string[] = [];
    const long = sql<{ n: number }>`WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ${3_000_000}) SELECT count(*) AS n FROM c`;
    const read = db.scan(long.compile(db.k)).then((rows) => {
      order.push("scan");
      return rows;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    order.push("timer");
    expect((await read)[0]?.n).toBe(3_000_000);
    expect(order).toEqual(["timer", "scan"]);
  });

  it("reads what the service's connection committed, through Kysely's compiled queries", async () => {
    await db.write((trx) => trx.insertInto("meta").values({ key: "scan-test", value: "seen" }).execute());
    const rows = await db.scan(db.k.selectFrom("meta").select("value").where("key", "=", "scan-test").compile());
    expect(rows).toEqual([{ value: "seen" }]);
  });

  it("gives a failing statement's error to its caller, and cannot write", async () => {
    const worker = new ScanWorker(path.join(dir, "ledger.db"));
    try {
      await expect(worker.run("SELECT * FROM no_such_table", [])).rejects.toThrow(/no_such_table/);
      await expect(worker.run("INSERT INTO meta (key, value) VALUES ('x', 'y') RETURNING key", [])).rejects.toThrow(/readonly/i);
      expect(await worker.run("SELECT 1 AS one", [])).toEqual([{ one: 1 }]);
    } finally {
      await worker.close();
    }
  });

  it("refuses scans beyond its queue instead of holding them without end", async () => {
    const worker = new ScanWorker(path.join(dir, "ledger.db"));
    try {
      const held = Array.from({ length: 32 }, () => worker.run(LONG, [200_000]));
      await expect(worker.run("SELECT 1", [])).rejects.toBeInstanceOf(ScansBusy);
      expect((await Promise.all(held)).length).toBe(32);
      expect(await worker.run("SELECT 1 AS one", [])).toEqual([{ one: 1 }]);
    } finally {
      await worker.close();
    }
  });
});
