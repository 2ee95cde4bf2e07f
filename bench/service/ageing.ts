// GET /api/summary/ageing's query (ledger/ageing.ts) on a ledger of N rows built straight in the database — the
// bench's sample rows (rows.ts) with, for each, the events a batch would have recorded: a submission, an approval on
// its approval date (else ten days after it applied) when decided, a payment on its paid date when paid — without
// HTTP or evaluation, so 100k rows take seconds. Prints the query plan and the median of 5 runs, per backend.
//   npx tsx bench/service/ageing.ts [rows, default 100000] [sqlite|postgres, default both]
import { sql } from "kysely";
import { openDb, type Db } from "../../dashboard/server/db/open.ts";
import { ageingOf, ageingSql } from "../../dashboard/server/ledger/ageing.ts";
import { canonicalJson } from "../../dashboard/server/ledger/store.ts";
import { chunks } from "../../dashboard/server/db/chunks.ts";
import { loadCatalog } from "../../shared/catalog/load-node.ts";
import { fenOfExactYuan } from "../../shared/money/fen.ts";
import { uniqueRows } from "./rows.ts";
import { freshDatabase } from "./database.ts";

const n = Number(process.argv[2] ?? 100_000);
const only = process.argv[3];
const AS_OF = "2026-12-01";

const plusDays = (day: string, d: number) => new Date(Date.parse(`${day}T00:00:00Z`) + d * 86_400_000).toISOString().slice(0, 10);

async function seed(db: Db): Promise<void> {
  const catalog = loadCatalog();
  const at = new Date().toISOString();
  const rows = uniqueRows(n);
  for (const part of chunks(rows, 200)) {
    await db.write(async (trx) => {
      await trx
        .insertInto("ledger_rows")
        .values(
          part.map((r) => {
            const entry = catalog.byId.get(r.provisionId);
            return {
              application_id: r.applicationId, version: 1, data: canonicalJson(r), provision_id: r.provisionId, document: entry?.document.key ?? null,
              jurisdiction: entry?.document.jurisdiction ?? null, district: r.district, enterprise: r.enterprise, status: r.status,
              year: Number(r.applicationDate.slice(0, 4)), sample: 0, updated_at: at, updated_by: "bench",
              approved_fen: r.approved === null ? null : fenOfExactYuan(r.approved), paid_fen: r.paid === null ? null : fenOfExactYuan(r.paid),
            } as never;
          }),
        )
        .execute();
      const decision = (r: (typeof rows)[number], seq: number, event: string, on: string, amount: number | null) => ({
        application_id: r.applicationId, seq, jurisdiction: catalog.byId.get(r.provisionId)?.document.jurisdiction ?? null, event, amount_fen: amount, decided_on: on, opinion: null,
        decided_alone: 0, row_version: 1, token_id: null, token_name: "bench", recorded_at: at, catalog_version: "bench", record: amount === null ? null : "{}", prev_hash: "", hash: "",
      });
      const decisions = part.flatMap((r) => [
        decision(r, 1, "submitted", r.applicationDate, null),
        ...(r.status === "approved" || r.status === "paid" ? [decision(r, 2, "approved", r.approvalDate ?? plusDays(r.applicationDate, 10), fenOfExactYuan(r.approved as number))] : []),
      ]);
      await trx.insertInto("ledger_decisions").values(decisions as never).execute();
      const payments = part
        .filter((r) => r.paid !== null && r.paid > 0)
        .map((r) => ({
          application_id: r.applicationId, seq: 1, jurisdiction: catalog.byId.get(r.provisionId)?.document.jurisdiction ?? null, amount_fen: fenOfExactYuan(r.paid as number), paid_on: r.paidDate,
          date_recorded: r.paidDate === null ? 0 : 1, voucher: null, origin: "ledger", row_version: 1, token_id: null, token_name: "bench", recorded_at: at, prev_hash: "", hash: "",
        }));
      if (payments.length > 0) await trx.insertInto("ledger_payments").values(payments as never).execute();
    });
  }
  // A ledger settled as autovacuum leaves it (statistics, and on PostgreSQL the visibility map index-only scans need).
  await sql.raw(db.kind === "postgres" ? "VACUUM ANALYZE" : "ANALYZE").execute(db.k);
}

async function measure(spec: string, label: string): Promise<void> {
  const db = await openDb(spec);
  try {
    const t0 = process.hrtime.bigint();
    await seed(db);
    console.log(`${label}: seeded ${n} rows in ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1)} s`);
    for (const jurisdiction of [null, "jiulongpo"]) {
      const times: number[] = [];
      let result = "";
      for (let i = 0; i < 5; i++) {
        const s = process.hrtime.bigint();
        result = JSON.stringify((await ageingOf(db, jurisdiction, AS_OF)).total);
        times.push(Number(process.hrtime.bigint() - s) / 1e6);
      }
      times.sort((a, b) => a - b);
      console.log(`${label} ageing jurisdiction=${jurisdiction ?? "all"}: median ${times[2]?.toFixed(0)} ms (min ${times[0]?.toFixed(0)}, max ${times[4]?.toFixed(0)}) total ${result}`);
    }
    const query = ageingSql(db.kind, null, AS_OF);
    const plan = db.kind === "sqlite" ? sql<Record<string, unknown>>`EXPLAIN QUERY PLAN ${query}` : sql<Record<string, unknown>>`EXPLAIN (ANALYZE, COSTS OFF) ${query}`;
    const lines = (await plan.execute(db.k)).rows.map((r) => (db.kind === "sqlite" ? `${String(r.id)}<${String(r.parent)} ${String(r.detail)}` : String(r["QUERY PLAN"])));
    console.log(`${label} plan:\n  ${lines.join("\n  ")}`);
  } finally {
    await db.close();
  }
}

// The scan worker is unref'd (a service keeps the loop alive; this script alone would exit awaiting it).
const keepAlive = setInterval(() => {}, 60_000);
for (const kind of ["sqlite", "postgres"] as const) {
  if (only !== undefined && only !== kind) continue;
  const fresh = await freshDatabase(kind, "ageing");
  try {
    await measure(fresh.spec, kind);
  } finally {
    await fresh.drop();
  }
}
clearInterval(keepAlive);
