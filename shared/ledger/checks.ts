// Checks of one row against its own evaluation: the engine's errors, the credit code, status against amounts,
// approved against ceiling and floor, paid against approved. Checks across rows are in cross-row.ts.
import type { Text } from "../catalog/schema.ts";
import { CAP_SCOPE_TABLE } from "../catalog/cap-scopes.ts";
import { BOUND_LABEL } from "../engine/explain.ts";
import type { Bound, CapUse, EngineError } from "../engine/types.ts";
import type { Fen } from "../money/fen.ts";
import { formatAsWritten, formatYuan } from "../money/format.ts";
import { STATUS_LABEL } from "./columns.ts";
import { creditCodeProblem } from "./credit-code.ts";
import { isDecided, isLive, STATUS_CODE, type LedgerInput } from "./ledger-input.ts";
import type { LedgerRow } from "./row.ts";
import { VIOLATION_CODES, type Violation, type ViolationCode } from "./violation.ts";

const y = (fen: Fen, lang: "zh" | "en") => formatYuan(fen, lang);
/** How many earlier rows a cap_exceeded message lists by ID before "…". */
const RELATED_LIMIT = 10;

export function violation(code: ViolationCode, row: LedgerRow, index: number, message: Text, extra: Partial<Violation> = {}): Violation {
  return { code, applicationId: row.applicationId, index, message, ...extra };
}

/** What rowChecks returns for a row without violations: shared, never to be modified. */
const NO_VIOLATIONS: readonly Violation[] = Object.freeze([]);

/**
 * Collects the violations of the row being checked. One collector serves every row (checks are synchronous and
 * never nest): a million-row ledger, most of whose rows are clean, allocates nothing for them.
 */
class RowReport {
  row!: LedgerRow;
  index = 0;
  readonly found: Violation[] = [];
  start(row: LedgerRow, index: number): this {
    this.row = row;
    this.index = index;
    // done() leaves it empty; setting the length anyway costs a runtime call per row.
    if (this.found.length > 0) this.found.length = 0;
    return this;
  }
  add(code: ViolationCode, message: Text, extra: Partial<Violation> = {}): void {
    this.found.push(violation(code, this.row, this.index, message, extra));
  }
  inconsistent(zh: string, en: string, field: string): void {
    this.add("status_inconsistent", { zh, en }, { field });
  }
  /** The row's violations, as a list of their own, in the order of VIOLATION_CODES. */
  done(): readonly Violation[] {
    if (this.found.length === 0) return NO_VIOLATIONS;
    if (this.found.length > 1) this.found.sort(byCode);
    return this.found.splice(0);
  }
}

const report = new RowReport();

/** Orders violations as VIOLATION_CODES lists their codes: every list of a row's violations is in this order. */
export function byCode(a: Violation, b: Violation): number {
  return VIOLATION_CODES.indexOf(a.code) - VIOLATION_CODES.indexOf(b.code);
}


/** What the checks need of a row's evaluation (an engine Evaluation is one). */
export type RowOutcome = { ok: false; error: EngineError } | { ok: true; ceilingFen: Fen | null; floorFen: Fen | null; bound: Bound };

/** A cap across rows on a row's path: what earlier rows consumed of it, and their application IDs in ledger order. */
export interface CapState {
  cap: CapUse;
  consumedFen: Fen;
  users: readonly string[];
}

/** The caps across rows on a row's path, and the row's ceiling were it alone. */
export interface CapContext {
  accounts: readonly CapState[];
  singleCeilingFen: Fen | null;
}

/**
 * The checks of row i of the input (reported at `index`, its position for the caller); `caps` is null unless the
 * row's approved amount is above its ceiling after earlier rows consumed caps on its path. `codeProblem` is what is
 * wrong with the row's credit code: a ledger works it out once per enterprise, not once per row. The checks read
 * the input's columns; the row object is read only to word a violation.
 */
export function rowChecks(input: LedgerInput, i: number, index: number, evaluation: RowOutcome, caps: CapContext | null, codeProblem?: Text | null): readonly Violation[] {
  const row = input.rows[i] as LedgerRow;
  const r = report.start(row, index);
  const status = input.status[i] as number;
  const live = isLive(status);
  const approvedFen = input.approvedFen[i] as number;
  const problem = codeProblem === undefined ? creditCodeProblem(row.creditCode) : codeProblem;

  if (problem) r.add("invalid_credit_code", { zh: `统一社会信用代码 ${row.creditCode} 无效：${problem.zh}`, en: `credit code ${row.creditCode} is invalid: ${problem.en}` }, { field: "creditCode" });

  if (!Number.isNaN(approvedFen) || !Number.isNaN(input.paidFen[i] as number) || !Number.isNaN(input.paidDay[i] as number) || isDecided(status)) statusChecks(input, i, r);

  if (!evaluation.ok) {
    if (live) engineErrorCheck(evaluation.error, r);
  } else if (isDecided(status) && !Number.isNaN(approvedFen)) awardChecks(approvedFen, evaluation, caps, r);
  return r.done();
}

/** A live row the engine refused: why, as the violation the engine's error maps to (not computable is no violation). */
function engineErrorCheck(error: EngineError, r: RowReport): void {
  if (error.code === "not_computable") return;
  // The engine's codes are the violations' own.
  const field = error.code === "unknown_provision" ? "provisionId" : error.code === "not_in_force" ? "applicationDate" : error.field === "amount" ? "amount" : (error.field ?? undefined);
  r.add(error.code, error.message, field === undefined ? {} : { field });
}

/** A decided award against the row's ceiling and floor; above the ceiling, whether a cap used up across rows is why. */
function awardChecks(approved: Fen, evaluation: { ceilingFen: Fen | null; floorFen: Fen | null; bound: Bound }, caps: CapContext | null, r: RowReport): void {
  const { ceilingFen, floorFen, bound } = evaluation;
  if (ceilingFen !== null && approved > ceilingFen) {
    // Alone the row would be within its ceiling: earlier rows used up the cap with least headroom left (an award
    // above the ceiling is always reported, as one or the other).
    const tight =
      caps !== null && caps.singleCeilingFen !== null && approved <= caps.singleCeilingFen
        ? caps.accounts.filter((a) => a.cap.limitFen - a.consumedFen < approved).sort((a, b) => a.cap.limitFen - a.consumedFen - (b.cap.limitFen - b.consumedFen))[0]
        : undefined;
    if (tight) {
      const users = tight.users;
      const listed = users.slice(0, RELATED_LIMIT).join(", ") + (users.length > RELATED_LIMIT ? ", …" : "");
      const scope = CAP_SCOPE_TABLE[tight.cap.scope].label;
      const headroom = Math.max(0, tight.cap.limitFen - tight.consumedFen);
      r.add(
        "cap_exceeded",
        {
          zh: `核定 ${y(approved, "zh")} 超过${scope.zh}上限 ${formatAsWritten(tight.cap.limitFen, "zh")} 的剩余额度 ${y(headroom, "zh")}（已由 ${listed} 占用 ${y(tight.consumedFen, "zh")}）`,
          en: `approved ${y(approved, "en")} exceeds the headroom ${y(headroom, "en")} left of the cap (${scope.en}) ${y(tight.cap.limitFen, "en")} after ${y(tight.consumedFen, "en")} drawn by ${listed}`,
        },
        { field: "approved", related: users.slice(0, RELATED_LIMIT), capKey: tight.cap.key },
      );
    } else {
      const by = BOUND_LABEL[bound];
      r.add(
        "approved_above_ceiling",
        {
          zh: `核定 ${y(approved, "zh")} 超过最高可补 ${y(ceilingFen, "zh")}（决定因素：${by.zh}）`,
          en: `approved ${y(approved, "en")} is above the ceiling ${y(ceilingFen, "en")} (decided by ${by.en})`,
        },
        { field: "approved" },
      );
    }
  }
  if (floorFen !== null && approved < floorFen) {
    r.add(
      "approved_below_floor",
      { zh: `核定 ${y(approved, "zh")} 低于原文规定的最低额 ${y(floorFen, "zh")}`, en: `approved ${y(approved, "en")} is below the floor the text sets, ${y(floorFen, "en")}` },
      { field: "approved" },
    );
  }
}

/** Status against amounts and dates: what each status implies must be there, and nothing it rules out. */
function statusChecks(input: LedgerInput, i: number, r: RowReport): void {
  const row = r.row;
  const status = input.status[i] as number;
  const approved = input.approvedFen[i] as number;
  const paid = input.paidFen[i] as number;
  const paidDay = input.paidDay[i] as number;
  const decided = isDecided(status);
  const paidStatus = status === STATUS_CODE.paid;
  if (decided && Number.isNaN(approved)) r.inconsistent("状态为已核定/已拨付，但未填核定金额", "status is approved or paid but no approved amount is entered", "approved");
  if (!decided && approved > 0) r.inconsistent(`状态为${STATUS_LABEL[row.status].zh}，却填有核定金额`, `status is ${row.status} but an approved amount is entered`, "approved");
  if (!decided && paid > 0) r.inconsistent(`状态为${STATUS_LABEL[row.status].zh}，却填有拨付金额`, `status is ${row.status} but a paid amount is entered`, "paid");
  if (paidStatus && (Number.isNaN(paid) || paid === 0)) r.inconsistent("状态为已拨付，但未填拨付金额", "status is paid but no paid amount is entered", "paid");
  if (paid > 0 && Number.isNaN(paidDay)) r.inconsistent("填有拨付金额，但未填拨付日期", "a paid amount is entered without a paid date", "paidDate");
  if (!Number.isNaN(paidDay) && paidBefore(input, i)) r.inconsistent(`拨付日期 ${row.paidDate} 早于申请日期 ${row.applicationDate}`, `paid date ${row.paidDate} is before the application date ${row.applicationDate}`, "paidDate");
  if (paid > approved) {
    r.add(
      "paid_above_approved",
      { zh: `拨付 ${y(paid, "zh")} 超过核定 ${y(approved, "zh")}`, en: `paid ${y(paid, "en")} is above approved ${y(approved, "en")}` },
      { field: "paid" },
    );
  }
}

/** Whether the paid date is before the application date: by day keys, or as text where one is not a day. */
function paidBefore(input: LedgerInput, i: number): boolean {
  const paidDay = input.paidDay[i] as number;
  const day = input.day[i] as number;
  if (paidDay >= 0 && !Number.isNaN(day)) return paidDay < day;
  const row = input.rows[i] as LedgerRow;
  return row.paidDate !== null && row.paidDate < row.applicationDate;
}
