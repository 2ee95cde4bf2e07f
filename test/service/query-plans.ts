// For tests of query plans: stored ledger rows written straight into ledger_rows (many rows fast, no evaluation:
// their outcome columns stay unchecked, which no plan depends on), and a query's plan as text on either backend.
import { CompiledQuery, sql } from "kysely";
import { chunks } from "../../dashboard/server/db/chunks.ts";
import type { Db } from "../../dashboard/server/db/open.ts";
import type { LedgerRowsTable } from "../../dashboard/server/db/schema.ts";
import { NOT_YET_EVALUATED } from "../../dashboard/server/ledger/store.ts";

export function storedRecord(fields: Pick<LedgerRowsTable, "application_id" | "provision_id" | "credit_code"> & Partial<LedgerRowsTable>): LedgerRowsTable {
  return {
    version: 1,
    data: "{}",
    document: null,
    jurisdiction: null,
    district: "渝北区",
    enterprise: `企业${fields.credit_code}`,
    status: "applied",
    year: 2026,
    sample: 0,
    updated_at: "2026-12-01T00:00:00.000Z",
    updated_by: "test",
    approved_fen: null,
    paid_fen: null,
    ...NOT_YET_EVALUATED,
    ...fields,
  };
}

/** Writes the records; on PostgreSQL gathers the statistics its planner plans from (autovacuum does in service). */
export async function insertRecords(db: Db, records: readonly LedgerRowsTable[]): Promise<void> {
  await db.write(async (trx) => {
    for (const part of chunks(records)) await trx.insertInto("ledger_rows").values(part).execute();
  });
  if (db.kind === "postgres") await sql`ANALYZE ledger_rows`.execute(db.k);
}

/**
 * The query plan as text lines: SQLite's EXPLAIN QUERY PLAN details, PostgreSQL's EXPLAIN. `pgOff`: planner methods
 * PostgreSQL is to avoid (enable_sort, …) for this plan alone, where a test table is too small for its costs to
 * choose what they choose at a million rows.
 */
export async function plan(db: Db, query: CompiledQuery, options: { pgOff?: readonly string[] } = {}): Promise<string[]> {
  const explain = CompiledQuery.raw((db.kind === "sqlite" ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + query.sql, [...query.parameters]);
  const rows =
    db.kind === "postgres" && options.pgOff?.length
      ? await db.write(async (trx) => {
          for (const setting of options.pgOff ?? []) await sql`SELECT set_config(${setting}, 'off', true)`.execute(trx);
          return (await trx.executeQuery(explain)).rows;
        })
      : (await db.k.executeQuery(explain)).rows;
  return (rows as Record<string, unknown>[]).map((r) => String(db.kind === "sqlite" ? r.detail : r["QUERY PLAN"]));
}

/** Whether a plan reads the whole table (SQLite SCAN, PostgreSQL Seq Scan). */
export const scansTable = (lines: readonly string[]): boolean => lines.some((l) => /^SCAN ledger_rows\b|Seq Scan/.test(l.trim()));
