// The whole ledger evaluated in the browser by the engine from shared/, for the views that need per-row results
// the service does not send (bounds, violations) or results under changed rules (what-if). Loaded on demand: this
// module pulls in the engine and the bundled catalog.
import { bundledCatalog } from "../../../../shared/catalog/bundled.ts";
import type { Commitment } from "../../../../shared/catalog/schema.ts";
import { Engine } from "../../../../shared/engine/engine.ts";
import { evaluateLedger, type LedgerEvaluation } from "../../../../shared/ledger/evaluate.ts";
import type { LedgerRow } from "../../../../shared/ledger/row.ts";
import { fetchCommitments, fetchLedgerAll } from "../api/endpoints.ts";

export interface LedgerInBrowser {
  engine: Engine;
  rows: LedgerRow[];
  evaluation: LedgerEvaluation;
  commitments: Commitment[];
}

let pending: Promise<LedgerInBrowser> | null = null;

/** Cap accounting spans the whole ledger, so every row is fetched and evaluated, once per page load. */
export function loadLedger(refresh = false): Promise<LedgerInBrowser> {
  if (refresh || !pending) {
    pending = (async () => {
      const [rows, commitments] = await Promise.all([fetchLedgerAll({}), fetchCommitments()]);
      const engine = new Engine(bundledCatalog());
      // Traces kept: the provision page counts which cap bound each ceiling.
      return { engine, rows, commitments, evaluation: evaluateLedger(engine, rows) };
    })();
    pending.catch(() => {
      pending = null;
    });
  }
  return pending;
}
