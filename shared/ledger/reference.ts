// The ledger's evaluation, plainly: the definition a reviewer reads, and that evaluateLedger (evaluate.ts) is held
// equal to by property tests (test/ledger/reference.test.ts) on every output. It shares nothing with the fast path
// but the engine, the catalog and the credit code's check: rows are row objects, caps are accounts in a Map keyed by
// text, every check is written out here, and nothing is fast.
//
// 1. Ledger order: application date, then application ID, then the row's JSON text, then its position.
// 2. In that order, each row is evaluated by the engine (under its notice, 申报批次, where it names one) with what earlier rows of the same enterprise (credit code
//    as entered) drew on each cap its provision has across rows, per the cap's scope and period:
//    per project ID, per calendar year of the application date, both or neither, as shared/catalog/cap-scopes.ts
//    states each scope's keys and period; award caps never across rows.
// 3. The row then draws its counted amount on every cap across rows on its path: approved and paid rows their
//    approved amount (the paid amount when none is approved), applied rows their ceiling (their floor when the text
//    sets no ceiling), rejected and withdrawn rows and rows the engine refuses nothing.
// 4. Each row's own checks, then duplicate IDs and stacking across rows (see the functions below).
import { accountPeriod } from "../catalog/cap-scopes.ts";
import type { Engine } from "../engine/engine.ts";
import type { Bound, CapUse, ErrorCode, Evaluation } from "../engine/types.ts";
import type { Fen } from "../money/fen.ts";
import { fenOfExactYuan } from "../money/fen.ts";
import { creditCodeProblem } from "./credit-code.ts";
import type { LedgerRow } from "./row.ts";
import { VIOLATION_CODES, type ViolationCode } from "./violation.ts";

/** A violation as the definition states it: what, on which field, naming which rows and cap (no wording). */
export interface ReferenceViolation {
  index: number;
  code: ViolationCode;
  field?: string;
  related?: string[];
  capKey?: string;
}

export interface ReferenceRow {
  ceilingFen: Fen | null;
  floorFen: Fen | null;
  bound: Bound | null;
  error: ErrorCode | null;
  countedFen: Fen;
  /** The caps across rows the row drew on, with what it drew. */
  drawn: { capKey: string; fen: Fen }[];
  verdict: "ok" | "violation" | "unchecked";
  violations: ReferenceViolation[];
}

/** How many earlier rows a cap_exceeded names. */
const RELATED_LIMIT = 10;
const fen = (yuan: number | null): Fen | null => (yuan === null ? null : fenOfExactYuan(yuan));
const decided = (row: LedgerRow) => row.status === "approved" || row.status === "paid";
const live = (row: LedgerRow) => row.status === "applied" || decided(row);

/** The account a row's enterprise keeps for a cap, as text; null for award caps, which never span rows. */
function accountKey(row: LedgerRow, cap: CapUse): string | null {
  const period = accountPeriod(cap.scope, row);
  return period === null ? null : JSON.stringify([row.creditCode, cap.key, period]);
}

/** Each row's outcome (in input order) and every violation, in ledger order. */
export function referenceLedger(engine: Engine, rows: readonly LedgerRow[]): { rows: ReferenceRow[]; violations: ReferenceViolation[] } {
  const order = rows.map((_, i) => i).sort((a, b) => {
    const [x, y] = [rows[a] as LedgerRow, rows[b] as LedgerRow];
    const keys = [x.applicationDate, y.applicationDate, x.applicationId, y.applicationId, JSON.stringify(x), JSON.stringify(y)];
    for (let k = 0; k < keys.length; k += 2) if (keys[k] !== keys[k + 1]) return (keys[k] as string) < (keys[k + 1] as string) ? -1 : 1;
    return a - b;
  });
  const accounts = new Map<string, { fen: Fen; users: string[] }>();
  const out: ReferenceRow[] = new Array(rows.length);
  for (const i of order) {
    const row = rows[i] as LedgerRow;
    const caps = (engine.lookup(row.provisionId)?.compiled.caps ?? []).filter((cap) => accountKey(row, cap) !== null);
    const awardedFen = Object.fromEntries(caps.map((cap) => [cap.key, accounts.get(accountKey(row, cap) as string)?.fen ?? 0]));
    const evaluation = engine.evaluate(row.provisionId, row.amount, row.facts, { date: row.applicationDate, awardedFen, trace: false, notice: row.notice });
    const ok = evaluation.ok ? evaluation : null;
    const countedFen = !ok ? 0 : decided(row) ? (fen(row.approved) ?? fen(row.paid) ?? 0) : row.status === "applied" ? (ok.ceilingFen ?? ok.floorFen ?? 0) : 0;
    const violations = rowChecks(engine, row, i, evaluation, accounts);
    const drawn: ReferenceRow["drawn"] = [];
    for (const cap of ok && countedFen > 0 ? ok.caps : []) {
      const key = accountKey(row, cap);
      if (key === null) continue;
      const account = accounts.get(key) ?? { fen: 0, users: [] };
      accounts.set(key, { fen: account.fen + countedFen, users: [...account.users, row.applicationId] });
      drawn.push({ capKey: cap.key, fen: countedFen });
    }
    out[i] = { ceilingFen: ok?.ceilingFen ?? null, floorFen: ok?.floorFen ?? null, bound: ok?.bound ?? null, error: evaluation.ok ? null : evaluation.error.code, countedFen, drawn, verdict: ok ? "ok" : "unchecked", violations };
  }
  for (const v of [...duplicates(rows, order), ...stacking(engine, rows, order, out)]) out[v.index]?.violations.push(v);
  for (const r of out) {
    r.violations.sort((a, b) => VIOLATION_CODES.indexOf(a.code) - VIOLATION_CODES.indexOf(b.code));
    if (r.violations.length > 0) r.verdict = "violation";
  }
  return { rows: out, violations: order.flatMap((i) => (out[i] as ReferenceRow).violations) };
}

/** The checks of one row against its own evaluation and the accounts as earlier rows left them. */
function rowChecks(engine: Engine, row: LedgerRow, index: number, evaluation: Evaluation, accounts: Map<string, { fen: Fen; users: string[] }>): ReferenceViolation[] {
  const found: ReferenceViolation[] = [];
  const add = (code: ViolationCode, field?: string, extra: Partial<ReferenceViolation> = {}) => found.push({ index, code, ...(field ? { field } : {}), ...extra });
  const [approved, paid] = [fen(row.approved), fen(row.paid)];
  if (creditCodeProblem(row.creditCode)) add("invalid_credit_code", "creditCode");
  // Status against amounts and dates.
  if (decided(row) && approved === null) add("status_inconsistent", "approved");
  if (!decided(row) && (approved ?? 0) > 0) add("status_inconsistent", "approved");
  if (!decided(row) && (paid ?? 0) > 0) add("status_inconsistent", "paid");
  if (row.status === "paid" && !paid) add("status_inconsistent", "paid");
  if ((paid ?? 0) > 0 && row.paidDate === null) add("status_inconsistent", "paidDate");
  if (row.paidDate !== null && row.paidDate < row.applicationDate) add("status_inconsistent", "paidDate");
  if (paid !== null && approved !== null && paid > approved) add("paid_above_approved", "paid");
  // What the engine refused, on rows still in play (a provision the text gives no amount for is no violation).
  if (!evaluation.ok) {
    const { code, field } = evaluation.error;
    // The engine's codes are the violations' own.
    const at = code === "unknown_provision" ? "provisionId" : code === "not_in_force" ? "applicationDate" : field;
    if (live(row) && code !== "not_computable") add(code, at);
    return found;
  }
  if (!decided(row) || approved === null) return found;
  const { ceilingFen, floorFen } = evaluation;
  if (ceilingFen !== null && approved > ceilingFen) {
    // Within the row's own ceiling (no earlier row counted), the excess is a cap used up by earlier rows: the cap
    // with least headroom among those left short of the award, naming the rows that drew on it. Otherwise (or if
    // no cap is short, which a ceiling below the award rules out) the award is above the row's ceiling.
    const alone = engine.evaluate(row.provisionId, row.amount, row.facts, { date: row.applicationDate, awarded: {}, trace: false, notice: row.notice });
    const onPath = evaluation.caps.flatMap((cap) => {
      const key = accountKey(row, cap);
      return key === null ? [] : [{ cap, account: accounts.get(key) ?? { fen: 0, users: [] } }];
    });
    const headroom = (a: (typeof onPath)[number]) => a.cap.limitFen - a.account.fen;
    const usedUp = onPath.some((a) => a.account.fen > 0) && alone.ok && alone.ceilingFen !== null && approved <= alone.ceilingFen;
    const tight = usedUp ? onPath.filter((a) => headroom(a) < approved).sort((a, b) => headroom(a) - headroom(b))[0] : undefined;
    if (tight) add("cap_exceeded", "approved", { related: tight.account.users.slice(0, RELATED_LIMIT), capKey: tight.cap.key });
    else add("approved_above_ceiling", "approved");
  }
  if (floorFen !== null && approved < floorFen) add("approved_below_floor", "approved");
  return found;
}

/** Every row after the first, in ledger order, with an application ID already used names that ID. */
function duplicates(rows: readonly LedgerRow[], order: readonly number[]): ReferenceViolation[] {
  const seen = new Set<string>();
  const out: ReferenceViolation[] = [];
  for (const i of order) {
    const id = (rows[i] as LedgerRow).applicationId;
    if (seen.has(id)) out.push({ index: i, code: "duplicate_id", field: "applicationId", related: [id] });
    seen.add(id);
  }
  return out;
}

/**
 * A project (enterprise and project ID) with live rows under two provisions of one `sameKind` group (of any
 * documents; a row is in every group its provision is named in): under 就高 the row with the higher stake stands
 * (approved once decided, else ceiling, else floor; ties: the earlier in ledger order), under 就新 the row of the
 * newer document (by day of issue; ties: the later application, then the later in ledger order); every row under
 * another provision than the one that stands is reported, naming it.
 */
function stacking(engine: Engine, rows: readonly LedgerRow[], order: readonly number[], evaluated: readonly ReferenceRow[]): ReferenceViolation[] {
  const groupsOf = new Map<string, { key: string; principle: "higher" | "newer" }[]>();
  for (const document of engine.catalog.documents) {
    const stacking = document.stacking;
    stacking?.sameKind.forEach((kind, n) => {
      for (const id of kind.provisions) groupsOf.set(id, [...(groupsOf.get(id) ?? []), { key: `${document.key}#${n}`, principle: stacking.principle }]);
    });
  }
  const projects = new Map<string, { principle: "higher" | "newer"; list: number[] }>();
  for (const i of order) {
    const row = rows[i] as LedgerRow;
    if (!live(row)) continue;
    for (const group of groupsOf.get(row.provisionId) ?? []) {
      const key = JSON.stringify([group.key, row.creditCode, row.projectId]);
      const project = projects.get(key) ?? { principle: group.principle, list: [] };
      project.list.push(i);
      projects.set(key, project);
    }
  }
  const out: ReferenceViolation[] = [];
  for (const { principle, list } of projects.values()) {
    const row = (i: number) => rows[i] as LedgerRow;
    if (new Set(list.map((i) => row(i).provisionId)).size < 2) continue;
    const stake = (i: number) => (decided(row(i)) && row(i).approved !== null ? (fen(row(i).approved) as Fen) : (evaluated[i]?.ceilingFen ?? evaluated[i]?.floorFen ?? 0));
    const issued = (i: number) => engine.lookup(row(i).provisionId)?.entry.document.issued ?? "";
    const newer = (i: number, than: number) => issued(i) > issued(than) || (issued(i) === issued(than) && row(i).applicationDate >= row(than).applicationDate);
    let standing = list[0] as number;
    for (const i of list.slice(1)) if (principle === "higher" ? stake(i) > stake(standing) : newer(i, standing)) standing = i;
    for (const i of list) {
      if (row(i).provisionId !== row(standing).provisionId) out.push({ index: i, code: "stacking", field: "provisionId", related: [row(standing).applicationId] });
    }
  }
  return out;
}
