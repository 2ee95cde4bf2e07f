// LedgerStore.changeStamp shares its read among requests made while one is under way (on PostgreSQL, fifty
// dashboards polling would otherwise take the pool), but never hands a request a read that began before it
// arrived: a request made after a write committed sees that write's stamp.
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDb, type Db } from "../../dashboard/server/db/open.ts";
import { bumpRevision, LedgerStore } from "../../dashboard/server/ledger/store.ts";
import { catalogVersion } from "../../shared/catalog/version-node.ts";
import { defaultEngine } from "../../shared/node.ts";
import { describeBackends } from "./backends.ts";

describeBackends("the ledger's change stamp", (backend) => {
  const spec = backend.database("stamp");
  let db: Db;
  let store: LedgerStore;
  beforeAll(async () => {
    db = await openDb(spec);
    store = new LedgerStore(db, defaultEngine(), catalogVersion());
  }, 60_000);
  afterAll(() => db?.close());

  it("answers fifty requests at once with at most two reads, each the stamp as it is", async () => {
    const before = await store.changeStamp();
    let reads = 0;
    const counting = new LedgerStore({ ...db, k: db.k.withPlugin({ transformQuery: (a) => (reads++, a.node), transformResult: async (a) => a.result }) }, store.engine, store.catalogVersion);
    const answers = await Promise.all(Array.from({ length: 50 }, () => counting.changeStamp()));
    expect(new Set(answers)).toEqual(new Set([before]));
    expect(reads).toBeLessThanOrEqual(2);
  });

  it("gives a request made after a write's commit that write's stamp, even while an earlier read is under way", async () => {
    const before = await store.changeStamp();
    // The first read's answer is held until the write has committed and later requests have been made.
    let release = (): void => {};
    const gate = new Promise<void>((r) => (release = r));
    let held = false;
    const slow = new LedgerStore(
      {
        ...db,
        k: db.k.withPlugin({
          transformQuery: (a) => a.node,
          transformResult: async (a) => {
            if (!held) {
              held = true;
              await gate;
            }
            return a.result;
          },
        }),
      },
      store.engine,
      store.catalogVersion,
    );
    const early = slow.changeStamp();
    await new Promise((r) => setTimeout(r, 50));
    await db.write((trx) => bumpRevision(trx));
    const late = Array.from({ length: 10 }, () => slow.changeStamp());
    release();
    const after = String(Number(before) + 1);
    expect(await early).toBe(before);
    expect(new Set(await Promise.all(late))).toEqual(new Set([after]));
  });
});
