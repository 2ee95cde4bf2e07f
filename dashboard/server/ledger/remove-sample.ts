// `subsidy data remove-sample`: takes the demo ledger and commitments out, leaving everything users entered.
import { sql } from "kysely";
import { getMeta, setMeta, type Db } from "../db/open.ts";
import { SEEDED_KEY } from "./seeded-key.ts";
import { bumpRevision } from "./store.ts";

/** Removes the rows and commitments still marked sample, with their sample-only history. */
export async function removeSample(db: Db): Promise<{ rows: number; commitments: number }> {
  return db.write(async (trx) => {
    await trx
      .deleteFrom("ledger_history")
      .where("sample", "=", 1)
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
