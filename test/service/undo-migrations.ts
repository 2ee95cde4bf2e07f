// Takes a ledger back to an older schema, as a program of then left it: tests write through today's store, which
// knows only the latest schema, and then undo what each later migration added. One list, newest first, so a test of
// an upgrade from schema N never drifts from the migrations that follow N.
import { sql, type Kysely } from "kysely";
import type { DbKind } from "../../dashboard/server/db/open.ts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Trx = Kysely<any>;

const UNDO: Record<number, (trx: Trx) => Promise<void>> = {
  13: async (trx) => {
    for (const index of ["ledger_rows_decided", "ledger_decisions_approved", "ledger_payments_row_day"]) await sql`DROP INDEX ${sql.raw(index)}`.execute(trx);
  },
  12: async (trx) => void (await sql`DROP TABLE notice_history`.execute(trx)),
  11: async (trx) => void (await sql`DROP TABLE notices`.execute(trx)),
  10: async (trx) => void (await sql`DROP TABLE ledger_year_totals`.execute(trx)),
  9: async (trx) => {
    for (const index of ["ledger_rows_credit_code_provision", "ledger_rows_district_year_id", "ledger_rows_jurisdiction_year_id"]) await sql`DROP INDEX ${sql.raw(index)}`.execute(trx);
    await sql`CREATE INDEX ledger_rows_credit_code ON ledger_rows (credit_code)`.execute(trx);
    await sql`CREATE INDEX ledger_rows_jurisdiction_year ON ledger_rows (jurisdiction, year)`.execute(trx);
  },
  8: async (trx) => void (await sql`DROP TABLE ledger_decisions`.execute(trx)),
  7: async (trx) => void (await sql`ALTER TABLE ledger_totals DROP COLUMN counted_fen`.execute(trx)),
  6: async (trx) => void (await sql`DROP TABLE ledger_payments`.execute(trx)),
};

/** Undoes every migration after `version` and records the schema as `version`. */
export async function undoMigrationsAfter(trx: Trx, kind: DbKind, version: number): Promise<void> {
  const latest = Math.max(...Object.keys(UNDO).map(Number));
  for (let v = latest; v > version; v--) {
    const undo = UNDO[v];
    if (!undo) throw new Error(`no undo for migration ${v}`);
    await undo(trx);
  }
  await sql`DELETE FROM schema_migrations WHERE version > ${version}`.execute(trx);
  if (kind === "sqlite") await sql`PRAGMA user_version = ${sql.raw(String(version))}`.execute(trx);
}
