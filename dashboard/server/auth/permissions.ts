// What a token may write and read: its office (jurisdiction) first, then its roles.
//
// Jurisdiction: a ledger row belongs to its provision's document's jurisdiction (a row whose provision the
// catalog does not know belongs to none, so only an `all` token may write it). Writing a row needs the token's
// jurisdiction to be that of the row as sent and, for an update, that of the row as stored too, so no one moves
// another office's row into their own. A commitment belongs to its jurisdiction. Refusals name the field
// `jurisdiction` of every row at fault, and come before any other check, whatever the other fields say.
//
// Roles, from what the row changes against its stored version (a new row changes everything it carries):
//   - the application's own fields (enterprise, amount, dates, provision, facts …) and status applied/withdrawn: clerk
//   - status approved or rejected, the approved amount or the approval date (核准日期): reviewer
//   - status paid, or the paid amount or date: payer
//   - the note alone: any of the three (each writes notes in their step)
// A row sent unchanged needs no role beyond being a writer. Commitments need admin.
import type { Commitment } from "../../../shared/catalog/schema.ts";
import { mayWriteIn, officeLabel, ROLE_LABEL, UNSCOPED } from "../../../shared/ledger/offices.ts";
import { TERMS } from "../../../shared/terms.ts";
import type { LedgerRow } from "../../../shared/ledger/row.ts";
import type { ServerConfig } from "../config.ts";
import { ApiError, type Issue, type Text } from "../errors.ts";
import { EDITOR_ROLES, type RoleName, type TokenInfo, type TokenJurisdiction } from "./tokens.ts";
import type { ErrorCode } from "../../../shared/error-codes.ts";

/** One row of a batch as the store sees it under the write lock. */
export interface RowChange {
  index: number;
  row: LedgerRow;
  /** The jurisdiction of the row as sent (null: its provision is unknown). */
  jurisdiction: string | null;
  /** The row as stored, when it exists. */
  before: { jurisdiction: string | null; data: string } | null;
  /** Sent exactly as stored (nothing is written for it). */
  unchanged: boolean;
}

/** The role each step of an award needs (requiredRoles below), and commitments'. */
export const STEP_ROLE = { submit: "clerk", approve: "reviewer", pay: "payer", commitments: "admin" } as const satisfies Record<string, RoleName>;

export function refuse(status: number, code: ErrorCode, issues: Issue[]): never {
  const first = issues[0];
  if (!first) throw new Error("refuse() without an issue");
  const more = issues.length > 1 ? { zh: `（另有 ${issues.length - 1} 处）`, en: ` (and ${issues.length - 1} more)` } : { zh: "", en: "" };
  throw new ApiError(status, code, { zh: first.message.zh + more.zh, en: first.message.en + more.en }, first.field, issues);
}

export function jurisdictionIssue(field: string, what: Text, theirs: string | null, token: TokenInfo): Issue {
  const mine = officeLabel(token.jurisdiction);
  const other = officeLabel(theirs);
  return {
    field,
    message: {
      zh: `${what.zh}属于${other.zh}，本令牌只能写入${mine.zh}`,
      en: `${what.en} belongs to ${other.en}; this token writes only in ${mine.en}`,
    },
  };
}

/** Why a token may not write at all (no office, or no writing role), or null when it may. */
export function writerRefusal(token: TokenInfo): ApiError | null {
  if (token.jurisdiction === null) {
    return new ApiError(
      403,
      "token_unscoped",
      {
        zh: `此令牌创建于${TERMS.office.zh}与角色之前（${UNSCOPED.zh}），不能写入；请用 \`subsidy token create --jurisdiction <${TERMS.office.zh}> --role <角色>\` 重新签发`,
        en: `this token was made before offices and roles (${UNSCOPED.en}) and cannot write; re-issue it with \`subsidy token create --jurisdiction <${TERMS.office.en.toLowerCase()}> --role <roles>\``,
      },
      "authorization",
    );
  }
  if (!token.roles.some((r) => r !== "viewer")) {
    return new ApiError(403, "role_required", { zh: "查看者令牌不能写入，请使用有写入角色的令牌", en: "a viewer token cannot write; use a token with a writing role" }, "authorization");
  }
  return null;
}

/** The writer's checks every write route starts with: a token that may write at all (an office, a writing role). */
export function assertWriter(token: TokenInfo | null): asserts token is TokenInfo & { jurisdiction: TokenJurisdiction } {
  if (!token) throw new Error("write route reached without a token");
  const refusal = writerRefusal(token);
  if (refusal) throw refusal;
}

/**
 * An application notice entered through the service (routes/notices.ts): a clerk or an admin of the notice's office
 * drafts and edits it, an admin of the office publishes it (the approval that makes its figures paid).
 */
export const NOTICE_ROLES = { draft: ["clerk", "admin"], publish: ["admin"] } as const satisfies Record<string, readonly RoleName[]>;
export type NoticeAction = keyof typeof NOTICE_ROLES;

function holdsNoticeRole(token: TokenInfo, action: NoticeAction): boolean {
  return writerRefusal(token) === null && NOTICE_ROLES[action].some((role) => token.roles.includes(role));
}

/** A notice's write: the notice's office (403 naming `jurisdiction`), then the action's role (403 naming `authorization`). */
export function checkNoticeWrite(token: TokenInfo, jurisdiction: string | null, action: NoticeAction): void {
  if (!mayWriteIn(token, jurisdiction)) refuse(403, "forbidden_jurisdiction", [jurisdictionIssue("jurisdiction", { zh: "该申报通知", en: "the notice" }, jurisdiction, token)]);
  if (!holdsNoticeRole(token, action)) {
    const roles = NOTICE_ROLES[action].map((r) => ROLE_LABEL[r]);
    const what = action === "draft" ? { zh: "起草或修改申报通知", en: "drafting or editing a notice" } : { zh: "发布申报通知", en: "publishing a notice" };
    refuse(403, "role_required", [
      {
        field: "authorization",
        message: { zh: `${what.zh}需要「${roles.map((r) => r.zh).join("」或「")}」角色，本令牌没有`, en: `${what.en} needs the ${roles.map((r) => r.en).join(" or ")} role, which this token lacks` },
      },
    ]);
  }
}

/**
 * What a token may do, from the same checks the write routes make: a writer (writerRefusal) holding the role of
 * the step (STEP_ROLE), or of the notice's action (NOTICE_ROLES). Within its office only; which rows are its
 * office's is checkRowWrites's, per row, and which notices checkNoticeWrite's.
 */
export function capabilities(token: TokenInfo): { submit: boolean; approve: boolean; pay: boolean; commitments: boolean; draftNotice: boolean; publishNotice: boolean; read: boolean } {
  const writer = writerRefusal(token) === null;
  const has = (role: RoleName) => writer && token.roles.includes(role);
  // Every live token reads (its office's rows, or all of them: readScope).
  return {
    submit: has(STEP_ROLE.submit),
    approve: has(STEP_ROLE.approve),
    pay: has(STEP_ROLE.pay),
    commitments: has(STEP_ROLE.commitments),
    draftNotice: holdsNoticeRole(token, "draft"),
    publishNotice: holdsNoticeRole(token, "publish"),
    read: true,
  };
}

/** The fields of a row that only the clerk's step sets (everything but status, approved, approvalDate, paid, paidDate, note). */
const STEP_FIELDS = new Set(["status", "approved", "approvalDate", "paid", "paidDate", "note"]);

/** Key order aside (the stored facts are sorted, a client's come as it sent them), the same value. */
function stable(value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, stable(v)]));
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(stable(a)) === JSON.stringify(stable(b));
}

/** The roles a row's change needs, each with the field that needs it (a change of the note alone needs none of the steps). */
export function requiredRoles(row: LedgerRow, before: LedgerRow | null): { role: RoleName; field: string }[] {
  const needs: { role: RoleName; field: string }[] = [];
  // An optional field (the notice, 申报批次) absent from one side is compared as null: a row sent without the notice
  // it is stored with changes it (the clerk's), one stored with "notice": null and sent without it does not.
  const changed = (field: keyof LedgerRow): boolean => (before === null ? true : !same(row[field] ?? null, before[field] ?? null));
  const fields = new Set([...Object.keys(row), ...(before === null ? [] : Object.keys(before))]) as Set<keyof LedgerRow>;
  const applicationField = [...fields].find((f) => !STEP_FIELDS.has(f) && changed(f));
  if (applicationField) needs.push({ role: STEP_ROLE.submit, field: applicationField });
  if (before === null || row.status !== before.status) {
    const role: RoleName = row.status === "approved" || row.status === "rejected" ? STEP_ROLE.approve : row.status === "paid" ? STEP_ROLE.pay : STEP_ROLE.submit;
    needs.push({ role, field: "status" });
  }
  if (before === null ? row.approved !== null : changed("approved")) needs.push({ role: STEP_ROLE.approve, field: "approved" });
  if (before === null ? row.approvalDate != null : changed("approvalDate")) needs.push({ role: STEP_ROLE.approve, field: "approvalDate" });
  if (before === null ? row.paid !== null : changed("paid")) needs.push({ role: STEP_ROLE.pay, field: "paid" });
  if (before === null ? row.paidDate !== null : changed("paidDate")) needs.push({ role: STEP_ROLE.pay, field: "paidDate" });
  return needs;
}

/** Refuses a batch (403) with a row of another office, then one the token's roles do not cover. Nothing is written. */
export function checkRowWrites(token: TokenInfo, changes: readonly RowChange[]): void {
  const issues: Issue[] = [];
  for (const c of changes) {
    const field = `rows.${c.index}.jurisdiction`;
    const what = { zh: `第 ${c.index + 1} 行（${c.row.applicationId}）`, en: `row ${c.index + 1} (${c.row.applicationId})` };
    if (c.before && !mayWriteIn(token, c.before.jurisdiction)) {
      issues.push(jurisdictionIssue(field, { zh: `${what.zh}在台账中`, en: `${what.en} as stored` }, c.before.jurisdiction, token));
    } else if (!mayWriteIn(token, c.jurisdiction)) {
      issues.push(jurisdictionIssue(field, what, c.jurisdiction, token));
    }
  }
  if (issues.length > 0) refuse(403, "forbidden_jurisdiction", issues);
  const rowRole = token.roles.some((r) => EDITOR_ROLES.includes(r));
  for (const c of changes) {
    if (c.unchanged) continue;
    const before = c.before ? (JSON.parse(c.before.data) as LedgerRow) : null;
    // A change of the note alone needs no step's role, but still one of the three.
    const needs = requiredRoles(c.row, before);
    const missing = needs.find((n) => !token.roles.includes(n.role)) ?? (rowRole ? undefined : { role: STEP_ROLE.submit, field: "note" });
    if (missing) {
      const what = { zh: `第 ${c.index + 1} 行（${c.row.applicationId}）的 ${missing.field}`, en: `${missing.field} of row ${c.index + 1} (${c.row.applicationId})` };
      issues.push(roleIssue(`rows.${c.index}.${missing.field}`, missing.role, what));
    }
  }
  if (issues.length > 0) refuse(403, "role_required", issues);
}

export function roleIssue(field: string, role: RoleName, what: Text): Issue {
  return {
    field,
    message: {
      zh: `修改${what.zh}需要「${ROLE_LABEL[role].zh}」角色，本令牌没有`,
      en: `changing ${what.en} needs the ${ROLE_LABEL[role].en} role, which this token lacks`,
    },
  };
}

/** Commitments: each of the token's office, then the admin role. */
export function checkCommitmentWrites(token: TokenInfo, commitments: readonly Pick<Commitment, "jurisdiction" | "year">[]): void {
  const issues = commitments.flatMap((c, i) =>
    mayWriteIn(token, c.jurisdiction) ? [] : [jurisdictionIssue(`commitments.${i}.jurisdiction`, { zh: `第 ${i + 1} 项预算承诺（${c.year} 年）`, en: `commitment ${i + 1} (${c.year})` }, c.jurisdiction, token)],
  );
  if (issues.length > 0) refuse(403, "forbidden_jurisdiction", issues);
  if (!token.roles.includes(STEP_ROLE.commitments)) refuse(403, "role_required", [roleIssue("authorization", STEP_ROLE.commitments, { zh: "预算承诺", en: "commitments" })]);
}

/**
 * The jurisdiction reads are confined to, or null for all of them: a token of one office reads that office,
 * unless the read access is configured open. `all`, unscoped tokens (which read everything before offices
 * existed, and keep that until re-issued) and reads without a token (which the read-access setting admitted)
 * are not confined.
 */
export function readScope(token: TokenInfo | null, config: Pick<ServerConfig, "readAccess">): string | null {
  if (config.readAccess === "open" || !token || token.jurisdiction === null || token.jurisdiction === "all") return null;
  return token.jurisdiction;
}

/** A filter's jurisdiction under a read scope: the scope's; a request for another office is refused (403). */
export function scopedJurisdiction(scope: string | null, asked: string | undefined, field = "jurisdiction"): string | undefined {
  if (scope === null) return asked;
  if (asked !== undefined && asked !== scope) {
    const mine = officeLabel(scope);
    const other = officeLabel(asked);
    throw new ApiError(403, "forbidden_jurisdiction", { zh: `本令牌只能读取${mine.zh}，不能读取${other.zh}`, en: `this token reads only ${mine.en}, not ${other.en}` }, field);
  }
  return scope;
}
