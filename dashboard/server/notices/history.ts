// Each notice's audit chain (notice_history): every version a create, an edit or a publication writes is appended in
// the same transaction, with the token that wrote it, the server's time and the SHA-256 of the notice's version
// before (audit/chain.ts), so `subsidy db verify` can tell a notice rewritten in place from one edited through the API.
import { CHAIN_START, chainHash } from "../audit/chain.ts";
import type { Executor } from "../db/open.ts";
import type { NoticeHistoryTable, NoticesTable } from "../db/schema.ts";

export type NoticeOperation = NoticeHistoryTable["operation"];

/** A notice row's current version as its history entry records it: who wrote it last, and when. */
export function entryOf(row: NoticesTable, operation: NoticeOperation): Omit<NoticeHistoryTable, "prev_hash" | "hash"> {
  return {
    notice_id: row.id,
    version: Number(row.version),
    jurisdiction: row.jurisdiction,
    operation,
    status: row.status,
    body: row.body,
    token_id: row.updated_by_token_id === null ? null : Number(row.updated_by_token_id),
    token_name: row.updated_by,
    changed_at: row.updated_at,
  };
}

/** The entry chained to what comes before it (CHAIN_START for a first one). */
export function chained(entry: Omit<NoticeHistoryTable, "prev_hash" | "hash">, prev: string): NoticeHistoryTable {
  return { ...entry, prev_hash: prev, hash: chainHash("notice_history", entry, prev) };
}

/**
 * Appends the notice's version just written, linked to the version before it. Call it in the write's transaction,
 * after the notice row is written (db.write: under the write lock, so no other writer extends the same chain).
 */
export async function appendNoticeVersion(trx: Executor, id: string, operation: NoticeOperation): Promise<void> {
  const row = await trx.selectFrom("notices").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const before = await trx.selectFrom("notice_history").select("hash").where("notice_id", "=", id).where("version", "=", Number(row.version) - 1).executeTakeFirst();
  await trx.insertInto("notice_history").values(chained(entryOf(row, operation), before?.hash ?? CHAIN_START)).execute();
}

/** A notice's versions, oldest first. */
export function noticeHistory(ex: Executor, id: string): Promise<NoticeHistoryTable[]> {
  return ex.selectFrom("notice_history").selectAll().where("notice_id", "=", id).orderBy("version").execute();
}

/** The migration's part: each notice stored before its history existed gets one `migrated` entry, its current version. */
export async function migrateNoticeHistory(trx: Executor): Promise<void> {
  const rows = await trx.selectFrom("notices").selectAll().orderBy("id").execute();
  for (const row of rows) await trx.insertInto("notice_history").values(chained(entryOf(row, "migrated"), CHAIN_START)).execute();
}
