// ledger_year_totals (migration 10): approved by the year of approval and paid by the year of payment, per
// jurisdiction, document, provision, district and status — what the summaries read for every figure keyed by a year,
// since a row applied in 2025 may be approved in 2026 and paid over 2026 and 2027. Kept by deltas in the writer's
// transaction, as ledger_totals is: a row's parts move when the row is rewritten (storeEvaluated) and when its
// payment or decision events are appended. `in_year` 0 is the explicit "date not recorded" bucket, never a guess.
//
// A row's parts (decided rows only, as ledger_totals counts them):
//   approved: its approved amount, in the year of its last `approved` decision (none: not recorded — rows approved
//             by a batch or before migration 8 carry no approval date);
//   paid:     its payments, each in the year it is dated (undated migrated payments: not recorded), plus whatever
//             its paid figure holds beyond them (written with the row by a batch or the sample) in the year of the
//             row's paidDate — the day the catch-up event payments.ts makes of it will carry.
// ROW_PARTS below is the same definition in SQL (the migration's backfill, the enterprise path, the tests).
import { sql, type RawBuilder } from "kysely";
import type { LedgerRow } from "../../../shared/ledger/row.ts";
import { chunks } from "../db/chunks.ts";
import type { DbKind, Executor } from "../db/open.ts";
import { rowDataField } from "../db/row-data.ts";
import type { LedgerRowsTable, LedgerYearTotalsTable } from "../db/schema.ts";
import { DECIDED } from "./totals.ts";

/** The year bucket of amounts whose date was never recorded. */
export const UNDATED = 0;

export type Basis = LedgerYearTotalsTable["basis"];
export type RowRecord = Pick<LedgerRowsTable, "application_id" | "jurisdiction" | "document" | "provision_id" | "district" | "status" | "approved_fen" | "paid_fen" | "data">;

/** What the events say of a row: its payments' sums by year, and its last approval's day. */
export interface RowEvents {
  paidByYear: Map<number, number>;
  approvedOn: string | null;
}

const yearOf = (day: string | null | undefined): number => (day ? Number(day.slice(0, 4)) : UNDATED);

/** A row's parts: [basis, in_year, fen]. */
export function partsOf(record: RowRecord, events: RowEvents | undefined): [Basis, number, number][] {
  if (!DECIDED.has(record.status)) return [];
  const parts: [Basis, number, number][] = [];
  const approved = Number(record.approved_fen ?? 0);
  if (approved !== 0) parts.push(["approved", yearOf(events?.approvedOn), approved]);
  let recorded = 0;
  for (const [year, fen] of events?.paidByYear ?? []) {
    parts.push(["paid", year, fen]);
    recorded += fen;
  }
  const beyond = Number(record.paid_fen ?? 0) - recorded;
  if (beyond > 0) parts.push(["paid", yearOf((JSON.parse(record.data) as LedgerRow).paidDate), beyond]);
  return parts;
}

/** The events of some rows (rows without any are absent). */
export async function eventsOf(ex: Executor, ids: readonly string[]): Promise<Map<string, RowEvents>> {
  const out = new Map<string, RowEvents>();
  const of = (id: string): RowEvents => {
    let e = out.get(id);
    if (!e) out.set(id, (e = { paidByYear: new Map(), approvedOn: null }));
    return e;
  };
  for (const part of chunks([...new Set(ids)])) {
    const paid = await ex.selectFrom("ledger_payments").select(["application_id", "paid_on", "amount_fen"]).where("application_id", "in", part).execute();
    for (const p of paid) {
      const e = of(p.application_id);
      const year = yearOf(p.paid_on);
      e.paidByYear.set(year, (e.paidByYear.get(year) ?? 0) + Number(p.amount_fen));
    }
    // In seq order: the last approval wins (a rejected, resubmitted, approved again row).
    const approvals = await ex.selectFrom("ledger_decisions").select(["application_id", "decided_on"]).where("event", "=", "approved").where("application_id", "in", part).orderBy("seq").execute();
    for (const a of approvals) of(a.application_id).approvedOn = a.decided_on;
  }
  return out;
}

const KEY_COLUMNS = ["jurisdiction", "document", "provision_id", "district", "status", "basis", "in_year"] as const;

export class YearTotalsDelta {
  private readonly groups = new Map<string, LedgerYearTotalsTable>();

  add(record: RowRecord, events: RowEvents | undefined, sign: 1 | -1): void {
    for (const [basis, inYear, fen] of partsOf(record, events)) {
      const key = { jurisdiction: record.jurisdiction ?? "", document: record.document ?? "", provision_id: record.provision_id, district: record.district, status: record.status, basis, in_year: inYear };
      // Joined, not JSON (as TotalsDelta's): text fields never hold NUL.
      const id = `${key.jurisdiction}\u0000${key.document}\u0000${key.provision_id}\u0000${key.district}\u0000${key.status}\u0000${basis}\u0000${inYear}`;
      const group = this.groups.get(id);
      if (group) group.amount_fen += sign * fen;
      else this.groups.set(id, { ...key, amount_fen: sign * fen });
    }
  }

  async apply(trx: Executor): Promise<void> {
    const changed = [...this.groups.values()].filter((g) => g.amount_fen !== 0);
    for (const part of chunks(changed)) {
      await trx
        .insertInto("ledger_year_totals")
        .values(part)
        .onConflict((oc) => oc.columns([...KEY_COLUMNS]).doUpdateSet({ amount_fen: sql`ledger_year_totals.amount_fen + excluded.amount_fen` }))
        .execute();
    }
    if (changed.length > 0) await trx.deleteFrom("ledger_year_totals").where("amount_fen", "=", 0).execute();
    this.groups.clear();
  }
}

/** Whether a rewrite can move a row's parts: its keys, status, amounts or data changed (an evaluation alone cannot). */
export function partsMayMove(before: RowRecord | null, after: RowRecord | null): boolean {
  if (!before || !after) return true;
  return before.data !== after.data || (before.jurisdiction ?? "") !== (after.jurisdiction ?? "") || (before.document ?? "") !== (after.document ?? "") || before.provision_id !== after.provision_id || before.district !== after.district || before.status !== after.status;
}

/** Moves the parts of rewritten rows (pairs of as stored → as written; null: absent), with the events as stored now. */
export async function moveRowParts(trx: Executor, pairs: readonly [RowRecord | null, RowRecord | null][]): Promise<void> {
  const moving = pairs.filter(([b, a]) => partsMayMove(b, a));
  if (moving.length === 0) return;
  // A row not stored before has no events (the only removal, remove-sample, takes a row's events with it), and a
  // row decided neither before nor after has no parts: neither needs its events read, which spares a batch of new
  // rows the reads.
  const decided = (r: RowRecord | null) => r !== null && DECIDED.has(r.status);
  const events = await eventsOf(trx, moving.filter(([b, a]) => b !== null && (decided(b) || decided(a))).map(([b]) => (b as RowRecord).application_id));
  const delta = new YearTotalsDelta();
  for (const [before, after] of moving) {
    if (before) delta.add(before, events.get(before.application_id), -1);
    if (after) delta.add(after, events.get(after.application_id), 1);
  }
  await delta.apply(trx);
}

/** The events being appended to some rows, as withEventParts needs them: each after every event already stored. */
export interface Appended {
  payments?: readonly { application_id: string; paid_on: string | null; amount_fen: number | string }[];
  /** In seq order, as written. */
  decisions?: readonly { application_id: string; event: string; decided_on: string }[];
}

/** The rows' events once `appended` is added to `before` (as stored): what eventsOf would read after the append. */
function eventsAfter(before: ReadonlyMap<string, RowEvents>, appended: Appended): Map<string, RowEvents> {
  const out = new Map<string, RowEvents>();
  for (const [id, e] of before) out.set(id, { paidByYear: new Map(e.paidByYear), approvedOn: e.approvedOn });
  const of = (id: string): RowEvents => {
    let e = out.get(id);
    if (!e) out.set(id, (e = { paidByYear: new Map(), approvedOn: null }));
    return e;
  };
  for (const p of appended.payments ?? []) {
    const e = of(p.application_id);
    const year = yearOf(p.paid_on);
    e.paidByYear.set(year, (e.paidByYear.get(year) ?? 0) + Number(p.amount_fen));
  }
  for (const d of appended.decisions ?? []) if (d.event === "approved") of(d.application_id).approvedOn = d.decided_on;
  return out;
}

/**
 * Runs `append` (which adds the `appended` events to the rows they name) and moves those rows' parts with it. The
 * events after are the stored ones plus those appended, counted here rather than read back: each appended event
 * follows every stored one of its row (appendPayments, appendDecisions).
 */
export async function withEventParts<T>(trx: Executor, appended: Appended, append: () => Promise<T>): Promise<T> {
  const unique = [...new Set([...(appended.payments ?? []), ...(appended.decisions ?? [])].map((e) => e.application_id))];
  const records: RowRecord[] = [];
  for (const part of chunks(unique)) {
    records.push(...(await trx.selectFrom("ledger_rows").select(["application_id", "jurisdiction", "document", "provision_id", "district", "status", "approved_fen", "paid_fen", "data"]).where("application_id", "in", part).execute()));
  }
  const before = await eventsOf(trx, unique);
  const out = await append();
  const after = eventsAfter(before, appended);
  const delta = new YearTotalsDelta();
  for (const r of records) {
    delta.add(r, before.get(r.application_id), -1);
    delta.add(r, after.get(r.application_id), 1);
  }
  await delta.apply(trx);
  return out;
}

/**
 * Joins each ledger row `r` to its last `approved` decision as `a` (none: a.decided_on null), the day a row is
 * approved on: the approval with none after it, an anti-join that reads migration 13's index of approvals
 * (ledger_decisions_approved) rather than a max(seq) subquery per row.
 */
export const LAST_APPROVAL_JOIN = sql`LEFT JOIN (SELECT l.application_id, l.decided_on FROM ledger_decisions l WHERE l.event = 'approved'
  AND NOT EXISTS (SELECT 1 FROM ledger_decisions m WHERE m.application_id = l.application_id AND m.event = 'approved' AND m.seq > l.seq)) a ON a.application_id = r.application_id`;

/** The year of a day held as text (null: UNDATED), on both backends. */
function yearSql(day: RawBuilder<unknown>): RawBuilder<number> {
  return sql<number>`coalesce(CAST(substr(${day}, 1, 4) AS INTEGER), ${sql.lit(UNDATED)})`;
}

/** Every decided row's parts as SQL: (application_id, basis, in_year, amount_fen), the definition partsOf computes. */
export function rowPartsSql(kind: DbKind): RawBuilder<{ application_id: string; basis: Basis; in_year: number; amount_fen: number | string }> {
  const paidDate = rowDataField(kind, "r.data", "paidDate");
  const decided = sql`r.status IN ('approved', 'paid')`;
  return sql`
    SELECT r.application_id, 'approved' AS basis, ${yearSql(sql`a.decided_on`)} AS in_year, r.approved_fen AS amount_fen
    FROM ledger_rows r ${LAST_APPROVAL_JOIN}
    WHERE ${decided} AND r.approved_fen <> 0
    UNION ALL
    SELECT p.application_id, 'paid' AS basis, ${yearSql(sql`p.paid_on`)} AS in_year, sum(p.amount_fen) AS amount_fen
    FROM ledger_payments p JOIN ledger_rows r ON r.application_id = p.application_id
    WHERE ${decided} GROUP BY p.application_id, ${yearSql(sql`p.paid_on`)}
    UNION ALL
    SELECT r.application_id, 'paid' AS basis, ${yearSql(paidDate)} AS in_year, r.paid_fen - coalesce(s.fen, 0) AS amount_fen
    FROM ledger_rows r LEFT JOIN (SELECT application_id, sum(amount_fen) AS fen FROM ledger_payments GROUP BY application_id) s ON s.application_id = r.application_id
    WHERE ${decided} AND r.paid_fen > coalesce(s.fen, 0)`;
}

/** The year totals as a GROUP BY over every row's parts: the migration's backfill, and what tests hold the table to. */
export function yearTotalsSql(kind: DbKind): RawBuilder<LedgerYearTotalsTable> {
  return sql`SELECT coalesce(r.jurisdiction, '') AS jurisdiction, coalesce(r.document, '') AS document, r.provision_id, r.district, r.status,
      y.basis, y.in_year, sum(y.amount_fen) AS amount_fen
    FROM (${rowPartsSql(kind)}) y JOIN ledger_rows r ON r.application_id = y.application_id
    GROUP BY coalesce(r.jurisdiction, ''), coalesce(r.document, ''), r.provision_id, r.district, r.status, y.basis, y.in_year`;
}
