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
  commitments: CommitmentsTable;
  commitments_history: CommitmentsHistoryTable;
  idempotency: IdempotencyTable;
  schema_migrations: SchemaMigrationsTable;
}
