// kill -9 in the middle of a large publish: after a restart every acknowledged batch is wholly present, no
// batch is partly present, and SQLite's integrity check passes. On PostgreSQL the server outlives the killed
// service, which must still leave no batch in part (its open transaction dies with its connections).
import { countAll, openDb } from "../../dashboard/server/db/open.ts";
import { afterAll, expect, it } from "vitest";
import { call, ledgerRow, makeToken, startService, type Service } from "./harness.ts";
import { describeBackends } from "./backends.ts";

const BATCH_ROWS = 3_000;
const PUBLISHERS = 3;

describeBackends("kill -9 during a large publish", (backend) => {
  const dbPath = backend.database("crash");
  let service: Service | undefined;
  afterAll(async () => {
    await service?.stop();
  });

  it("keeps every acknowledged batch whole and no batch in part", async () => {
    const token = await makeToken(dbPath, "editor", "publisher");
    service = await startService({ dbPath });
    const first = service;
    const acknowledged = new Set<number>();
    const sent = new Set<number>();
    let next = 0;
    let killed = false;

    const batch = (b: number) => ({ rows: Array.from({ length: BATCH_ROWS }, (_, i) => ledgerRow(`B${b}-${i}`, i, { note: `batch ${b}` })) });
    const publisher = async (): Promise<void> => {
      while (!killed) {
        const b = next++;
        sent.add(b);
        try {
          const reply = await call(first, "PUT", "/api/ledger/rows", { token, json: batch(b), headers: { "idempotency-key": `batch-${b}` } });
          if (reply.status === 200) acknowledged.add(b);
          else if (!killed) throw new Error(`batch ${b}: ${reply.status} ${reply.text}`);
        } catch (e) {
          if (!killed) throw e;
        }
      }
    };
    const publishing = Promise.all(Array.from({ length: PUBLISHERS }, publisher));
    // Kill once several batches are in and others are on the wire.
    while (acknowledged.size < 4) await new Promise((r) => setTimeout(r, 20));
    killed = true;
    await first.kill9();
    await publishing;
    expect(sent.size).toBeGreaterThan(acknowledged.size);

    service = await startService({ dbPath });
    const db = await openDb(dbPath, { migrate: false });
    try {
      if (db.sqlite) expect(db.sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
      const counts = new Map<number, number>();
      for (const r of await db.k.selectFrom("ledger_rows").select("application_id").execute()) {
        const b = Number(/^B(\d+)-/.exec(r.application_id)?.[1]);
        counts.set(b, (counts.get(b) ?? 0) + 1);
      }
      for (const b of acknowledged) expect(counts.get(b), `acknowledged batch ${b}`).toBe(BATCH_ROWS);
      for (const [b, n] of counts) expect(n, `batch ${b} partly present`).toBe(BATCH_ROWS);
      const history = await db.k.selectFrom("ledger_history").select(countAll.as("n")).executeTakeFirstOrThrow();
      expect(Number(history.n)).toBe([...counts.values()].reduce((a, n) => a + n, 0));
    } finally {
      await db.close();
    }

    // Re-sending an acknowledged batch with its key changes nothing; the service answers as the first time.
    const b = [...acknowledged][0] ?? 0;
    const replay = await call(service, "PUT", "/api/ledger/rows", { token, json: batch(b), headers: { "idempotency-key": `batch-${b}` } });
    expect(replay.status).toBe(200);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect((replay.body as { inserted: number }).inserted).toBe(BATCH_ROWS);
  }, 120_000);
});
