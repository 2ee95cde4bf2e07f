// Approved but not yet paid, by how long ago it was approved (0–30, 31–90, over 90 days, as of a day): one SQL
// aggregation over the decided rows and their events, read off the event loop, never a pass over the ledger in the
// process. A row's approval day is its last `approved` decision's; a row approved without one (a batch, or before
// migration 8) has no recorded approval day and is counted in a bucket of its own, never given a guessed age.
// Outstanding as of the day: the approved amount less what was paid by then — its payments dated on or before it,
// payments migrated without a date, and a paid figure written with the row beyond its payments unless its paidDate
// is later (year-totals.ts's parts, by day).
import { sql } from "kysely";
import { AGEING_BUCKETS, type Ageing, type AgeingBucket } from "../../../shared/ledger/ageing.ts";
import type { Db } from "../db/open.ts";
import { rowDataField } from "../db/row-data.ts";
import { LAST_APPROVAL_JOIN } from "./year-totals.ts";

export async function ageingOf(db: Pick<Db, "k" | "scan" | "kind">, jurisdiction: string | null, asOf: string): Promise<Ageing> {
  const paidDate = rowDataField(db.kind, "r.data", "paidDate");
  const days = db.kind === "sqlite" ? sql`CAST(julianday(${asOf}) - julianday(a.decided_on) AS INTEGER)` : sql`(CAST(${asOf} AS date) - CAST(a.decided_on AS date))`;
  const office = jurisdiction === null ? sql`` : sql`AND r.jurisdiction = ${jurisdiction}`;
  const query = sql<{ bucket: AgeingBucket; n: number | string; fen: number | string }>`
    SELECT bucket, count(*) AS n, sum(outstanding) AS fen FROM (
      SELECT CASE WHEN a.decided_on IS NULL THEN 'not-recorded' WHEN ${days} <= 30 THEN '0-30' WHEN ${days} <= 90 THEN '31-90' ELSE 'over-90' END AS bucket,
        r.approved_fen - coalesce(p.by_day, 0)
          - CASE WHEN r.paid_fen > coalesce(p.all_fen, 0) AND (${paidDate} IS NULL OR ${paidDate} <= ${asOf}) THEN r.paid_fen - coalesce(p.all_fen, 0) ELSE 0 END AS outstanding
      FROM ledger_rows r
      ${LAST_APPROVAL_JOIN}
      LEFT JOIN (SELECT application_id, sum(amount_fen) AS all_fen, sum(CASE WHEN paid_on IS NULL OR paid_on <= ${asOf} THEN amount_fen ELSE 0 END) AS by_day
        FROM ledger_payments GROUP BY application_id) p ON p.application_id = r.application_id
      WHERE r.status IN ('approved', 'paid') AND r.approved_fen > 0 AND (a.decided_on IS NULL OR a.decided_on <= ${asOf}) ${office}
    ) o WHERE outstanding > 0 GROUP BY bucket`;
  const found = new Map((await db.scan(query.compile(db.k))).map((r) => [r.bucket, { count: Number(r.n), fen: Number(r.fen) }]));
  const buckets = AGEING_BUCKETS.map((bucket) => ({ bucket, count: found.get(bucket)?.count ?? 0, outstanding: (found.get(bucket)?.fen ?? 0) / 100 }));
  const fen = AGEING_BUCKETS.reduce((s, b) => s + (found.get(b)?.fen ?? 0), 0);
  return { asOf, jurisdiction, basis: "approval date", buckets, total: { count: buckets.reduce((s, b) => s + b.count, 0), outstanding: fen / 100 } };
}
