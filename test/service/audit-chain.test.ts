// The audit chains and `subsidy db verify`, on both backends: a ledger written by the store (several versions, a
// batch naming a row twice, commitments, token create and revoke through the CLI) verifies; one history entry's
// data altered in the database, a middle entry deleted, the last one deleted and a token event altered are each
// reported naming the chain and the entry, with exit 1; a ledger migrated from schema 4 gets chains that verify and
// that the next write extends; bad input exits 2.
import { sql, type Kysely } from "kysely";
import { describe, expect, it } from "vitest";
import { chainHash } from "../../dashboard/server/audit/chain.ts";
import { LATEST_VERSION, MIGRATIONS } from "../../dashboard/server/db/migrations.ts";
import { openDb, type Db } from "../../dashboard/server/db/open.ts";
import { upsertCommitments } from "../../dashboard/server/ledger/commitments.ts";
import { canonicalJson, LedgerStore } from "../../dashboard/server/ledger/store.ts";
import type { VerifyReport } from "../../dashboard/server/audit/verify.ts";
import { catalogVersion } from "../../shared/catalog/version-node.ts";
import { LedgerRow } from "../../shared/ledger/row.ts";
import { defaultEngine } from "../../shared/node.ts";
import { describeBackends } from "./backends.ts";
import { ledgerRow, runSubsidy } from "./harness.ts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const actor = { tokenId: 1, name: "九龙坡区经信委 王会计" };
const row = (id: string, n: number, note = "") => LedgerRow.parse(ledgerRow(id, n, { note }));

async function withDb<T>(spec: string, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDb(spec, { migrate: false });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

async function verify(spec: string): Promise<{ code: number; report: VerifyReport }> {
  const result = await runSubsidy("db", "verify", "--db", spec);
  return { code: result.code, report: result.json as VerifyReport };
}

describeBackends("audit chains and db verify", (backend) => {
  const fresh = backend.database("audit-fresh");
  const old = backend.database("audit-old");

  it("verifies a fresh ledger with several versions, commitments and token events", async () => {
    const db = await openDb(fresh);
    try {
      const store = new LedgerStore(db, defaultEngine(), catalogVersion());
      await store.upsert([row("AU-1", 1), row("AU-2", 2), row("AU-3", 3)], actor, "b1");
      await store.upsert([row("AU-1", 1, "补充材料"), row("AU-2", 2, "复核")], actor, "b2");
      await store.upsert([row("AU-1", 1, "再次复核")], actor, "b3");
      await store.upsert([row("AU-1", 1, "第四版")], actor, "b4");
      // A batch naming a row twice stores two versions, the second linked to the first.
      await store.upsert([row("AU-3", 3, "a"), row("AU-3", 3, "b")], actor, "b5");
      const commitment = { jurisdiction: "yubei" as const, year: 2027, amount: 500_000_00, atLeast: false, source: { kind: "entered" as const, enteredBy: actor.name, enteredAt: "2026-12-01T00:00:00.000Z" }, sample: false };
      await upsertCommitments(db, [commitment], actor);
      await upsertCommitments(db, [{ ...commitment, amount: 600_000_00 }], actor);
    } finally {
      await db.close();
    }
    const created = await runSubsidy("token", "create", "--db", fresh, "--jurisdiction", "yubei", "--role", "clerk", "--name", "渝北区经信委 张三");
    expect(created.code, JSON.stringify(created.json)).toBe(0);
    expect((await runSubsidy("token", "revoke", "--db", fresh, "渝北区经信委 张三")).code).toBe(0);

    const { code, report } = await verify(fresh);
    expect(report).toEqual({ ok: true, checked: { ledgerHistory: 9, commitmentsHistory: 2, tokenEvents: 2, payments: 0, decisions: 0, noticeHistory: 0 }, breaks: [] });
    expect(code).toBe(0);

    await withDb(fresh, async (db) => {
      const au1 = await new LedgerStore(db, defaultEngine(), catalogVersion()).history("AU-1");
      expect(au1.map((v) => v.version)).toEqual([1, 2, 3, 4]);
      expect(au1[0]?.prevHash).toBe("");
      expect(au1.slice(1).map((v) => v.prevHash)).toEqual(au1.slice(0, -1).map((v) => v.hash));
      const events = await db.k.selectFrom("token_events").select(["seq", "token_id", "event", "name", "jurisdiction", "roles", "by"]).orderBy("seq").execute();
      expect(events).toEqual([
        { seq: 1, token_id: 1, event: "created", name: "渝北区经信委 张三", jurisdiction: "yubei", roles: "clerk", by: expect.stringMatching(/^cli:.+/) },
        { seq: 2, token_id: 1, event: "revoked", name: "渝北区经信委 张三", jurisdiction: "yubei", roles: "clerk", by: expect.stringMatching(/^cli:.+/) },
      ]);
    });
  }, 120_000);

  it("reports one history entry's data altered in the database, naming the row and version", async () => {
    const original = await withDb(fresh, async (db) => (await db.k.selectFrom("ledger_history").select("data").where("application_id", "=", "AU-1").where("version", "=", 2).executeTakeFirstOrThrow()).data);
    const altered = (original ?? "").replace("补充材料", "未补充");
    expect(altered).not.toBe(original);
    await withDb(fresh, (db) => db.write((trx) => sql`UPDATE ledger_history SET data = ${altered} WHERE application_id = 'AU-1' AND version = 2`.execute(trx)));

    const { code, report } = await verify(fresh);
    expect(code).toBe(1);
    expect(report.ok).toBe(false);
    expect(report.breaks).toEqual([expect.objectContaining({ table: "ledger_history", applicationId: "AU-1", version: 2, reason: "altered" })]);
    expect(report.breaks[0]?.message.zh).toMatch(/改动/);

    // Put back, the chain holds again: the break was the alteration and nothing else.
    await withDb(fresh, (db) => db.write((trx) => sql`UPDATE ledger_history SET data = ${original} WHERE application_id = 'AU-1' AND version = 2`.execute(trx)));
    expect((await verify(fresh)).code).toBe(0);
  }, 60_000);

  it("reports an entry replaced with a recomputed hash at the entry after it", async () => {
    await withDb(fresh, (db) =>
      db.write(async (trx) => {
        const v2 = await trx.selectFrom("ledger_history").selectAll().where("application_id", "=", "AU-2").where("version", "=", 1).executeTakeFirstOrThrow();
        const forged = { ...v2, data: (v2.data ?? "").replace("重庆测试制造有限公司", "重庆伪造有限公司") };
        await trx.updateTable("ledger_history").set({ data: forged.data, hash: chainHash("ledger_history", forged, forged.prev_hash) }).where("application_id", "=", "AU-2").where("version", "=", 1).execute();
      }),
    );
    const { code, report } = await verify(fresh);
    expect(code).toBe(1);
    expect(report.breaks).toEqual([expect.objectContaining({ table: "ledger_history", applicationId: "AU-2", version: 2, reason: "relinked" })]);
  }, 60_000);

  it("reports a deleted middle entry, a deleted last entry and an altered token event", async () => {
    await withDb(fresh, (db) =>
      db.write(async (trx) => {
        await trx.deleteFrom("ledger_history").where("application_id", "=", "AU-1").where("version", "=", 2).execute();
        await trx.deleteFrom("ledger_history").where("application_id", "=", "AU-3").where("version", "=", 3).execute();
        await trx.deleteFrom("commitments_history").where("jurisdiction", "=", "yubei").where("version", "=", 1).execute();
        await trx.updateTable("token_events").set({ by: "cli:someone-else" }).where("seq", "=", 1).execute();
      }),
    );
    const { code, report } = await verify(fresh);
    expect(code).toBe(1);
    expect(report.checked).toEqual({ ledgerHistory: 7, commitmentsHistory: 1, tokenEvents: 2, payments: 0, decisions: 0, noticeHistory: 0 });
    expect(report.breaks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ table: "ledger_history", applicationId: "AU-1", version: 3, reason: "missing_before", missing: { from: 2, to: 2 } }),
        // The current row is at version 3; its history now ends at 2.
        expect.objectContaining({ table: "ledger_history", applicationId: "AU-3", version: 3, reason: "head_mismatch" }),
        expect.objectContaining({ table: "commitments_history", jurisdiction: "yubei", year: 2027, version: 2, reason: "missing_before" }),
        expect.objectContaining({ table: "token_events", tokenId: 1, version: 1, reason: "altered" }),
      ]),
    );
    // AU-2's forged entry from the test before is still there.
    expect(report.breaks).toHaveLength(5);
  }, 60_000);

  it("gives a ledger migrated from schema 4 chains that verify, across pages, and that the next write extends", async () => {
    // Schema 4 as the program before migration 5 left it, with history written then: 3 rows, one of 2,101 versions
    // (its chain crosses the migration's and the verifier's pages), commitments with two versions, two tokens.
    await withDb(old, (db) =>
      db.write(async (trx) => {
        const any = trx as AnyDb;
        await any.schema.createTable("schema_migrations").addColumn("version", "integer", (c) => c.primaryKey()).addColumn("name", "text", (c) => c.notNull()).addColumn("applied_at", "text", (c) => c.notNull()).execute();
        for (const m of MIGRATIONS.filter((m) => m.version <= 4)) {
          await m.up(any, db.kind);
          await any.insertInto("schema_migrations").values({ version: m.version, name: m.name, applied_at: "2026-11-01T00:00:00.000Z" }).execute();
        }
        if (db.kind === "sqlite") await sql`PRAGMA user_version = 4`.execute(trx);
        const versions: Record<string, number> = { "OLD-A": 3, "OLD-B": 2101, "OLD-C": 2 };
        const history: Record<string, unknown>[] = [];
        for (const [id, count] of Object.entries(versions)) {
          const last = canonicalJson(row(id, 7, `v${count}`));
          await any
            .insertInto("ledger_rows")
            .values({ application_id: id, version: count, data: last, provision_id: "jiulongpo-1", jurisdiction: "jiulongpo", district: "九龙坡区", enterprise: "重庆测试制造有限公司7", status: "applied", year: 2026, updated_at: "2026-11-02T00:00:00.000Z", updated_by: actor.name })
            .execute();
          for (let v = 1; v <= count; v++) {
            history.push({ application_id: id, version: v, data: canonicalJson(row(id, 7, `v${v}`)), operation: v === 1 ? "insert" : "update", changed_at: `2026-11-02T00:00:00.${String(v % 1000).padStart(3, "0")}Z`, changed_by: actor.name, token_id: v % 2 === 0 ? 1 : null, batch_id: `old-${v}`, sample: 0 });
          }
        }
        for (let i = 0; i < history.length; i += 400) await any.insertInto("ledger_history").values(history.slice(i, i + 400)).execute();
        await any.insertInto("commitments").values({ jurisdiction: "jiulongpo", year: 2026, version: 2, data: "{\"amount\":2}", updated_at: "2026-11-03T00:00:00.000Z", updated_by: actor.name }).execute();
        for (const version of [1, 2]) {
          await any.insertInto("commitments_history").values({ jurisdiction: "jiulongpo", year: 2026, version, data: `{"amount":${version}}`, changed_at: "2026-11-03T00:00:00.000Z", changed_by: actor.name, token_id: 1 }).execute();
        }
        await any.insertInto("tokens").values({ id: 1, name: "老令牌", role: "editor", hash: "a".repeat(64), created_at: "2026-01-05T00:00:00.000Z", revoked_at: "2026-06-01T00:00:00.000Z" }).execute();
        await any.insertInto("tokens").values({ id: 2, name: "九龙坡 王会计", role: "editor", jurisdiction: "jiulongpo", roles: "clerk", hash: "b".repeat(64), created_at: "2026-03-05T00:00:00.000Z" }).execute();
      }),
    );
    expect((await verify(old)).report).toMatchObject({ error: { code: "schema_mismatch", field: "db" } });

    const migrated = await runSubsidy("db", "migrate", "--db", old);
    expect(migrated.json).toMatchObject({ from: 4, to: LATEST_VERSION });
    const { code, report } = await verify(old);
    expect(report).toEqual({ ok: true, checked: { ledgerHistory: 2106, commitmentsHistory: 2, tokenEvents: 3, payments: 0, decisions: 0, noticeHistory: 0 }, breaks: [] });
    expect(code).toBe(0);

    await withDb(old, async (db) => {
      // Every migrated entry has its hash (none left at the column's empty default), and the events are in time order.
      const empty = await db.k.selectFrom("ledger_history").select("version").where("hash", "=", "").execute();
      expect(empty).toEqual([]);
      const events = await db.k.selectFrom("token_events").select(["token_id", "event", "at"]).orderBy("seq").execute();
      expect(events).toEqual([
        { token_id: 1, event: "created", at: "2026-01-05T00:00:00.000Z" },
        { token_id: 2, event: "created", at: "2026-03-05T00:00:00.000Z" },
        { token_id: 1, event: "revoked", at: "2026-06-01T00:00:00.000Z" },
      ]);
      // The store's next version links to the migrated chain's head.
      const store = new LedgerStore(db, defaultEngine(), catalogVersion());
      await store.upsert([row("OLD-B", 7, "迁移后")], actor, "after");
      const [head, next] = (await store.historyPage("OLD-B", { limit: 2, after: 2100 })).versions;
      expect(next?.version).toBe(2102);
      expect(next?.prevHash).toBe(head?.hash);
    });
    expect((await verify(old)).report.ok).toBe(true);

    // Altered deep in the long chain, past the first pages, it is found there.
    await withDb(old, (db) => db.write((trx) => sql`UPDATE ledger_history SET changed_by = 'someone' WHERE application_id = 'OLD-B' AND version = 1500`.execute(trx)));
    const after = await verify(old);
    expect(after.code).toBe(1);
    expect(after.report.breaks).toEqual([expect.objectContaining({ applicationId: "OLD-B", version: 1500, reason: "altered" })]);
  }, 120_000);
});

describe("subsidy db verify input", () => {
  it("exits 2 with a JSON error naming --db for a database that is not there", async () => {
    const result = await runSubsidy("db", "verify", "--db", "/nonexistent/dir/none.db");
    expect(result).toMatchObject({ code: 2, json: { error: { code: "not_found", field: "db" } } });
  });
});
