// Demo data: the sample ledger and commitments go into an empty database once, marked sample (remove-sample.ts
// takes them out again). Each approved or paid sample row is recorded as decided — submitted on its application
// day, approved on the row's approval date (核准日期) — so that approvals count in their approval year, as a user's do.
import type { Catalog } from "../../../shared/catalog/catalog.ts";
import type { LedgerRow } from "../../../shared/ledger/row.ts";
import { DEFAULT_SAMPLE_ROWS, sampleLedger, type SampleLedger } from "../../../shared/ledger/sample.ts";
import type { StoredOutcome } from "../../../shared/ledger/stored-outcome.ts";
import { fenOfExactYuan } from "../../../shared/money/fen.ts";
import { getMeta, setMeta, type Db, type Executor } from "../db/open.ts";
import { upsertCommitmentsIn } from "./commitments.ts";
import { appendDecisions, type DecisionEntry } from "./decision-events.ts";
import { decisionRecordOf } from "./decisions.ts";
import { SEEDED_KEY } from "./seeded-key.ts";
import type { LedgerStore, UpsertResult } from "./store.ts";

const SAMPLE_ACTOR = { tokenId: null, name: "sample" };

/** Seeds the first time the database is found empty; never again (so removing the sample keeps it removed). */
export async function seedIfEmpty(db: Db, store: LedgerStore, catalog: Catalog): Promise<{ seeded: boolean; rows: number }> {
  if ((await getMeta(db.k, SEEDED_KEY)) !== undefined || (await store.count()) > 0) return { seeded: false, rows: 0 };
  const sample = sampleLedger({ rows: DEFAULT_SAMPLE_ROWS, distinctIds: true });
  const seeded = await db.write(async (trx) => {
    // Checked again under the write lock: two services starting on one new PostgreSQL database seed it once.
    if ((await getMeta(trx, SEEDED_KEY)) !== undefined) return false;
    if ((await trx.selectFrom("ledger_rows").select("application_id").limit(1).executeTakeFirst()) !== undefined) return false;
    const { result, outcomes } = await store.upsertIn(trx, sample.rows, SAMPLE_ACTOR, "sample", { sample: true });
    await appendSampleDecisions(trx, store, sample, result, outcomes);
    // The commitments the documents state come first; sample ones only fill years the documents leave open.
    await upsertCommitmentsIn(trx, catalog.commitments, SAMPLE_ACTOR, { onlyNew: true });
    await upsertCommitmentsIn(trx, sample.commitments.map((c) => ({ ...c, sample: true })), SAMPLE_ACTOR, { onlyNew: true });
    await setMeta(trx, SEEDED_KEY, new Date().toISOString());
    return true;
  });
  if (!seeded) return { seeded: false, rows: 0 };
  return { seeded: true, rows: await store.count() };
}

/** The sample's decisions: for each approved or paid row, `submitted` on its application day and `approved` on its approval day. */
async function appendSampleDecisions(
  trx: Executor,
  store: LedgerStore,
  sample: SampleLedger,
  result: UpsertResult,
  outcomes: ReadonlyMap<string, StoredOutcome>,
): Promise<void> {
  const version = new Map(result.versions.map((v) => [v.applicationId, v.version]));
  const jurisdiction = new Map(
    (await trx.selectFrom("ledger_rows").select(["application_id", "jurisdiction"]).where("sample", "=", 1).execute()).map((r) => [r.application_id, r.jurisdiction]),
  );
  const at = new Date().toISOString();
  const entry = (row: LedgerRow, event: DecisionEntry["event"], day: string): DecisionEntry => ({
    application_id: row.applicationId,
    jurisdiction: jurisdiction.get(row.applicationId) ?? null,
    event,
    amount_fen: null,
    decided_on: day,
    opinion: null,
    decided_alone: 0,
    row_version: version.get(row.applicationId) ?? 0,
    token_id: SAMPLE_ACTOR.tokenId,
    token_name: SAMPLE_ACTOR.name,
    recorded_at: at,
    catalog_version: store.catalogVersion,
    record: null,
  });
  const events: DecisionEntry[] = [];
  for (const row of sample.rows) {
    const day = row.approvalDate;
    if (!day || row.approved === null) continue;
    const outcome = outcomes.get(row.applicationId);
    const record = outcome ? decisionRecordOf(store, row, outcome, store.catalogVersion) : null;
    events.push(entry(row, "submitted", row.applicationDate), {
      ...entry(row, "approved", day),
      amount_fen: fenOfExactYuan(row.approved),
      record: record === null ? null : JSON.stringify(record),
    });
  }
  await appendDecisions(trx, events);
}
