// A ledger batch's write (PUT /api/ledger/rows), once validated: one definition for both places it runs — the
// service's own thread (PostgreSQL, whose writes never hold the event loop) and the SQLite writer thread
// (writer/worker.ts), which receives the token, the rows and these options as data.
import { randomUUID } from "node:crypto";
import type { LedgerRow } from "../../../shared/ledger/row.ts";
import type { StoredOutcome } from "../../../shared/ledger/stored-outcome.ts";
import type { Violation } from "../../../shared/ledger/violation.ts";
import { checkRowWrites } from "../auth/permissions.ts";
import type { TokenInfo, TokenJurisdiction } from "../auth/tokens.ts";
import { pruneIdempotency, record, replay, requestHash } from "./idempotency.ts";
import { appendRowEvents, deriveRowEvents, type RowEvents } from "./row-events.ts";
import { storedOutcomes } from "./stored-evaluation.ts";
import type { LedgerStore } from "./store.ts";

export interface PublishOptions {
  /** The Idempotency-Key, checked (checkKey); null without one. */
  key: string | null;
  /** The versions the client expects, by application ID (expectedVersions, If-Match). */
  expected: ReadonlyMap<string, number>;
  onePersonOffices: readonly string[];
  /** Whether to prune old idempotency records in this transaction (the caller does it at most once a minute). */
  prune: boolean;
}

/** What the batch is answered with: the body as sent (JSON), and for a new write what the log records. */
export type Published = { replayed: true; body: string } | { replayed: false; body: string; batchId: string; inserted: number; updated: number };

/** A token allowed to write (assertWriter): its office decides the transaction's row-level security. */
export type WriterToken = TokenInfo & { jurisdiction: TokenJurisdiction };

/**
 * What the ledger checks found for each row of the batch, with the index the row's position in the batch: the
 * violations stored with the rows by the write (stored-evaluation.ts), so they are the rows' findings in the whole
 * ledger — caps drawn across rows and stacking included, with the rows they involve in `related` — and cost no
 * second evaluation.
 */
function batchWarnings(rows: readonly LedgerRow[], outcomes: ReadonlyMap<string, Pick<StoredOutcome, "violations">>): Violation[] {
  return rows.flatMap((row, index) => (outcomes.get(row.applicationId)?.violations ?? []).map((v) => ({ ...v, index })));
}

/** The stored answer (JSON of an object) with the warnings added, without parsing a 15,000-entry answer again. */
function withWarnings(json: string, warnings: readonly Violation[]): string {
  return `${json.slice(0, json.lastIndexOf("}"))},"warnings":${JSON.stringify(warnings)}}`;
}

/**
 * One write transaction: the replay check, the rows with their office and role guard, version check, evaluation
 * (coupled rows included), events, history and totals, and the key, all commit together. `store` brings the engine
 * (with the published notices admitted) and the catalog version the outcomes are stored under.
 */
export async function publishBatch(store: LedgerStore, token: WriterToken, rows: readonly LedgerRow[], options: PublishOptions): Promise<Published> {
  const { key } = options;
  const hash = key === null ? "" : requestHash(rows);
  return store.db.write(
    async (trx): Promise<Published> => {
      if (key !== null) {
        const previous = await replay(trx, token.id, key, hash);
        // A replay's warnings are those its rows have now, as stored.
        if (previous) {
          const now = await storedOutcomes(trx, rows.map((r) => r.applicationId));
          return { replayed: true, body: withWarnings(previous.response, batchWarnings(rows, now)) };
        }
      }
      // The batch ID is the server's own: a client's X-Request-Id is only echoed, never trusted to name a batch.
      // The events the rows' changes imply (row-events.ts), checked as the event routes check them, after the
      // office and role guard and before anything is written; written after the rows, in this transaction.
      let events: RowEvents = { decisions: [], payments: [] };
      const { result, outcomes } = await store.upsertIn(trx, rows, { tokenId: token.id, name: token.name }, randomUUID(), {
        expected: options.expected,
        guard: (changes) => checkRowWrites(token, changes),
        checked: async (changes) => {
          events = await deriveRowEvents(trx, token, changes, options.onePersonOffices);
        },
        office: token.jurisdiction,
      });
      await appendRowEvents(trx, store, token, events, result, outcomes);
      const json = JSON.stringify(result);
      if (key !== null) await record(trx, token.id, key, hash, 200, json);
      if (options.prune) await pruneIdempotency(trx);
      return { replayed: false, body: withWarnings(json, batchWarnings(rows, outcomes)), batchId: result.batchId, inserted: result.inserted, updated: result.updated };
    },
    // The office also bounds the transaction on PostgreSQL (row-level security), below the guard above.
    { office: token.jurisdiction },
  );
}
