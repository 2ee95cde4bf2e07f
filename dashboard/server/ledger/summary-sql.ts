// Summaries as SQL aggregations over the stored outcomes: from ledger_totals (a few thousand rows, kept by every
// write) unless the grouping or a filter names the enterprise, which only ledger_rows holds. The commitments are
// then applied by shared/ledger/summary.ts, the same code that summarizes an evaluation in the process.
import { sql, type RawBuilder } from "kysely";
import type { GroupKey, GroupTotals } from "../../../shared/ledger/summary.ts";
import type { Db } from "../db/open.ts";
import { LEDGER_FILTERS, type LedgerFilter } from "./store.ts";

/** The column of each group key and filter, in ledger_totals and in ledger_rows (where unknown provisions are null). */
const TOTALS_COLUMN: Record<GroupKey, string> = {
  jurisdiction: "jurisdiction",
  year: "year",
  document: "document",
  provision: "provision_id",
  district: "district",
  enterprise: "enterprise",
  status: "status",
};
const NULLABLE = new Set(["jurisdiction", "document"]);

const AGGREGATES = {
  totals: sql`sum(count) AS count, sum(requested_fen) AS requested, sum(uncapped) AS uncapped, sum(approved_fen) AS approved, sum(paid_fen) AS paid`,
  rows: sql`count(*) AS count, coalesce(sum(ceiling_fen), 0) AS requested, sum(CASE WHEN ceiling_fen IS NULL THEN 1 ELSE 0 END) AS uncapped,
    coalesce(sum(CASE WHEN status IN ('approved', 'paid') THEN approved_fen END), 0) AS approved,
    coalesce(sum(CASE WHEN status IN ('approved', 'paid') THEN paid_fen END), 0) AS paid`,
};

interface Aggregated {
  count: number | string;
  requested: number | string;
  uncapped: number | string;
  approved: number | string;
  paid: number | string;
  [key: string]: unknown;
}

/** The groups of `by` under the filter, each with the years its rows fall in. */
export async function groupTotals(db: Pick<Db, "k" | "scan">, by: readonly GroupKey[], filter: LedgerFilter): Promise<GroupTotals[]> {
  const fromRows = by.includes("enterprise") || filter.enterprise !== undefined;
  const table = fromRows ? "ledger_rows" : "ledger_totals";
  const keys = [...new Set<GroupKey>([...by, "year"])];
  const column = (key: GroupKey): RawBuilder<unknown> => {
    const name = sql.ref(TOTALS_COLUMN[key]);
    return fromRows && NULLABLE.has(key) ? sql`coalesce(${name}, '')` : name;
  };
  const selected = keys.map((k, i) => sql`${column(k)} AS ${sql.ref(`k${i}`)}`);
  const where: RawBuilder<unknown>[] = [];
  for (const key of LEDGER_FILTERS) {
    const value = filter[key];
    if (value !== undefined) where.push(sql`${sql.ref(TOTALS_COLUMN[key])} = ${value}`);
  }
  const query = sql<Aggregated>`SELECT ${sql.join(selected)}, ${fromRows ? AGGREGATES.rows : AGGREGATES.totals}
    FROM ${sql.table(table)} ${where.length > 0 ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``}
    GROUP BY ${sql.join(keys.map(column))}`;
  // ledger_totals is a few thousand rows; ledger_rows may be millions, read off the event loop.
  const rows = fromRows ? await db.scan(query.compile(db.k)) : (await query.execute(db.k)).rows;

  // Merged by the keys of `by` alone: a group without year holds the years of all its rows.
  const groups = new Map<string, GroupTotals>();
  const yearAt = keys.indexOf("year");
  for (const row of rows) {
    const values = by.map((k) => normalKey(k, row[`k${keys.indexOf(k)}`]));
    const id = JSON.stringify(values);
    let group = groups.get(id);
    if (!group) {
      const key: GroupTotals["key"] = {};
      by.forEach((k, n) => (key[k] = values[n]));
      group = { key, count: 0, requested: 0, uncapped: 0, approved: 0, paid: 0, years: new Set() };
      groups.set(id, group);
    }
    group.count += Number(row.count);
    group.requested += Number(row.requested);
    group.uncapped += Number(row.uncapped);
    group.approved += Number(row.approved);
    group.paid += Number(row.paid);
    group.years.add(Number(row[`k${yearAt}`]));
  }
  return [...groups.values()];
}

function normalKey(key: GroupKey, value: unknown): string | number {
  return key === "year" ? Number(value) : String(value ?? "");
}
