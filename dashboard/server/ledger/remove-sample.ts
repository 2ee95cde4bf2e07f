// `subsidy data remove-sample`: takes the demo ledger and commitments out, leaving everything users entered.
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { Engine } from "../../../shared/engine/engine.ts";
import { chunks } from "../db/chunks.ts";
import { getMeta, setMeta, type Db } from "../db/open.ts";
import { SEEDED_KEY } from "./seeded-key.ts";
import { bumpRevision, chainedHistory } from "./store.ts";
import { storeEvaluated } from "./stored-evaluation.ts";

/**
 * Removes the rows and commitments still marked sample, with their sample-only history; the other rows of the
 * enterprises involved are evaluated again without them.
 */
export async function removeSample(db: Db, engine: Engine, catalogVersion: string): Promise<{ rows: number; commitments: number }> {
  return db.write(async (trx) => {
    const removed = (await trx.selectFrom("ledger_rows").selectAll().where("sample", "=", 1).execute());
    await storeEvaluated(trx, engine, catalogVersion, { written: [], before: new Map(), removed });
    // A sample row that overwrote a row someone entered keeps its whole history, closed by a delete entry, so its
    // chain stays whole (db verify) and a later write goes on from there; a row only the sample ever wrote leaves
    // no trace.
    const entered = new Set(
      (
        await trx
          .selectFrom("ledger_history")
          .select("application_id")
          .distinct()
          .where("sample", "=", 0)
          .where("application_id", "in", (eb) => eb.selectFrom("ledger_rows").select("application_id").where("sample", "=", 1))
          .execute()
      ).map((r) => r.application_id),
    );
    const at = new Date().toISOString();
    const batchId = randomUUID();
    const closing = removed
      .filter((r) => entered.has(r.application_id))
      .map((r) => ({ application_id: r.application_id, version: r.version + 1, data: null, operation: "delete" as const, changed_at: at, changed_by: "subsidy data remove-sample", token_id: null, batch_id: batchId, sample: 1 }));
    for (const part of chunks(await chainedHistory(trx, closing))) await trx.insertInto("ledger_history").values(part).execute();
    await trx
      .deleteFrom("ledger_history")
      .where("sample", "=", 1)
      .where("application_id", "in", (eb) => eb.selectFrom("ledger_rows").select("application_id").where("sample", "=", 1))
      .where(sql<boolean>`NOT EXISTS (SELECT 1 FROM ledger_history AS entered WHERE entered.application_id = ledger_history.application_id AND entered.sample = 0)`)
      .execute();
    // A row still marked sample was never written by a user (a user's write, a payment's included, clears the mark):
    // its payments are the sample's paid figures made events by migration 6, and go with it.
    await trx
      .deleteFrom("ledger_payments")
      .where("application_id", "in", (eb) => eb.selectFrom("ledger_rows").select("application_id").where("sample", "=", 1))
      .execute();
    // Likewise a decision that left the row as it was (a `submitted` on an applied sample row): it goes with the row.
    await trx
      .deleteFrom("ledger_decisions")
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
