// A row's award as the events the ledger service derives from it (dashboard/server/ledger/row-events.ts):
// submitted on the application date, approved on the approval date (核准日期) for the approved amount, a payment of
// the paid figure on the paid date. The checks are pure and live here, so that the service refusing a batch and the
// CLI's `ledger check` reading a file word the same problems alike.
import type { Text } from "../catalog/schema.ts";
import { fenOfExactYuan, type Fen } from "../money/fen.ts";
import { formatYuan } from "../money/format.ts";
import type { LedgerRow, Status } from "./row.ts";

export interface AwardEvent {
  kind: "submitted" | "approved" | "payment";
  /** Null: the date was not recorded (an approved row without an approval date, a paid figure without a paid date). */
  date: string | null;
  /** The approved amount or the payment; null for the submission. */
  amountFen: Fen | null;
}

const fen = (yuan: number | null): Fen => (yuan === null ? 0 : fenOfExactYuan(yuan));

/** Statuses that have had an approval. */
export const isApprovedStatus = (status: Status): boolean => status === "approved" || status === "paid";

/** The events the row implies, oldest first, as a batch writing it as a new row would record them. */
export function awardEventsOf(row: LedgerRow): AwardEvent[] {
  const events: AwardEvent[] = [{ kind: "submitted", date: row.applicationDate, amountFen: null }];
  if (isApprovedStatus(row.status)) events.push({ kind: "approved", date: row.approvalDate ?? null, amountFen: fen(row.approved) });
  if (fen(row.paid) > 0) events.push({ kind: "payment", date: row.paidDate, amountFen: fen(row.paid) });
  return events;
}

export type ApprovalDateCode = "approval_before_application" | "approval_after_today" | "paid_before_approval";

/**
 * Why the approval date cannot stand, or null: it is before the application, after today (in Shanghai), or after the
 * row's first payment (a payment is made on an approval, never before it).
 */
export function approvalDateProblem(
  applicationId: string,
  approvalDate: string,
  applicationDate: string,
  today: string,
  firstPaymentDate: string | null,
): { code: ApprovalDateCode; message: Text } | null {
  if (approvalDate < applicationDate) {
    return {
      code: "approval_before_application",
      message: { zh: `${applicationId} 的核准日期 ${approvalDate} 早于申请日期 ${applicationDate}`, en: `${applicationId}'s approval date ${approvalDate} is before the application date ${applicationDate}` },
    };
  }
  if (approvalDate > today) {
    return { code: "approval_after_today", message: { zh: `${applicationId} 的核准日期 ${approvalDate} 晚于今天（${today}）`, en: `${applicationId}'s approval date ${approvalDate} is after today (${today})` } };
  }
  if (firstPaymentDate !== null && firstPaymentDate < approvalDate) return { code: "paid_before_approval", message: paidBeforeApproval(applicationId, firstPaymentDate, approvalDate) };
  return null;
}

/** A payment dated before the approval it is made on. */
export function paidBeforeApproval(applicationId: string, paymentDate: string, approvalDate: string): Text {
  return { zh: `${applicationId} 的拨付日期 ${paymentDate} 早于核准日期 ${approvalDate}`, en: `${applicationId}'s payment date ${paymentDate} is before the approval date ${approvalDate}` };
}

/** A payment that would take the paid sum above the approved amount. */
export function paidAboveApproved(applicationId: string, approvedFen: Fen, paidFen: Fen, amountFen: Fen): Text {
  const [approved, paid, amount] = [approvedFen, paidFen, amountFen].map((f) => ({ zh: formatYuan(f, "zh"), en: formatYuan(f, "en") })) as [Text, Text, Text];
  return {
    zh: `${applicationId} 核定 ${approved.zh}，已拨付 ${paid.zh}，再拨付 ${amount.zh} 将超过核定金额`,
    en: `${applicationId} is approved for ${approved.en} and ${paid.en} is paid; paying ${amount.en} more would exceed the approved amount`,
  };
}

/** An approval date on a row that has had no approval. */
export function approvalDateWithoutApproval(applicationId: string, status: Status): Text {
  return { zh: `${applicationId} 的状态为 ${status}（未核定），不应填核准日期`, en: `${applicationId} has status ${status} (not approved); it takes no approval date` };
}

export type AwardFindingCode = ApprovalDateCode | "approval_date_without_approval" | "approval_date_not_recorded";

/** What the events of a row show wrong (error: the service refuses it) or unrecorded (warning: a date not recorded). */
export interface AwardFinding {
  code: AwardFindingCode;
  severity: "error" | "warning";
  /** The ledger column at fault. */
  field: "approvalDate" | "paid" | "paidDate";
  message: Text;
}

/**
 * The row's events checked as the service checks them when a batch writes the row new: what only the approval date
 * shows. Paid above approved and a paid figure without its date are the row checks' own findings (checks.ts), which
 * `ledger check` prints beside these; reported here too, each would be listed twice.
 */
export function awardFindings(row: LedgerRow, today: string): AwardFinding[] {
  const found: AwardFinding[] = [];
  const id = row.applicationId;
  const events = awardEventsOf(row);
  const approval = events.find((e) => e.kind === "approved");
  const payment = events.find((e) => e.kind === "payment");
  const approvalDate = row.approvalDate ?? null;
  if (approval === undefined && approvalDate !== null) found.push({ code: "approval_date_without_approval", severity: "error", field: "approvalDate", message: approvalDateWithoutApproval(id, row.status) });
  if (approval !== undefined && approvalDate === null) {
    found.push({ code: "approval_date_not_recorded", severity: "warning", field: "approvalDate", message: { zh: `${id} 已核定，但未填核准日期（核准日期未记录）`, en: `${id} is approved but has no approval date (date not recorded)` } });
  }
  if (approval !== undefined && approvalDate !== null) {
    const problem = approvalDateProblem(id, approvalDate, row.applicationDate, today, payment?.date ?? null);
    if (problem) found.push({ code: problem.code, severity: "error", field: problem.code === "paid_before_approval" ? "paidDate" : "approvalDate", message: problem.message });
  }
  return found;
}
