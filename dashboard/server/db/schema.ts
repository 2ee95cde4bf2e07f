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
  /** What the rows count against caps (migration 7 on): a what-if's figures before the change, without a scan. */
  counted_fen: number;
}

/**
 * Approved by the year of approval and paid by the year of payment (migration 10 on), per jurisdiction, document,
 * provision, district and status; `in_year` 0: date not recorded. Kept with ledger_totals (ledger/year-totals.ts).
 */
export interface LedgerYearTotalsTable {
  jurisdiction: string;
  document: string;
  provision_id: string;
  district: string;
  status: string;
  basis: "approved" | "paid";
  in_year: number;
  amount_fen: number;
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
  /** The audit chain (audit/chain.ts, migration 5 on): the hash of this row's previous version ("" for the first). */
  prev_hash: string;
  /** SHA-256 of this version with prev_hash. */
  hash: string;
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
  /** The audit chain of this jurisdiction and year (audit/chain.ts, migration 5 on). */
  prev_hash: string;
  hash: string;
}

/** Token creation and revocation, one hash chain over all of them in `seq` order (migration 5 on). */
export interface TokenEventsTable {
  /** 1, 2, 3 … assigned under the write lock: a gap is a deleted event (an identity column may skip on rollback). */
  seq: number;
  token_id: number;
  name: string;
  jurisdiction: string | null;
  roles: string | null;
  event: "created" | "revoked";
  at: string;
  /** Who did it: `cli:<OS user>`, the service's own first-run token, or the admin token's `token:<id> <name>`. */
  by: string;
  prev_hash: string;
  hash: string;
}

/**
 * A payment of an award (migration 6 on): one event per instalment, never updated; a row's paid figure is the sum of
 * its payments. Each row's payments are a hash chain of their own (audit/chain.ts), in `seq` order.
 */
export interface LedgerPaymentsTable {
  application_id: string;
  /** 1, 2, 3 … per row, assigned under the write lock: a gap is a deleted payment. */
  seq: number;
  /** The row's office when the payment was recorded (row-level security on PostgreSQL). */
  jurisdiction: string | null;
  amount_fen: number;
  /** The day paid; null only when it was never recorded (migrated rows without a paidDate), never guessed. */
  paid_on: string | null;
  /** 1 when paid_on was recorded, 0 for "date not recorded": explicit, so a null never passes for a forgotten field. */
  date_recorded: number;
  /** The treasury's voucher number (null for migrated payments: none was recorded). */
  voucher: string | null;
  /**
   * Where the event came from: the payments API, a receipts import, migration 6 (a row's single paid figure), or
   * `ledger`: a paid figure written with the row itself (a batch, the sample) beyond its payments, made an event
   * when the row's next payment is recorded so that paid stays the sum of its payments.
   */
  origin: "api" | "receipts" | "migrated" | "ledger";
  /** The ledger row's version the payment wrote (for migrated payments: the row's version at the migration). */
  row_version: number;
  token_id: number | null;
  token_name: string;
  /** Server time the event was recorded. */
  recorded_at: string;
  prev_hash: string;
  hash: string;
}

/**
 * A decision on an award (migration 8 on): submitted, approved, rejected or withdrawn, one event each, never updated;
 * each row's decisions are a hash chain of their own (audit/chain.ts), in `seq` order.
 */
export interface LedgerDecisionsTable {
  application_id: string;
  /** 1, 2, 3 … per row, assigned under the write lock: a gap is a deleted decision. */
  seq: number;
  /** The row's office when the decision was recorded (row-level security on PostgreSQL). */
  jurisdiction: string | null;
  event: "submitted" | "approved" | "rejected" | "withdrawn";
  /** The approved amount (approved only; null otherwise). */
  amount_fen: number | null;
  /** The day decided (the server's day in Shanghai unless given; never in the future). */
  decided_on: string;
  /** The opinion (审核意见) or reason, NFC; null when none was given. */
  opinion: string | null;
  /** 1 when the submitter decided alone, as the office's one-person setting allows (SUBSIDY_ONE_PERSON_OFFICES). */
  decided_alone: number;
  /** The ledger row's version after the event (the version it stood at when the event changed nothing of it). */
  row_version: number;
  token_id: number | null;
  token_name: string;
  /** Server time the event was recorded. */
  recorded_at: string;
  /** The catalog the decision was made under. */
  catalog_version: string;
  /** Approved only: JSON of the decision record (DecisionRecord in ledger/decision-events.ts); null otherwise. */
  record: string | null;
  prev_hash: string;
  hash: string;
}

/**
 * An application notice entered through the service (migration 11 on): a draft its office edits, then published by
 * an admin of the office, after which it is fixed and joins the engine's notices like a rules/notices/ file.
 */
export interface NoticesTable {
  /** `api-<document>-<n>`: the `api-` prefix is refused for notice files, so the two never collide. */
  id: string;
  document: string;
  /** The document's jurisdiction (row-level security on PostgreSQL). */
  jurisdiction: string;
  status: "draft" | "published";
  /** The notice as JSON, as shared/catalog/notice.ts's Notice parses it. */
  body: string;
  /** 1 on creation, one more per write; what If-Match names. */
  version: number;
  created_at: string;
  created_by_token_id: number | null;
  created_by: string;
  updated_at: string;
  updated_by_token_id: number | null;
  updated_by: string;
  published_at: string | null;
  published_by_token_id: number | null;
  published_by: string | null;
}

/**
 * Every version of a notice entered through the service, appended in the transaction that writes it and chained per
 * notice (audit/chain.ts). `migrated`: the version a notice stood at when this table was made, its earlier versions
 * never recorded; such an entry starts its chain wherever the notice then was.
 */
export interface NoticeHistoryTable {
  notice_id: string;
  version: number;
  /** The notice's office (row-level security on PostgreSQL, as on notices). */
  jurisdiction: string;
  operation: "created" | "edited" | "published" | "migrated";
  status: "draft" | "published";
  /** The notice's body at this version, as notices.body holds it. */
  body: string;
  token_id: number | null;
  token_name: string;
  /** Server time of the write. */
  changed_at: string;
  prev_hash: string;
  hash: string;
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
  ledger_year_totals: LedgerYearTotalsTable;
  commitments: CommitmentsTable;
  commitments_history: CommitmentsHistoryTable;
  token_events: TokenEventsTable;
  ledger_payments: LedgerPaymentsTable;
  ledger_decisions: LedgerDecisionsTable;
  notices: NoticesTable;
  notice_history: NoticeHistoryTable;
  idempotency: IdempotencyTable;
  schema_migrations: SchemaMigrationsTable;
}
