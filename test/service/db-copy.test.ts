// `subsidy db copy` SQLite → PostgreSQL → SQLite: every table comes back identical, row for row and column for
// column (every version, tokens, commitments and their history, the meta flags); tokens keep working on the copy
// and new ones get fresh IDs; a non-empty target is refused with exit 2. `subsidy db info` and `db migrate`,
// including a SQLite file from before schema_migrations, which is adopted at its user_version.
import path from "node:path";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { LATEST_VERSION, MIGRATIONS } from "../../dashboard/server/db/migrations.ts";
import { createToken, tokenVerifier } from "../../dashboard/server/auth/tokens.ts";
import { COPIED_TABLES, type CopiedTable } from "../../dashboard/server/db/copy.ts";
import { openDb } from "../../dashboard/server/db/open.ts";
import { upsertCommitments } from "../../dashboard/server/ledger/commitments.ts";
import { recordDecisionIn } from "../../dashboard/server/ledger/decisions.ts";
import { seedIfEmpty } from "../../dashboard/server/ledger/sample-data.ts";
import { insertDraft, type NoticeBody } from "../../dashboard/server/notices/store.ts";
import { LedgerStore } from "../../dashboard/server/ledger/store.ts";
import { catalogVersion } from "../../shared/catalog/version-node.ts";
import { LedgerRow } from "../../shared/ledger/row.ts";
import { defaultEngine } from "../../shared/node.ts";
import { backends } from "./backends.ts";
import { ledgerRow, runSubsidy, tempDir } from "./harness.ts";


const subsidy = runSubsidy;

/** Every copied table in key order, every column, as plain JSON. */
async function dump(spec: string): Promise<Record<string, unknown[]>> {
  const db = await openDb(spec, { migrate: false });
  try {
    const out: Record<string, unknown[]> = {};
    for (const table of Object.keys(COPIED_TABLES) as CopiedTable[]) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      let query = (db.k as any).selectFrom(table).selectAll();
      for (const k of COPIED_TABLES[table]) query = query.orderBy(k);
      out[table] = await query.execute();
    }
    return out;
  } finally {
    await db.close();
  }
}

const postgres = backends().find((b) => b.kind === "postgres");

describe.skipIf(!postgres)("subsidy db copy, info and migrate", () => {
  const dir = tempDir("subsidy-copy-");
  const source = path.join(dir, "source.db");
  const back = path.join(dir, "back.db");
  const pgUrl = postgres?.database("copy") ?? "";
  let token = "";
  // The sample's decisions (each approved sample row is submitted, then approved) and this test's two.
  let decisions = 0;

  it("copies a whole ledger SQLite → PostgreSQL → SQLite and gets every table back identical", async () => {
    const engine = defaultEngine();
    const db = await openDb(source);
    try {
      const store = new LedgerStore(db, engine, catalogVersion());
      await seedIfEmpty(db, store, engine.catalog);
      const wang = await createToken(db.k, { jurisdiction: "jiulongpo", roles: ["clerk", "reviewer"], name: "officer Wang" });
      token = wang.token;
      const zhao = await createToken(db.k, { jurisdiction: "all", roles: ["clerk", "reviewer"], name: "leader Zhao" });
      const actor = { tokenId: 1, name: "officer Wang" };
      // Second and third versions of some rows, so history holds more than the current rows.
      const rows = [1, 2, 3].map((n) => LedgerRow.parse(ledgerRow(`COPY-${n}`, n)));
      await store.upsert(rows, actor, "batch-1");
      await store.upsert(rows.map((r) => ({ ...r, note: "复核" })), actor, "batch-2");
      await store.upsert([{ ...rows[0], note: "再次复核" } as LedgerRow], actor, "batch-3");
      // Decisions (migration 8) travel too: Wang submits COPY-2, Zhao approves it (its record with its trace).
      await db.write((trx) => recordDecisionIn(trx, store, wang.info, "COPY-2", { event: "submitted", date: "2026-03-03" }, []));
      await db.write((trx) => recordDecisionIn(trx, store, zhao.info, "COPY-2", { event: "approved", amount: 1_000, date: "2026-03-04", opinion: "同意" }, []));
      // A notice entered through the service (migration 11) travels too.
      const notice: NoticeBody = { document: "jiulongpo", title: { zh: "测试申报通知", en: "test notice" }, number: null, issued: "2026-03-01", window: { start: "2026-03-01", end: "2026-04-30" }, budget: 1_000_000_00, overrides: { "jiulongpo-5.rate": "8%" }, conditions: {}, sample: false };
      await db.write((trx) => insertDraft(trx, notice, "jiulongpo", actor));
      decisions = (await db.k.selectFrom("ledger_decisions").select(db.k.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n;
      await upsertCommitments(db, [{ jurisdiction: "yubei", year: 2027, amount: 123_456_78, atLeast: false, source: { kind: "entered", enteredBy: "officer Wang", enteredAt: "2026-12-01T00:00:00.000Z" }, sample: false }], actor);
    } finally {
      await db.close();
    }

    const there = await subsidy("db", "copy", "--from", source, "--to", pgUrl);
    expect(there.code, JSON.stringify(there.json)).toBe(0);
    const report = there.json as { verified: boolean; counts: Record<CopiedTable, number> };
    expect(report.verified).toBe(true);
    expect(report.counts.ledger_history).toBeGreaterThan(report.counts.ledger_rows);
    expect(report.counts.tokens).toBe(2);
    expect(report.counts.commitments_history).toBeGreaterThan(0);
    expect(Number(decisions)).toBeGreaterThan(2);
    expect(report.counts.ledger_decisions).toBe(Number(decisions));
    expect(report.counts.notices).toBe(1);

    const returned = await subsidy("db", "copy", "--from", pgUrl, "--to", back);
    expect(returned.code, JSON.stringify(returned.json)).toBe(0);
    expect((returned.json as { counts: unknown }).counts).toEqual(report.counts);

    const original = await dump(source);
    expect(await dump(pgUrl)).toEqual(original);
    expect(await dump(back)).toEqual(original);
    expect(original.ledger_rows?.length).toBe(report.counts.ledger_rows);
    // The audit chains travel with their hashes: each copy verifies as its source, over the same entries.
    expect(report.counts.token_events).toBe(2);
    const verified = await subsidy("db", "verify", "--db", source);
    expect(verified).toMatchObject({ code: 0, json: { ok: true, checked: { ledgerHistory: report.counts.ledger_history, commitmentsHistory: report.counts.commitments_history, tokenEvents: 2, decisions: report.counts.ledger_decisions } } });
    for (const copy of [pgUrl, back]) expect(await subsidy("db", "verify", "--db", copy)).toEqual(verified);
  }, 120_000);

  it("keeps tokens working on the copy and gives new tokens fresh IDs", async () => {
    const db = await openDb(pgUrl);
    try {
      expect((await tokenVerifier(db)(token))?.name).toBe("officer Wang");
      expect((await createToken(db.k, { jurisdiction: "yubei", roles: ["viewer"], name: "new on PostgreSQL" })).info.id).toBe(3);
    } finally {
      await db.close();
    }
  });

  it("refuses a target that holds data, with exit 2 naming --to, and leaves it as it was", async () => {
    const before = await dump(back);
    const again = await subsidy("db", "copy", "--from", pgUrl, "--to", back);
    expect(again.code).toBe(2);
    expect(again.json).toMatchObject({ error: { code: "target_not_empty", field: "to" } });
    expect(await dump(back)).toEqual(before);
  }, 60_000);

  it("reports backend, schema version and counts; migrates a file from before schema_migrations", async () => {
    const info = await subsidy("db", "info", "--db", pgUrl);
    expect(info.json).toMatchObject({ backend: "postgres", schemaVersion: LATEST_VERSION, latestSchemaVersion: LATEST_VERSION, counts: { tokens: 3 } });
    expect(JSON.stringify(info.json)).not.toMatch(/password/);

    // A file as the service wrote it before schema_migrations existed: migration 1's tables, PRAGMA user_version = 1.
    const old = path.join(dir, "old.db");
    const db = await openDb(old, { migrate: false });
    await db.write(async (trx) => {
      await MIGRATIONS[0]?.up(trx, "sqlite");
      await sql`PRAGMA user_version = 1`.execute(trx);
      // A token as programs before offices made it: a role, no jurisdiction.
      await trx.insertInto("tokens").values({ name: "九龙坡区财政局 老令牌", role: "editor", hash: "0".repeat(64), created_at: "2026-01-05T00:00:00.000Z" }).execute();
    });
    await db.close();
    expect((await subsidy("db", "info", "--db", old)).json).toMatchObject({ backend: "sqlite", schemaVersion: 1 });
    expect((await subsidy("db", "migrate", "--db", old)).json).toMatchObject({ backend: "sqlite", from: 1, to: LATEST_VERSION });
    const migrated = await openDb(old, { migrate: false });
    try {
      expect(await migrated.k.selectFrom("schema_migrations").select("version").orderBy("version").execute()).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
      expect(migrated.sqlite?.pragma("user_version", { simple: true })).toBe(LATEST_VERSION);
      // Migration 4 leaves the old token unscoped (no office guessed for it); `token list` says so.
      expect(await migrated.k.selectFrom("tokens").select(["jurisdiction", "roles"]).execute()).toEqual([{ jurisdiction: null, roles: null }]);
      expect(await migrated.k.selectFrom("commitments_history").select("token_id").execute()).toEqual([]);
      // Migration 5 records the old token's creation as its columns say, without guessing who made it.
      expect(await migrated.k.selectFrom("token_events").select(["token_id", "event", "at", "by"]).execute()).toEqual([
        { token_id: 1, event: "created", at: "2026-01-05T00:00:00.000Z", by: "unknown (made before migration 5)" },
      ]);
    } finally {
      await migrated.close();
    }
    const missing = await subsidy("db", "info", "--db", path.join(dir, "nothing-here.db"));
    expect(missing).toMatchObject({ code: 2, json: { error: { code: "not_found", field: "db" } } });
  }, 60_000);
});
