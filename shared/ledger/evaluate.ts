// Cap-aware evaluation of a whole ledger. A single SUBSIDY call cannot see the other rows; the ledger can.
//
// Rows are taken in ledger order (application date, then application ID; see order.ts), and each row's ceiling is
// computed after what earlier rows of the same enterprise consumed of every cap on its path, per the cap's scope
// and period (cap-accounts.ts). What a row consumes (its "counted" amount):
//   - approved and paid rows: their approved amount (the paid amount when no approved amount is entered), even
//     where it exceeds the ceiling — that money is committed, and the excess is reported as a violation;
//   - applied (pending) rows: their ceiling, as a reservation — an application waiting for a decision holds the
//     headroom it could be granted, so a later application cannot be approved out of headroom an earlier one
//     may still need; a provision without a ceiling (100万元及以上) reserves its floor;
//   - rejected and withdrawn rows: nothing;
//   - rows the engine cannot evaluate (unknown provision, invalid inputs, not in force, not computable): nothing,
//     since the caps on their path are unknown; they are reported instead.
import type { DocumentKey, Jurisdiction } from "../catalog/schema.ts";
import type { Engine } from "../engine/engine.ts";
import type { Bound, CapUse, EngineError, EvaluationOk, TraceStep } from "../engine/types.ts";
import { fenOfExactYuan, type Fen } from "../money/fen.ts";
import { accountKey, CapAccounts, type CapAccount } from "./cap-accounts.ts";
import { rowChecks } from "./checks.ts";
import { ledgerOrder } from "./order.ts";
import type { LedgerRow } from "./row.ts";
import { identityChecks, stackingChecks } from "./cross-row.ts";
import { VIOLATION_CODES, type Violation } from "./violation.ts";

/** How the row stands against its ceiling: ok, violation(s) found, or unchecked (no ceiling could be computed). */
export type Verdict = "ok" | "violation" | "unchecked";

export interface EvaluatedRow {
  row: LedgerRow;
  /** Position in the input (0-based). */
  index: number;
  /** Null when the provision is unknown. */
  jurisdiction: Jurisdiction | null;
  document: DocumentKey | null;
  /** Calendar year of the application date: the period of annual caps and of commitments. */
  year: number;
  /** Yuan; null when the text sets no ceiling or the row could not be evaluated (see error). */
  ceiling: number | null;
  floor: number | null;
  ceilingFen: Fen | null;
  floorFen: Fen | null;
  /** What decided the ceiling; null when the row could not be evaluated. */
  bound: Bound | null;
  /** Caps on the row's path. */
  caps: CapUse[];
  trace: TraceStep[];
  /** Yuan this row counts against its caps (see the rules above). */
  counted: number;
  error?: EngineError;
  verdict: Verdict;
  violations: Violation[];
}

export interface LedgerEvaluation {
  rows: EvaluatedRow[];
  /** Every violation, in ledger order. */
  violations: Violation[];
}

export interface LedgerOptions {
  /** Keep each row's trace (default true); a million-row check can do without. */
  trace?: boolean;
}

/** One shared empty list for the many rows without caps, trace or violations: a million rows allocate less. */
const NONE: never[] = Object.freeze([]) as unknown as never[];
/** What a row passes the engine when none of its caps span rows. */
const NO_AWARDS: Readonly<Record<string, number>> = Object.freeze({});

/** What a row counts against the caps on its path, in fen (see the rules at the top of this file). */
export function countedFen(row: LedgerRow, ceilingFen: Fen | null, floorFen: Fen | null): Fen {
  switch (row.status) {
    case "approved":
    case "paid": {
      const amount = row.approved ?? row.paid;
      return amount === null ? 0 : fenOfExactYuan(amount);
    }
    case "applied":
      return ceilingFen ?? floorFen ?? 0;
    default:
      return 0;
  }
}

/** The engine's result for one row with the caps' consumption so far, before the row consumes anything itself. */
export interface RowCeiling {
  evaluation: ReturnType<Engine["evaluate"]>;
  /** Account key per spanning cap on the path, with what earlier rows consumed of it (fen). */
  accounts: { cap: CapUse; key: string; consumedFen: Fen; account?: CapAccount | undefined }[];
}

/**
 * Evaluates rows one at a time in ledger order, consuming caps as it goes. evaluateLedger drives it over a whole
 * ledger; the sample generator drives it to decide approved amounts that respect the caps.
 */
export class LedgerEvaluator {
  readonly accounts = new CapAccounts();
  /** Spanning caps seen per provision: the engine reports the caps on a row's path only after evaluating it. */
  private readonly knownCaps = new Map<string, Map<string, CapUse>>();

  /** The engine options of the row being evaluated: one object for all rows (the engine keeps nothing of it). */
  private readonly request: { date: string; awarded: Readonly<Record<string, number>>; trace: boolean };

  constructor(
    readonly engine: Engine,
    options: LedgerOptions = {},
  ) {
    this.request = { date: "", awarded: NO_AWARDS, trace: options.trace !== false };
  }

  /** The row's ceiling after what earlier rows consumed; consumes nothing. */
  ceilingOf(row: LedgerRow, year = yearOf(row)): RowCeiling {
    let known = this.knownCaps.get(row.provisionId);
    if (!known) {
      known = new Map();
      this.knownCaps.set(row.provisionId, known);
    }
    for (;;) {
      // Provisions without caps across rows (most of them) need no record of what was awarded.
      let awarded: Record<string, number> | undefined;
      let looked: RowCeiling["accounts"] | undefined;
      for (const cap of known.values()) {
        const key = accountKey(row, year, cap.key, cap.scope);
        if (key === null) continue;
        const account = this.accounts.find(key);
        const consumedFen = account?.fen ?? 0;
        (awarded ??= {})[cap.key] = consumedFen / 100;
        (looked ??= []).push({ cap, key, consumedFen, account });
      }
      const request = this.request;
      request.date = row.applicationDate;
      request.awarded = awarded ?? NO_AWARDS;
      const evaluation = this.engine.evaluate(row.provisionId, row.amount, row.facts, request);
      request.awarded = NO_AWARDS;
      if (!evaluation.ok) return { evaluation, accounts: NONE };
      let learned = false;
      for (const cap of evaluation.caps) {
        if (cap.scope !== "award" && !known.has(cap.key)) {
          known.set(cap.key, cap);
          learned = true;
        }
      }
      // A cap met for the first time was evaluated as unused: evaluate again with what it has consumed.
      if (learned) continue;
      if (evaluation.caps.length === 0) return { evaluation, accounts: NONE };
      const accounts: RowCeiling["accounts"] = [];
      for (const cap of evaluation.caps) {
        // The accounts of the caps known before evaluating were looked up already.
        const seen = looked?.find((a) => a.cap.key === cap.key && a.cap.scope === cap.scope);
        if (seen) {
          accounts.push({ cap, key: seen.key, consumedFen: seen.consumedFen, account: seen.account });
          continue;
        }
        const key = accountKey(row, year, cap.key, cap.scope);
        if (key === null) continue;
        const account = this.accounts.find(key);
        accounts.push({ cap, key, consumedFen: account?.fen ?? 0, account });
      }
      return { evaluation, accounts };
    }
  }

  /** Evaluates the next row in ledger order and consumes its counted amount from its caps. */
  next(row: LedgerRow, index: number): EvaluatedRow {
    const year = yearOf(row);
    const { evaluation, accounts } = this.ceilingOf(row, year);
    const entry = this.engine.catalog.byId.get(row.provisionId);
    const ok: EvaluationOk | null = evaluation.ok ? evaluation : null;
    const counted = ok ? countedFen(row, ok.ceilingFen, ok.floorFen) : 0;
    const single = ok && row.approved !== null && ok.ceilingFen !== null && fenOfExactYuan(row.approved) > ok.ceilingFen && accounts.some((a) => a.consumedFen > 0) ? this.singleCeilingFen(row) : null;
    const violations = rowChecks(row, index, evaluation, accounts, single, this.accounts);
    if (counted > 0) {
      for (const a of accounts) {
        const account = a.account ?? this.accounts.account(a.key);
        account.fen += counted;
        account.users.push(row.applicationId);
      }
    }
    const evaluated: EvaluatedRow = {
      row,
      index,
      jurisdiction: entry?.document.jurisdiction ?? null,
      document: entry?.document.key ?? null,
      year,
      ceiling: ok ? ok.ceiling : null,
      floor: ok ? ok.floor : null,
      ceilingFen: ok ? ok.ceilingFen : null,
      floorFen: ok ? ok.floorFen : null,
      bound: ok ? ok.bound : null,
      caps: ok && ok.caps.length > 0 ? ok.caps : NONE,
      trace: ok && ok.trace.length > 0 ? ok.trace : NONE,
      counted: counted / 100,
      verdict: "ok",
      violations: violations.length > 0 ? (violations as Violation[]) : NONE,
    };
    if (!evaluation.ok) evaluated.error = evaluation.error;
    return evaluated;
  }

  /** The ceiling the row would have alone, with nothing consumed by earlier rows. */
  private singleCeilingFen(row: LedgerRow): Fen | null {
    const alone = this.engine.evaluate(row.provisionId, row.amount, row.facts, { date: row.applicationDate, awarded: {}, trace: false });
    return alone.ok ? alone.ceilingFen : null;
  }
}

export function yearOf(row: LedgerRow): number {
  return Number(row.applicationDate.slice(0, 4));
}

/** Evaluates a whole ledger: per-row ceilings after earlier rows' consumption, and every violation. */
export function evaluateLedger(engine: Engine, rows: readonly LedgerRow[], options: LedgerOptions = {}): LedgerEvaluation {
  const order = ledgerOrder(rows);
  const evaluator = new LedgerEvaluator(engine, options);
  const evaluated: EvaluatedRow[] = new Array(rows.length);
  for (const i of order) evaluated[i] = evaluator.next(rows[i] as LedgerRow, i);
  for (const v of [...identityChecks(evaluated, order), ...stackingChecks(engine, evaluated, order)]) {
    const e = evaluated[v.index] as EvaluatedRow;
    e.violations = e.violations === NONE ? [v] : [...e.violations, v];
  }
  const violations: Violation[] = [];
  for (const i of order) {
    const e = evaluated[i] as EvaluatedRow;
    if (e.violations.length > 1) e.violations.sort((a, b) => VIOLATION_CODES.indexOf(a.code) - VIOLATION_CODES.indexOf(b.code));
    e.verdict = e.violations.length > 0 ? "violation" : e.error ? "unchecked" : "ok";
    violations.push(...e.violations);
  }
  return { rows: evaluated, violations };
}
