// The tables as Kysely sees them: one typed description for both backends, so every query is checked by tsc.
// Text columns hold ISO timestamps and canonical JSON on both backends; integers are integers (fen, versions, 0/1).
import type { Generated } from "kysely";

export interface MetaTable {
  key: string;
  value: string;
}

export interface TokensTable {
  id: Generated<number>;
  name: string;
  /** Schema version 1's role; since version 4 derived from `roles` (editor when any role writes). */
  role: "editor" | "viewer";
  /** The token's office (a jurisdiction or `all`); null for tokens made before version 4 (unscoped). */
  jurisdiction: string | null;
  /** Comma-separated roles (clerk, reviewer, payer, viewer, admin); null for tokens made before version 4. */
  roles: string | null;
  hash: string;
  created_at: string;
  revoked_at: string | null;
}

export interface LedgerRowsTable {
  application_id: string;
  version: number;
  data: string;
  provision_id: string;
  document: string | null;
  jurisdiction: string | null;
  district: string;
  enterprise: string;
  status: string;
  year: number;
  sample: number;
  updated_at: string;
  updated_by: string;
  /** The enterprise's credit code as entered: caps and stacking never reach past it (migration 3 on). */
  credit_code: string;
  /** The row's approved and paid amounts in fen, as entered (null: none). */
  approved_fen: number | null;
  paid_fen: number | null;
  /** The row's evaluation in the ledger (shared/ledger/stored-outcome.ts), kept current by every write. */
  ceiling_fen: number | null;
  floor_fen: number | null;
  bound: string | null;
  verdict: "ok" | "violation" | "unchecked";
  counted_fen: number;
  error_code: string | null;
  /** JSON array of the row's violations; null when it has none. */
  violations: string | null;
  /** The catalog version the outcome was computed under; a row under another is re-evaluated (stale-pass.ts). */
  evaluated_under: string;
}

/** What each row draws on each cap that spans applications (one account per cap, enterprise and scope keys). */
export interface LedgerCapDrawsTable {
  application_id: string;
  cap_key: string;
  credit_code: string;
  scope: string;
  project_id: string | null;
  year: number | null;
  drawn_fen: number;
}

/**
 * The ledger's totals per jurisdiction, document, provision, district, status and year, kept by every write in the
 * same transaction: summaries not keyed by enterprise read these few thousand rows instead of the ledger.
 */
export interface LedgerTotalsTable {
  jurisdiction: string;
  document: string;
  provision_id: string;
  district: string;
  status: string;
  year: number;
  count: number;
  requested_fen: number;
  uncapped: number;
  approved_fen: number;
  paid_fen: number;
  /** What the rows count against caps (migration 5 on): a what-if's figures before the change, without a scan. */
  counted_fen: number;
}

export interface LedgerHistoryTable {
  application_id: string;
  version: number;
  data: string | null;
  operation: "insert" | "update" | "delete";
  changed_at: string;
  changed_by: string;
  token_id: number | null;
  batch_id: string;
  sample: number;
}

export interface CommitmentsTable {
  jurisdiction: string;
  year: number;
  version: number;
  data: string;
  sample: number;
  updated_at: string;
  updated_by: string;
}

export interface CommitmentsHistoryTable {
  jurisdiction: string;
  year: number;
  version: number;
  data: string;
  changed_at: string;
  changed_by: string;
  sample: number;
  /** Null for versions written before migration 2 and for the sample. */
  token_id: number | null;
}

export interface IdempotencyTable {
  token_id: number;
  key: string;
  request_hash: string;
  status: number;
  response: string;
  created_at: string;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: string;
}

export interface Schema {
  meta: MetaTable;
  tokens: TokensTable;
  ledger_rows: LedgerRowsTable;
  ledger_history: LedgerHistoryTable;
  ledger_cap_draws: LedgerCapDrawsTable;
  ledger_totals: LedgerTotalsTable;
  commitments: CommitmentsTable;
  commitments_history: CommitmentsHistoryTable;
  idempotency: IdempotencyTable;
  schema_migrations: SchemaMigrationsTable;
}
