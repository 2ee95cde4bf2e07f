// Checks of one row against its own evaluation: the engine's errors, the credit code, status against amounts,
// approved against ceiling and floor, paid against approved. Checks across rows are in cross-row.ts.
import type { Text } from "../catalog/schema.ts";
import { SCOPE_LABEL, BOUND_LABEL } from "../engine/explain.ts";
import type { Bound, CapUse, EngineError } from "../engine/types.ts";
import { fenOfExactYuan, type Fen } from "../money/fen.ts";
import { formatAsWritten, formatYuan } from "../money/format.ts";
import type { CapAccount } from "./cap-accounts.ts";
import { STATUS_LABEL } from "./columns.ts";
import { creditCodeProblem } from "./credit-code.ts";
import type { LedgerRow, Status } from "./row.ts";
import type { Violation, ViolationCode } from "./violation.ts";

/** Rows still in play: what they ask for or were granted is checked against the rules. */
export function statusIsLive(status: Status): boolean {
  return status === "applied" || status === "approved" || status === "paid";
}

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
    this.found.length = 0;
    return this;
  }
  add(code: ViolationCode, message: Text, extra: Partial<Violation> = {}): void {
    this.found.push(violation(code, this.row, this.index, message, extra));
  }
  inconsistent(zh: string, en: string, field: string): void {
    this.add("status_inconsistent", { zh, en }, { field });
  }
  /** The row's violations, as a list of their own. */
  done(): readonly Violation[] {
    return this.found.length === 0 ? NO_VIOLATIONS : this.found.splice(0);
  }
}

const report = new RowReport();


/** What the checks need of a row's evaluation (an engine Evaluation is one). */
export type RowOutcome = { ok: false; error: EngineError } | { ok: true; ceilingFen: Fen | null; floorFen: Fen | null; bound: Bound };

/** The caps across rows on a row's path: what earlier rows consumed, and the row's ceiling were it alone. */
export interface CapContext {
  accounts: readonly { cap: CapUse; consumedFen: Fen; account: CapAccount }[];
  singleCeilingFen: Fen | null;
}

/** The checks of one row; `caps` is null for a provision without caps across rows. */
export function rowChecks(row: LedgerRow, index: number, evaluation: RowOutcome, caps: CapContext | null): readonly Violation[] {
  const r = report.start(row, index);
  const live = statusIsLive(row.status);

  const code = creditCodeProblem(row.creditCode);
  if (code) r.add("invalid_credit_code", { zh: `统一社会信用代码 ${row.creditCode} 无效：${code.zh}`, en: `credit code ${row.creditCode} is invalid: ${code.en}` }, { field: "creditCode" });

  if (row.approved !== null || row.paid !== null || row.paidDate !== null || row.status === "approved" || row.status === "paid") statusChecks(row, r);

  if (!evaluation.ok) {
    const { error } = evaluation;
    if (!live || error.code === "not_computable") return r.done();
    const map = { unknown_rule: "unknown_provision", invalid_input: "invalid_input", not_in_force: "not_in_force" } as const;
    const field = error.code === "unknown_rule" ? "provisionId" : error.code === "not_in_force" ? "applicationDate" : error.field === "amount" ? "amount" : (error.field ?? undefined);
    r.add(map[error.code], error.message, field === undefined ? {} : { field });
    return r.done();
  }

  const approved = row.approved === null ? null : fenOfExactYuan(row.approved);
  const decided = row.status === "approved" || row.status === "paid";
  if (decided && approved !== null) {
    const { ceilingFen, floorFen, bound } = evaluation;
    if (ceilingFen !== null && approved > ceilingFen) {
      if (caps !== null && caps.singleCeilingFen !== null && approved <= caps.singleCeilingFen) {
        // Alone the row would be within its ceiling: earlier rows used up the cap.
        const tight = caps.accounts
          .filter((a) => a.cap.limitFen - a.consumedFen < approved)
          .sort((a, b) => a.cap.limitFen - a.consumedFen - (b.cap.limitFen - b.consumedFen))[0];
        if (tight) {
          const users = tight.account.users;
          const listed = users.slice(0, RELATED_LIMIT).join(", ") + (users.length > RELATED_LIMIT ? ", …" : "");
          const scope = SCOPE_LABEL[tight.cap.scope];
          const headroom = Math.max(0, tight.cap.limitFen - tight.consumedFen);
          r.add(
            "cap_exceeded",
            {
              zh: `核定 ${y(approved, "zh")} 超过${scope.zh}上限 ${formatAsWritten(tight.cap.limitFen, "zh")} 的剩余额度 ${y(headroom, "zh")}（已由 ${listed} 占用 ${y(tight.consumedFen, "zh")}）`,
              en: `approved ${y(approved, "en")} exceeds the headroom ${y(headroom, "en")} left of the cap (${scope.en}) ${y(tight.cap.limitFen, "en")} after ${y(tight.consumedFen, "en")} used by ${listed}`,
            },
            { field: "approved", related: users.slice(0, RELATED_LIMIT), capKey: tight.cap.key },
          );
        }
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
  return r.done();
}

/** Status against amounts and dates: what each status implies must be there, and nothing it rules out. */
function statusChecks(row: LedgerRow, r: RowReport): void {
  const approved = row.approved === null ? null : fenOfExactYuan(row.approved);
  const paid = row.paid === null ? null : fenOfExactYuan(row.paid);
  const decided = row.status === "approved" || row.status === "paid";
  if (decided && approved === null) r.inconsistent("状态为已核定/已拨付，但未填核定金额", "status is approved or paid but no approved amount is entered", "approved");
  if (!decided && approved !== null && approved > 0) r.inconsistent(`状态为${STATUS_LABEL[row.status].zh}，却填有核定金额`, `status is ${row.status} but an approved amount is entered`, "approved");
  if (row.status !== "paid" && row.status !== "approved" && paid !== null && paid > 0) r.inconsistent(`状态为${STATUS_LABEL[row.status].zh}，却填有拨付金额`, `status is ${row.status} but a paid amount is entered`, "paid");
  if (row.status === "paid" && (paid === null || paid === 0)) r.inconsistent("状态为已拨付，但未填拨付金额", "status is paid but no paid amount is entered", "paid");
  if (paid !== null && paid > 0 && row.paidDate === null) r.inconsistent("填有拨付金额，但未填拨付日期", "a paid amount is entered without a paid date", "paidDate");
  if (row.paidDate !== null && row.paidDate < row.applicationDate) r.inconsistent(`拨付日期 ${row.paidDate} 早于申请日期 ${row.applicationDate}`, `paid date ${row.paidDate} is before the application date ${row.applicationDate}`, "paidDate");
  if (paid !== null && approved !== null && paid > approved) {
    r.add(
      "paid_above_approved",
      { zh: `拨付 ${y(paid, "zh")} 超过核定 ${y(approved, "zh")}`, en: `paid ${y(paid, "en")} is above approved ${y(approved, "en")}` },
      { field: "paid" },
    );
  }
}
