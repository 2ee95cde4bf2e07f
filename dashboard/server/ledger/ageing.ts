// Approved but not yet paid, by how long ago it was approved (0–30, 31–90, over 90 days, as of a day): one SQL
// aggregation over the decided rows and their events, read off the event loop, never a pass over the ledger in the
// process. A row's approval day is its last `approved` decision's; a row approved without one (a batch, or before
// migration 8) has no recorded approval day and is counted in a bucket of its own, never given a guessed age.
// Outstanding as of the day: the approved amount less what was paid by then — its payments dated on or before it,
// payments migrated without a date, and a paid figure written with the row beyond its payments unless its paidDate
// is later (year-totals.ts's parts, by day).
import { sql, type RawBuilder } from "kysely";
import { AGEING_BUCKETS, type Ageing, type AgeingBucket } from "../../../shared/ledger/ageing.ts";
import type { Db, DbKind } from "../db/open.ts";
import { rowDataField } from "../db/row-data.ts";
import { LAST_APPROVAL_JOIN } from "./year-totals.ts";

/**
 * The aggregation: (bucket, n, fen) for each bucket with something outstanding. Every part is read off an index of
 * migration 13, in application-ID order: the decided rows (ledger_rows_decided), their last approval as the approval
 * with none after it (ledger_decisions_approved), their payments summed (ledger_payments_row_day). A row's JSON is
 * read only for the rare row whose paid figure exceeds its payments (its paidDate), one primary-key lookup each.
 * `coalesce(paid_fen, 0)`: an unpaid row's null paid figure made that test null, not false, and PostgreSQL then
 * parsed the JSON of every approved-unpaid row (17k of 55k decided rows in the 100k-row bench ledger).
 */
export function ageingSql(kind: DbKind, jurisdiction: string | null, asOf: string): RawBuilder<{ bucket: AgeingBucket; n: number | string; fen: number | string }> {
  const paidDate = rowDataField(kind, "d.data", "paidDate");
  const days = kind === "sqlite" ? sql`CAST(julianday(${asOf}) - julianday(o.approved_on) AS INTEGER)` : sql`(CAST(${asOf} AS date) - CAST(o.approved_on AS date))`;
  const office = jurisdiction === null ? sql`` : sql`AND r.jurisdiction = ${jurisdiction}`;
  const beyond = sql`coalesce(o.paid_fen, 0) - coalesce(o.all_fen, 0)`;
  const byDay = sql`sum(CASE WHEN q.paid_on IS NULL OR q.paid_on <= ${asOf} THEN q.amount_fen ELSE 0 END)`;
  // Each row's payments summed: PostgreSQL groups them all in index order and hash-joins them (one subquery per row
  // costs it more); SQLite would build an automatic index on that grouping at every query, and instead looks each
  // row's payments up in the index, which for it is cheaper.
  const payments =
    kind === "sqlite"
      ? {
          columns: sql`(SELECT sum(q.amount_fen) FROM ledger_payments q WHERE q.application_id = r.application_id) AS all_fen,
            (SELECT ${byDay} FROM ledger_payments q WHERE q.application_id = r.application_id) AS by_day`,
          join: sql``,
        }
      : {
          columns: sql`p.all_fen, p.by_day`,
          join: sql`LEFT JOIN (SELECT q.application_id, sum(q.amount_fen) AS all_fen, ${byDay} AS by_day FROM ledger_payments q GROUP BY q.application_id) p ON p.application_id = r.application_id`,
        };
  return sql`
    SELECT bucket, count(*) AS n, sum(outstanding) AS fen FROM (
      SELECT CASE WHEN o.approved_on IS NULL THEN 'not-recorded' WHEN ${days} <= 30 THEN '0-30' WHEN ${days} <= 90 THEN '31-90' ELSE 'over-90' END AS bucket,
        o.approved_fen - coalesce(o.by_day, 0)
          - CASE WHEN ${beyond} > 0 AND coalesce((SELECT ${paidDate} FROM ledger_rows d WHERE d.application_id = o.application_id), '') <= ${asOf} THEN ${beyond} ELSE 0 END AS outstanding
      FROM (
        SELECT r.application_id, r.approved_fen, r.paid_fen, a.decided_on AS approved_on, ${payments.columns}
        FROM ledger_rows r
        ${LAST_APPROVAL_JOIN}
        ${payments.join}
        WHERE r.status IN ('approved', 'paid') AND r.approved_fen > 0 AND (a.decided_on IS NULL OR a.decided_on <= ${asOf}) ${office}
      ) o
    ) x WHERE outstanding > 0 GROUP BY bucket`;
}

export async function ageingOf(db: Pick<Db, "k" | "scan" | "kind">, jurisdiction: string | null, asOf: string): Promise<Ageing> {
  const query = ageingSql(db.kind, jurisdiction, asOf);
  const found = new Map((await db.scan(query.compile(db.k))).map((r) => [r.bucket, { count: Number(r.n), fen: Number(r.fen) }]));
  const buckets = AGEING_BUCKETS.map((bucket) => ({ bucket, count: found.get(bucket)?.count ?? 0, outstanding: (found.get(bucket)?.fen ?? 0) / 100 }));
  const fen = AGEING_BUCKETS.reduce((s, b) => s + (found.get(b)?.fen ?? 0), 0);
  return { asOf, jurisdiction, basis: "approval date", buckets, total: { count: buckets.reduce((s, b) => s + b.count, 0), outstanding: fen / 100 } };
}
