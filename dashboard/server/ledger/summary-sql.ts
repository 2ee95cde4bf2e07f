// Summaries as SQL aggregations over the stored outcomes: from ledger_totals and ledger_year_totals (a few thousand
// rows each, kept by every write) unless the grouping or a filter names the enterprise, which only ledger_rows holds. The commitments are
// then applied by shared/ledger/summary.ts, the same code that summarizes an evaluation in the process.
import { sql, type RawBuilder } from "kysely";
import type { GroupKey, GroupTotals } from "../../../shared/ledger/summary.ts";
import type { Db } from "../db/open.ts";
import { LEDGER_FILTERS, type LedgerFilter } from "./store.ts";
import { rowPartsSql, UNDATED } from "./year-totals.ts";

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

/** Count, requested and uncapped (approved and paid come from the year totals). */
const AGGREGATES = {
  totals: sql`sum(count) AS count, sum(requested_fen) AS requested, sum(uncapped) AS uncapped`,
  rows: sql`count(*) AS count, coalesce(sum(ceiling_fen), 0) AS requested, sum(CASE WHEN ceiling_fen IS NULL THEN 1 ELSE 0 END) AS uncapped`,
};

interface Aggregated {
  count: number | string;
  requested: number | string;
  uncapped: number | string;
  [key: string]: unknown;
}

/** Amounts whose date was never recorded, by the keys of `by` other than year (yuan). */
export interface UndatedTotals {
  key: GroupTotals["key"];
  approved: number;
  paid: number;
}

/**
 * The groups of `by` under the filter. Count, requested and uncapped are by the rows' application year; approved is
 * by the year of approval and paid by the year of payment (ledger_year_totals, year-totals.ts): a `year` key or
 * filter means that year for each figure. Amounts whose date was never recorded belong to no year: with a year key
 * or filter they are left out of the groups and listed in `undated`; without, the groups hold them and `undated`
 * says how much of them it is.
 */
export async function groupTotals(db: Pick<Db, "k" | "scan" | "kind">, by: readonly GroupKey[], filter: LedgerFilter): Promise<GroupTotals[]> {
  return (await groupTotalsWithUndated(db, by, filter)).groups;
}

export async function groupTotalsWithUndated(db: Pick<Db, "k" | "scan" | "kind">, by: readonly GroupKey[], filter: LedgerFilter): Promise<{ groups: GroupTotals[]; undated: UndatedTotals[] }> {
  const fromRows = by.includes("enterprise") || filter.enterprise !== undefined;
  const keys = [...new Set<GroupKey>([...by, "year"])];
  const column = (key: GroupKey, prefix = ""): RawBuilder<unknown> => {
    const name = sql.ref(`${prefix}${TOTALS_COLUMN[key]}`);
    return fromRows && NULLABLE.has(key) ? sql`coalesce(${name}, '')` : name;
  };
  const filters = (yearColumn: string, prefix = ""): RawBuilder<unknown>[] => {
    const where: RawBuilder<unknown>[] = [];
    for (const key of LEDGER_FILTERS) {
      const value = filter[key];
      if (value === undefined) continue;
      // The amounts' year filter keeps the undated bucket too: it is reported apart.
      if (key === "year" && yearColumn !== "year") where.push(sql`${sql.ref(yearColumn)} IN (${value}, ${sql.lit(UNDATED)})`);
      else where.push(sql`${key === "year" ? sql.ref(`${prefix}year`) : sql.ref(`${prefix}${TOTALS_COLUMN[key]}`)} = ${value}`);
    }
    return where;
  };
  const whereOf = (where: RawBuilder<unknown>[]) => (where.length > 0 ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``);

  // Rows: count, requested and uncapped by application year.
  const counted = sql<Aggregated>`SELECT ${sql.join(keys.map((k, i) => sql`${column(k)} AS ${sql.ref(`k${i}`)}`))}, ${fromRows ? AGGREGATES.rows : AGGREGATES.totals}
    FROM ${sql.table(fromRows ? "ledger_rows" : "ledger_totals")} ${whereOf(filters("year"))}
    GROUP BY ${sql.join(keys.map((k) => column(k)))}`;
  // Amounts: approved and paid by the year of approval and of payment.
  const amountKey = (k: GroupKey, prefix: string): RawBuilder<unknown> => (k === "year" ? sql.ref("y.in_year") : column(k, prefix));
  const amounts = fromRows
    ? sql<AmountRow>`SELECT ${sql.join(keys.map((k, i) => sql`${amountKey(k, "r.")} AS ${sql.ref(`k${i}`)}`))}, y.basis AS basis, sum(y.amount_fen) AS amount
        FROM (${rowPartsSql(db.kind)}) y JOIN ledger_rows r ON r.application_id = y.application_id ${whereOf(filters("y.in_year", "r."))}
        GROUP BY ${sql.join(keys.map((k) => amountKey(k, "r.")))}, y.basis`
    : sql<AmountRow>`SELECT ${sql.join(keys.map((k, i) => sql`${amountKey(k, "")} AS ${sql.ref(`k${i}`)}`))}, y.basis AS basis, sum(y.amount_fen) AS amount
        FROM ledger_year_totals y ${whereOf(filters("y.in_year"))}
        GROUP BY ${sql.join(keys.map((k) => amountKey(k, "")))}, y.basis`;
  // ledger_totals and ledger_year_totals are a few thousand rows; ledger_rows may be millions, read off the event loop.
  const [countRows, amountRows] = fromRows
    ? await Promise.all([db.scan(counted.compile(db.k)), db.scan(amounts.compile(db.k))])
    : [(await counted.execute(db.k)).rows, (await amounts.execute(db.k)).rows];

  const yearShown = by.includes("year") || filter.year !== undefined;
  const yearAt = keys.indexOf("year");
  const groups = new Map<string, GroupTotals>();
  const groupOf = (row: Record<string, unknown>): GroupTotals => {
    const values = by.map((k) => normalKey(k, row[`k${keys.indexOf(k)}`]));
    const id = JSON.stringify(values);
    let group = groups.get(id);
    if (!group) {
      const key: GroupTotals["key"] = {};
      by.forEach((k, n) => (key[k] = values[n]));
      group = { key, count: 0, requested: 0, uncapped: 0, approved: 0, paid: 0, years: new Set() };
      groups.set(id, group);
    }
    return group;
  };
  for (const row of countRows) {
    const group = groupOf(row);
    group.count += Number(row.count);
    group.requested += Number(row.requested);
    group.uncapped += Number(row.uncapped);
    group.years.add(Number(row[`k${yearAt}`]));
  }
  const undated = new Map<string, UndatedTotals>();
  for (const row of amountRows) {
    const year = Number(row[`k${yearAt}`]);
    const amount = Number(row.amount);
    if (year === UNDATED) {
      const others = by.filter((k) => k !== "year");
      const values = others.map((k) => normalKey(k, row[`k${keys.indexOf(k)}`]));
      const id = JSON.stringify(values);
      let u = undated.get(id);
      if (!u) {
        const key: GroupTotals["key"] = {};
        others.forEach((k, n) => (key[k] = values[n]));
        undated.set(id, (u = { key, approved: 0, paid: 0 }));
      }
      u[row.basis] += amount;
      if (yearShown) continue;
    }
    const group = groupOf(row);
    group[row.basis] += amount;
    if (year !== UNDATED) group.years.add(year);
  }
  const undatedYuan = [...undated.values()].map((u) => ({ key: u.key, approved: u.approved / 100, paid: u.paid / 100 }));
  return { groups: [...groups.values()], undated: undatedYuan };
}

interface AmountRow {
  basis: "approved" | "paid";
  amount: number | string;
  [key: string]: unknown;
}

function normalKey(key: GroupKey, value: unknown): string | number {
  return key === "year" ? Number(value) : String(value ?? "");
}
