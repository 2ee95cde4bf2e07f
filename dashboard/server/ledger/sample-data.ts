// Demo data: the sample ledger and commitments go into an empty database once, marked sample (remove-sample.ts
// takes them out again).
import type { Catalog } from "../../../shared/catalog/catalog.ts";
import { DEFAULT_SAMPLE_ROWS, sampleLedger } from "../../../shared/ledger/sample.ts";
import { getMeta, setMeta, type Db } from "../db/open.ts";
import { upsertCommitments } from "./commitments.ts";
import { SEEDED_KEY } from "./seeded-key.ts";
import type { LedgerStore } from "./store.ts";

const SAMPLE_ACTOR = { tokenId: null, name: "sample" };

/** Seeds the first time the database is found empty; never again (so removing the sample keeps it removed). */
export function seedIfEmpty(db: Db, store: LedgerStore, catalog: Catalog): { seeded: boolean; rows: number } {
  if (getMeta(db, SEEDED_KEY) !== undefined || store.count() > 0) return { seeded: false, rows: 0 };
  const sample = sampleLedger({ rows: DEFAULT_SAMPLE_ROWS, distinctIds: true });
  db.transaction(() => {
    store.upsert(sample.rows, SAMPLE_ACTOR, "sample", { sample: true });
    // The commitments the documents state come first; sample ones only fill years the documents leave open.
    upsertCommitments(db, catalog.commitments, SAMPLE_ACTOR, { onlyNew: true });
    upsertCommitments(db, sample.commitments.map((c) => ({ ...c, sample: true })), SAMPLE_ACTOR, { onlyNew: true });
    setMeta(db, SEEDED_KEY, new Date().toISOString());
  }).immediate();
  store.noteWrite();
  return { seeded: true, rows: store.count() };
}
