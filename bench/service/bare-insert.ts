// The ingest baseline: the rows the store writes (same canonical JSON, same column values) inserted straight into
// ledger_rows of a freshly migrated database in one transaction, with nothing else — no validation, history,
// idempotency record or HTTP. better-sqlite3's prepared insert on SQLite; multi-row INSERTs on PostgreSQL.
import pg from "pg";
import type { Catalog } from "../../shared/catalog/catalog.ts";
import type { LedgerRow } from "../../shared/ledger/row.ts";
import { openDb } from "../../dashboard/server/db/open.ts";
import { canonicalJson } from "../../dashboard/server/ledger/store.ts";

const COLUMNS = ["application_id", "version", "data", "provision_id", "document", "jurisdiction", "district", "enterprise", "status", "year", "sample", "updated_at", "updated_by"];
/** Rows per PostgreSQL statement: 13 parameters each, far below its 65,535 limit. */
const PG_ROWS = 500;

/** One row's column values, as LedgerStore.upsertIn derives them for a first version. */
function values(row: LedgerRow, catalog: Catalog, at: string): (string | number | null)[] {
  const entry = catalog.byId.get(row.provisionId);
  return [row.applicationId, 1, canonicalJson(row), row.provisionId, entry?.document.key ?? null, entry?.document.jurisdiction ?? null, row.district, row.enterprise, row.status, Number(row.applicationDate.slice(0, 4)), 0, at, "bench"];
}

/** Seconds to insert `rows` into the (empty, migrated) database at `spec`, one transaction. */
export async function bareInsertSeconds(spec: string, rows: readonly LedgerRow[], catalog: Catalog): Promise<number> {
  const opened = await openDb(spec);
  try {
    const at = new Date().toISOString();
    if (opened.sqlite) {
      const sqlite = opened.sqlite;
      const insert = sqlite.prepare(`INSERT INTO ledger_rows (${COLUMNS.join(", ")}) VALUES (${COLUMNS.map(() => "?").join(", ")})`);
      const start = process.hrtime.bigint();
      sqlite.transaction(() => {
        for (const r of rows) insert.run(...values(r, catalog, at));
      })();
      return Number(process.hrtime.bigint() - start) / 1e9;
    }
    const client = new pg.Client({ connectionString: spec });
    await client.connect();
    try {
      const start = process.hrtime.bigint();
      await client.query("BEGIN");
      for (let i = 0; i < rows.length; i += PG_ROWS) {
        const part = rows.slice(i, i + PG_ROWS);
        const tuples = part.map((_, j) => `(${COLUMNS.map((__, c) => `$${j * COLUMNS.length + c + 1}`).join(", ")})`);
        await client.query(`INSERT INTO ledger_rows (${COLUMNS.join(", ")}) VALUES ${tuples.join(", ")}`, part.flatMap((r) => values(r, catalog, at)));
      }
      await client.query("COMMIT");
      return Number(process.hrtime.bigint() - start) / 1e9;
    } finally {
      await client.end().catch(() => {});
    }
  } finally {
    await opened.close();
  }
}
