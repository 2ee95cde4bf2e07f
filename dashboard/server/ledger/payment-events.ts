// The payment events (ledger_payments, migration 6): appending them, each row's payments one hash chain in `seq`
// order (audit/chain.ts), and migration 6's part — a row's single paid/paidDate becomes its first payment.
// Kept free of the store and the routes: the migrations import it.
import type { Kysely } from "kysely";
import { fenOfExactYuan } from "../../../shared/money/fen.ts";
import { CHAIN_START, chainHash } from "../audit/chain.ts";
import { chunks } from "../db/chunks.ts";
import type { DbKind, Executor } from "../db/open.ts";
import { rowDataField } from "../db/row-data.ts";
import type { LedgerPaymentsTable } from "../db/schema.ts";
import { withEventParts } from "./year-totals.ts";

export type PaymentEvent = Omit<LedgerPaymentsTable, "seq" | "prev_hash" | "hash">;

/** Who recorded a migrated payment: nobody knows, and the event says so instead of naming the row's last writer. */
export const MIGRATED_BY = "unknown (the row's paid figure before migration 6)";

/** Each row's last payment (seq and hash), for the rows named. */
export async function paymentHeads(trx: Executor, ids: readonly string[]): Promise<Map<string, { seq: number; hash: string; sumFen: number }>> {
  const heads = new Map<string, { seq: number; hash: string; sumFen: number }>();
  for (const part of chunks([...new Set(ids)])) {
    const rows = await trx.selectFrom("ledger_payments").select(["application_id", "seq", "hash", "amount_fen"]).where("application_id", "in", part).orderBy("seq").execute();
    for (const r of rows) {
      const before = heads.get(r.application_id);
      heads.set(r.application_id, { seq: r.seq, hash: r.hash, sumFen: (before?.sumFen ?? 0) + Number(r.amount_fen) });
    }
  }
  return heads;
}

/**
 * Appends events after each row's last payment. Call it in a write transaction (db.write): the heads are read and
 * the next events written under the write lock, so two writers never both extend the same payment.
 */
export async function appendPayments(trx: Executor, events: readonly PaymentEvent[]): Promise<LedgerPaymentsTable[]> {
  const heads = await paymentHeads(trx, events.map((e) => e.application_id));
  const written = events.map((event) => {
    const head = heads.get(event.application_id);
    const entry = { ...event, seq: (head?.seq ?? 0) + 1 };
    const prev = head?.hash ?? CHAIN_START;
    const hash = chainHash("ledger_payments", entry, prev);
    heads.set(event.application_id, { seq: entry.seq, hash, sumFen: (head?.sumFen ?? 0) + event.amount_fen });
    return { ...entry, prev_hash: prev, hash };
  });
  // The payments' years move the rows' paid parts in the year totals, in this transaction.
  await withEventParts(trx, { payments: written }, async () => {
    for (const part of chunks(written)) await trx.insertInto("ledger_payments").values(part).execute();
  });
  return written;
}

const PAGE = 2000;

/**
 * Migration 6: every row with a paid figure above zero gets one payment of it, dated its paidDate; a row without a
 * paidDate gets a payment marked "date not recorded" (paid_on null, date_recorded 0), never a guessed day. Read
 * page by page in application-ID order, so a large ledger never sits in memory.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function migratePaidFigures(db: Kysely<any>, kind: DbKind): Promise<number> {
  const paid = rowDataField(kind, "data", "paid");
  const paidDate = rowDataField(kind, "data", "paidDate");
  const at = new Date().toISOString();
  let after: string | null = null;
  let made = 0;
  for (;;) {
    let query = db
      .selectFrom("ledger_rows")
      .select(["application_id", "version", "jurisdiction", paid.as("paid"), paidDate.as("paid_date")])
      .where(paid, "is not", null);
    if (after !== null) query = query.where("application_id", ">", after);
    const rows = (await query.orderBy("application_id").limit(PAGE).execute()) as { application_id: string; version: number; jurisdiction: string | null; paid: number | string; paid_date: string | null }[];
    if (rows.length === 0) return made;
    const events: LedgerPaymentsTable[] = [];
    for (const r of rows) {
      const amount = fenOfExactYuan(Number(r.paid));
      if (!(amount > 0)) continue;
      const entry = {
        application_id: r.application_id,
        seq: 1,
        jurisdiction: r.jurisdiction,
        amount_fen: amount,
        paid_on: r.paid_date ?? null,
        date_recorded: r.paid_date ? 1 : 0,
        voucher: null,
        origin: "migrated" as const,
        row_version: Number(r.version),
        token_id: null,
        token_name: MIGRATED_BY,
        recorded_at: at,
      };
      events.push({ ...entry, prev_hash: CHAIN_START, hash: chainHash("ledger_payments", entry, CHAIN_START) });
    }
    for (const part of chunks(events)) await db.insertInto("ledger_payments").values(part).execute();
    made += events.length;
    after = rows[rows.length - 1]?.application_id ?? after;
  }
}
