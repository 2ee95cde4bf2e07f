// Opens the service's database, SQLite or PostgreSQL, behind one Kysely interface, and migrates it to the latest
// schema. Every write goes through `write`, one transaction that serializes against every other writer:
//  - SQLite: WAL so readers never wait for a publishing writer, FULL sync so an acknowledged batch survives a crash
//    of the process or the machine, BEGIN IMMEDIATE so a writer takes the lock before it reads what it will change;
//  - PostgreSQL: a transaction-scoped advisory lock on the ledger, so two offices publishing the same rows at once
//    never compute the same next version (row locks could not cover rows that do not exist yet).
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect, sql } from "kysely";
import pg from "pg";
import { migrateIn } from "./migrations.ts";
import type { Schema } from "./schema.ts";
import { describeTarget, parseTarget, type DbTarget } from "./target.ts";

export type DbKind = DbTarget["kind"];
/** A connection or transaction queries run on. */
export type Executor = Kysely<Schema>;

/** Advisory lock key (two int4) every PostgreSQL writer takes: "subsidy ledger". */
const PG_WRITE_LOCK = [0x5b5d, 1] as const;

export interface Db {
  readonly kind: DbKind;
  readonly target: DbTarget;
  /** The target as it may be printed (no password). */
  readonly label: string;
  /** For reads; writes use `write`. */
  readonly k: Executor;
  /** The SQLite handle (backups, file checks); null on PostgreSQL. */
  readonly sqlite: Database.Database | null;
  /** Runs `fn` in one write transaction, serialized against every other writer of this database. */
  write<T>(fn: (trx: Executor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

function openSqlite(target: Extract<DbTarget, { kind: "sqlite" }>): Db {
  if (target.file !== ":memory:") fs.mkdirSync(path.dirname(target.file), { recursive: true });
  const handle = new Database(target.file);
  handle.pragma("journal_mode = WAL");
  handle.pragma("synchronous = FULL");
  handle.pragma("foreign_keys = ON");
  // The CLI (token create, remove-sample) may write while the service runs; wait for it rather than fail.
  handle.pragma("busy_timeout = 5000");
  const k = new Kysely<Schema>({ dialect: new SqliteDialect({ database: handle }) });
  return {
    kind: "sqlite",
    target,
    label: target.file,
    k,
    sqlite: handle,
    // Kysely's SQLite driver has one connection behind a mutex: holding it keeps this process's other queries
    // out of the transaction; BEGIN IMMEDIATE keeps other processes' writers out.
    write: (fn) =>
      k.connection().execute(async (conn) => {
        await sql`BEGIN IMMEDIATE`.execute(conn);
        try {
          const result = await fn(conn);
          await sql`COMMIT`.execute(conn);
          return result;
        } catch (e) {
          if (handle.inTransaction) await sql`ROLLBACK`.execute(conn);
          throw e;
        }
      }),
    close: () => k.destroy(),
  };
}

function openPostgres(target: Extract<DbTarget, { kind: "postgres" }>): Db {
  const pool = new pg.Pool({ connectionString: target.url, max: 10, connectionTimeoutMillis: 10_000, application_name: "subsidy" });
  // An idle connection the server drops (restart, failover) must not crash the process; the next query reconnects.
  pool.on("error", () => {});
  const k = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: "postgres",
    target,
    label: describeTarget(target),
    k,
    sqlite: null,
    write: (fn) =>
      k.transaction().execute(async (trx) => {
        await sql`SELECT pg_advisory_xact_lock(${PG_WRITE_LOCK[0]}::int4, ${PG_WRITE_LOCK[1]}::int4)`.execute(trx);
        return fn(trx);
      }),
    close: () => k.destroy(),
  };
}

/** Opens the database a file path or postgres:// URL names, creating and migrating it as needed. */
export async function openDb(spec: string, options: { migrate?: boolean } = {}): Promise<Db> {
  const target = parseTarget(spec);
  const db = target.kind === "sqlite" ? openSqlite(target) : openPostgres(target);
  if (options.migrate === false) return db;
  try {
    await db.write((trx) => migrateIn(trx, db.kind));
  } catch (e) {
    await db.close();
    throw e;
  }
  return db;
}

export async function getMeta(ex: Executor, key: string): Promise<string | undefined> {
  const row = await ex.selectFrom("meta").select("value").where("key", "=", key).executeTakeFirst();
  return row?.value;
}

export async function setMeta(ex: Executor, key: string, value: string): Promise<void> {
  await ex
    .insertInto("meta")
    .values({ key, value })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value: (eb) => eb.ref("excluded.value") }))
    .execute();
}

/** count(*) as a number on both backends (PostgreSQL returns a bigint as text). */
export const countAll = sql<string | number>`count(*)`;
