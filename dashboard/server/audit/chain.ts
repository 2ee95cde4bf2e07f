// The audit hash chains: every history entry (ledger rows, commitments, notices), every payment (migration 6), every
// decision (migration 8) and every token event carries the SHA-256 of the entry before it in its chain and its own,
// over a canonical serialisation. The migrations filling existing entries (5, 6, notice history), the writers and
// `subsidy db verify` all hash through `chainHash`, so they can never disagree about what an entry's hash covers.
import { hash } from "node:crypto";

/** Each chained table's hashed columns, in the order they are serialised; `prev_hash` is always last. */
export const CHAIN_FIELDS = {
  ledger_history: ["application_id", "version", "operation", "data", "changed_at", "changed_by", "token_id", "batch_id", "sample"],
  commitments_history: ["jurisdiction", "year", "version", "data", "changed_at", "changed_by", "token_id", "sample"],
  token_events: ["seq", "token_id", "name", "jurisdiction", "roles", "event", "at", "by"],
  ledger_payments: ["application_id", "seq", "jurisdiction", "amount_fen", "paid_on", "date_recorded", "voucher", "origin", "row_version", "token_id", "token_name", "recorded_at"],
  ledger_decisions: ["application_id", "seq", "jurisdiction", "event", "amount_fen", "decided_on", "opinion", "decided_alone", "row_version", "token_id", "token_name", "recorded_at", "catalog_version", "record"],
  notice_history: ["notice_id", "version", "jurisdiction", "operation", "status", "body", "token_id", "token_name", "changed_at"],
} as const;
export type ChainedTable = keyof typeof CHAIN_FIELDS;

/** The prev_hash of a chain's first entry. */
export const CHAIN_START = "";

/**
 * SHA-256 (hex) of the entry: a JSON array of the table's name, the hashed columns as stored (text as text, integers
 * as numbers, absent values as null) and the previous entry's hash. The table's name keeps an entry of one chain from
 * passing for an entry of another; JSON keeps field boundaries unambiguous whatever the text holds.
 */
export function chainHash(table: ChainedTable, entry: Readonly<Record<string, unknown>>, prevHash: string): string {
  const values = CHAIN_FIELDS[table].map((field) => canonicalValue(entry[field]));
  // One-shot hash (text as UTF-8): the same digest as a Hash object's, at half the cost, for a batch's many entries.
  return hash("sha256", JSON.stringify([table, ...values, prevHash]), "hex");
}

/** PostgreSQL's bigint or a driver's string digits must hash as SQLite's integer does. */
function canonicalValue(value: unknown): string | number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "number" || typeof value === "string") return value;
  if (typeof value === "bigint") return Number(value);
  throw new TypeError(`cannot hash a ${typeof value}`);
}
