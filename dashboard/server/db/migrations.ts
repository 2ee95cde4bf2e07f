// Schema migrations, versioned in code and applied in order at open; PRAGMA user_version records the last one.
// Never edit a released migration: add the next one.
import type Database from "better-sqlite3";

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: "ledger, history, commitments, tokens, idempotency",
    sql: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

      CREATE TABLE tokens (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('editor', 'viewer')),
        hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        revoked_at TEXT
      ) STRICT;

      -- The current version of each ledger row. The filter columns are derived from data at write time.
      CREATE TABLE ledger_rows (
        application_id TEXT PRIMARY KEY,
        version INTEGER NOT NULL,
        data TEXT NOT NULL,
        provision_id TEXT NOT NULL,
        document TEXT,
        jurisdiction TEXT,
        district TEXT NOT NULL,
        enterprise TEXT NOT NULL,
        status TEXT NOT NULL,
        year INTEGER NOT NULL,
        sample INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX ledger_rows_provision ON ledger_rows (provision_id);
      CREATE INDEX ledger_rows_jurisdiction_year ON ledger_rows (jurisdiction, year);

      -- Every version of every row, the current one included: an update never destroys a value.
      CREATE TABLE ledger_history (
        application_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        data TEXT,
        operation TEXT NOT NULL CHECK (operation IN ('insert', 'update', 'delete')),
        changed_at TEXT NOT NULL,
        changed_by TEXT NOT NULL,
        token_id INTEGER,
        batch_id TEXT NOT NULL,
        sample INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (application_id, version)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE commitments (
        jurisdiction TEXT NOT NULL,
        year INTEGER NOT NULL,
        version INTEGER NOT NULL,
        data TEXT NOT NULL,
        sample INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        PRIMARY KEY (jurisdiction, year)
      ) STRICT;
      CREATE TABLE commitments_history (
        jurisdiction TEXT NOT NULL,
        year INTEGER NOT NULL,
        version INTEGER NOT NULL,
        data TEXT NOT NULL,
        changed_at TEXT NOT NULL,
        changed_by TEXT NOT NULL,
        sample INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (jurisdiction, year, version)
      ) STRICT;

      -- A replayed batch returns the first response; the key is scoped to the token that sent it.
      CREATE TABLE idempotency (
        token_id INTEGER NOT NULL,
        key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        status INTEGER NOT NULL,
        response TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (token_id, key)
      ) STRICT;
    `,
  },
];

export function migrate(db: Database.Database): { from: number; to: number } {
  const from = db.pragma("user_version", { simple: true }) as number;
  const latest = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
  if (from > latest) {
    throw new Error(`database schema version ${from} is newer than this program knows (${latest}); upgrade the program`);
  }
  for (const m of MIGRATIONS) {
    if (m.version <= from) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return { from, to: latest };
}
