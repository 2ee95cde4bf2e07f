// Recording decisions on an award (经办 submits, 审核 approves or rejects, the clerk withdraws): each is an event
// (ledger_decisions, decision-events.ts), and the row gets a new version with the status (and for an approval the
// approved amount) the event sets, written through the store's normal path (history, stored evaluation, totals), in
// the caller's one write transaction. Shaped as payments.ts: office first, then the role, then the row's state.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { todayInShanghai } from "../../../shared/engine/dates.ts";
import { approvalDateProblem } from "../../../shared/ledger/award-events.ts";
import { mayWriteIn } from "../../../shared/ledger/offices.ts";
import { IsoDay, noteLineBreaks, textProblem, TEXT_LENGTH, Yuan, type LedgerRow, type Status } from "../../../shared/ledger/row.ts";
import { fenOfExactYuan, yuanFromFen } from "../../../shared/money/fen.ts";
import { formatYuan } from "../../../shared/money/format.ts";
import { TERMS } from "../../../shared/terms.ts";
import { checkRowWrites, jurisdictionIssue, roleIssue, STEP_ROLE } from "../auth/permissions.ts";
import type { TokenInfo } from "../auth/tokens.ts";
import { chunks } from "../db/chunks.ts";
import type { Executor } from "../db/open.ts";
import { ApiError, type Issue, type Text } from "../errors.ts";
import { appendDecisions, decisionView, DECISION_EVENTS, type DecisionEvent, type DecisionRecord, type DecisionView } from "./decision-events.ts";
import { bumpRevision, type LedgerStore } from "./store.ts";
import { storeEvaluated } from "./stored-evaluation.ts";

/** An opinion (审核意见) or reason: the note's rules — trimmed, NFC, line breaks as LF, no control characters. */
export const Opinion = z
  .string()
  .trim()
  .normalize("NFC")
  .overwrite(noteLineBreaks)
  .min(1)
  .max(TEXT_LENGTH.note.max)
  .check((ctx) => {
    const problem = textProblem(ctx.value, "note");
    if (problem) ctx.issues.push({ code: "custom", message: problem.en, input: ctx.value, params: { zh: problem.zh } });
  });

/** One decision as the API takes it: an approval needs its amount (and only it takes one), a rejection its reason. */
export const DecisionBody = z
  .strictObject({
    event: z.enum(DECISION_EVENTS),
    amount: Yuan.refine((v) => v > 0, { message: "an approved amount must be above zero" }).optional(),
    /** The day decided; the server's day in Shanghai when absent. */
    date: IsoDay.optional(),
    opinion: Opinion.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.event === "approved" && body.amount === undefined) ctx.addIssue({ code: "custom", path: ["amount"], message: "an approval needs the approved amount" });
    if (body.event !== "approved" && body.amount !== undefined) ctx.addIssue({ code: "custom", path: ["amount"], message: "only an approval takes an amount" });
    if (body.event === "rejected" && body.opinion === undefined) ctx.addIssue({ code: "custom", path: ["opinion"], message: "a rejection needs its reason" });
  });
export type DecisionBody = z.infer<typeof DecisionBody>;

/** The role each event needs (permissions.ts's steps). */
export const EVENT_ROLE = { submitted: STEP_ROLE.submit, approved: STEP_ROLE.approve, rejected: STEP_ROLE.approve, withdrawn: STEP_ROLE.submit } as const;

/** The statuses a row may be in for the event, and the one it sets. */
export const TRANSITION: Record<DecisionEvent, { from: readonly Status[]; to: Status }> = {
  // A withdrawn or rejected application may be submitted again; submitting an applied row records who submitted it.
  submitted: { from: ["applied", "withdrawn", "rejected"], to: "applied" },
  approved: { from: ["applied"], to: "approved" },
  rejected: { from: ["applied"], to: "rejected" },
  withdrawn: { from: ["applied"], to: "withdrawn" },
};

export const EVENT_LABEL: Record<DecisionEvent, { zh: string; en: string }> = {
  submitted: { zh: "提交", en: "submitted" },
  approved: { zh: "核定", en: "approved" },
  rejected: { zh: "不予核定", en: "rejected" },
  withdrawn: { zh: "撤回", en: "withdrawn" },
};

export interface DecisionOutcome {
  decision: DecisionView;
  row: { applicationId: string; version: number; status: string; approved: number | null; approvalDate: string | null };
}

/** Who submitted the row: the token of its last `submitted` event, or failing that of its first version. */
export async function submitterOf(trx: Executor, applicationId: string): Promise<number | null> {
  return (await submittersOf(trx, [applicationId])).get(applicationId) ?? null;
}

/**
 * submitterOf for many rows at once, two queries a chunk of IDs (a batch decides thousands of rows; one query each
 * was the batch's slowest part): each row's last `submitted` event, then the first version of the rows without one.
 * A row with neither (absent) maps to null.
 */
export async function submittersOf(trx: Executor, applicationIds: readonly string[]): Promise<Map<string, number | null>> {
  const out = new Map<string, number | null>();
  for (const part of chunks([...new Set(applicationIds)])) {
    const lastSeq = new Map<string, number>();
    const submitted = await trx.selectFrom("ledger_decisions").select(["application_id", "seq", "token_id"]).where("application_id", "in", part).where("event", "=", "submitted").execute();
    for (const d of submitted) {
      const seq = Number(d.seq);
      if (seq <= (lastSeq.get(d.application_id) ?? -Infinity)) continue;
      lastSeq.set(d.application_id, seq);
      out.set(d.application_id, d.token_id);
    }
    const rest = part.filter((id) => !lastSeq.has(id));
    if (rest.length === 0) continue;
    const first = await trx
      .selectFrom("ledger_history as h")
      .select(["h.application_id", "h.token_id"])
      .where("h.application_id", "in", rest)
      .where("h.version", "=", (eb) => eb.selectFrom("ledger_history as f").select((f) => f.fn.min("f.version").as("v")).whereRef("f.application_id", "=", "h.application_id"))
      .execute();
    for (const h of first) out.set(h.application_id, h.token_id);
    for (const id of rest) if (!out.has(id)) out.set(id, null);
  }
  return out;
}

/** The role the event needs, when the token lacks it: the issue, named `field`. Shared with a batch's derived events (row-events.ts). */
export function eventRoleIssue(token: TokenInfo, event: DecisionEvent, field: string): Issue | null {
  const role = EVENT_ROLE[event];
  if (token.roles.includes(role)) return null;
  return roleIssue(field, role, { zh: `申报的「${EVENT_LABEL[event].zh}」`, en: `an application's "${EVENT_LABEL[event].en}"` });
}

/** Why a row of this status cannot have the event (TRANSITION), or null when it may. */
export function transitionRefusal(applicationId: string, status: Status, event: DecisionEvent): Text | null {
  if (TRANSITION[event].from.includes(status)) return null;
  return { zh: `${applicationId} 的状态为 ${status}，不能${EVENT_LABEL[event].zh}`, en: `${applicationId} has status ${status}; it cannot be ${EVENT_LABEL[event].en}` };
}

/**
 * Separation of duties (审核 is not 经办): the submitter may not decide, unless the row's office is one person —
 * then the decision is marked as decided alone. `submitter`: submitterOf's answer, or the writer of a row a batch
 * submits and decides at once.
 */
export function separationOfDuties(
  applicationId: string,
  submitter: number | null,
  token: TokenInfo,
  jurisdiction: string | null,
  onePersonOffices: readonly string[],
): { alone: boolean } | { refused: Text } {
  if (submitter === null || submitter !== token.id) return { alone: false };
  if (jurisdiction !== null && onePersonOffices.includes(jurisdiction)) return { alone: true };
  return {
    refused: {
      zh: `${applicationId} 由本令牌提交，提交人不能审核自己的申报（${TERMS.office.zh}未设为一人办公）`,
      en: `${applicationId} was submitted by this token; the submitter may not decide on it (the office is not set as one person)`,
    },
  };
}

/** What an approval is decided on: the row's outcome in the ledger as stored now, and the row's own evaluation with its trace (the stored outcome keeps none). */
export function decisionRecordOf(
  store: Pick<LedgerStore, "engine">,
  row: LedgerRow,
  outcome: Pick<DecisionRecord, "ceilingFen" | "floorFen" | "bound" | "verdict">,
  evaluatedUnder: string,
): DecisionRecord {
  const alone = store.engine.evaluate(row.provisionId, row.amount, row.facts, { date: row.applicationDate, notice: row.notice });
  return { ceilingFen: outcome.ceilingFen, floorFen: outcome.floorFen, bound: outcome.bound, verdict: outcome.verdict, evaluatedUnder, trace: alone.ok ? alone.trace : [] };
}

/**
 * Records one decision in the caller's write transaction, or throws the refusal (an ApiError: nothing written).
 * `onePersonOffices`: the offices where the submitter may decide too (config.ts); such a decision says so.
 */
export async function recordDecisionIn(
  trx: Executor,
  store: LedgerStore,
  token: TokenInfo,
  applicationId: string,
  body: DecisionBody,
  onePersonOffices: readonly string[],
): Promise<DecisionOutcome> {
  let stored = await trx.selectFrom("ledger_rows").selectAll().where("application_id", "=", applicationId).executeTakeFirst();
  if (!stored) throw new ApiError(404, "not_found", { zh: `台账中没有申报编号 ${applicationId}`, en: `no ledger row with application ID ${applicationId}` }, "applicationId");
  if (!mayWriteIn(token, stored.jurisdiction)) {
    const issue = jurisdictionIssue("jurisdiction", { zh: `申报编号 ${applicationId}`, en: `application ${applicationId}` }, stored.jurisdiction, token);
    throw new ApiError(403, "forbidden_jurisdiction", issue.message, issue.field, [issue]);
  }
  const { event } = body;
  const role = eventRoleIssue(token, event, "authorization");
  if (role) throw new ApiError(403, "role_required", role.message, role.field, [role]);
  const row = JSON.parse(stored.data) as LedgerRow;
  const { to } = TRANSITION[event];
  const transition = transitionRefusal(applicationId, row.status, event);
  if (transition) throw new ApiError(409, "invalid_transition", transition, "status");
  const today = todayInShanghai();
  const date = body.date ?? today;
  if (event === "approved") {
    // The decision date becomes the row's approval date (核准日期), held as a batch holds one (row-events.ts): not
    // before the application, not after today, not after the row's payment (an applied row paid is only a legacy one).
    const paidOn = row.paid !== null && row.paid > 0 ? row.paidDate : null;
    const problem = approvalDateProblem(applicationId, date, row.applicationDate, today, paidOn);
    if (problem) throw new ApiError(422, "invalid_date", problem.message, "date");
  } else if (date > today) {
    throw new ApiError(422, "invalid_date", { zh: `日期 ${date} 晚于今天（${today}）`, en: `the date ${date} is after today (${today})` }, "date");
  } else if (date < row.applicationDate) {
    throw new ApiError(422, "invalid_date", { zh: `日期 ${date} 早于申请日期 ${row.applicationDate}`, en: `the date ${date} is before the application date ${row.applicationDate}` }, "date");
  }

  // Separation of duties (审核 is not 经办): the submitter may not decide, unless the office is one person.
  let decidedAlone = false;
  if (event === "approved" || event === "rejected") {
    const separation = separationOfDuties(applicationId, await submitterOf(trx, applicationId), token, stored.jurisdiction, onePersonOffices);
    if ("refused" in separation) throw new ApiError(403, "separation_of_duties", separation.refused, "authorization");
    decidedAlone = separation.alone;
  }

  let amountFen: number | null = null;
  let record: DecisionRecord | null = null;
  if (event === "approved") {
    // An approval is held to the ceiling under the catalog in force: a row the stale pass has not reached yet is
    // evaluated now (its enterprise, within the token's office, as the stale pass would), in this transaction.
    if (stored.evaluated_under !== store.catalogVersion) {
      await storeEvaluated(trx, store.engine, store.catalogVersion, { written: [], before: new Map(), creditCodes: [stored.credit_code], office: token.jurisdiction });
      await bumpRevision(trx);
      stored = await trx.selectFrom("ledger_rows").selectAll().where("application_id", "=", applicationId).executeTakeFirstOrThrow();
    }
    amountFen = fenOfExactYuan(body.amount as number);
    if (stored.error_code !== null) {
      throw new ApiError(422, "not_evaluable", { zh: `${applicationId} 无法计算上限（${stored.error_code}），不能核定`, en: `${applicationId} has no ceiling (${stored.error_code}); it cannot be approved` }, "amount");
    }
    if (stored.ceiling_fen !== null && amountFen > stored.ceiling_fen) {
      const [amount, ceiling] = [amountFen, stored.ceiling_fen].map((f) => ({ zh: formatYuan(f, "zh"), en: formatYuan(f, "en") })) as [{ zh: string; en: string }, { zh: string; en: string }];
      throw new ApiError(422, "approved_above_ceiling", { zh: `核定金额 ${amount.zh} 超过 ${applicationId} 的上限 ${ceiling.zh}`, en: `the approved amount ${amount.en} is above ${applicationId}'s ceiling ${ceiling.en}` }, "amount");
    }
    record = decisionRecordOf(store, row, { ceilingFen: stored.ceiling_fen, floorFen: stored.floor_fen, bound: stored.bound as DecisionRecord["bound"], verdict: stored.verdict }, stored.evaluated_under);
  }

  // An approval dates the row (核准日期) its decision date, as a batch's approval does; any other event leaves a row
  // that has had no approval, which takes no approval date (a batch refuses one on it), so none is kept.
  const next: LedgerRow = { ...row, status: to, ...(event === "approved" ? { approved: yuanFromFen(amountFen as number), approvalDate: date } : { approvalDate: null }) };
  const actor = { tokenId: token.id, name: token.name };
  const { result } = await store.upsertIn(trx, [next], actor, randomUUID(), {
    // The store's own office and role checks, as for any write of these fields.
    guard: (changes) => checkRowWrites(token, changes),
    office: token.jurisdiction,
  });
  const version = result.versions[0]?.version ?? stored.version;
  const [written] = await appendDecisions(trx, [
    {
      application_id: applicationId,
      jurisdiction: stored.jurisdiction,
      event,
      amount_fen: amountFen,
      decided_on: date,
      opinion: body.opinion ?? null,
      decided_alone: decidedAlone ? 1 : 0,
      row_version: version,
      token_id: token.id,
      token_name: token.name,
      recorded_at: new Date().toISOString(),
      catalog_version: store.catalogVersion,
      record: record === null ? null : JSON.stringify(record),
    },
  ]);
  if (!written) throw new Error("appendDecisions wrote nothing");
  return { decision: decisionView(written), row: { applicationId, version, status: next.status, approved: next.approved, approvalDate: next.approvalDate ?? null } };
}
