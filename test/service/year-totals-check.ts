// The maintained year totals (ledger/year-totals.ts) against their definition in SQL, for the service tests.
import { expect } from "vitest";
import type { Db } from "../../dashboard/server/db/open.ts";
import { yearTotalsSql } from "../../dashboard/server/ledger/year-totals.ts";

/** The maintained year totals (approved by approval year, paid by payment year) equal their GROUP BY over the rows. */
export async function expectYearTotalsEqualGroupBy(db: Db): Promise<void> {
  const keyed = (rows: readonly { jurisdiction: string; document: string; provision_id: string; district: string; status: string; basis: string; in_year: number; amount_fen: number | string }[]) =>
    new Map(rows.map((t) => [[t.jurisdiction, t.document, t.provision_id, t.district, t.status, t.basis, Number(t.in_year)].join("|"), Number(t.amount_fen)]));
  const maintained = await db.k.selectFrom("ledger_year_totals").selectAll().execute();
  const { rows } = await yearTotalsSql(db.kind).execute(db.k);
  expect(keyed(maintained)).toEqual(keyed(rows));
}
