// A stored row as the EvaluatedRow an export shows, from the columns stored-rows.ts reads. Apart from the queries
// (stored-rows.ts), so that an export thread (csv-export/worker.ts) loads the engine and this, not the service's
// database layer.
import type { Engine } from "../../../shared/engine/engine.ts";
import type { Bound } from "../../../shared/engine/types.ts";
import type { EvaluatedRow } from "../../../shared/ledger/evaluate.ts";
import type { LedgerRow } from "../../../shared/ledger/row.ts";
import type { StoredViolation } from "../../../shared/ledger/stored-outcome.ts";
import { yuanFromFen } from "../../../shared/money/fen.ts";
import type { ShownRecord } from "./stored-rows.ts";

const NONE: never[] = Object.freeze([]) as unknown as never[];

/** A stored row as an EvaluatedRow (its caps are left empty: no reader of stored rows shows them). */
export function evaluatedRowOf(engine: Engine, record: ShownRecord, index: number, options: { trace: boolean }): EvaluatedRow {
  const row = JSON.parse(record.data) as LedgerRow;
  const violations = record.violations === null ? NONE : (JSON.parse(record.violations) as StoredViolation[]).map((v) => ({ ...v, index }));
  const evaluated: EvaluatedRow = {
    row,
    index,
    jurisdiction: record.jurisdiction as EvaluatedRow["jurisdiction"],
    document: record.document as EvaluatedRow["document"],
    year: record.year,
    ceiling: record.ceiling_fen === null ? null : yuanFromFen(record.ceiling_fen),
    floor: record.floor_fen === null ? null : yuanFromFen(record.floor_fen),
    ceilingFen: record.ceiling_fen,
    floorFen: record.floor_fen,
    bound: record.bound as Bound | null,
    caps: NONE,
    trace: NONE,
    counted: yuanFromFen(record.counted_fen),
    verdict: record.verdict,
    violations,
  };
  if (options.trace || record.error_code !== null) {
    const alone = engine.evaluate(row.provisionId, row.amount, row.facts, { date: row.applicationDate, trace: options.trace, notice: row.notice });
    if (alone.ok) evaluated.trace = alone.trace;
    else evaluated.error = alone.error;
  }
  return evaluated;
}
