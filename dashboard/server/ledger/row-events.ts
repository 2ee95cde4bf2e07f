// The events a ledger batch implies (PUT /api/ledger/rows, through which the Excel add-in publishes): each row it
// writes is compared with the row as stored, and what changed is held to the same checks as the event routes
// (decisions.ts, payments.ts) and recorded as their events, in the batch's own write transaction:
//   - a new row: submitted, by the batch's token;
//   - status to approved (or paid) from applied: an approved decision of the row's approved amount, dated the row's
//     approval date (核准日期: not before the application, not after today, not after the row's payment) or, when
//     the row has none, the day of the batch; to rejected: a
//     rejected decision, its reason the row's note (required); to withdrawn: withdrawn; back to applied from
//     withdrawn or rejected: submitted again. Other moves are refused as the decisions route refuses them (409);
//   - paid raised: a payment of the difference, dated the row's paidDate or marked "date not recorded";
//   - paid lowered: refused (422 `paid`): a payment is an event, not undone by overwriting a figure;
//   - the approved amount or approval date of a row already approved changed: refused (422 `approved`,
//     `approvalDate`): an approval is an event too, and the decisions route has no step that changes one either;
//   - an approval date on a row neither approved nor paid: refused (422 `approvalDate`).
// A row sent as stored implies nothing. The ceiling is not held here as the decisions route holds it: a batch's
// rows are stored with the ledger checks' findings as warnings (approved above ceiling, caps), as publishing has
// always answered them; the approval's record keeps the ceiling and trace the row was stored with.
import { todayInShanghai } from "../../../shared/engine/dates.ts";
import type { ErrorCode } from "../../../shared/error-codes.ts";
import { approvalDateProblem, approvalDateWithoutApproval, isApprovedStatus } from "../../../shared/ledger/award-events.ts";
import type { LedgerRow, Status } from "../../../shared/ledger/row.ts";
import type { StoredOutcome } from "../../../shared/ledger/stored-outcome.ts";
import { fenOfExactYuan } from "../../../shared/money/fen.ts";
import { refuse, type RowChange } from "../auth/permissions.ts";
import type { TokenInfo } from "../auth/tokens.ts";
import type { Executor } from "../db/open.ts";
import type { Issue, Text } from "../errors.ts";
import { appendDecisions, type DecisionEntry, type DecisionEvent } from "./decision-events.ts";
import { decisionRecordOf, eventRoleIssue, separationOfDuties, submittersOf, transitionRefusal } from "./decisions.ts";
import { appendPayments, type PaymentEvent } from "./payment-events.ts";
import { catchUpEvents, paymentProblem, roleProblem, rowStates, type PaymentRequest, type RowState } from "./payments.ts";
import type { LedgerStore, UpsertResult } from "./store.ts";

interface DerivedDecision {
  row: LedgerRow;
  jurisdiction: string | null;
  event: DecisionEvent;
  /** The day decided: an approval's the row's approval date where it has one; otherwise the batch's day. */
  date: string;
  amountFen: number | null;
  opinion: string | null;
  decidedAlone: boolean;
}

interface DerivedPayment {
  state: RowState;
  request: PaymentRequest;
}

/** What a batch's rows imply, checked: written after the rows by appendRowEvents. */
export interface RowEvents {
  decisions: DerivedDecision[];
  payments: DerivedPayment[];
}

/** A status as a decision sees it: paid is approved (and paid in full, which payments say, not decisions). */
const decided = (status: Status): Exclude<Status, "paid"> => (status === "paid" ? "approved" : status);

/** The event that takes a row to the status. */
const EVENT_TO: Record<Exclude<Status, "paid">, DecisionEvent> = { applied: "submitted", approved: "approved", rejected: "rejected", withdrawn: "withdrawn" };

/** A payment's fields as a ledger row names them. */
const PAYMENT_FIELD: Record<string, string> = { amount: "paid", date: "paidDate" };

type Problem = Issue & { status: number; code: ErrorCode };

const fen = (yuan: number | null): number => (yuan === null ? 0 : fenOfExactYuan(yuan));

/** The decisions a row's change implies: a new row is submitted first, then moved to its status as an existing applied row would be. */
function decisionsOf(before: LedgerRow | null, row: LedgerRow): { event: DecisionEvent; from: Status }[] {
  const events: { event: DecisionEvent; from: Status }[] = before === null ? [{ event: "submitted", from: "applied" }] : [];
  const from = before === null ? "applied" : decided(before.status);
  const to = decided(row.status);
  if (from !== to) events.push({ event: EVENT_TO[to], from: before?.status ?? "applied" });
  return events;
}

/**
 * Derives the events of the batch's changed rows and checks each (role, transition, separation of duties, paid
 * within approved); refuses the whole batch with every problem, each named `rows.N.<field>`. Call it from the
 * store's `checked` hook: after the office and role guard, under the write lock, before anything is written.
 */
export async function deriveRowEvents(trx: Executor, token: TokenInfo, changes: readonly RowChange[], onePersonOffices: readonly string[]): Promise<RowEvents> {
  const problems: Problem[] = [];
  const derived: RowEvents = { decisions: [], payments: [] };
  const today = todayInShanghai();
  // Each changed row with the row as stored (null: new), parsed once, and the decisions its change implies.
  const changed = changes
    .filter((c) => !c.unchanged)
    .map((c) => {
      const before = c.before === null ? null : (JSON.parse(c.before.data) as LedgerRow);
      return { c, before, events: decisionsOf(before, c.row) };
    });
  const paidChanged = changed.filter(({ c, before }) => before !== null && fen(c.row.paid) !== fen(before.paid));
  const states = await rowStates(trx, paidChanged.map(({ c }) => c.row.applicationId));
  // Who submitted each stored row the batch approves or rejects (separation of duties), looked up once for all.
  const decidedNow = changed.filter(({ before, events }) => before !== null && events.some((e) => e.event === "approved" || e.event === "rejected"));
  const submitters = await submittersOf(trx, decidedNow.map(({ c }) => c.row.applicationId));

  for (const { c, before, events } of changed) {
    const row = c.row;
    const id = row.applicationId;
    const add = (status: number, code: ErrorCode, name: string, message: Text) => problems.push({ status, code, field: `rows.${c.index}.${name}`, message });
    const from = before === null ? "applied" : decided(before.status);
    const to = decided(row.status);
    const approvalDate = row.approvalDate ?? null;
    if (approvalDate !== null && !isApprovedStatus(row.status)) {
      add(422, "invalid_input", "approvalDate", approvalDateWithoutApproval(id, row.status));
      continue;
    }
    if (approvalDate !== null && events.some((e) => e.event === "approved")) {
      // A row is paid only once approved, so the payment this batch records (if any) is the row's first.
      const problem = approvalDateProblem(id, approvalDate, row.applicationDate, today, fen(row.paid) > 0 ? row.paidDate : null);
      if (problem) {
        add(422, "invalid_date", "approvalDate", problem.message);
        continue;
      }
    }
    let refused = false;
    for (const { event, from: status } of events) {
      const role = eventRoleIssue(token, event, `rows.${c.index}.status`);
      if (role) {
        problems.push({ status: 403, code: "role_required", ...role });
        refused = true;
        break;
      }
      const transition = transitionRefusal(id, status, event);
      if (transition) {
        add(409, "invalid_transition", "status", transition);
        refused = true;
        break;
      }
      let decidedAlone = false;
      if (event === "approved" || event === "rejected") {
        // A row this batch submits was submitted by this token.
        const submitter = before === null ? token.id : (submitters.get(id) ?? null);
        const separation = separationOfDuties(id, submitter, token, c.jurisdiction, onePersonOffices);
        if ("refused" in separation) {
          add(403, "separation_of_duties", "status", separation.refused);
          refused = true;
          break;
        }
        decidedAlone = separation.alone;
      }
      if (event === "approved" && !(fen(row.approved) > 0)) {
        add(422, "invalid_input", "approved", { zh: `${id} 改为核定，需填写核定金额（大于零）`, en: `${id} is set approved: it needs the approved amount (above zero)` });
        refused = true;
        break;
      }
      if (event === "rejected" && row.note === "") {
        add(422, "invalid_input", "note", { zh: `${id} 改为不予核定，需在备注中写明理由`, en: `${id} is set rejected: the note must give the reason` });
        refused = true;
        break;
      }
      derived.decisions.push({
        row,
        jurisdiction: c.jurisdiction,
        event,
        date: event === "approved" ? (approvalDate ?? today) : today,
        amountFen: event === "approved" ? fen(row.approved) : null,
        opinion: event === "rejected" || event === "withdrawn" ? row.note || null : null,
        decidedAlone,
      });
    }
    if (refused) continue;
    if (before !== null && from === "approved" && to === "approved" && fen(row.approved) !== fen(before.approved)) {
      add(422, "approved_is_event", "approved", {
        zh: `${id} 已核定，核定金额不能通过覆盖台账行修改（核定是一条记录，不是一个数字）`,
        en: `${id} is approved: its approved amount is not changed by overwriting the row (an approval is an event, not a figure)`,
      });
      continue;
    }
    if (before !== null && from === "approved" && to === "approved" && approvalDate !== (before.approvalDate ?? null)) {
      add(422, "approved_is_event", "approvalDate", {
        zh: `${id} 已核定，核准日期不能通过覆盖台账行修改（核定是一条记录）`,
        en: `${id} is approved: its approval date is not changed by overwriting the row (an approval is an event)`,
      });
      continue;
    }

    // The payments: paid only rises, by a payment of the difference.
    const paidBefore = fen(before?.paid ?? null);
    const paidAfter = fen(row.paid);
    if (paidAfter < paidBefore) {
      add(409, "paid_below_payments", "paid", {
        zh: `${id} 的拨付金额不能调低（拨付是逐笔记录的，不能通过覆盖撤销）`,
        en: `${id}'s paid figure cannot be lowered (payments are recorded one by one, and not undone by overwriting)`,
      });
      continue;
    }
    if (paidAfter === paidBefore) continue;
    const role = roleProblem(token);
    if (role) {
      problems.push({ ...role, field: `rows.${c.index}.paid` });
      continue;
    }
    const stored = states.get(id);
    const state: RowState = {
      ...(stored ?? { version: 0, paidFen: 0, latest: null, vouchers: new Set<string>(), catchUpFen: 0 }),
      // Held to the row as this batch writes it: its status and approved amount, set by the same batch or before.
      row,
      jurisdiction: c.jurisdiction,
      approvedFen: fen(row.approved),
    };
    const request: PaymentRequest = { applicationId: id, amountFen: paidAfter - state.paidFen, date: row.paidDate, voucher: null };
    const problem = paymentProblem(token, request, state, today, (name) => `rows.${c.index}.${PAYMENT_FIELD[name] ?? name}`, c.index);
    if (problem) problems.push(problem);
    else derived.payments.push({ state, request });
  }
  const first = problems[0];
  if (first) refuse(first.status, first.code, problems.map(({ field, message }) => ({ field, message })));
  return derived;
}

/** Writes the derived events after the batch's rows, each naming the row version the batch wrote. */
export async function appendRowEvents(
  trx: Executor,
  store: Pick<LedgerStore, "engine" | "catalogVersion">,
  token: TokenInfo,
  derived: RowEvents,
  result: UpsertResult,
  outcomes: ReadonlyMap<string, StoredOutcome>,
): Promise<void> {
  const version = new Map(result.versions.map((v) => [v.applicationId, v.version]));
  const at = new Date().toISOString();
  const decisions: DecisionEntry[] = derived.decisions.map((d) => {
    const id = d.row.applicationId;
    const outcome = outcomes.get(id);
    const record =
      d.event === "approved" && outcome
        ? decisionRecordOf(store, d.row, outcome, store.catalogVersion)
        : null;
    return {
      application_id: id,
      jurisdiction: d.jurisdiction,
      event: d.event,
      amount_fen: d.amountFen,
      decided_on: d.date,
      opinion: d.opinion,
      decided_alone: d.decidedAlone ? 1 : 0,
      row_version: version.get(id) ?? 0,
      token_id: token.id,
      token_name: token.name,
      recorded_at: at,
      catalog_version: store.catalogVersion,
      record: record === null ? null : JSON.stringify(record),
    };
  });
  if (decisions.length > 0) await appendDecisions(trx, decisions);
  const payments: PaymentEvent[] = derived.payments.flatMap(({ state, request }) => [
    ...catchUpEvents(request.applicationId, state),
    {
      application_id: request.applicationId,
      jurisdiction: state.jurisdiction,
      amount_fen: request.amountFen,
      paid_on: request.date,
      date_recorded: request.date === null ? 0 : 1,
      voucher: null,
      // Written with the row, by the batch's token.
      origin: "ledger" as const,
      row_version: version.get(request.applicationId) ?? 0,
      token_id: token.id,
      token_name: token.name,
      recorded_at: at,
    },
  ]);
  if (payments.length > 0) await appendPayments(trx, payments);
}
