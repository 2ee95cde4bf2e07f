// What the ledger service stores beside each row: its evaluation in the ledger (ceiling, floor, bound, verdict,
// counted amount, error, violations) and what it draws on each cap that spans applications. Caps, duplicate IDs and
// stacking never reach across enterprises (credit codes), so the outcomes of an enterprise's rows evaluated alone
// equal theirs in the whole ledger: a write re-evaluates the enterprises it touches and nothing else.
import { perProject, perYear, spansApplications, type CapScope } from "../catalog/cap-scopes.ts";
import { BOUNDS, ERROR_BOUND_CODE, type Bound } from "../engine/types.ts";
import type { Fen } from "../money/fen.ts";
import { VERDICTS, type ColumnarLedger, type Verdict } from "./evaluate.ts";
import type { LedgerRow } from "./row.ts";
import type { Violation } from "./violation.ts";

/** What a row draws on one cap's account: the account is the cap's, the enterprise's, and per the scope's keys. */
export interface CapDraw {
  capKey: string;
  scope: CapScope;
  /** The project the account is kept for; null when the scope is not per project. */
  projectId: string | null;
  /** The calendar year the account runs over; null when the scope has no period. */
  year: number | null;
  drawnFen: Fen;
}

/** A violation as stored: its position in some input means nothing once the row is in the database. */
export type StoredViolation = Omit<Violation, "index">;

export interface StoredOutcome {
  applicationId: string;
  ceilingFen: Fen | null;
  floorFen: Fen | null;
  /** Null when the engine refused the row (see errorCode). */
  bound: Bound | null;
  verdict: Verdict;
  countedFen: Fen;
  errorCode: string | null;
  violations: StoredViolation[];
  draws: CapDraw[];
}

const finite = (x: number): number | null => (Number.isNaN(x) ? null : x);

/** The stored outcome of every row of an evaluated ledger, in its input order. */
export function outcomesOf(ledger: ColumnarLedger): StoredOutcome[] {
  const { columns, input } = ledger;
  const out: StoredOutcome[] = new Array(input.length);
  for (let i = 0; i < input.length; i++) {
    const row = input[i] as LedgerRow;
    const code = columns.bound[i] as number;
    const countedFen = columns.countedFen[i] as number;
    const error = ledger.errorOf(i);
    const violations = ledger.violationsOf(i).map(({ index: _index, ...rest }) => rest);
    out[i] = {
      applicationId: row.applicationId,
      ceilingFen: finite(columns.ceilingFen[i] as number),
      floorFen: finite(columns.floorFen[i] as number),
      bound: code === ERROR_BOUND_CODE ? null : (BOUNDS[code] ?? "none"),
      verdict: VERDICTS[columns.verdict[i] as number] ?? "ok",
      countedFen,
      errorCode: error ? error.code : null,
      violations,
      draws: countedFen > 0 && code !== ERROR_BOUND_CODE ? drawsOf(ledger, i, row, countedFen) : [],
    };
  }
  return out;
}

/** Row i's counted amount on each cap across applications on its path, as the ledger consumed it (cap-sequence.ts). */
function drawsOf(ledger: ColumnarLedger, i: number, row: LedgerRow, countedFen: Fen): CapDraw[] {
  const draws: CapDraw[] = [];
  for (const cap of ledger.rowAt(i).caps) {
    if (!spansApplications(cap.scope)) continue;
    draws.push({
      capKey: cap.key,
      scope: cap.scope,
      projectId: perProject(cap.scope) ? row.projectId : null,
      year: perYear(cap.scope) ? (ledger.columns.year[i] as number) : null,
      drawnFen: countedFen,
    });
  }
  return draws;
}

/**
 * Whether two outcomes of one row's same data store the same. Draws are left out: for the same data they follow
 * from the counted amount (the caps on a row's path, its project and year depend on the row alone).
 */
export function sameOutcome(a: StoredOutcome, b: StoredOutcome): boolean {
  return (
    a.ceilingFen === b.ceilingFen &&
    a.floorFen === b.floorFen &&
    a.bound === b.bound &&
    a.verdict === b.verdict &&
    a.countedFen === b.countedFen &&
    a.errorCode === b.errorCode &&
    JSON.stringify(a.violations) === JSON.stringify(b.violations)
  );
}
