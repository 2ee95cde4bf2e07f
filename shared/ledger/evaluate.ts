// Cap-aware evaluation of a whole ledger. A single SUBSIDY call cannot see the other rows; the ledger can.
//
// Rows are taken in ledger order (application date, then application ID; see order.ts), and each row's ceiling is
// computed after what earlier rows of the same enterprise consumed of every cap on its path, per the cap's scope
// and period (cap-accounts.ts). What a row consumes (its "counted" amount, countedFenOf in ledger-input.ts):
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
import { BOUND_CODE, BOUNDS, ERROR_BOUND_CODE, type Bound, type CapUse, type EngineError, type Evaluation, type TraceStep } from "../engine/types.ts";
import { yuanFromFen, type Fen } from "../money/fen.ts";
import { evaluateInBatches, type OutcomeColumns } from "./batches.ts";
import { CapSequence } from "./cap-sequence.ts";
import { byCode, rowChecks, type CapContext, type RowOutcome } from "./checks.ts";
import { identityChecks, stackingChecks } from "./cross-row.ts";
import { creditCodeProblem } from "./credit-code.ts";
import { enterpriseOrder } from "./enterprise-order.ts";
import { countedFenOf, LedgerInput } from "./ledger-input.ts";
import { ledgerComparator, yearOfDayKey } from "./order.ts";
import type { ProvisionPlan } from "./provision-plan.ts";
import type { LedgerRow } from "./row.ts";
import { Arena } from "./typed-arrays.ts";
import type { Violation } from "./violation.ts";

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

/** The engine's result for one row with the caps' consumption so far, before the row consumes anything itself. */
export interface RowCeiling {
  evaluation: Evaluation;
}

/**
 * Evaluates rows one at a time in ledger order, consuming caps as it goes, with each row's own checks (not duplicates
 * or stacking, which need the rows after it). The sample generator drives it to decide approved amounts that respect
 * the caps. The plain definition of a ledger's evaluation is reference.ts.
 */
export class LedgerEvaluator {
  private readonly input: LedgerInput;
  private readonly sequence: CapSequence;

  constructor(
    readonly engine: Engine,
    options: LedgerOptions = {},
  ) {
    this.input = LedgerInput.growing(engine);
    this.sequence = new CapSequence(engine, this.input, options.trace !== false);
  }

  /** The row's ceiling after what earlier rows consumed; consumes nothing. */
  ceilingOf(row: LedgerRow): RowCeiling {
    const i = this.input.push(row);
    const { evaluation } = this.sequence.step(i, false);
    this.input.pop();
    return { evaluation };
  }

  /** Evaluates the next row in ledger order and consumes its counted amount from its caps. */
  next(row: LedgerRow, index: number): EvaluatedRow {
    const i = this.input.push(row);
    const { evaluation, countedFen, caps } = this.sequence.step(i, true);
    const violations = rowChecks(this.input, i, index, evaluation, caps);
    const ok = evaluation.ok ? evaluation : null;
    return evaluatedRow(this.engine, row, index, {
      ceilingFen: ok ? ok.ceilingFen : null,
      floorFen: ok ? ok.floorFen : null,
      bound: ok ? ok.bound : null,
      evaluation,
      trace: ok ? ok.trace : NONE,
      countedFen,
      verdict: violations.length > 0 ? "violation" : ok ? "ok" : "unchecked",
      violations: violations as Violation[],
    });
  }
}

/** A row's outcome, as evaluatedRow takes it: amounts in fen (null for none); caps and error from `evaluation`. */
interface Outcome {
  ceilingFen: Fen | null;
  floorFen: Fen | null;
  bound: Bound | null;
  evaluation: Evaluation;
  trace: TraceStep[];
  countedFen: Fen;
  verdict: Verdict;
  violations: Violation[];
}

/** The EvaluatedRow of a row and its outcome; empty lists are the one shared NONE. */
function evaluatedRow(engine: Engine, row: LedgerRow, index: number, o: Outcome): EvaluatedRow {
  const entry = engine.catalog.byId.get(row.provisionId);
  const { evaluation } = o;
  const evaluated: EvaluatedRow = {
    row,
    index,
    jurisdiction: entry?.document.jurisdiction ?? null,
    document: entry?.document.key ?? null,
    year: yearOf(row),
    ceiling: o.ceilingFen === null ? null : yuanFromFen(o.ceilingFen),
    floor: o.floorFen === null ? null : yuanFromFen(o.floorFen),
    ceilingFen: o.ceilingFen,
    floorFen: o.floorFen,
    bound: o.bound,
    caps: evaluation.ok && evaluation.caps.length > 0 ? evaluation.caps : NONE,
    trace: o.trace.length > 0 ? o.trace : NONE,
    counted: yuanFromFen(o.countedFen),
    verdict: o.verdict,
    violations: o.violations.length > 0 ? o.violations : NONE,
  };
  if (!evaluation.ok) evaluated.error = evaluation.error;
  return evaluated;
}

export function yearOf(row: LedgerRow): number {
  return Number(row.applicationDate.slice(0, 4));
}

/** The working columns of every evaluateLedger call, reused (see typed-arrays.ts); nothing cut from it is returned. */
const WORKING_COLUMNS = new Arena();

const VERDICT_OK = 0;
const VERDICT_VIOLATION = 1;
const VERDICT_UNCHECKED = 2;
/** Verdicts by their code in LedgerColumns.verdict. */
export const VERDICTS: readonly Verdict[] = ["ok", "violation", "unchecked"];

/** The ledger's results per row, in typed columns (fen; NaN where none). */
export interface LedgerColumns extends OutcomeColumns {
  countedFen: Float64Array;
  /** 0 ok, 1 violation, 2 unchecked. */
  verdict: Uint8Array;
  /** Calendar year of the application date (yearOf). */
  year: Int32Array;
  /** Per row: its provision, as an index into `provisions`. */
  provision: Int32Array;
  /** The provisions the rows name, as spelt, with their jurisdiction and document (null when unknown). */
  provisions: readonly ProvisionKeys[];
}

export interface ProvisionKeys {
  id: string;
  jurisdiction: Jurisdiction | null;
  document: DocumentKey | null;
}

/**
 * What evaluateLedger returns: every result in columns, and a row's EvaluatedRow only when asked for. A command reads
 * the columns (a summary, a count of verdicts, a row's line) and builds objects only for the rows it shows.
 */
export interface ColumnarLedger extends LedgerEvaluation {
  /** The rows evaluated, as given. */
  readonly input: readonly LedgerRow[];
  readonly columns: LedgerColumns;
  /** The engine's error for row i (its verdict is then unchecked or violation), without building its object. */
  errorOf(i: number): EngineError | undefined;
  /** Row i's violations (a shared empty list for most rows). */
  violationsOf(i: number): readonly Violation[];
  /** Row i's EvaluatedRow, built for it alone (the same object `rows` holds, once built). */
  rowAt(i: number): EvaluatedRow;
}

export { isColumnar } from "./is-columnar.ts";

/** Whether row i falls under a provision with caps across rows, on a day the provision is in force. */
function inForceWithCapsAcrossRows(input: LedgerInput, i: number): boolean {
  const plan = input.plans[input.provision[i] as number] as ProvisionPlan;
  const day = input.day[i] as number;
  return plan.path === "sequence" && day >= plan.start && day <= plan.end;
}

/** What the row-by-row evaluation leaves for the checks, besides the columns. */
interface RowByRow {
  /** The engine's error, per row it refused. */
  errors: Map<number, EngineError>;
  /** The caps' state, per row whose approved amount is above its ceiling after earlier rows (see StepResult). */
  capContexts: Map<number, CapContext>;
  /** The trace, per row evaluated one at a time, when traces are kept: it shows what earlier rows consumed. */
  traces: (TraceStep[] | undefined)[];
}

/**
 * Evaluates the rows the batches left, one at a time: those under provisions with caps across rows through the
 * CapSequence, enterprise by enterprise in ledger order (caps never span enterprises, so each enterprise's accounts
 * are dropped when it is done); the rest, which depend on no other row, through the engine alone.
 */
function evaluateRowByRow(engine: Engine, input: LedgerInput, left: Int32Array, columns: LedgerColumns, keepTrace: boolean): RowByRow {
  const found: RowByRow = { errors: new Map(), capContexts: new Map(), traces: keepTrace ? new Array(input.length) : [] };
  const record = (i: number, evaluation: Evaluation): void => {
    if (evaluation.ok) {
      columns.ceilingFen[i] = evaluation.ceilingFen ?? NaN;
      columns.floorFen[i] = evaluation.floorFen ?? NaN;
      columns.bound[i] = BOUND_CODE[evaluation.bound];
      if (keepTrace) found.traces[i] = evaluation.trace;
    } else {
      columns.ceilingFen[i] = NaN;
      columns.floorFen[i] = NaN;
      columns.bound[i] = ERROR_BOUND_CODE;
      found.errors.set(i, evaluation.error);
    }
  };

  // On days a provision is not in force the engine refuses its rows, which then depend on no other row either.
  const inSequence = left.filter((i) => inForceWithCapsAcrossRows(input, i));
  const sequence = new CapSequence(engine, input, keepTrace);
  let enterprise = -1;
  for (const i of enterpriseOrder(input, inSequence)) {
    if (input.enterprise[i] !== enterprise) {
      enterprise = input.enterprise[i] as number;
      sequence.accounts.forget();
    }
    const { evaluation, caps } = sequence.step(i, true);
    record(i, evaluation);
    if (caps) found.capContexts.set(i, caps);
  }
  for (const i of left) {
    if (inForceWithCapsAcrossRows(input, i)) continue;
    const row = input.rows[i] as LedgerRow;
    record(i, engine.evaluate(row.provisionId, row.amount, row.facts, { date: row.applicationDate, trace: keepTrace, notice: row.notice }));
  }
  return found;
}

/**
 * The checks of every row, in file order, from the columns; each row's counted amount with them. A credit code is
 * checked once per enterprise. Returns the violations of the rows that have any.
 */
function checkRows(input: LedgerInput, columns: LedgerColumns, found: RowByRow): Map<number, Violation[]> {
  const codeProblems = input.firstRowOf.map((i) => creditCodeProblem((input.rows[i] as LedgerRow).creditCode));
  const violationsOf = new Map<number, Violation[]>();
  const outcome = { ok: true as const, ceilingFen: 0 as Fen | null, floorFen: 0 as Fen | null, bound: "none" as Bound };
  const failure = { ok: false as const, error: null as unknown as EngineError };
  for (let i = 0; i < input.length; i++) {
    const codeProblem = codeProblems[input.enterprise[i] as number] ?? null;
    const ceiling = columns.ceilingFen[i] as number;
    const floor = columns.floorFen[i] as number;
    const bound = columns.bound[i] as number;
    let violations: readonly Violation[];
    if (bound === ERROR_BOUND_CODE) {
      // Rows the engine refuses count nothing: the caps on their path are unknown.
      failure.error = found.errors.get(i) as EngineError;
      violations = rowChecks(input, i, i, failure, null, codeProblem);
    } else {
      outcome.ceilingFen = Number.isNaN(ceiling) ? null : ceiling;
      outcome.floorFen = Number.isNaN(floor) ? null : floor;
      outcome.bound = BOUNDS[bound] ?? "none";
      // A row's cap context is there only when its approved amount is above its ceiling, the one case it is read.
      const caps = (input.approvedFen[i] as number) > ceiling ? (found.capContexts.get(i) ?? null) : null;
      violations = rowChecks(input, i, i, outcome as RowOutcome, caps, codeProblem);
      columns.countedFen[i] = countedFenOf(input.status[i] as number, input.approvedFen[i] as number, input.paidFen[i] as number, ceiling, floor);
    }
    if (violations.length > 0) violationsOf.set(i, [...violations]);
  }
  return violationsOf;
}

/**
 * Evaluates a whole ledger: per-row ceilings after earlier rows' consumption, and every violation. The result
 * equals the plain definition's (reference.ts; test/ledger/reference.test.ts); it gets there faster:
 *
 * - the rows are read once, in file order, into columns (ledger-input.ts);
 * - rows under provisions without caps across rows are evaluated per provision in batches (batches.ts);
 * - the rest one at a time (evaluateRowByRow), mostly from the columns;
 * - the checks then run over the rows in file order, and the checks across rows after them.
 *
 * The result holds ceilings, floors, bounds, counted amounts and verdicts in typed columns; `rows` presents them as
 * EvaluatedRow objects, built on first use (a million-row check need not allocate a million objects to report).
 */
export function evaluateLedger(engine: Engine, rows: readonly LedgerRow[], options: LedgerOptions = {}): ColumnarLedger {
  const n = rows.length;
  const keepTrace = options.trace !== false;
  WORKING_COLUMNS.reset();
  const input = LedgerInput.of(engine, rows, WORKING_COLUMNS);
  const columns: LedgerColumns = {
    ceilingFen: new Float64Array(n),
    floorFen: new Float64Array(n),
    bound: new Uint8Array(n),
    countedFen: new Float64Array(n),
    verdict: new Uint8Array(n),
    year: new Int32Array(n),
    provision: Int32Array.from(input.provision.subarray(0, n)),
    provisions: input.plans.map((plan) => ({ id: plan.id, jurisdiction: plan.resolved?.entry.document.jurisdiction ?? null, document: plan.resolved?.entry.document.key ?? null })),
  };
  for (let i = 0; i < n; i++) {
    const day = input.day[i] as number;
    columns.year[i] = Number.isNaN(day) ? yearOf(rows[i] as LedgerRow) : yearOfDayKey(day);
  }
  const left = evaluateInBatches(engine, input, columns);
  const found = evaluateRowByRow(engine, input, left, columns, keepTrace);
  const violationsOf = checkRows(input, columns, found);

  const compare = ledgerComparator(rows);
  const add = (v: Violation): void => {
    const held = violationsOf.get(v.index);
    if (held) held.push(v);
    else violationsOf.set(v.index, [v]);
  };
  identityChecks(input, compare).forEach(add);
  stackingChecks(input, columns.ceilingFen, columns.floorFen, compare).forEach(add);

  const { verdict } = columns;
  for (let i = 0; i < n; i++) verdict[i] = columns.bound[i] === ERROR_BOUND_CODE ? VERDICT_UNCHECKED : VERDICT_OK;
  const flagged: number[] = [];
  for (const [i, held] of violationsOf) {
    if (held.length > 1) held.sort(byCode);
    verdict[i] = VERDICT_VIOLATION;
    flagged.push(i);
  }
  const violations: Violation[] = [];
  for (const i of flagged.sort(compare)) violations.push(...(violationsOf.get(i) as Violation[]));

  return new ColumnarEvaluation(engine, rows, keepTrace, columns, found.traces, found.errors, violationsOf, violations);
}

class ColumnarEvaluation implements ColumnarLedger {
  private built: EvaluatedRow[] | null = null;
  private readonly single = new Map<number, EvaluatedRow>();

  constructor(
    private readonly engine: Engine,
    readonly input: readonly LedgerRow[],
    private readonly keepTrace: boolean,
    readonly columns: LedgerColumns,
    private readonly traces: readonly (TraceStep[] | undefined)[],
    private readonly errors: ReadonlyMap<number, EngineError>,
    private readonly violationsByRow: ReadonlyMap<number, Violation[]>,
    readonly violations: Violation[],
  ) {}

  get rows(): EvaluatedRow[] {
    this.built ??= this.input.map((row, i) => this.single.get(i) ?? this.build(row, i));
    return this.built;
  }

  errorOf(i: number): EngineError | undefined {
    return this.errors.get(i);
  }

  violationsOf(i: number): readonly Violation[] {
    return this.violationsByRow.get(i) ?? NONE;
  }

  rowAt(i: number): EvaluatedRow {
    if (this.built) return this.built[i] as EvaluatedRow;
    let row = this.single.get(i);
    if (!row) {
      row = this.build(this.input[i] as LedgerRow, i);
      this.single.set(i, row);
    }
    return row;
  }

  /**
   * A row's EvaluatedRow from the columns. The caps on its path and its error do not depend on other rows, so they
   * come from the engine for the row alone; so does the trace of a row evaluated in a batch (the others kept
   * theirs, which show what earlier rows consumed).
   */
  private build(row: LedgerRow, index: number): EvaluatedRow {
    const kept = this.traces[index];
    const alone = this.engine.evaluate(row.provisionId, row.amount, row.facts, { date: row.applicationDate, trace: this.keepTrace && kept === undefined, notice: row.notice });
    const { columns } = this;
    const ceilingFen = columns.ceilingFen[index] as number;
    const floorFen = columns.floorFen[index] as number;
    const bound = columns.bound[index] as number;
    return evaluatedRow(this.engine, row, index, {
      ceilingFen: Number.isNaN(ceilingFen) ? null : ceilingFen,
      floorFen: Number.isNaN(floorFen) ? null : floorFen,
      bound: bound === ERROR_BOUND_CODE ? null : (BOUNDS[bound] ?? "none"),
      evaluation: alone,
      trace: kept ?? (alone.ok ? alone.trace : NONE),
      countedFen: columns.countedFen[index] as number,
      verdict: VERDICTS[columns.verdict[index] as number] ?? "ok",
      violations: this.violationsByRow.get(index) ?? NONE,
    });
  }
}
