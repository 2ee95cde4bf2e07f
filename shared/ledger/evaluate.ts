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
import { BOUND_CODE, BOUNDS, ERROR_BOUND_CODE, type Bound, type CapUse, type EngineError, type EvaluationOk, type TraceStep } from "../engine/types.ts";
import { fenOfExactYuan, type Fen } from "../money/fen.ts";
import { evaluateInBatches, type OutcomeColumns } from "./batches.ts";
import { CapAccounts, type CapAccount } from "./cap-accounts.ts";
import { rowChecks, type RowOutcome } from "./checks.ts";
import { identityChecks, stackingChecks } from "./cross-row.ts";
import { enterpriseOrder } from "./enterprise-order.ts";
import { ledgerComparator } from "./order.ts";
import type { LedgerRow } from "./row.ts";
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
  /** One per input row, in input order (evaluateLedger builds them on first read). */
  rows: EvaluatedRow[];
  /** Every violation, in ledger order. */
  violations: Violation[];
  /** The same results per row in typed columns, for bulk readers (evaluateLedger fills them). */
  columns?: LedgerColumns;
}

export interface LedgerOptions {
  /** Keep each row's trace (default true); a million-row check can do without. */
  trace?: boolean;
}

/** One shared empty list for the many rows without caps, trace or violations: a million rows allocate less. */
const NONE: never[] = Object.freeze([]) as unknown as never[];

/** What a row counts against the caps on its path, in fen (see the rules at the top of this file). */
function countedOf(row: LedgerRow, ceilingFen: Fen | null, floorFen: Fen | null): Fen {
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

/** A provision's caps across rows, with the record of what they consumed and their accounts, both reused per row. */
interface Spanning {
  caps: readonly CapUse[];
  awardedFen: Record<string, Fen>;
  accounts: CapAccount[];
}

/** The engine's result for one row with the caps' consumption so far, before the row consumes anything itself. */
export interface RowCeiling {
  evaluation: ReturnType<Engine["evaluate"]>;
  /** The account of each spanning cap on the path, with what earlier rows consumed of it (fen). */
  accounts: { cap: CapUse; consumedFen: Fen; account: CapAccount }[];
}

/**
 * Evaluates rows one at a time in ledger order, consuming caps as it goes. evaluateLedger drives it over a whole
 * ledger; the sample generator drives it to decide approved amounts that respect the caps.
 */
export class LedgerEvaluator {
  readonly accounts = new CapAccounts();
  /** Per provision as the ledger spells it: its caps across rows, or null when it has none (or is unknown). */
  private readonly spanning = new Map<string, Spanning | null>();

  /** The engine options of the row being evaluated: one object for all rows (the engine keeps nothing of it). */
  private readonly request: { date: string; awardedFen: Readonly<Record<string, number>> | undefined; trace: boolean };

  constructor(
    readonly engine: Engine,
    options: LedgerOptions = {},
  ) {
    this.request = { date: "", awardedFen: undefined, trace: options.trace !== false };
  }

  private spanningOf(provisionId: string): Spanning | null {
    let spanning = this.spanning.get(provisionId);
    if (spanning === undefined) {
      const caps = this.engine.lookup(provisionId)?.compiled.caps.filter((cap) => cap.scope !== "award") ?? [];
      spanning = caps.length === 0 ? null : { caps, awardedFen: {}, accounts: [] };
      this.spanning.set(provisionId, spanning);
    }
    return spanning;
  }

  /** The row's ceiling after what earlier rows consumed; consumes nothing. */
  ceilingOf(row: LedgerRow, year = yearOf(row)): RowCeiling {
    const spanning = this.spanningOf(row.provisionId);
    const request = this.request;
    request.date = row.applicationDate;
    if (spanning) {
      // What every cap across rows has consumed, whichever of them the row's path meets.
      for (let k = 0; k < spanning.caps.length; k++) {
        const cap = spanning.caps[k] as CapUse;
        const account = this.accounts.account(row, year, cap) as CapAccount;
        spanning.accounts[k] = account;
        spanning.awardedFen[cap.key] = account.fen;
      }
      request.awardedFen = spanning.awardedFen;
    }
    const evaluation = this.engine.evaluate(row.provisionId, row.amount, row.facts, request);
    request.awardedFen = undefined;
    if (!evaluation.ok || spanning === null) return { evaluation, accounts: NONE };
    const accounts: RowCeiling["accounts"] = [];
    for (const cap of evaluation.caps) {
      if (cap.scope === "award") continue;
      // The engine reports the very CapUse objects of the compiled formula.
      const account = spanning.accounts[spanning.caps.indexOf(cap)] ?? (this.accounts.account(row, year, cap) as CapAccount);
      accounts.push({ cap, consumedFen: account.fen, account });
    }
    return { evaluation, accounts };
  }

  /** Evaluates the next row in ledger order and consumes its counted amount from its caps. */
  next(row: LedgerRow, index: number): EvaluatedRow {
    const year = yearOf(row);
    const { evaluation, accounts } = this.ceilingOf(row, year);
    const entry = this.engine.catalog.byId.get(row.provisionId);
    const ok: EvaluationOk | null = evaluation.ok ? evaluation : null;
    const counted = ok ? countedOf(row, ok.ceilingFen, ok.floorFen) : 0;
    const single = ok && row.approved !== null && ok.ceilingFen !== null && fenOfExactYuan(row.approved) > ok.ceilingFen && consumedAny(accounts) ? this.singleCeilingFen(row) : null;
    const violations = rowChecks(row, index, evaluation, accounts.length > 0 ? { accounts, singleCeilingFen: single } : null);
    if (counted > 0) {
      for (const { account } of accounts) {
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

function consumedAny(accounts: RowCeiling["accounts"]): boolean {
  for (const a of accounts) if (a.consumedFen > 0) return true;
  return false;
}

export function yearOf(row: LedgerRow): number {
  return Number(row.applicationDate.slice(0, 4));
}

const VERDICT_OK = 0;
const VERDICT_VIOLATION = 1;
const VERDICT_UNCHECKED = 2;
const VERDICTS: readonly Verdict[] = ["ok", "violation", "unchecked"];

/**
 * Evaluates a whole ledger: per-row ceilings after earlier rows' consumption, and every violation.
 *
 * Rows under provisions without caps across rows are evaluated per provision in columns (batches.ts); the rest go
 * one at a time through the LedgerEvaluator, per enterprise in ledger order (caps never span enterprises). The
 * result holds ceilings, floors, bounds, counted amounts and verdicts in typed columns; `rows` presents them as
 * EvaluatedRow objects, built on first use (a million-row check need not allocate a million objects to report).
 */
export function evaluateLedger(engine: Engine, rows: readonly LedgerRow[], options: LedgerOptions = {}): LedgerEvaluation {
  const n = rows.length;
  const columns: OutcomeColumns = { ceilingFen: new Float64Array(n), floorFen: new Float64Array(n), bound: new Uint8Array(n) };
  const left = evaluateInBatches(engine, rows, columns);

  const violationsOf: (Violation[] | undefined)[] = new Array(n);
  const add = (i: number, found: readonly Violation[]): void => {
    if (found.length === 0) return;
    const held = violationsOf[i];
    if (held) held.push(...found);
    else violationsOf[i] = [...found];
  };

  // Rows evaluated one at a time keep their EvaluatedRow (with caps, trace and error).
  const single: (EvaluatedRow | undefined)[] = new Array(n);
  const evaluator = new LedgerEvaluator(engine, options);
  for (const i of enterpriseOrder(rows, left)) {
    const e = evaluator.next(rows[i] as LedgerRow, i);
    single[i] = e;
    columns.ceilingFen[i] = e.ceilingFen ?? NaN;
    columns.floorFen[i] = e.floorFen ?? NaN;
    columns.bound[i] = e.bound === null ? ERROR_BOUND_CODE : BOUND_CODE[e.bound];
    add(i, e.violations);
  }

  // The row checks of batched rows: no caps across rows, so only the row's own ceiling and floor.
  const outcome = { ok: true as const, ceilingFen: 0 as Fen | null, floorFen: 0 as Fen | null, bound: "none" as Bound };
  const countedFen = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = rows[i] as LedgerRow;
    const ceiling = columns.ceilingFen[i] as number;
    const floor = columns.floorFen[i] as number;
    if (single[i] !== undefined) {
      countedFen[i] = Math.round((single[i] as EvaluatedRow).counted * 100);
      continue;
    }
    outcome.ceilingFen = Number.isNaN(ceiling) ? null : ceiling;
    outcome.floorFen = Number.isNaN(floor) ? null : floor;
    outcome.bound = BOUNDS[columns.bound[i] as number] ?? "none";
    add(i, rowChecks(row, i, outcome as RowOutcome, null));
    countedFen[i] = countedOf(row, outcome.ceilingFen, outcome.floorFen);
  }

  const compare = ledgerComparator(rows);
  for (const v of identityChecks(rows, compare)) add(v.index, [v]);
  for (const v of stackingChecks(engine.catalog, rows, columns.ceilingFen, columns.floorFen, compare)) add(v.index, [v]);

  const verdict = new Uint8Array(n);
  const flagged: number[] = [];
  for (let i = 0; i < n; i++) {
    const found = violationsOf[i];
    if (found) {
      if (found.length > 1) found.sort((a, b) => VIOLATION_CODES.indexOf(a.code) - VIOLATION_CODES.indexOf(b.code));
      verdict[i] = VERDICT_VIOLATION;
      flagged.push(i);
    } else verdict[i] = single[i]?.error ? VERDICT_UNCHECKED : VERDICT_OK;
  }
  const violations: Violation[] = [];
  for (const i of flagged.sort(compare)) violations.push(...(violationsOf[i] as Violation[]));

  return new ColumnarEvaluation(engine, rows, options, { ...columns, countedFen, verdict }, single, violationsOf, violations);
}

/** The ledger's results per row, in typed columns (fen; NaN where none). */
export interface LedgerColumns extends OutcomeColumns {
  countedFen: Float64Array;
  /** 0 ok, 1 violation, 2 unchecked. */
  verdict: Uint8Array;
}

class ColumnarEvaluation implements LedgerEvaluation {
  private built: EvaluatedRow[] | null = null;

  constructor(
    private readonly engine: Engine,
    private readonly input: readonly LedgerRow[],
    private readonly options: LedgerOptions,
    readonly columns: LedgerColumns,
    private readonly single: readonly (EvaluatedRow | undefined)[],
    private readonly violationsOf: readonly (Violation[] | undefined)[],
    readonly violations: Violation[],
  ) {}

  get rows(): EvaluatedRow[] {
    this.built ??= this.input.map((row, i) => this.rowAt(row, i));
    return this.built;
  }

  private rowAt(row: LedgerRow, index: number): EvaluatedRow {
    const violations = this.violationsOf[index] ?? NONE;
    const verdict = VERDICTS[this.columns.verdict[index] as number] ?? "ok";
    const evaluated = this.single[index];
    if (evaluated) {
      evaluated.violations = violations;
      evaluated.verdict = verdict;
      return evaluated;
    }
    // A batched row: its caps (award caps only) and trace are the engine's for the row alone.
    const alone = this.engine.evaluate(row.provisionId, row.amount, row.facts, { date: row.applicationDate, trace: this.options.trace !== false });
    const entry = this.engine.catalog.byId.get(row.provisionId);
    const ceilingFen = this.columns.ceilingFen[index] as number;
    const floorFen = this.columns.floorFen[index] as number;
    return {
      row,
      index,
      jurisdiction: entry?.document.jurisdiction ?? null,
      document: entry?.document.key ?? null,
      year: yearOf(row),
      ceiling: Number.isNaN(ceilingFen) ? null : ceilingFen / 100,
      floor: Number.isNaN(floorFen) ? null : floorFen / 100,
      ceilingFen: Number.isNaN(ceilingFen) ? null : ceilingFen,
      floorFen: Number.isNaN(floorFen) ? null : floorFen,
      bound: BOUNDS[this.columns.bound[index] as number] ?? "none",
      caps: alone.ok && alone.caps.length > 0 ? alone.caps : NONE,
      trace: alone.ok && alone.trace.length > 0 ? alone.trace : NONE,
      counted: (this.columns.countedFen[index] as number) / 100,
      verdict,
      violations,
    };
  }
}
