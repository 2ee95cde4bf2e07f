// The columnar path of a ledger evaluation. Most rows fall under provisions whose caps never span rows: their
// ceilings do not depend on other rows, so they are evaluated per provision through the engine's batch API
// (evaluateBatch, the same compiled formula as Engine.evaluate) instead of one call per row. Rows that need more —
// caps across rows, or inputs the engine would round or refuse — are left to the other paths.
import type { FactName } from "../catalog/schema.ts";
import { evaluateBatch } from "../engine/batch.ts";
import type { Engine } from "../engine/engine.ts";
import { ERROR_BOUND_CODE } from "../engine/types.ts";
import type { LedgerInput } from "./ledger-input.ts";
import type { ProvisionPlan } from "./provision-plan.ts";
import type { LedgerRow } from "./row.ts";

/** Columns the ledger evaluation fills per row (fen; NaN where none). */
export interface OutcomeColumns {
  ceilingFen: Float64Array;
  floorFen: Float64Array;
  /** BOUND_CODE of what decided the ceiling; ERROR_BOUND_CODE where the row could not be evaluated. */
  bound: Uint8Array;
}

/** Rows per call of the batch API. */
const CHUNK = 4096;

/** One fact of the listed rows as a batch column (NaN where blank). */
function factColumn(rows: readonly LedgerRow[], list: Int32Array, name: FactName): Float64Array {
  const out = new Float64Array(list.length);
  for (let k = 0; k < list.length; k++) out[k] = (rows[list[k] as number] as LedgerRow).facts[name] ?? NaN;
  return out;
}

/**
 * Evaluates every row it can in batches — rows in force under provisions without caps across rows, whose inputs the
 * engine takes as given — writing ceiling, floor and bound into `out`, and returns the indices of the rows left,
 * in input order.
 */
export function evaluateInBatches(engine: Engine, input: LedgerInput, out: OutcomeColumns): Int32Array {
  const { plans, provision, day, plain } = input;
  const n = input.length;
  // Which rows go in a batch, and how many per provision: the batches are one array, grouped by provision.
  const batched = input.allocate.uint8(n);
  const start = new Int32Array(plans.length + 1);
  for (let i = 0; i < n; i++) {
    const p = provision[i] as number;
    const plan = plans[p] as ProvisionPlan;
    const d = day[i] as number;
    if (plan.path === "batch" && plain[i] === 1 && d >= plan.start && d <= plan.end) {
      batched[i] = 1;
      start[p + 1] = (start[p + 1] as number) + 1;
    }
  }
  for (let p = 0; p < plans.length; p++) start[p + 1] = (start[p + 1] as number) + (start[p] as number);
  const grouped = input.allocate.int32(start[plans.length] as number);
  const fill = start.slice(0, plans.length);
  for (let i = 0; i < n; i++) {
    if (batched[i] === 0) continue;
    const p = provision[i] as number;
    grouped[fill[p] as number] = i;
    fill[p] = (fill[p] as number) + 1;
  }

  for (let p = 0; p < plans.length; p++) {
    const plan = plans[p] as ProvisionPlan;
    // The batch API takes one date for all its rows. Every row here was found in force by its day key, and a
    // formula never sees the date (the evaluation context has none), so the window's first day stands for all.
    const date = plan.resolved?.entry.document.inForce.start;
    // In chunks, so that the batch API's input and output arrays die young: the scavenger frees them, where
    // arrays that live through the evaluation would wait for a full collection.
    for (let from = start[p] as number; from < (start[p + 1] as number); from += CHUNK) {
      const chunk = grouped.subarray(from, Math.min(from + CHUNK, start[p + 1] as number));
      const facts: Partial<Record<FactName, Float64Array>> = {};
      for (const name of plan.facts) facts[name] = factColumn(input.rows, chunk, name);
      const amounts = new Float64Array(chunk.length);
      for (let k = 0; k < chunk.length; k++) amounts[k] = input.amount[chunk[k] as number] as number;
      const result = evaluateBatch(plan.engine, plan.id, { amounts, facts, date, rows: chunk.length });
      for (let k = 0; k < chunk.length; k++) {
        const i = chunk[k] as number;
        // A row the engine refuses is left to the row-at-a-time path, for the engine's own message.
        if (!result.ok || result.bounds[k] === ERROR_BOUND_CODE) {
          batched[i] = 0;
          continue;
        }
        const ceiling = result.ceilings[k] as number;
        out.ceilingFen[i] = ceiling === Infinity ? NaN : Math.round(ceiling * 100);
        out.floorFen[i] = Math.round((result.floors[k] as number) * 100);
        out.bound[i] = result.bounds[k] as number;
      }
    }
  }

  let leftCount = 0;
  for (let i = 0; i < n; i++) leftCount += 1 - (batched[i] as number);
  const left = input.allocate.int32(leftCount);
  for (let i = 0, k = 0; i < n; i++) if (batched[i] === 0) left[k++] = i;
  return left;
}
