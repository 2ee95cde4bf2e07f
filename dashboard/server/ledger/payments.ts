// Recording payments (拨付): each is an event (ledger_payments, payment-events.ts), and the row gets a new version with
// `paid` the sum of its payments and `paidDate` the latest payment's day, written through the store's normal path
// (history, stored evaluation, totals), all in the caller's one write transaction. The payments API records one, a
// receipts import many: every payment is checked first, and one that cannot be recorded refuses them all.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { todayInShanghai } from "../../../shared/engine/dates.ts";
import { paidAboveApproved, paidBeforeApproval } from "../../../shared/ledger/award-events.ts";
import { IsoDay, Yuan, type LedgerRow } from "../../../shared/ledger/row.ts";
import { fenOfExactYuan, yuanFromFen } from "../../../shared/money/fen.ts";
import { formatYuan } from "../../../shared/money/format.ts";
import { mayWriteIn } from "../../../shared/ledger/offices.ts";
import { checkRowWrites, jurisdictionIssue, roleIssue } from "../auth/permissions.ts";
import type { TokenInfo } from "../auth/tokens.ts";
import type { Executor } from "../db/open.ts";
import type { LedgerPaymentsTable } from "../db/schema.ts";
import type { Issue } from "../errors.ts";
import { appendPayments, type PaymentEvent } from "./payment-events.ts";
import type { LedgerStore } from "./store.ts";
import type { ErrorCode } from "../../../shared/error-codes.ts";

/** A treasury voucher number (凭证号) as entered: trimmed, 1–64 characters, no control characters. */
export const Voucher = z
  .string()
  .trim()
  .normalize("NFC")
  .min(1)
  .max(64)
  .regex(/^[^\p{Cc}\p{Cf}]+$/u, { message: "no control or invisible characters" });

/** One payment as the API takes it: yuan exact to the fen and above zero, the day paid, the voucher. */
export const PaymentBody = z.strictObject({
  amount: Yuan.refine((v) => v > 0, { message: "a payment must be above zero" }),
  date: IsoDay,
  voucher: Voucher,
});
export type PaymentBody = z.infer<typeof PaymentBody>;

export interface PaymentRequest {
  applicationId: string;
  amountFen: number;
  /** Null: the day was not recorded (a paid figure raised by a batch without paidDate), never a guessed one. */
  date: string | null;
  /** Null: none given (a paid figure raised by a batch). */
  voucher: string | null;
}

/** A payment that cannot be recorded: the issue (its field named by the caller) and the status it would answer alone. */
export interface PaymentProblem extends Issue {
  index: number;
  status: 403 | 404 | 409 | 422;
  code: ErrorCode;
}

export interface PaymentView {
  applicationId: string;
  seq: number;
  amount: number;
  /** The day paid; null when it was never recorded (`dateRecorded: false`, payments migrated from a row's paid figure). */
  date: string | null;
  dateRecorded: boolean;
  voucher: string | null;
  origin: LedgerPaymentsTable["origin"];
  rowVersion: number;
  tokenId: number | null;
  tokenName: string;
  recordedAt: string;
  prevHash: string;
  hash: string;
}

export function paymentView(p: LedgerPaymentsTable): PaymentView {
  return {
    applicationId: p.application_id,
    seq: p.seq,
    amount: yuanFromFen(Number(p.amount_fen)),
    date: p.paid_on,
    dateRecorded: p.date_recorded === 1,
    voucher: p.voucher,
    origin: p.origin,
    rowVersion: p.row_version,
    tokenId: p.token_id,
    tokenName: p.token_name,
    recordedAt: p.recorded_at,
    prevHash: p.prev_hash,
    hash: p.hash,
  };
}

/** A row's payments, oldest first. */
export async function paymentsOf(ex: Executor, applicationId: string): Promise<PaymentView[]> {
  const rows = await ex.selectFrom("ledger_payments").selectAll().where("application_id", "=", applicationId).orderBy("seq").execute();
  return rows.map(paymentView);
}

/** Status of a row a payment may be recorded on: approved, or paid in part. */
const PAYABLE = new Set(["approved", "paid"]);

export interface RowState {
  row: LedgerRow;
  version: number;
  jurisdiction: string | null;
  approvedFen: number;
  paidFen: number;
  latest: string | null;
  vouchers: Set<string>;
  /** The row's paid figure beyond its payments (written with the row: a batch, the sample), made an event first. */
  catchUpFen: number;
  /** The row's paid figure is below its payments (lowered by a batch): its payments cannot be added to. */
  belowPayments?: true;
}

export async function rowStates(trx: Executor, ids: readonly string[]): Promise<Map<string, RowState>> {
  const states = new Map<string, RowState>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 400) {
    const part = unique.slice(i, i + 400);
    const rows = await trx.selectFrom("ledger_rows").select(["application_id", "version", "jurisdiction", "data"]).where("application_id", "in", part).execute();
    for (const r of rows) {
      const row = JSON.parse(r.data) as LedgerRow;
      const approvedFen = row.approved === null ? 0 : fenOfExactYuan(row.approved);
      states.set(r.application_id, { row, version: r.version, jurisdiction: r.jurisdiction, approvedFen, paidFen: 0, latest: null, vouchers: new Set(), catchUpFen: 0 });
    }
    const payments = await trx.selectFrom("ledger_payments").select(["application_id", "amount_fen", "paid_on", "voucher"]).where("application_id", "in", part).execute();
    for (const p of payments) {
      const s = states.get(p.application_id);
      if (!s) continue;
      s.paidFen += Number(p.amount_fen);
      if (p.paid_on !== null && (s.latest === null || p.paid_on > s.latest)) s.latest = p.paid_on;
      if (p.voucher !== null) s.vouchers.add(p.voucher);
    }
  }
  // A row's own paid figure is what the ledger shows paid: what it holds beyond its payments was paid too (written
  // by a batch or the sample, not as events), and is made an event of its own before the new ones, so that paid
  // stays the sum of the row's payments and no payment made before is lost from it.
  for (const s of states.values()) {
    const rowPaid = s.row.paid === null ? 0 : fenOfExactYuan(s.row.paid);
    if (rowPaid > s.paidFen) {
      s.catchUpFen = rowPaid - s.paidFen;
      s.paidFen = rowPaid;
      if (s.row.paidDate !== null && (s.latest === null || s.row.paidDate > s.latest)) s.latest = s.row.paidDate;
    } else if (rowPaid < s.paidFen) s.belowPayments = true;
  }
  return states;
}

/** Who recorded a catch-up event: the payment's recorder only found it; who paid it the row's history says. */
const CATCH_UP_BY = "unknown (the row's paid figure as written with the row, before this payment)";

/** The row's paid figure beyond its payments, as the payment of its own it becomes before any new one (rowStates). */
export function catchUpEvents(id: string, s: RowState): PaymentEvent[] {
  if (s.catchUpFen <= 0) return [];
  return [{
    application_id: id,
    jurisdiction: s.jurisdiction,
    amount_fen: s.catchUpFen,
    paid_on: s.row.paidDate,
    date_recorded: s.row.paidDate === null ? 0 : 1,
    voucher: null,
    origin: "ledger" as const,
    row_version: s.version,
    token_id: null,
    token_name: CATCH_UP_BY,
    recorded_at: new Date().toISOString(),
  }];
}

const yuanText = (fen: number) => ({ zh: formatYuan(fen, "zh"), en: formatYuan(fen, "en") });

/**
 * Checks every payment against the rows as stored (under the write lock) and the payments before it, in order:
 * the row exists, is of the token's office, is approved, the day is a real one neither in the future nor before the
 * application, the voucher is new on the row, and the paid sum stays within the approved amount.
 */
function problemsOf(token: TokenInfo, requests: readonly PaymentRequest[], states: Map<string, RowState>, field: (index: number, name: string) => string): PaymentProblem[] {
  const problems: PaymentProblem[] = [];
  const today = todayInShanghai();
  requests.forEach((p, index) => {
    const s = states.get(p.applicationId);
    if (!s) {
      problems.push({ index, status: 404, code: "not_found", field: field(index, "applicationId"), message: { zh: `台账中没有申报编号 ${p.applicationId}`, en: `no ledger row with application ID ${p.applicationId}` } });
      return;
    }
    const problem = paymentProblem(token, p, s, today, (name) => field(index, name), index);
    if (problem) problems.push(problem);
  });
  return problems;
}

/**
 * One payment against its row's state (payments before it included), as the payments API, a receipts import and a
 * batch raising a row's paid figure (row-events.ts) check it; on success the state takes the payment in, so that
 * later payments of the batch see it.
 */
export function paymentProblem(token: TokenInfo, p: PaymentRequest, s: RowState, today: string, field: (name: string) => string, index = 0): PaymentProblem | null {
  const add = (status: PaymentProblem["status"], code: ErrorCode, name: string, message: Issue["message"]): PaymentProblem => ({ index, status, code, field: field(name), message });
  if (!mayWriteIn(token, s.jurisdiction)) {
    const issue = jurisdictionIssue(field("jurisdiction"), { zh: `申报编号 ${p.applicationId}`, en: `application ${p.applicationId}` }, s.jurisdiction, token);
    return { index, status: 403, code: "forbidden_jurisdiction", ...issue };
  }
  if (s.belowPayments) {
    const paid = yuanText(s.row.paid === null ? 0 : fenOfExactYuan(s.row.paid));
    const payments = yuanText(s.paidFen);
    return add(409, "paid_below_payments", "paid", {
      zh: `${p.applicationId} 的拨付金额（${paid.zh}）低于其已记录的拨付（合计 ${payments.zh}），请先核对该行`,
      en: `${p.applicationId}'s paid figure (${paid.en}) is below its recorded payments (${payments.en} in all); reconcile the row first`,
    });
  }
  if (!PAYABLE.has(s.row.status) || s.row.approved === null) {
    return add(409, "not_approved", "status", { zh: `${p.applicationId} 尚未核定（状态 ${s.row.status}），不能拨付`, en: `${p.applicationId} is not approved (status ${s.row.status}); it cannot be paid` });
  }
  if (p.date !== null && p.date > today) {
    return add(422, "invalid_date", "date", { zh: `拨付日期 ${p.date} 晚于今天（${today}）`, en: `the payment date ${p.date} is after today (${today})` });
  }
  if (p.date !== null && p.date < s.row.applicationDate) {
    return add(422, "invalid_date", "date", { zh: `拨付日期 ${p.date} 早于申请日期 ${s.row.applicationDate}`, en: `the payment date ${p.date} is before the application date ${s.row.applicationDate}` });
  }
  // A row that records its approval date (核准日期) is paid on that approval, not before it.
  if (p.date !== null && s.row.approvalDate != null && p.date < s.row.approvalDate) return add(422, "invalid_date", "date", paidBeforeApproval(p.applicationId, p.date, s.row.approvalDate));
  if (p.voucher !== null && s.vouchers.has(p.voucher)) {
    return add(409, "duplicate_voucher", "voucher", { zh: `凭证号 ${p.voucher} 已记录过 ${p.applicationId} 的一笔拨付`, en: `voucher ${p.voucher} already recorded a payment of ${p.applicationId}` });
  }
  const after = s.paidFen + p.amountFen;
  if (after > s.approvedFen) return add(422, "paid_above_approved", "amount", paidAboveApproved(p.applicationId, s.approvedFen, s.paidFen, p.amountFen));
  // Later payments of the batch see this one.
  s.paidFen = after;
  if (p.voucher !== null) s.vouchers.add(p.voucher);
  if (p.date !== null && (s.latest === null || p.date > s.latest)) s.latest = p.date;
  return null;
}

/** The payer's step needs the payer role (checked after the offices: a row of another office is refused as such first). */
export function roleProblem(token: TokenInfo): PaymentProblem | null {
  if (token.roles.includes("payer")) return null;
  return { index: -1, status: 403, code: "role_required", ...roleIssue("authorization", "payer", { zh: "拨付记录", en: "payments" }) };
}

export type RecordOutcome = { problems: PaymentProblem[] } | { payments: PaymentView[]; rows: { applicationId: string; version: number; paid: number; paidDate: string | null; status: string }[] };

/**
 * Records the payments in the caller's write transaction, or none of them: the problems of every payment that
 * cannot be recorded (the caller answers them and rolls back nothing, for nothing was written).
 */
export async function recordPaymentsIn(
  trx: Executor,
  store: LedgerStore,
  token: TokenInfo,
  requests: readonly PaymentRequest[],
  origin: "api" | "receipts",
  field: (index: number, name: string) => string,
  /** Check only (the caller refuses anyway, and wants every problem listed): never writes. */
  options: { checkOnly?: boolean } = {},
): Promise<RecordOutcome> {
  const role = roleProblem(token);
  // A receipts file without the payer's role is refused as a whole; one payment on another office's row is
  // refused for the office first, whatever the token's roles (as every write is).
  if (role && origin === "receipts") return { problems: [role] };
  const states = await rowStates(trx, requests.map((r) => r.applicationId));
  const problems = problemsOf(token, requests, states, field);
  if (problems.some((p) => p.code === "forbidden_jurisdiction")) return { problems };
  if (role) return { problems: [role] };
  if (problems.length > 0 || options.checkOnly) return { problems };

  // One new version per row paid, however many of its payments the batch holds.
  const paidIds = [...new Set(requests.map((r) => r.applicationId))];
  const rows = paidIds.map((id) => {
    const s = states.get(id) as RowState;
    const status = s.paidFen === s.approvedFen ? "paid" : s.row.status;
    return { ...s.row, paid: yuanFromFen(s.paidFen), paidDate: s.latest, status } as LedgerRow;
  });
  const actor = { tokenId: token.id, name: token.name };
  const { result } = await store.upsertIn(trx, rows, actor, randomUUID(), {
    // The store's own office and role checks, as for any write of these fields.
    guard: (changes) => checkRowWrites(token, changes),
    office: token.jurisdiction,
  });
  const version = new Map(result.versions.map((v) => [v.applicationId, v.version]));
  const at = new Date().toISOString();
  const catchUps: PaymentEvent[] = paidIds.flatMap((id) => catchUpEvents(id, states.get(id) as RowState));
  const events: PaymentEvent[] = requests.map((p) => ({
    application_id: p.applicationId,
    jurisdiction: states.get(p.applicationId)?.jurisdiction ?? null,
    amount_fen: p.amountFen,
    paid_on: p.date,
    date_recorded: p.date === null ? 0 : 1,
    voucher: p.voucher,
    origin,
    row_version: version.get(p.applicationId) ?? 0,
    token_id: token.id,
    token_name: token.name,
    recorded_at: at,
  }));
  const written = await appendPayments(trx, [...catchUps, ...events]);
  return {
    payments: written.map(paymentView),
    rows: rows.map((r) => ({ applicationId: r.applicationId, version: version.get(r.applicationId) ?? 0, paid: r.paid ?? 0, paidDate: r.paidDate, status: r.status })),
  };
}
