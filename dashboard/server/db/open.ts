// Opens the service's database, SQLite or PostgreSQL, behind one Kysely interface, and migrates it to the latest
// schema. Every write goes through `write`, one transaction that serializes against every other writer:
//  - SQLite: WAL so readers never wait for a publishing writer, FULL sync so an acknowledged batch survives a crash
//    of the process or the machine, BEGIN IMMEDIATE so a writer takes the lock before it reads what it will change;
//  - PostgreSQL: a transaction-scoped advisory lock on the ledger, so two offices publishing the same rows at once
//    never compute the same next version (row locks could not cover rows that do not exist yet).
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect, sql, type CompiledQuery } from "kysely";
import type PgModule from "pg";
import { migrateIn } from "./migrations.ts";
import { ScanWorker } from "./scan-worker.ts";
import { keepingStatements } from "./statement-cache.ts";
import type { Schema } from "./schema.ts";
import { describeTarget, parseTarget, type DbTarget } from "./target.ts";

export type DbKind = DbTarget["kind"];
/** A connection or transaction queries run on. */
export type Executor = Kysely<Schema>;

/** The PostgreSQL setting row-level security reads the writing office from (see migrations.ts, version 4). */
export const OFFICE_SETTING = "subsidy.office";

/** Advisory lock key (two int4) every PostgreSQL writer takes: "subsidy ledger". */
const PG_WRITE_LOCK = [0x5b5d, 1] as const;

/** The database can no longer be trusted with a write: its file was deleted or replaced, or the server is unreachable. */
export class DatabaseUnavailable extends Error {
  constructor(readonly text: { zh: string; en: string }) {
    super(text.en);
  }
}

/** Socket errors and PostgreSQL's connection-failure and shutdown SQLSTATEs (classes 08 and 57P). */
const UNREACHABLE = /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|ETIMEDOUT|EHOSTUNREACH|EPIPE|08\d{3}|57P0[1-3])$/;

/** A failed query that means the database server cannot be reached (not that the query was wrong), else null. */
export function unreachable(error: unknown): DatabaseUnavailable | null {
  if (!(error instanceof Error)) return null;
  const code = (error as { code?: unknown }).code;
  const pooled = /timeout exceeded when trying to connect|Connection terminated/i.test(error.message);
  if (!(typeof code === "string" && UNREACHABLE.test(code)) && !pooled) return null;
  return new DatabaseUnavailable({ zh: `无法连接数据库服务器：${error.message}`, en: `the database server cannot be reached: ${error.message}` });
}

export interface Db {
  readonly kind: DbKind;
  readonly target: DbTarget;
  /** The target as it may be printed (no password). */
  readonly label: string;
  /** For reads; writes use `write`. */
  readonly k: Executor;
  /**
   * For a read that may visit much of the ledger (compile it with `.compile()`, or `.compile(db.k)` for raw SQL):
   * on SQLite it runs on a worker thread (scan-worker.ts) so that the event loop keeps answering meanwhile.
   */
  scan<R>(query: CompiledQuery<R>): Promise<R[]>;
  /** The SQLite handle (backups, file checks); null on PostgreSQL. */
  readonly sqlite: Database.Database | null;
  /**
   * Runs `fn` in one write transaction, serialized against every other writer of this database. `office`: whose
   * rows the transaction may write (a jurisdiction, or `all`, the default for the service's own work — migrations,
   * seeding, copies, the CLI). On PostgreSQL it is set with SET LOCAL for row-level security (migration 4), so the
   * database refuses a row of another office even if the service's own check missed it; SQLite has no such layer.
   */
  write<T>(fn: (trx: Executor) => Promise<T>, options?: { office?: string }): Promise<T>;
  /**
   * Runs `fn` while no other writer of this process runs, once the database can take writes (`problem`): for a
   * write made on another connection — the SQLite writer thread's (writer/runner.ts) — so that this process's own
   * writers queue here rather than wait for its lock in SQLite's busy handler, which would hold the event loop.
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  /** Why the database cannot take writes now (null when it can): what health reports and every write checks. */
  problem(): Promise<DatabaseUnavailable | null>;
  close(): Promise<void>;
}

/**
 * A SQLite file deleted or replaced under a running service (a restore copied over it, a cleanup script): the open
 * handle would go on writing into the unlinked inode and every acknowledged batch would be lost at the next
 * start. The file at the path must still be the one opened.
 */
function fileProblem(file: string, opened: fs.Stats): DatabaseUnavailable | null {
  let now: fs.Stats;
  try {
    now = fs.statSync(file);
  } catch {
    return new DatabaseUnavailable({ zh: `数据库文件 ${file} 已被删除，服务拒绝写入；请恢复该文件后重启服务`, en: `the database file ${file} was deleted; writes are refused; restore it and restart the service` });
  }
  if (now.ino !== opened.ino || now.dev !== opened.dev) {
    return new DatabaseUnavailable({ zh: `数据库文件 ${file} 已被替换，服务拒绝写入；请重启服务以打开新文件`, en: `the database file ${file} was replaced; writes are refused; restart the service to open the new file` });
  }
  return null;
}

/** One writer of this process at a time, in arrival order; a writer's failure does not stop the next. */
function writeQueue(): <T>(fn: () => Promise<T>) => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = last.then(fn);
    last = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  };
}

function openSqlite(target: Extract<DbTarget, { kind: "sqlite" }>): Db {
  if (target.file !== ":memory:") fs.mkdirSync(path.dirname(target.file), { recursive: true });
  const open = (): Database.Database => {
    const handle = new Database(target.file);
    handle.pragma("journal_mode = WAL");
    handle.pragma("synchronous = FULL");
    handle.pragma("foreign_keys = ON");
    // The CLI (token create, remove-sample) may write while the service runs; wait for it rather than fail.
    handle.pragma("busy_timeout = 5000");
    return handle;
  };
  const handle = open();
  // Readers on a connection of their own: under WAL they read the last commit while a batch is being written, and
  // a writer that yields between its steps lets them in instead of holding the one connection for the whole batch.
  const reader = target.file === ":memory:" ? handle : open();
  const k = new Kysely<Schema>({ dialect: new SqliteDialect({ database: reader }) });
  // The writer never streams, so its statements can be kept prepared (statement-cache.ts).
  const writer = reader === handle ? k : new Kysely<Schema>({ dialect: new SqliteDialect({ database: keepingStatements(handle) }) });
  const opened = target.file === ":memory:" ? null : fs.statSync(target.file);
  const problem = async (): Promise<DatabaseUnavailable | null> => (opened ? fileProblem(target.file, opened) : null);
  const scans = target.file === ":memory:" ? null : new ScanWorker(target.file);
  const queued = writeQueue();
  return {
    kind: "sqlite",
    target,
    label: target.file,
    k,
    scan: async <R>(query: CompiledQuery<R>) => (scans ? scans.run<R>(query.sql, query.parameters) : [...(await k.executeQuery(query)).rows]),
    sqlite: handle,
    // The queue keeps this process's other writers out of the transaction, and out of the writer thread's;
    // BEGIN IMMEDIATE keeps other processes' writers out.
    problem,
    exclusive: (fn) =>
      queued(async () => {
        const refused = await problem();
        if (refused) throw refused;
        return fn();
      }),
    write: (fn) =>
      queued(() =>
        writer.connection().execute(async (conn) => {
        const refused = await problem();
        if (refused) throw refused;
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
      ),
    close: async () => {
      await scans?.close();
      await k.destroy();
      if (writer !== k) await writer.destroy();
    },
  };
}

/**
 * bigint (fen columns, counts) and numeric (their sums) read as numbers, as SQLite gives them: every amount in fen is
 * far below 2^53, where a double holds an integer exactly.
 */
const numbersAsNumbers = (pg: Pg) => ({
  getTypeParser: (oid: number, format?: "text" | "binary") =>
    oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as "text"),
});

/** The pg driver, loaded only when a PostgreSQL database is opened: a SQLite service starts without it. */
type Pg = typeof PgModule;

function openPostgres(target: Extract<DbTarget, { kind: "postgres" }>, pg: Pg): Db {
  const pool = new pg.Pool({ connectionString: target.url, max: 10, connectionTimeoutMillis: 10_000, application_name: "subsidy", types: numbersAsNumbers(pg) });
  // An idle connection the server drops (restart, failover) must not crash the process; the next query reconnects.
  pool.on("error", () => {});
  const k = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  const queued = writeQueue();
  return {
    kind: "postgres",
    target,
    label: describeTarget(target),
    k,
    scan: async <R>(query: CompiledQuery<R>) => [...(await k.executeQuery(query)).rows],
    sqlite: null,
    problem: async () => {
      try {
        await sql`SELECT 1`.execute(k);
        return null;
      } catch (e) {
        return new DatabaseUnavailable({ zh: `无法连接 PostgreSQL：${(e as Error).message}`, en: `PostgreSQL cannot be reached: ${(e as Error).message}` });
      }
    },
    // Writers of this process queue here, so at most one of them holds a pool connection while it waits for the
    // advisory lock (other processes): the rest of the pool stays free for readers however many batches arrive.
    exclusive: (fn) => queued(fn),
    write: (fn, options) =>
      queued(() =>
        k.transaction().execute(async (trx) => {
          await sql`SELECT pg_advisory_xact_lock(${PG_WRITE_LOCK[0]}::int4, ${PG_WRITE_LOCK[1]}::int4)`.execute(trx);
          // SET LOCAL through set_config(…, true), which takes a bound value: ends with the transaction.
          await sql`SELECT set_config(${OFFICE_SETTING}, ${options?.office ?? "all"}, true)`.execute(trx);
          return fn(trx);
        }),
      ),
    close: () => k.destroy(),
  };
}

/**
 * A read-only connection of its own, for work off the service's thread (the what-if worker): a SQLite file opened
 * readonly (under WAL it reads the last commit while the service writes), or a small PostgreSQL pool. Never migrates.
 */
export async function openReader(spec: string, options: { connections?: number } = {}): Promise<{ k: Executor; close: () => Promise<void> }> {
  const target = parseTarget(spec);
  if (target.kind === "sqlite") {
    if (target.file === ":memory:") throw new Error("an in-memory database cannot be read from another thread");
    const handle = new Database(target.file, { readonly: true, fileMustExist: true });
    handle.pragma("busy_timeout = 5000");
    const k = new Kysely<Schema>({ dialect: new SqliteDialect({ database: handle }) });
    return { k, close: () => k.destroy() };
  }
  const pg = (await import("pg")).default;
  const pool = new pg.Pool({ connectionString: target.url, max: options.connections ?? 1, connectionTimeoutMillis: 10_000, application_name: "subsidy-reader", types: numbersAsNumbers(pg) });
  pool.on("error", () => {});
  const k = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return { k, close: () => k.destroy() };
}

/** Opens the database a file path or postgres:// URL names, creating and migrating it as needed. */
export async function openDb(spec: string, options: { migrate?: boolean } = {}): Promise<Db> {
  const target = parseTarget(spec);
  const db = target.kind === "sqlite" ? openSqlite(target) : openPostgres(target, (await import("pg")).default);
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
