// Each row's evaluation in the ledger, stored beside it and kept current in the writer's transaction. A write
// re-evaluates the rows it can affect — before and after the change — and nothing else: caps, stacking and
// duplicate IDs never reach past an enterprise (credit code, shared/ledger/stored-outcome.ts), nor past the
// provisions coupled by a shared cap or stacking group (shared/ledger/coupling.ts). Rows whose outcome did not
// change are not rewritten; the totals move by the parts of the rows that were.
import type { Selectable } from "kysely";
import type { Engine } from "../../../shared/engine/engine.ts";
import { evaluateLedger } from "../../../shared/ledger/evaluate.ts";
import type { LedgerRow } from "../../../shared/ledger/row.ts";
import { outcomesOf, sameOutcome, type StoredOutcome, type StoredViolation } from "../../../shared/ledger/stored-outcome.ts";
import { chunks } from "../db/chunks.ts";
import type { Executor } from "../db/open.ts";
import type { LedgerCapDrawsTable, LedgerRowsTable } from "../db/schema.ts";
import { coupledRowsQuery, reachOf } from "./coupled-rows.ts";
import { TotalsDelta } from "./totals.ts";
import { moveRowParts, type RowRecord } from "./year-totals.ts";

export type StoredRecord = Selectable<LedgerRowsTable>;


/** The stored outcome of a record, for comparison with a fresh one. */
export function storedOutcomeOf(record: StoredRecord): StoredOutcome {
  return {
    applicationId: record.application_id,
    ceilingFen: record.ceiling_fen,
    floorFen: record.floor_fen,
    bound: record.bound as StoredOutcome["bound"],
    verdict: record.verdict,
    countedFen: record.counted_fen,
    errorCode: record.error_code,
    violations: record.violations === null ? [] : (JSON.parse(record.violations) as StoredViolation[]),
    draws: [],
  };
}

/** The stored outcomes of some rows, by application ID (rows not stored are absent). */
export async function storedOutcomes(ex: Executor, applicationIds: readonly string[]): Promise<Map<string, StoredOutcome>> {
  const out = new Map<string, StoredOutcome>();
  for (const part of chunks(applicationIds, 500)) {
    const found = await ex.selectFrom("ledger_rows").selectAll().where("application_id", "in", part).execute();
    for (const record of found) out.set(record.application_id, storedOutcomeOf(record));
  }
  return out;
}

/** The outcome columns of a record. */
function outcomeColumns(outcome: StoredOutcome, catalogVersion: string): Partial<LedgerRowsTable> {
  return {
    ceiling_fen: outcome.ceilingFen,
    floor_fen: outcome.floorFen,
    bound: outcome.bound,
    verdict: outcome.verdict,
    counted_fen: outcome.countedFen,
    error_code: outcome.errorCode,
    violations: outcome.violations.length > 0 ? JSON.stringify(outcome.violations) : null,
    evaluated_under: catalogVersion,
  };
}

export interface Change {
  /** The rows the caller writes, as they will be stored (outcome columns are filled here). */
  written: readonly LedgerRowsTable[];
  /** What was stored of each written row before (null: a new row). */
  before: ReadonlyMap<string, StoredRecord | null>;
  /** Rows the caller removes, as they were stored. */
  removed?: readonly StoredRecord[];
  /** Further enterprises to re-evaluate (the stale pass names them). */
  creditCodes?: Iterable<string>;
  /**
   * The office the writer may write for (null or "all": every row). Other offices' rows of the enterprises are
   * left as stored: no cap or stacking group spans two jurisdictions, so their outcomes cannot change with this
   * office's rows — only their catalog version can be stale, which the stale pass mends.
   */
  office?: string | null;
}

export interface Stored {
  /** The outcome of every written row, by application ID. */
  outcomes: Map<string, StoredOutcome>;
  /** Rows rewritten, written ones included. */
  rewritten: number;
}

/**
 * Lets the event loop answer other requests between the steps of a write: readers have their own connection
 * (db/open.ts) and read the last commit meanwhile, so no request waits for a whole batch.
 */
export const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Enterprises read per statement: with a few dozen rows each, one read stays a few thousand rows, so that a write
 * never holds the event loop for long (better-sqlite3 reads synchronously).
 */
const READ_ENTERPRISES = 50;

/**
 * The current rows within reach of a change, as stored (coupled-rows.ts), READ_ENTERPRISES enterprises a statement.
 * A row moved to another enterprise or provision leaves its old neighbours to re-evaluate too.
 */
async function rowsOf(trx: Executor, engine: Engine, change: Change): Promise<StoredRecord[]> {
  const reach = reachOf(engine, {
    rows: [...change.written, ...[...change.before.values()].filter((r) => r !== null), ...(change.removed ?? [])],
    ...(change.creditCodes ? { creditCodes: change.creditCodes } : {}),
  });
  const out: StoredRecord[] = [];
  const codes = [...reach.keys()];
  for (const part of chunks(codes, READ_ENTERPRISES)) {
    // One by one, not spread: an enterprise may have more rows than a call takes arguments.
    for (const record of await coupledRowsQuery(trx, new Map(part.map((code) => [code, reach.get(code) ?? null]))).execute()) out.push(record);
    await yieldToLoop();
  }
  return out;
}

/**
 * Rows evaluated per step. Enterprises are independent in the ledger, so a write evaluates them a few at a time and
 * lets the event loop answer readers between steps: the longest pause is one step (or one enterprise's rows, when an
 * enterprise alone has more), not the whole write.
 */
const STEP_ROWS = 1000;
/** Rows compared with their stored outcome between two yields. */
const COMPARE_STEP = 2000;

/** The outcome of every record (same order), evaluated enterprise by enterprise in steps of about STEP_ROWS rows. */
async function outcomesInSteps(engine: Engine, records: readonly LedgerRowsTable[]): Promise<StoredOutcome[]> {
  const byEnterprise = new Map<string, number[]>();
  records.forEach((record, i) => {
    const at = byEnterprise.get(record.credit_code);
    if (at) at.push(i);
    else byEnterprise.set(record.credit_code, [i]);
  });
  const out: StoredOutcome[] = new Array(records.length);
  let step: number[] = [];
  const evaluateStep = async (): Promise<void> => {
    const rows = step.map((i) => JSON.parse((records[i] as LedgerRowsTable).data) as LedgerRow);
    outcomesOf(evaluateLedger(engine, rows, { trace: false })).forEach((outcome, k) => (out[step[k] as number] = outcome));
    step = [];
    await yieldToLoop();
  };
  for (const indexes of byEnterprise.values()) {
    if (step.length > 0 && step.length + indexes.length > STEP_ROWS) await evaluateStep();
    step.push(...indexes);
  }
  if (step.length > 0) await evaluateStep();
  return out;
}

/**
 * Stores a change with the outcome of every row it can affect: the written rows with their outcomes, and the other
 * rows of the enterprises involved whose outcome changed; the cap draws of all those rows; the totals moved.
 */
export async function storeEvaluated(trx: Executor, engine: Engine, catalogVersion: string, change: Change): Promise<Stored> {
  const writtenIds = new Set(change.written.map((r) => r.application_id));
  const removedIds = new Set((change.removed ?? []).map((r) => r.application_id));
  const others = (await rowsOf(trx, engine, change)).filter((r) => !writtenIds.has(r.application_id) && !removedIds.has(r.application_id));

  const records: LedgerRowsTable[] = [...change.written, ...others];
  const outcomes = await outcomesInSteps(engine, records);

  const totals = new TotalsDelta();
  // Each rewritten row as stored before → as written (null: absent), for the year totals.
  const moved: [RowRecord | null, RowRecord | null][] = [];
  for (const record of change.removed ?? []) {
    totals.move(record, null);
    moved.push([record, null]);
  }
  const rewrite: LedgerRowsTable[] = [];
  const draws: LedgerCapDrawsTable[] = [];
  const written = new Map<string, StoredOutcome>();
  for (const [i, record] of records.entries()) {
    if (i % COMPARE_STEP === COMPARE_STEP - 1) await yieldToLoop();
    const outcome = outcomes[i] as StoredOutcome;
    const isWritten = i < change.written.length;
    const entry = engine.catalog.byId.get(record.provision_id);
    const derived = { document: entry?.document.key ?? null, jurisdiction: entry?.document.jurisdiction ?? null };
    if (isWritten) written.set(record.application_id, outcome);
    else if (change.office && change.office !== "all" && record.jurisdiction !== change.office) continue;
    else {
      const stored = record as StoredRecord;
      const same = stored.evaluated_under === catalogVersion && stored.document === derived.document && stored.jurisdiction === derived.jurisdiction && sameOutcome(storedOutcomeOf(stored), outcome);
      if (same) continue;
    }
    const next: LedgerRowsTable = { ...record, ...derived, ...outcomeColumns(outcome, catalogVersion) } as LedgerRowsTable;
    rewrite.push(next);
    const was = isWritten ? (change.before.get(record.application_id) ?? null) : (record as StoredRecord);
    totals.move(was, next);
    moved.push([was, next]);
    for (const d of outcome.draws) {
      draws.push({ application_id: record.application_id, cap_key: d.capKey, credit_code: record.credit_code, scope: d.scope, project_id: d.projectId, year: d.year, drawn_fen: d.drawnFen });
    }
  }

  for (const part of chunks([...removedIds, ...rewrite.map((r) => r.application_id)], 500)) {
    await trx.deleteFrom("ledger_cap_draws").where("application_id", "in", part).execute();
    await yieldToLoop();
  }
  for (const part of chunks(rewrite)) {
    await upsertRecords(trx, part);
    await yieldToLoop();
  }
  for (const part of chunks(draws)) {
    await trx.insertInto("ledger_cap_draws").values(part).execute();
    await yieldToLoop();
  }
  await totals.apply(trx);
  await moveRowParts(trx, moved);
  return { outcomes: written, rewritten: rewrite.length };
}

/** Writes whole records, replacing those with the same application ID. */
async function upsertRecords(trx: Executor, records: LedgerRowsTable[]): Promise<void> {
  await trx
    .insertInto("ledger_rows")
    .values(records)
    .onConflict((oc) =>
      oc.column("application_id").doUpdateSet((eb) => {
        const set: Record<string, unknown> = {};
        for (const column of Object.keys(records[0] as object)) if (column !== "application_id") set[column] = eb.ref(`excluded.${column}` as never);
        return set as never;
      }),
    )
    .execute();
}
