// Rows evaluated under another catalog (the rules changed, or a ledger from before stored outcomes) are evaluated
// again after the service starts listening: a few hundred enterprises per transaction, yielding between them, so
// reads and writes are answered meanwhile; a write that touches a stale enterprise evaluates it itself.
import { bumpRevision, type LedgerStore } from "./store.ts";
import { storeEvaluated } from "./stored-evaluation.ts";

/** Enterprises per transaction: a few thousand rows, a few tens of milliseconds. */
const ENTERPRISES_PER_STEP = 200;

export interface StalePass {
  /** Resolves with the rows evaluated again once none is stale, or when stopped. */
  done: Promise<number>;
  /** Stops after the step under way (the service is closing). */
  stop(): Promise<void>;
}

export function startStalePass(store: LedgerStore, onError: (error: unknown) => void = () => {}): StalePass {
  const { db, engine, catalogVersion } = store;
  let stopped = false;
  const run = async (): Promise<number> => {
    let rows = 0;
    while (!stopped) {
      const step = await db.write(async (trx) => {
        const stale = await trx
          .selectFrom("ledger_rows")
          .select("credit_code")
          .distinct()
          .where((eb) => eb.or([eb("evaluated_under", "<", catalogVersion), eb("evaluated_under", ">", catalogVersion)]))
          .limit(ENTERPRISES_PER_STEP)
          .execute();
        if (stale.length === 0) return null;
        const stored = await storeEvaluated(trx, engine, catalogVersion, { written: [], before: new Map(), creditCodes: stale.map((r) => r.credit_code) });
        await bumpRevision(trx);
        return stored.rewritten;
      });
      if (step === null) break;
      rows += step;
      await new Promise((resolve) => setImmediate(resolve));
    }
    return rows;
  };
  const done = run().catch((error: unknown) => {
    onError(error);
    return 0;
  });
  return {
    done,
    stop: async () => {
      stopped = true;
      await done;
    },
  };
}
