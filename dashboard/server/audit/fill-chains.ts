// Migration 5's part: computes the audit chain of the history entries written before it, chain by chain in version
// order, page by page (a whole history never sits in memory), and writes prev_hash and hash back.
import { sql, type Kysely, type RawBuilder } from "kysely";
import { chunks } from "../db/chunks.ts";
import type { DbKind } from "../db/open.ts";
import { CHAIN_FIELDS, CHAIN_START, chainHash } from "./chain.ts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const PAGE = 2000;

/** A history table's chains: one per value of `chain`, ordered by `version`; `integer` names its integer key columns. */
interface HistoryChain {
  table: "ledger_history" | "commitments_history";
  chain: readonly string[];
  integer: ReadonlySet<string>;
}

export const HISTORY_CHAINS: readonly HistoryChain[] = [
  { table: "ledger_history", chain: ["application_id"], integer: new Set(["version"]) },
  { table: "commitments_history", chain: ["jurisdiction", "year"], integer: new Set(["year", "version"]) },
];

export async function fillHistoryChain(db: AnyDb, kind: DbKind, spec: HistoryChain): Promise<number> {
  const keys = [...spec.chain, "version"];
  let after: unknown[] | null = null;
  let chainOf = "";
  let prev = CHAIN_START;
  let filled = 0;
  for (;;) {
    let query = db.selectFrom(spec.table).select([...new Set([...keys, ...CHAIN_FIELDS[spec.table]])]);
    if (after) query = query.where(sql<boolean>`(${sql.join(keys.map((k) => sql.ref(k)))}) > (${sql.join(after)})`);
    for (const k of keys) query = query.orderBy(k);
    const rows = (await query.limit(PAGE).execute()) as Record<string, unknown>[];
    if (rows.length === 0) return filled;
    const updates: { key: unknown[]; prev: string; hash: string }[] = [];
    for (const row of rows) {
      const id = JSON.stringify(spec.chain.map((k) => row[k]));
      if (id !== chainOf) {
        chainOf = id;
        prev = CHAIN_START;
      }
      const hash = chainHash(spec.table, row, prev);
      updates.push({ key: keys.map((k) => row[k]), prev, hash });
      prev = hash;
    }
    if (kind === "postgres") for (const part of chunks(updates)) await writeHashes(db, spec, keys, part);
    else for (const u of updates) await writeHash(db, spec, keys, u);
    filled += rows.length;
    const last = rows[rows.length - 1] ?? {};
    after = keys.map((k) => last[k]);
  }
}

/**
 * SQLite: one UPDATE per entry by its primary key (in-process, ~0.1 ms each; its UPDATE … FROM (VALUES …) took
 * ten times longer per entry on a 80,000-entry history).
 */
async function writeHash(db: AnyDb, spec: HistoryChain, keys: readonly string[], u: { key: unknown[]; prev: string; hash: string }): Promise<void> {
  const match = sql.join(
    keys.map((k, i) => sql`${sql.ref(k)} = ${u.key[i]}`),
    sql` AND `,
  );
  await sql`UPDATE ${sql.table(spec.table)} SET prev_hash = ${u.prev}, hash = ${u.hash} WHERE ${match}`.execute(db);
}

/** PostgreSQL: one UPDATE … FROM (VALUES …) per chunk, a round trip per 400 entries (VALUES columns: column1, column2 …). */
async function writeHashes(db: AnyDb, spec: HistoryChain, keys: readonly string[], part: readonly { key: unknown[]; prev: string; hash: string }[]): Promise<void> {
  const value = (k: string, v: unknown): RawBuilder<unknown> => (spec.integer.has(k) ? sql`CAST(${v} AS integer)` : sql`${v}`);
  const tuples = part.map((u) => sql`(${sql.join([...keys.map((k, i) => value(k, u.key[i])), sql`${u.prev}`, sql`${u.hash}`])})`);
  const t = sql.table(spec.table);
  const match = sql.join(
    keys.map((k, i) => sql`${t}.${sql.ref(k)} = v.${sql.ref(`column${i + 1}`)}`),
    sql` AND `,
  );
  const prevColumn = sql.ref(`v.column${keys.length + 1}`);
  const hashColumn = sql.ref(`v.column${keys.length + 2}`);
  await sql`UPDATE ${t} SET prev_hash = ${prevColumn}, hash = ${hashColumn} FROM (VALUES ${sql.join(tuples)}) AS v WHERE ${match}`.execute(db);
}
