// `subsidy data remove-sample`: takes the demo ledger and commitments out, leaving everything users entered.
import { sql } from "kysely";
import type { Engine } from "../../../shared/engine/engine.ts";
import { getMeta, setMeta, type Db } from "../db/open.ts";
import { SEEDED_KEY } from "./seeded-key.ts";
import { bumpRevision } from "./store.ts";
import { storeEvaluated } from "./stored-evaluation.ts";

/**
 * Removes the rows and commitments still marked sample, with their sample-only history; the other rows of the
 * enterprises involved are evaluated again without them.
 */
export async function removeSample(db: Db, engine: Engine, catalogVersion: string): Promise<{ rows: number; commitments: number }> {
  return db.write(async (trx) => {
    const removed = (await trx.selectFrom("ledger_rows").selectAll().where("sample", "=", 1).execute());
    await storeEvaluated(trx, engine, catalogVersion, { written: [], before: new Map(), removed });
    await trx
      .deleteFrom("ledger_history")
      .where("sample", "=", 1)
      .where("application_id", "in", (eb) => eb.selectFrom("ledger_rows").select("application_id").where("sample", "=", 1))
      .execute();
    // A row still marked sample was never written by a user (a user's write, a payment's included, clears the mark):
    // its payments are the sample's paid figures made events by migration 6, and go with it.
    await trx
      .deleteFrom("ledger_payments")
      .where("application_id", "in", (eb) => eb.selectFrom("ledger_rows").select("application_id").where("sample", "=", 1))
      .execute();
    const rows = await trx.deleteFrom("ledger_rows").where("sample", "=", 1).executeTakeFirst();
    await trx
      .deleteFrom("commitments_history")
      .where("sample", "=", 1)
      .where(sql<boolean>`(jurisdiction, year) IN (SELECT jurisdiction, year FROM commitments WHERE sample = 1)`)
      .execute();
    const commitments = await trx.deleteFrom("commitments").where("sample", "=", 1).executeTakeFirst();
    // Never seed again, even though the ledger may now be empty.
    await setMeta(trx, SEEDED_KEY, (await getMeta(trx, SEEDED_KEY)) ?? new Date().toISOString());
    await bumpRevision(trx);
    return { rows: Number(rows.numDeletedRows), commitments: Number(commitments.numDeletedRows) };
  });
}
