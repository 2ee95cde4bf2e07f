// Moves a whole ledger from one database to another (SQLite ↔ PostgreSQL, or either to its own kind): every row
// with every version, tokens (their hashes, so they keep working) and their audit events, commitments with their
// history (the audit chains' hashes as stored: a copy verifies as its source does), the notices entered through the
// service with their history, and the meta flags (so the copy neither seeds the sample nor makes a new first token). Idempotency
// records are left behind: they only answer re-sent batches, which a client re-sends to the database it spoke to.
// The source is read in one read-only snapshot, keyset page by page; the target is written in one transaction,
// so a failed copy leaves it empty; the counts of both are compared after the commit.
import { sql, type Kysely } from "kysely";
import { countAll, type Db, type Executor } from "./open.ts";
import { LATEST_VERSION, schemaVersion } from "./migrations.ts";
import type { Schema } from "./schema.ts";

/** The tables a copy moves, each with its key (the order pages are read in). */
export const COPIED_TABLES = {
  meta: ["key"],
  tokens: ["id"],
  ledger_rows: ["application_id"],
  ledger_history: ["application_id", "version"],
  commitments: ["jurisdiction", "year"],
  commitments_history: ["jurisdiction", "year", "version"],
  // Token creations and revocations (migration 5): with their hashes, so the copy's chains verify as the source's.
  token_events: ["seq"],
  // Payments (migration 6), with their hashes.
  ledger_payments: ["application_id", "seq"],
  // Decisions (migration 8), with their hashes.
  ledger_decisions: ["application_id", "seq"],
  // Notices entered through the service (migration 11), drafts and published.
  notices: ["id"],
  // Their versions, with their hashes (notice_history).
  notice_history: ["notice_id", "version"],
  // Derived from the rows, copied so the target needs no re-evaluation; an empty target's totals are empty.
  ledger_cap_draws: ["application_id", "cap_key"],
  ledger_totals: ["jurisdiction", "document", "provision_id", "district", "status", "year"],
  // Approved and paid by the year of approval and of payment (migration 10), derived likewise.
  ledger_year_totals: ["jurisdiction", "document", "provision_id", "district", "status", "basis", "in_year"],
} as const satisfies Partial<Record<keyof Schema, readonly string[]>>;
export type CopiedTable = keyof typeof COPIED_TABLES;

const PAGE = 500;

export class CopyError extends Error {
  constructor(
    readonly code: "schema_mismatch" | "target_not_empty" | "same_database" | "count_mismatch",
    readonly text: { zh: string; en: string },
  ) {
    super(text.en);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** The tables of migration 1, which every database with a schema has. */
export const FIRST_TABLES: readonly CopiedTable[] = ["meta", "tokens", "ledger_rows", "ledger_history", "commitments", "commitments_history"];

export async function tableCounts(ex: Executor): Promise<Record<CopiedTable, number>> {
  return (await countsOf(ex, Object.keys(COPIED_TABLES) as CopiedTable[])) as Record<CopiedTable, number>;
}

/** The rows of some tables. */
export async function countsOf(ex: Executor, tables: readonly CopiedTable[]): Promise<Partial<Record<CopiedTable, number>>> {
  const counts: Partial<Record<CopiedTable, number>> = {};
  for (const table of tables) {
    const row = await (ex as AnyDb).selectFrom(table).select(countAll.as("n")).executeTakeFirst();
    counts[table] = Number(row?.n ?? 0);
  }
  return counts;
}

/** Reads a snapshot of the source: a read-only repeatable-read transaction on PostgreSQL, a read transaction on SQLite. */
export function readSnapshot<T>(db: Db, fn: (trx: Executor) => Promise<T>): Promise<T> {
  const builder = db.k.transaction();
  return (db.kind === "postgres" ? builder.setIsolationLevel("repeatable read").setAccessMode("read only") : builder).execute(fn);
}

async function copyTable(from: Executor, to: Executor, table: CopiedTable): Promise<number> {
  const keys = COPIED_TABLES[table] as readonly string[];
  let after: unknown[] | null = null;
  let copied = 0;
  for (;;) {
    let query = (from as AnyDb).selectFrom(table).selectAll();
    if (after) query = query.where(sql<boolean>`(${sql.join(keys.map((k) => sql.ref(k)))}) > (${sql.join(after)})`);
    for (const k of keys) query = query.orderBy(k);
    const rows = (await query.limit(PAGE).execute()) as Record<string, unknown>[];
    if (rows.length === 0) return copied;
    // The migration made some meta rows already (none today); the source's value wins.
    const insert = (to as AnyDb).insertInto(table).values(rows);
    await (table === "meta" ? insert.onConflict((oc) => oc.column("key").doUpdateSet({ value: sql`excluded.value` })) : insert).execute();
    copied += rows.length;
    const last = rows[rows.length - 1] ?? {};
    after = keys.map((k) => last[k]);
  }
}

export interface CopyReport {
  from: string;
  to: string;
  schemaVersion: number;
  counts: Record<CopiedTable, number>;
  verified: true;
}

/** Copies everything `from` holds into the empty, migrated `to`; throws CopyError when it cannot or the counts differ. */
export async function copyDatabase(from: Db, to: Db): Promise<CopyReport> {
  if (from.label === to.label) throw new CopyError("same_database", { zh: `来源和目标是同一个数据库：${from.label}`, en: `source and target are the same database: ${from.label}` });
  const sourceVersion = await schemaVersion(from.k, from.kind);
  if (sourceVersion !== LATEST_VERSION) {
    throw new CopyError("schema_mismatch", {
      zh: `来源数据库结构版本为 ${sourceVersion}，本程序写入版本 ${LATEST_VERSION}；请先运行 \`subsidy db migrate --db <来源>\`（或升级本程序）`,
      en: `the source has schema version ${sourceVersion}, this program writes ${LATEST_VERSION}; run \`subsidy db migrate --db <source>\` first (or upgrade the program)`,
    });
  }
  const counts = await readSnapshot(from, async (source) => {
    const before = await tableCounts(source);
    await to.write(async (target) => {
      const existing = await tableCounts(target);
      const filled = (Object.keys(existing) as CopiedTable[]).filter((t) => t !== "meta" && existing[t] > 0);
      if (filled.length > 0) {
        const held = filled.map((t) => `${t}: ${existing[t]}`).join(", ");
        throw new CopyError("target_not_empty", { zh: `目标数据库已有数据（${held}），请复制到空数据库`, en: `the target already holds data (${held}); copy into an empty database` });
      }
      for (const table of Object.keys(COPIED_TABLES) as CopiedTable[]) await copyTable(source, target, table);
      // PostgreSQL's identity column does not see the IDs written explicitly; the next token must not reuse one.
      if (to.kind === "postgres") await sql`SELECT setval(pg_get_serial_sequence('tokens', 'id'), coalesce(max(id), 0) + 1, false) FROM tokens`.execute(target);
    });
    return before;
  });
  const after = await tableCounts(to.k);
  const differ = (Object.keys(counts) as CopiedTable[]).filter((t) => counts[t] !== after[t]);
  if (differ.length > 0) {
    const list = differ.map((t) => `${t} ${counts[t]} → ${after[t]}`).join(", ");
    throw new CopyError("count_mismatch", { zh: `复制后行数不一致：${list}`, en: `counts differ after the copy: ${list}` });
  }
  return { from: from.label, to: to.label, schemaVersion: sourceVersion, counts, verified: true };
}
