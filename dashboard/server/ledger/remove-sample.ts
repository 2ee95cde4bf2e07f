// `subsidy data remove-sample`: takes the demo ledger and commitments out, leaving everything users entered.
import { getMeta, setMeta, type Db } from "../db/open.ts";
import { SEEDED_KEY } from "./seeded-key.ts";

/** Removes the rows and commitments still marked sample, with their sample-only history. */
export function removeSample(db: Db): { rows: number; commitments: number } {
  return db.transaction(() => {
    db.prepare(
      "DELETE FROM ledger_history WHERE sample = 1 AND application_id IN (SELECT application_id FROM ledger_rows WHERE sample = 1)",
    ).run();
    const rows = db.prepare("DELETE FROM ledger_rows WHERE sample = 1").run().changes;
    db.prepare(
      "DELETE FROM commitments_history WHERE sample = 1 AND (jurisdiction, year) IN (SELECT jurisdiction, year FROM commitments WHERE sample = 1)",
    ).run();
    const commitments = db.prepare("DELETE FROM commitments WHERE sample = 1").run().changes;
    // Never seed again, even though the ledger may now be empty.
    setMeta(db, SEEDED_KEY, getMeta(db, SEEDED_KEY) ?? new Date().toISOString());
    return { rows, commitments };
  }).immediate();
}
