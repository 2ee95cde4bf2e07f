// Schema migrations, written once for both backends with Kysely's schema builder, applied in order at open
// under the write lock (two processes starting together migrate once). schema_migrations records each version;
// on SQLite PRAGMA user_version mirrors the last one, which is how files made before schema_migrations existed
// are recognised, and what older programs check before refusing a newer schema.
// Never edit a released migration: add the next one.
import { sql, type Kysely } from "kysely";
import { fillHistoryChain, HISTORY_CHAINS } from "../audit/fill-chains.ts";
import { appendTokenEvents } from "../auth/token-events.ts";
import { migratePaidFigures } from "../ledger/payment-events.ts";
import { yearTotalsSql } from "../ledger/year-totals.ts";
import { migrateNoticeHistory } from "../notices/history.ts";
import type { DbKind, Executor } from "./open.ts";

export interface Migration {
  version: number;
  name: string;
  up: (db: Kysely<any>, kind: DbKind) => Promise<void>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** PostgreSQL sorts text by the database's locale; byte order ("C") keeps application-ID order that of SQLite. */
function byteOrder(kind: DbKind) {
  return kind === "postgres" ? sql`COLLATE "C"` : sql``;
}

/** Fen: 64-bit on both (SQLite's INTEGER is; PostgreSQL's integer is 32-bit, 21 million yuan). */
function money(kind: DbKind) {
  return kind === "postgres" ? "bigint" : "integer";
}

/** SQLite's table options (typed columns enforced; the ledger keyed by its primary key alone). */
function sqliteTable(kind: DbKind, options: "strict" | "strict, without rowid") {
  return kind === "sqlite" ? sql.raw(options) : sql``;
}

/**
 * PostgreSQL enforces the offices a second time, below the service: row-level security on the ledger's rows and
 * the commitments, FORCEd so that the tables' owner is held to it too (only a superuser or a BYPASSRLS role is
 * not). Every writer says whose rows it writes with `SET LOCAL subsidy.office` (db.write does, per transaction:
 * the token's jurisdiction on the API's writes, `all` for the service's own work); a row of another office —
 * inserted, or updated from or into it — is refused, and with no office set nothing can be written. Reads are
 * not limited here: the service scopes them (permissions.ts), and the dashboard's `all` views need every row.
 */
async function officePolicies(db: Kysely<any>, tables: readonly string[]): Promise<void> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const mayWrite = sql.raw(`current_setting('subsidy.office', true) IN ('all', jurisdiction)`);
  for (const table of tables) {
    const t = sql.table(table);
    await sql`ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY`.execute(db);
    await sql`ALTER TABLE ${t} FORCE ROW LEVEL SECURITY`.execute(db);
    await sql`CREATE POLICY office_read ON ${t} FOR SELECT USING (true)`.execute(db);
    await sql`CREATE POLICY office_insert ON ${t} FOR INSERT WITH CHECK (${mayWrite})`.execute(db);
    await sql`CREATE POLICY office_update ON ${t} FOR UPDATE USING (${mayWrite}) WITH CHECK (${mayWrite})`.execute(db);
    await sql`CREATE POLICY office_delete ON ${t} FOR DELETE USING (${mayWrite})`.execute(db);
  }
}

/** The migration that made notice_history: `db verify` checks notice chains on schemas that have it. */
export const NOTICE_HISTORY_MIGRATION = "notice history, chained";

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: "ledger, history, commitments, tokens, idempotency",
    up: async (db, kind) => {
      const strict = sqliteTable(kind, "strict");
      const withoutRowid = sqliteTable(kind, "strict, without rowid");
      await db.schema
        .createTable("meta")
        .addColumn("key", "text", (c) => c.primaryKey())
        .addColumn("value", "text", (c) => c.notNull())
        .modifyEnd(strict)
        .execute();

      await db.schema
        .createTable("tokens")
        // PostgreSQL: an identity column that still accepts explicit IDs, so `db copy` keeps them.
        .addColumn("id", "integer", (c) => (kind === "postgres" ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey()))
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("role", "text", (c) => c.notNull().check(sql`role IN ('editor', 'viewer')`))
        .addColumn("hash", "text", (c) => c.notNull().unique())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("revoked_at", "text")
        .modifyEnd(strict)
        .execute();

      // The current version of each ledger row. The filter columns are derived from data at write time.
      await db.schema
        .createTable("ledger_rows")
        .addColumn("application_id", "text", (c) => c.modifyFront(byteOrder(kind)).primaryKey())
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("data", "text", (c) => c.notNull())
        .addColumn("provision_id", "text", (c) => c.notNull())
        .addColumn("document", "text")
        .addColumn("jurisdiction", "text")
        .addColumn("district", "text", (c) => c.notNull())
        .addColumn("enterprise", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("year", "integer", (c) => c.notNull())
        .addColumn("sample", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addColumn("updated_by", "text", (c) => c.notNull())
        .modifyEnd(withoutRowid)
        .execute();
      await db.schema.createIndex("ledger_rows_provision").on("ledger_rows").column("provision_id").execute();
      await db.schema.createIndex("ledger_rows_jurisdiction_year").on("ledger_rows").columns(["jurisdiction", "year"]).execute();

      // Every version of every row, the current one included: an update never destroys a value.
      await db.schema
        .createTable("ledger_history")
        .addColumn("application_id", "text", (c) => c.modifyFront(byteOrder(kind)).notNull())
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("data", "text")
        .addColumn("operation", "text", (c) => c.notNull().check(sql`operation IN ('insert', 'update', 'delete')`))
        .addColumn("changed_at", "text", (c) => c.notNull())
        .addColumn("changed_by", "text", (c) => c.notNull())
        .addColumn("token_id", "integer")
        .addColumn("batch_id", "text", (c) => c.notNull())
        .addColumn("sample", "integer", (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint("ledger_history_pk", ["application_id", "version"])
        .modifyEnd(withoutRowid)
        .execute();

      await db.schema
        .createTable("commitments")
        .addColumn("jurisdiction", "text", (c) => c.notNull())
        .addColumn("year", "integer", (c) => c.notNull())
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("data", "text", (c) => c.notNull())
        .addColumn("sample", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addColumn("updated_by", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("commitments_pk", ["jurisdiction", "year"])
        .modifyEnd(strict)
        .execute();
      await db.schema
        .createTable("commitments_history")
        .addColumn("jurisdiction", "text", (c) => c.notNull())
        .addColumn("year", "integer", (c) => c.notNull())
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("data", "text", (c) => c.notNull())
        .addColumn("changed_at", "text", (c) => c.notNull())
        .addColumn("changed_by", "text", (c) => c.notNull())
        .addColumn("sample", "integer", (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint("commitments_history_pk", ["jurisdiction", "year", "version"])
        .modifyEnd(strict)
        .execute();

      // A replayed batch returns the first response; the key is scoped to the token that sent it.
      await db.schema
        .createTable("idempotency")
        .addColumn("token_id", "integer", (c) => c.notNull())
        .addColumn("key", "text", (c) => c.notNull())
        .addColumn("request_hash", "text", (c) => c.notNull())
        .addColumn("status", "integer", (c) => c.notNull())
        .addColumn("response", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("idempotency_pk", ["token_id", "key"])
        .modifyEnd(strict)
        .execute();
    },
  },
  {
    version: 2,
    name: "token id on commitment versions; idempotency records by age",
    up: async (db) => {
      // Every version records who wrote it by token ID as well as by name (names may repeat; IDs do not).
      await db.schema.alterTable("commitments_history").addColumn("token_id", "integer").execute();
      // Idempotency records are pruned by age; the index keeps the prune from scanning them all.
      await db.schema.createIndex("idempotency_created_at").on("idempotency").column("created_at").execute();
    },
  },
  {
    version: 3,
    name: "each row's evaluation stored beside it; cap draws; totals for summaries",
    up: async (db, kind) => {
      const fen = money(kind);
      const rows = db.schema.alterTable("ledger_rows");
      // One column per statement: SQLite's ALTER TABLE adds one at a time.
      for (const add of [
        rows.addColumn("credit_code", "text", (c) => c.notNull().defaultTo("")),
        rows.addColumn("approved_fen", fen),
        rows.addColumn("paid_fen", fen),
        rows.addColumn("ceiling_fen", fen),
        rows.addColumn("floor_fen", fen),
        rows.addColumn("bound", "text"),
        rows.addColumn("verdict", "text", (c) => c.notNull().defaultTo("unchecked")),
        rows.addColumn("counted_fen", fen, (c) => c.notNull().defaultTo(0)),
        rows.addColumn("error_code", "text"),
        rows.addColumn("violations", "text"),
        // Empty: evaluated under no catalog yet, so the first start evaluates every row (stale-pass.ts).
        rows.addColumn("evaluated_under", "text", (c) => c.notNull().defaultTo("")),
      ]) {
        await add.execute();
      }
      const creditCode = kind === "sqlite" ? sql`json_extract(data, '$.creditCode')` : sql`(data::jsonb ->> 'creditCode')`;
      await sql`UPDATE ledger_rows SET credit_code = coalesce(${creditCode}, '')`.execute(db);
      await db.schema.createIndex("ledger_rows_credit_code").on("ledger_rows").column("credit_code").execute();
      await db.schema.createIndex("ledger_rows_stale").on("ledger_rows").columns(["evaluated_under", "credit_code"]).execute();
      await db.schema.createIndex("ledger_rows_enterprise").on("ledger_rows").column("enterprise").execute();
      // How much is sample data, counted over the sample rows alone.
      await db.schema.createIndex("ledger_rows_sample").on("ledger_rows").column("sample").where("sample", "=", 1).execute();

      await db.schema
        .createTable("ledger_cap_draws")
        .addColumn("application_id", "text", (c) => c.modifyFront(byteOrder(kind)).notNull())
        .addColumn("cap_key", "text", (c) => c.notNull())
        .addColumn("credit_code", "text", (c) => c.notNull())
        .addColumn("scope", "text", (c) => c.notNull())
        .addColumn("project_id", "text")
        .addColumn("year", "integer")
        .addColumn("drawn_fen", fen, (c) => c.notNull())
        .addPrimaryKeyConstraint("ledger_cap_draws_pk", ["application_id", "cap_key"])
        .modifyEnd(sqliteTable(kind, "strict, without rowid"))
        .execute();
      await db.schema.createIndex("ledger_cap_draws_account").on("ledger_cap_draws").columns(["credit_code", "cap_key"]).execute();

      await db.schema
        .createTable("ledger_totals")
        .addColumn("jurisdiction", "text", (c) => c.notNull())
        .addColumn("document", "text", (c) => c.notNull())
        .addColumn("provision_id", "text", (c) => c.notNull())
        .addColumn("district", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("year", "integer", (c) => c.notNull())
        .addColumn("count", "integer", (c) => c.notNull())
        .addColumn("requested_fen", fen, (c) => c.notNull())
        .addColumn("uncapped", "integer", (c) => c.notNull())
        .addColumn("approved_fen", fen, (c) => c.notNull())
        .addColumn("paid_fen", fen, (c) => c.notNull())
        .addPrimaryKeyConstraint("ledger_totals_pk", ["jurisdiction", "document", "provision_id", "district", "status", "year"])
        .modifyEnd(sqliteTable(kind, "strict, without rowid"))
        .execute();
      // The totals of the rows as they stand (no outcome yet: no ceilings, no amounts); the first evaluation then
      // moves each row's part as for any write.
      await sql`INSERT INTO ledger_totals (jurisdiction, document, provision_id, district, status, year, count, requested_fen, uncapped, approved_fen, paid_fen)
        SELECT coalesce(jurisdiction, ''), coalesce(document, ''), provision_id, district, status, year, count(*), 0, count(*), 0, 0
        FROM ledger_rows GROUP BY coalesce(jurisdiction, ''), coalesce(document, ''), provision_id, district, status, year`.execute(db);
    },
  },
  {
    version: 4,
    name: "token offices and roles",
    up: async (db, kind) => {
      // Both null on the tokens that exist: those are the unscoped ones, refused for writes until re-issued —
      // guessing an office for them would hand a 九龙坡 token 渝北's rows.
      await db.schema.alterTable("tokens").addColumn("jurisdiction", "text").execute();
      await db.schema.alterTable("tokens").addColumn("roles", "text").execute();
      if (kind === "postgres") await officePolicies(db, ["ledger_rows", "commitments"]);
    },
  },
  {
    version: 5,
    name: "audit hash chains on history; token events",
    up: async (db, kind) => {
      // Empty until filled below; every entry written from now on gets its hashes in its own write (audit/chain.ts).
      for (const table of ["ledger_history", "commitments_history"]) {
        await db.schema.alterTable(table).addColumn("prev_hash", "text", (c) => c.notNull().defaultTo("")).execute();
        await db.schema.alterTable(table).addColumn("hash", "text", (c) => c.notNull().defaultTo("")).execute();
      }
      for (const chain of HISTORY_CHAINS) await fillHistoryChain(db, kind, chain);

      await db.schema
        .createTable("token_events")
        .addColumn("seq", "integer", (c) => c.primaryKey())
        .addColumn("token_id", "integer", (c) => c.notNull())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("jurisdiction", "text")
        .addColumn("roles", "text")
        .addColumn("event", "text", (c) => c.notNull().check(sql`event IN ('created', 'revoked')`))
        .addColumn("at", "text", (c) => c.notNull())
        .addColumn("by", "text", (c) => c.notNull())
        .addColumn("prev_hash", "text", (c) => c.notNull())
        .addColumn("hash", "text", (c) => c.notNull())
        .modifyEnd(sqliteTable(kind, "strict"))
        .execute();
      await db.schema.createIndex("token_events_token").on("token_events").column("token_id").execute();
      // The tokens that exist get the events their own columns record (created, and revoked when they were), at the
      // times recorded; who made them was never recorded, and the events say so instead of guessing.
      const tokens = await db.selectFrom("tokens").select(["id", "name", "jurisdiction", "roles", "created_at", "revoked_at"]).orderBy("id").execute();
      const by = "unknown (made before migration 5)";
      const events = tokens.flatMap((t: { id: number; name: string; jurisdiction: string | null; roles: string | null; created_at: string; revoked_at: string | null }) => {
        const base = { token_id: Number(t.id), name: t.name, jurisdiction: t.jurisdiction, roles: t.roles, by };
        const created = { ...base, event: "created" as const, at: t.created_at };
        return t.revoked_at === null ? [created] : [created, { ...base, event: "revoked" as const, at: t.revoked_at }];
      });
      events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.token_id - b.token_id));
      await appendTokenEvents(db as Executor, events);
    },
  },
  {
    version: 6,
    name: "payments as events",
    up: async (db, kind) => {
      const fen = money(kind);
      // Append-only: one row per instalment, chained per ledger row (audit/chain.ts); the row's paid is their sum.
      await db.schema
        .createTable("ledger_payments")
        .addColumn("application_id", "text", (c) => c.modifyFront(byteOrder(kind)).notNull())
        .addColumn("seq", "integer", (c) => c.notNull())
        .addColumn("jurisdiction", "text")
        .addColumn("amount_fen", fen, (c) => c.notNull().check(sql`amount_fen > 0`))
        // A date, or explicitly none: a payment migrated from a row without a paidDate is marked, not dated.
        .addColumn("paid_on", "text")
        .addColumn("date_recorded", "integer", (c) => c.notNull().check(sql`date_recorded IN (0, 1)`))
        .addColumn("voucher", "text")
        .addColumn("origin", "text", (c) => c.notNull().check(sql`origin IN ('api', 'receipts', 'migrated', 'ledger')`))
        .addColumn("row_version", "integer", (c) => c.notNull())
        .addColumn("token_id", "integer")
        .addColumn("token_name", "text", (c) => c.notNull())
        .addColumn("recorded_at", "text", (c) => c.notNull())
        .addColumn("prev_hash", "text", (c) => c.notNull())
        .addColumn("hash", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("ledger_payments_pk", ["application_id", "seq"])
        .addCheckConstraint("ledger_payments_dated", sql`(date_recorded = 1) = (paid_on IS NOT NULL)`)
        .modifyEnd(sqliteTable(kind, "strict, without rowid"))
        .execute();
      // One voucher pays a row once: the same voucher twice on a row is a receipt entered twice.
      await db.schema.createIndex("ledger_payments_voucher").on("ledger_payments").columns(["application_id", "voucher"]).unique().execute();
      await db.schema.createIndex("ledger_payments_paid_on").on("ledger_payments").column("paid_on").execute();
      await migratePaidFigures(db, kind);
      if (kind === "postgres") await officePolicies(db, ["ledger_payments"]);
    },
  },
  {
    version: 7,
    name: "what rows count against caps in the totals",
    up: async (db, kind) => {
      await db.schema.alterTable("ledger_totals").addColumn("counted_fen", money(kind), (c) => c.notNull().defaultTo(0)).execute();
      // The totals are a GROUP BY over the stored outcomes (totals.ts): rebuilt from them, counted amounts included.
      await sql`DELETE FROM ledger_totals`.execute(db);
      await sql`INSERT INTO ledger_totals (jurisdiction, document, provision_id, district, status, year, count, requested_fen, uncapped, approved_fen, paid_fen, counted_fen)
        SELECT coalesce(jurisdiction, ''), coalesce(document, ''), provision_id, district, status, year, count(*), coalesce(sum(ceiling_fen), 0),
          sum(CASE WHEN ceiling_fen IS NULL THEN 1 ELSE 0 END),
          coalesce(sum(CASE WHEN status IN ('approved', 'paid') THEN approved_fen END), 0),
          coalesce(sum(CASE WHEN status IN ('approved', 'paid') THEN paid_fen END), 0),
          coalesce(sum(counted_fen), 0)
        FROM ledger_rows GROUP BY coalesce(jurisdiction, ''), coalesce(document, ''), provision_id, district, status, year`.execute(db);
    },
  },
  {
    version: 8,
    name: "decisions as events",
    up: async (db, kind) => {
      // Append-only: submitted, approved, rejected, withdrawn, chained per ledger row (audit/chain.ts). Nothing is
      // made for the rows that exist: their status stays as their data says, and no decision nobody recorded is
      // invented for them (who approved them, and when, was never stored).
      await db.schema
        .createTable("ledger_decisions")
        .addColumn("application_id", "text", (c) => c.modifyFront(byteOrder(kind)).notNull())
        .addColumn("seq", "integer", (c) => c.notNull())
        .addColumn("jurisdiction", "text")
        .addColumn("event", "text", (c) => c.notNull().check(sql`event IN ('submitted', 'approved', 'rejected', 'withdrawn')`))
        .addColumn("amount_fen", money(kind))
        .addColumn("decided_on", "text", (c) => c.notNull())
        .addColumn("opinion", "text")
        .addColumn("decided_alone", "integer", (c) => c.notNull().check(sql`decided_alone IN (0, 1)`))
        .addColumn("row_version", "integer", (c) => c.notNull())
        .addColumn("token_id", "integer")
        .addColumn("token_name", "text", (c) => c.notNull())
        .addColumn("recorded_at", "text", (c) => c.notNull())
        .addColumn("catalog_version", "text", (c) => c.notNull())
        // For an approval: the ceiling and the trace it was decided on (JSON), so it survives later rule changes.
        .addColumn("record", "text")
        .addColumn("prev_hash", "text", (c) => c.notNull())
        .addColumn("hash", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("ledger_decisions_pk", ["application_id", "seq"])
        .addCheckConstraint("ledger_decisions_amount", sql`(event = 'approved') = (amount_fen IS NOT NULL) AND (amount_fen IS NULL OR amount_fen > 0)`)
        .addCheckConstraint("ledger_decisions_record", sql`(event = 'approved') = (record IS NOT NULL)`)
        .modifyEnd(sqliteTable(kind, "strict, without rowid"))
        .execute();
      if (kind === "postgres") await officePolicies(db, ["ledger_decisions"]);
    },
  },
  {
    version: 9,
    name: "ledger rows by enterprise and provision; export pages by district or office and year",
    up: async (db) => {
      // A write re-reads its enterprises' rows of the coupled provisions only (stored-evaluation.ts): both columns in
      // one index. It serves the enterprise alone too (its prefix), so that index goes.
      await db.schema.createIndex("ledger_rows_credit_code_provision").on("ledger_rows").columns(["credit_code", "provision_id"]).execute();
      await db.schema.dropIndex("ledger_rows_credit_code").execute();
      // An export's pages (stored-rows.ts: WHERE district|jurisdiction = ? AND year = ? AND application_id > ? ORDER
      // BY application_id LIMIT n) as one range of an index each, in key order. Without, PostgreSQL could only walk
      // the primary key (886k rows for the first page of 渝北区 2026 in a 1M-row ledger, 0.7 s) or, estimating few
      // rows, read every 2026 row and sort them for each page (1.1 s a page); now 0.3–1.4 ms a page, either way.
      // The office one replaces (jurisdiction, year), its prefix.
      await db.schema.createIndex("ledger_rows_district_year_id").on("ledger_rows").columns(["district", "year", "application_id"]).execute();
      await db.schema.createIndex("ledger_rows_jurisdiction_year_id").on("ledger_rows").columns(["jurisdiction", "year", "application_id"]).execute();
      await db.schema.dropIndex("ledger_rows_jurisdiction_year").execute();
    },
  },
  {
    version: 10,
    name: "approved by approval year, paid by payment year",
    up: async (db, kind) => {
      // Derived from the rows and their events, as ledger_totals is, and like it without row-level security: the
      // service moves only the parts of rows it may write, and a group of rows of unknown provisions has no office.
      await db.schema
        .createTable("ledger_year_totals")
        .addColumn("jurisdiction", "text", (c) => c.notNull())
        .addColumn("document", "text", (c) => c.notNull())
        .addColumn("provision_id", "text", (c) => c.notNull())
        .addColumn("district", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("basis", "text", (c) => c.notNull().check(sql`basis IN ('approved', 'paid')`))
        // 0: the date was never recorded (explicitly, never a guessed year).
        .addColumn("in_year", "integer", (c) => c.notNull())
        .addColumn("amount_fen", money(kind), (c) => c.notNull())
        .addPrimaryKeyConstraint("ledger_year_totals_pk", ["jurisdiction", "document", "provision_id", "district", "status", "basis", "in_year"])
        .modifyEnd(sqliteTable(kind, "strict, without rowid"))
        .execute();
      await sql`INSERT INTO ledger_year_totals (jurisdiction, document, provision_id, district, status, basis, in_year, amount_fen) ${yearTotalsSql(kind)}`.execute(db);
    },
  },
  {
    version: 11,
    name: "application notices entered through the service",
    up: async (db, kind) => {
      // A notice (申报通知) drafted and published through the API: its body is the notice as a rules/notices/ file
      // holds it (shared/catalog/notice.ts, JSON), checked against its document on every write. `version` is what
      // If-Match names; a published notice is no longer changed, so that rows evaluated under it stay right.
      await db.schema
        .createTable("notices")
        .addColumn("id", "text", (c) => c.modifyFront(byteOrder(kind)).primaryKey())
        .addColumn("document", "text", (c) => c.notNull())
        .addColumn("jurisdiction", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull().check(sql`status IN ('draft', 'published')`))
        .addColumn("body", "text", (c) => c.notNull())
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("created_by_token_id", "integer")
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addColumn("updated_by_token_id", "integer")
        .addColumn("updated_by", "text", (c) => c.notNull())
        .addColumn("published_at", "text")
        .addColumn("published_by_token_id", "integer")
        .addColumn("published_by", "text")
        .addCheckConstraint("notices_published", sql`(status = 'published') = (published_at IS NOT NULL)`)
        .modifyEnd(sqliteTable(kind, "strict"))
        .execute();
      await db.schema.createIndex("notices_status").on("notices").columns(["status", "jurisdiction"]).execute();
      if (kind === "postgres") await officePolicies(db, ["notices"]);
    },
  },
  {
    version: 12,
    name: NOTICE_HISTORY_MIGRATION,
    up: async (db, kind) => {
      // Append-only: each notice's versions, chained per notice (audit/chain.ts, notices/history.ts). The notices
      // that exist get one entry each, marked `migrated`: their earlier versions were overwritten and are not invented.
      await db.schema
        .createTable("notice_history")
        .addColumn("notice_id", "text", (c) => c.modifyFront(byteOrder(kind)).notNull())
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("jurisdiction", "text", (c) => c.notNull())
        .addColumn("operation", "text", (c) => c.notNull().check(sql`operation IN ('created', 'edited', 'published', 'migrated')`))
        .addColumn("status", "text", (c) => c.notNull().check(sql`status IN ('draft', 'published')`))
        .addColumn("body", "text", (c) => c.notNull())
        .addColumn("token_id", "integer")
        .addColumn("token_name", "text", (c) => c.notNull())
        .addColumn("changed_at", "text", (c) => c.notNull())
        .addColumn("prev_hash", "text", (c) => c.notNull())
        .addColumn("hash", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("notice_history_pk", ["notice_id", "version"])
        .modifyEnd(sqliteTable(kind, "strict, without rowid"))
        .execute();
      await migrateNoticeHistory(db as Executor);
      if (kind === "postgres") await officePolicies(db, ["notice_history"]);
    },
  },
  {
    version: 13,
    name: "approved-but-unpaid ageing over indexes",
    up: async (db) => {
      // GET /api/summary/ageing (ledger/ageing.ts) reads each part off an index in application-ID order, never the
      // rows' JSON: the decided rows (partial: only they are aged), each row's approvals with their day (partial:
      // the last is the one with none after it), each row's payments with their day and amount. Before, PostgreSQL
      // read every row, hashed every decision and payment, and ran a subquery per row. At 100k rows, vacuumed
      // (bench/service/ageing.ts; old and new query alternated on one database): PostgreSQL 0.38 s → 0.09 s (the
      // new query without these indexes 0.21 s); SQLite 0.13 s → 0.12 s, by one office 0.06 s → 0.05 s.
      await sql`CREATE INDEX ledger_rows_decided ON ledger_rows (jurisdiction, application_id, approved_fen, paid_fen) WHERE status IN ('approved', 'paid') AND approved_fen > 0`.execute(db);
      await sql`CREATE INDEX ledger_decisions_approved ON ledger_decisions (application_id, seq, decided_on) WHERE event = 'approved'`.execute(db);
      await db.schema.createIndex("ledger_payments_row_day").on("ledger_payments").columns(["application_id", "paid_on", "amount_fen"]).execute();
    },
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

/** The schema version the database records (0 for an empty database). */
export async function schemaVersion(db: Kysely<any>, kind: DbKind): Promise<number> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const exists = await tableExists(db, kind, "schema_migrations");
  if (!exists) return kind === "sqlite" ? sqliteUserVersion(db) : 0;
  const row = await db.selectFrom("schema_migrations").select(sql<number>`max(version)`.as("v")).executeTakeFirst();
  return Number(row?.v ?? 0);
}

async function tableExists(db: Kysely<any>, kind: DbKind, name: string): Promise<boolean> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const query =
    kind === "sqlite"
      ? sql<{ n: number }>`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ${name}`
      : sql<{ n: number }>`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ${name}`;
  const { rows } = await query.execute(db);
  return Number(rows[0]?.n ?? 0) > 0;
}

async function sqliteUserVersion(db: Kysely<any>): Promise<number> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const { rows } = await sql<{ user_version: number }>`PRAGMA user_version`.execute(db);
  return Number(rows[0]?.user_version ?? 0);
}

/** Applies the missing migrations in the caller's write transaction; returns the versions before and after. */
export async function migrateIn(trx: Kysely<any>, kind: DbKind): Promise<{ from: number; to: number }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  if (!(await tableExists(trx, kind, "schema_migrations"))) {
    await trx.schema
      .createTable("schema_migrations")
      .addColumn("version", "integer", (c) => c.primaryKey())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("applied_at", "text", (c) => c.notNull())
      .execute();
    // A SQLite file from before schema_migrations: its user_version says which migrations it already has.
    const adopted = kind === "sqlite" ? await sqliteUserVersion(trx) : 0;
    const now = new Date().toISOString();
    for (const m of MIGRATIONS) {
      if (m.version <= adopted) await trx.insertInto("schema_migrations").values({ version: m.version, name: m.name, applied_at: now }).execute();
    }
  }
  const from = await schemaVersion(trx, kind);
  if (from > LATEST_VERSION) {
    throw new Error(`database schema version ${from} is newer than this program knows (${LATEST_VERSION}); upgrade the program`);
  }
  for (const m of MIGRATIONS) {
    if (m.version <= from) continue;
    await m.up(trx, kind);
    await trx.insertInto("schema_migrations").values({ version: m.version, name: m.name, applied_at: new Date().toISOString() }).execute();
  }
  if (kind === "sqlite") await sql.raw(`PRAGMA user_version = ${LATEST_VERSION}`).execute(trx);
  return { from, to: LATEST_VERSION };
}
