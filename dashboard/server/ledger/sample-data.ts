// Demo data: the sample ledger and commitments go into an empty database once, marked sample (remove-sample.ts
// takes them out again).
import type { Catalog } from "../../../shared/catalog/catalog.ts";
import { DEFAULT_SAMPLE_ROWS, sampleLedger } from "../../../shared/ledger/sample.ts";
import { getMeta, setMeta, type Db } from "../db/open.ts";
import { upsertCommitmentsIn } from "./commitments.ts";
import { SEEDED_KEY } from "./seeded-key.ts";
import type { LedgerStore } from "./store.ts";

const SAMPLE_ACTOR = { tokenId: null, name: "sample" };

/** Seeds the first time the database is found empty; never again (so removing the sample keeps it removed). */
export async function seedIfEmpty(db: Db, store: LedgerStore, catalog: Catalog): Promise<{ seeded: boolean; rows: number }> {
  if ((await getMeta(db.k, SEEDED_KEY)) !== undefined || (await store.count()) > 0) return { seeded: false, rows: 0 };
  const sample = sampleLedger({ rows: DEFAULT_SAMPLE_ROWS, distinctIds: true });
  const seeded = await db.write(async (trx) => {
    // Checked again under the write lock: two services starting on one new PostgreSQL database seed it once.
    if ((await getMeta(trx, SEEDED_KEY)) !== undefined) return false;
    if ((await trx.selectFrom("ledger_rows").select("application_id").limit(1).executeTakeFirst()) !== undefined) return false;
    await store.upsertIn(trx, sample.rows, SAMPLE_ACTOR, "sample", { sample: true });
    // The commitments the documents state come first; sample ones only fill years the documents leave open.
    await upsertCommitmentsIn(trx, catalog.commitments, SAMPLE_ACTOR, { onlyNew: true });
    await upsertCommitmentsIn(trx, sample.commitments.map((c) => ({ ...c, sample: true })), SAMPLE_ACTOR, { onlyNew: true });
    await setMeta(trx, SEEDED_KEY, new Date().toISOString());
    return true;
  });
  if (!seeded) return { seeded: false, rows: 0 };
  return { seeded: true, rows: await store.count() };
}
