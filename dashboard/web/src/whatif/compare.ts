// Current against what-if for one provision: ceilings, approved amounts kept within the new ceilings, and the
// utilization of its jurisdiction's commitments.
import { Engine } from "../../../../shared/engine/engine.ts";
import { evaluateLedger, type EvaluatedRow, type LedgerEvaluation } from "../../../../shared/ledger/evaluate.ts";
import { summarize, type SummaryRow } from "../../../../shared/ledger/summary.ts";
import { catalogWith, type Change } from "./modify.ts";
import type { LedgerInBrowser } from "./ledger-eval.ts";

export interface Side {
  rows: number;
  requested: number;
  approved: number;
  byYear: SummaryRow[];
  utilization: SummaryRow[];
}

export interface Comparison {
  current: Side;
  whatIf: Side;
}

/**
 * Approved amounts under the what-if: where the change lowers a row's ceiling below its award, the award counts at
 * the new ceiling. Rows whose ceiling the change does not lower keep their award as recorded (even one already
 * above its current ceiling: that is a data-quality finding, not an effect of the change).
 */
function capApproved(e: EvaluatedRow, before: EvaluatedRow | undefined): EvaluatedRow {
  const approved = e.row.approved;
  if (approved === null || e.ceilingFen === null) return e;
  const lowered = before?.ceilingFen === null || before === undefined || e.ceilingFen < before.ceilingFen;
  if (!lowered || Math.round(approved * 100) <= e.ceilingFen) return e;
  return { ...e, row: { ...e.row, approved: e.ceilingFen / 100 } };
}

function side(evaluation: LedgerEvaluation, provisionId: string, ledger: LedgerInBrowser): Side {
  const mine = evaluation.rows.filter((e) => e.row.provisionId === provisionId);
  const [total] = summarize({ rows: mine, violations: [] }, [], ledger.commitments);
  const jurisdiction = mine[0]?.jurisdiction;
  const inJurisdiction = evaluation.rows.filter((e) => e.jurisdiction === jurisdiction);
  return {
    rows: mine.length,
    requested: total?.requested ?? 0,
    approved: total?.approved ?? 0,
    byYear: summarize({ rows: mine, violations: [] }, ["year"], ledger.commitments),
    utilization: summarize({ rows: inJurisdiction, violations: [] }, ["jurisdiction", "year"], ledger.commitments),
  };
}

export function compare(ledger: LedgerInBrowser, provisionId: string, change: Change): Comparison {
  const engine = new Engine(catalogWith(ledger.engine.catalog, provisionId, change));
  const changed = evaluateLedger(engine, ledger.rows, { trace: false });
  const adjusted: LedgerEvaluation = { rows: changed.rows.map((e, i) => (e.row.provisionId === provisionId ? capApproved(e, ledger.evaluation.rows[i]) : e)), violations: [] };
  return { current: side(ledger.evaluation, provisionId, ledger), whatIf: side(adjusted, provisionId, ledger) };
}
