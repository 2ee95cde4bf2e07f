// The rows a change can affect, read in SQL: per enterprise, the rows of the provisions coupled with the ones it
// writes (shared/ledger/coupling.ts), one condition per coupled group so that each is an equality lookup on the
// (credit_code, provision_id) index (migration "ledger rows by enterprise and provision") on both planners.
import type { Engine } from "../../../shared/engine/engine.ts";
import { couplingOf } from "../../../shared/ledger/coupling.ts";
import type { Executor } from "../db/open.ts";
import type { StoredRecord } from "./stored-evaluation.ts";

/** Per enterprise, the coupled groups of provisions (by key) a change can affect; null: every provision. */
export type Reach = Map<string, Map<string, readonly string[]> | null>;

/** What a change touches: the enterprise and provision of every row written, as it was and as it will be. */
export interface Touched {
  rows: Iterable<Pick<StoredRecord, "credit_code" | "provision_id">>;
  /** Enterprises whose every row is within reach (the stale pass, decisions). */
  creditCodes?: Iterable<string>;
}

export function reachOf(engine: Engine, touched: Touched): Reach {
  const coupling = couplingOf(engine);
  const reach: Reach = new Map();
  for (const code of touched.creditCodes ?? []) reach.set(code, null);
  for (const { credit_code: code, provision_id: provisionId } of touched.rows) {
    let groups = reach.get(code);
    if (groups === null) continue;
    if (!groups) reach.set(code, (groups = new Map()));
    const group = coupling.of(provisionId);
    groups.set(group.join("\u0000"), group);
  }
  return reach;
}

/**
 * The current rows of the enterprises in `reach` within their reach, as one statement: the enterprises whose every
 * row counts by credit code alone, and for each coupled group the enterprises that reach it with the group's
 * provisions. Exactly the rows in reach, none to drop afterwards.
 */
export function coupledRowsQuery(ex: Executor, reach: Reach) {
  const everything: string[] = [];
  const byGroup = new Map<string, { provisions: readonly string[]; codes: string[] }>();
  for (const [code, groups] of reach) {
    if (groups === null) {
      everything.push(code);
      continue;
    }
    for (const [key, provisions] of groups) {
      const entry = byGroup.get(key);
      if (entry) entry.codes.push(code);
      else byGroup.set(key, { provisions, codes: [code] });
    }
  }
  return ex
    .selectFrom("ledger_rows")
    .selectAll()
    .where((eb) =>
      eb.or([
        ...(everything.length > 0 ? [eb("credit_code", "in", everything)] : []),
        ...[...byGroup.values()].map((g) => eb.and([eb("credit_code", "in", g.codes), eb("provision_id", "in", g.provisions)])),
      ]),
    );
}
