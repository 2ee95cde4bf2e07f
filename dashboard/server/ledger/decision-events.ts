// The decision events (ledger_decisions, migration 8): appending them, each row's decisions one hash chain in `seq`
// order (audit/chain.ts), and reading them back. Kept free of the store and the routes, as payment-events.ts is.
import type { Bound, TraceStep } from "../../../shared/engine/types.ts";
import { yuanFromFen } from "../../../shared/money/fen.ts";
import { CHAIN_START, chainHash } from "../audit/chain.ts";
import { chunks } from "../db/chunks.ts";
import type { Executor } from "../db/open.ts";
import type { LedgerDecisionsTable } from "../db/schema.ts";
import { withEventParts } from "./year-totals.ts";

export const DECISION_EVENTS = ["submitted", "approved", "rejected", "withdrawn"] as const;
export type DecisionEvent = (typeof DECISION_EVENTS)[number];

export type DecisionEntry = Omit<LedgerDecisionsTable, "seq" | "prev_hash" | "hash">;

/**
 * What an approval was decided on, stored with it so that it survives later rule changes: the row's ceiling and
 * floor in the ledger as stored when it was approved (the ceiling the amount was held to, caps drawn by earlier rows
 * included), the bound and verdict, the catalog version that outcome was computed under, and the engine's trace of
 * the row's own evaluation at that moment.
 */
export interface DecisionRecord {
  ceilingFen: number | null;
  floorFen: number | null;
  bound: Bound | null;
  verdict: string;
  evaluatedUnder: string;
  trace: TraceStep[];
}

/**
 * Appends events after each row's last decision. Call it in a write transaction (db.write): the heads are read and
 * the next events written under the write lock, so two writers never both extend the same decision.
 */
export async function appendDecisions(trx: Executor, events: readonly DecisionEntry[]): Promise<LedgerDecisionsTable[]> {
  const heads = new Map<string, { seq: number; hash: string }>();
  for (const part of chunks([...new Set(events.map((e) => e.application_id))])) {
    const rows = await trx.selectFrom("ledger_decisions").select(["application_id", "seq", "hash"]).where("application_id", "in", part).orderBy("seq").execute();
    for (const r of rows) heads.set(r.application_id, { seq: r.seq, hash: r.hash });
  }
  const written = events.map((event) => {
    const head = heads.get(event.application_id);
    const entry = { ...event, seq: (head?.seq ?? 0) + 1 };
    const prev = head?.hash ?? CHAIN_START;
    const hash = chainHash("ledger_decisions", entry, prev);
    heads.set(event.application_id, { seq: entry.seq, hash });
    return { ...entry, prev_hash: prev, hash };
  });
  // An approval's day moves the row's approved part in the year totals, in this transaction.
  await withEventParts(trx, { decisions: written }, async () => {
    for (const part of chunks(written)) await trx.insertInto("ledger_decisions").values(part).execute();
  });
  return written;
}

export interface DecisionView {
  applicationId: string;
  seq: number;
  event: DecisionEvent;
  /** The approved amount in yuan (approved only). */
  amount: number | null;
  date: string;
  opinion: string | null;
  /** The submitter decided alone, as the office's one-person setting allows. */
  decidedAlone: boolean;
  rowVersion: number;
  tokenId: number | null;
  tokenName: string;
  recordedAt: string;
  catalogVersion: string;
  record: DecisionRecord | null;
  prevHash: string;
  hash: string;
}

export function decisionView(d: LedgerDecisionsTable): DecisionView {
  return {
    applicationId: d.application_id,
    seq: d.seq,
    event: d.event,
    amount: d.amount_fen === null ? null : yuanFromFen(Number(d.amount_fen)),
    date: d.decided_on,
    opinion: d.opinion,
    decidedAlone: d.decided_alone === 1,
    rowVersion: d.row_version,
    tokenId: d.token_id,
    tokenName: d.token_name,
    recordedAt: d.recorded_at,
    catalogVersion: d.catalog_version,
    record: d.record === null ? null : (JSON.parse(d.record) as DecisionRecord),
    prevHash: d.prev_hash,
    hash: d.hash,
  };
}

/** A row's decisions, oldest first. */
export async function decisionsOf(ex: Executor, applicationId: string): Promise<DecisionView[]> {
  const rows = await ex.selectFrom("ledger_decisions").selectAll().where("application_id", "=", applicationId).orderBy("seq").execute();
  return rows.map(decisionView);
}

/** Each row's last `approved` event's day, for the rows named (rows never approved through an event are absent). */
export async function approvalDays(ex: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  const days = new Map<string, string>();
  for (const part of chunks([...new Set(ids)])) {
    const rows = await ex.selectFrom("ledger_decisions").select(["application_id", "decided_on"]).where("event", "=", "approved").where("application_id", "in", part).orderBy("seq").execute();
    // In seq order: the last approval wins.
    for (const r of rows) days.set(r.application_id, r.decided_on);
  }
  return days;
}
