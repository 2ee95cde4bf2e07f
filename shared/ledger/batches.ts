// The columnar path of a ledger evaluation. Most rows fall under provisions whose caps never span rows: their
// ceilings do not depend on other rows, so they are evaluated per provision through the engine's batch API
// (evaluateBatch, the same compiled formula as Engine.evaluate) instead of one call per row. Rows that need more —
// caps across rows, or anything the engine would report as an error — are left to the row-at-a-time evaluator.
import type { CatalogEntry } from "../catalog/catalog.ts";
import type { FactName } from "../catalog/schema.ts";
import { evaluateBatch } from "../engine/batch.ts";
import type { Engine } from "../engine/engine.ts";
import { ERROR_BOUND_CODE } from "../engine/types.ts";
import { dayKey } from "./order.ts";
import type { LedgerRow } from "./row.ts";

/** Columns the ledger evaluation fills per row (fen; NaN where none). */
export interface OutcomeColumns {
  ceilingFen: Float64Array;
  floorFen: Float64Array;
  /** BOUND_CODE of what decided the ceiling. */
  bound: Uint8Array;
}

/** A provision whose rows can all go through the batch, and the rows that do. */
interface Batch {
  id: string;
  entry: CatalogEntry;
  facts: readonly FactName[];
  /** The window in force, as day keys. */
  start: number;
  end: number;
  rows: number[];
}

/** The batch of a provision as the ledger spells it, or null when its rows must go one at a time. */
function batchOf(engine: Engine, id: string): Batch | null {
  const resolved = engine.lookup(id);
  if (!resolved || !resolved.compiled.computable) return null;
  const { entry, compiled } = resolved;
  if (compiled.caps.some((cap) => cap.scope !== "award")) return null;
  const { start, end } = entry.document.inForce;
  return { id, entry, facts: [...compiled.facts], start: dayKey(start), end: end === null ? Infinity : dayKey(end), rows: [] };
}

const isInput = (value: number): boolean => value >= 0 && value < Infinity;

/**
 * Whether the row's inputs are ones the batch reads as Engine.evaluate does: an amount that is blank or a finite
 * non-negative number, and only facts the provision takes, each such a number. Anything else is left to the
 * row-at-a-time path, which reports it as Engine.evaluate words it.
 */
function inputsFit(row: LedgerRow, batch: Batch): boolean {
  if (row.amount !== null && !isInput(row.amount)) return false;
  // for…in allocates nothing for the common empty record.
  for (const name in row.facts) {
    const value = row.facts[name as FactName];
    if (value === undefined || value === null) continue;
    if (!batch.facts.includes(name as FactName) || typeof value !== "number" || !isInput(value)) return false;
  }
  return true;
}

const amountOf = (row: LedgerRow): number | null => row.amount;

/** One input of the listed rows as a batch column (NaN where blank). */
function column(rows: readonly LedgerRow[], list: readonly number[], value: (row: LedgerRow) => number | null | undefined): Float64Array {
  const out = new Float64Array(list.length);
  for (let k = 0; k < list.length; k++) out[k] = value(rows[list[k] as number] as LedgerRow) ?? NaN;
  return out;
}

/**
 * Evaluates every row it can in batches, writing ceiling, floor and bound into `out`, and returns the indices of
 * the rows left for the row-at-a-time evaluator, in input order.
 */
export function evaluateInBatches(engine: Engine, rows: readonly LedgerRow[], out: OutcomeColumns): number[] {
  const batches = new Map<string, Batch | null>();
  const left: number[] = [];
  // Files often list a provision's rows together: the previous row's batch is tried before the map.
  let lastId = "";
  let batch: Batch | null | undefined = null;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as LedgerRow;
    if (row.provisionId !== lastId) {
      lastId = row.provisionId;
      batch = batches.get(lastId);
      if (batch === undefined) {
        batch = batchOf(engine, lastId);
        batches.set(lastId, batch);
      }
    }
    const day = dayKey(row.applicationDate);
    if (batch !== null && day >= batch.start && day <= batch.end && inputsFit(row, batch)) batch.rows.push(i);
    else left.push(i);
  }
  let errors = false;
  for (const batch of batches.values()) {
    if (batch === null || batch.rows.length === 0) continue;
    const list = batch.rows;
    const facts: Partial<Record<FactName, Float64Array>> = {};
    for (const name of batch.facts) facts[name] = column(rows, list, (row) => row.facts[name]);
    const amounts = column(rows, list, amountOf);
    const result = evaluateBatch(engine, batch.id, { amounts, facts, date: batch.entry.document.inForce.start, rows: list.length });
    if (!result.ok) {
      left.push(...list);
      errors = true;
      continue;
    }
    const { ceilings, floors, bounds } = result;
    for (let k = 0; k < list.length; k++) {
      const i = list[k] as number;
      if (bounds[k] === ERROR_BOUND_CODE) {
        // The engine's own message, from the row-at-a-time path.
        left.push(i);
        errors = true;
        continue;
      }
      const ceiling = ceilings[k] as number;
      out.ceilingFen[i] = ceiling === Infinity ? NaN : Math.round(ceiling * 100);
      out.floorFen[i] = Math.round((floors[k] as number) * 100);
      out.bound[i] = bounds[k] as number;
    }
  }
  if (errors) left.sort((a, b) => a - b);
  return left;
}
