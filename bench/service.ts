// The ledger service under load, as a real process on a real SQLite file:
// - ingest of 100,000 rows through PUT /api/ledger/rows in the task pane's chunks (≤ 2 MB per request, sent one
//   after another, each with an Idempotency-Key), beside a bare better-sqlite3 prepared insert of the same rows
//   into the same table in one transaction (target ≥ 1/3 of it);
// - GET /api/summary over those rows under 50 connections (autocannon): requests/s and p99 (target ≤ 20 ms).
import fs from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import { canonicalJson } from "../dashboard/server/ledger/store.ts";
import { openDb } from "../dashboard/server/db/open.ts";
import { sampleLedger } from "../shared/ledger/sample.ts";
import type { LedgerRow } from "../shared/ledger/row.ts";
import { defaultEngine } from "../shared/node.ts";
import { call, makeToken, startService, tempDir } from "../test/service/harness.ts";
import { report } from "./measure.ts";

const ROWS = 100_000;
/** The task pane's chunk limit: Excel on the web caps a request at 5 MB; the add-in sends at most 2 MB. */
const CHUNK_BYTES = 2 * 1024 * 1024;

function uniqueRows(): LedgerRow[] {
  const seen = new Set<string>();
  return sampleLedger({ rows: ROWS }).rows.filter((r) => !seen.has(r.applicationId) && seen.add(r.applicationId));
}

/** Rows split into request bodies of at most CHUNK_BYTES each. */
function chunks(rows: readonly LedgerRow[]): string[] {
  const bodies: string[] = [];
  let parts: string[] = [];
  let size = 10;
  for (const row of rows) {
    const text = JSON.stringify(row);
    if (size + text.length + 1 > CHUNK_BYTES && parts.length) {
      bodies.push(`{"rows":[${parts.join(",")}]}`);
      parts = [];
      size = 10;
    }
    parts.push(text);
    size += Buffer.byteLength(text) + 1;
  }
  if (parts.length) bodies.push(`{"rows":[${parts.join(",")}]}`);
  return bodies;
}

async function bareInsert(dbPath: string, rows: readonly LedgerRow[]): Promise<number> {
  const opened = await openDb(dbPath);
  const db = opened.sqlite;
  if (!db) throw new Error("the bare insert runs on SQLite");
  const catalog = defaultEngine().catalog;
  const insert = db.prepare(`INSERT INTO ledger_rows (application_id, version, data, provision_id, document, jurisdiction, district, enterprise, status, year, sample, updated_at, updated_by)
    VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, 'bench')`);
  const start = process.hrtime.bigint();
  const at = new Date().toISOString();
  db.transaction(() => {
    for (const r of rows) {
      const entry = catalog.byId.get(r.provisionId);
      insert.run(r.applicationId, canonicalJson(r), r.provisionId, entry?.document.key ?? null, entry?.document.jurisdiction ?? null, r.district, r.enterprise, r.status, Number(r.applicationDate.slice(0, 4)), at);
    }
  })();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await opened.close();
  return seconds;
}

export async function run(): Promise<void> {
  const dir = tempDir("subsidy-bench-");
  try {
    const rows = uniqueRows();
    const bodies = chunks(rows);
    const bareSeconds = await bareInsert(path.join(dir, "bare.db"), rows);

    const dbPath = path.join(dir, "service.db");
    const token = await makeToken(dbPath, "editor", "bench");
    const service = await startService({ dbPath, discardLogs: true, env: { SUBSIDY_LOG_LEVEL: "info" } });
    try {
      const start = process.hrtime.bigint();
      for (const [i, body] of bodies.entries()) {
        const reply = await call(service, "PUT", "/api/ledger/rows", { token, body, headers: { "content-type": "application/json", "idempotency-key": `bench-${i}` } });
        if (reply.status !== 200) throw new Error(`chunk ${i}: ${reply.status} ${reply.text.slice(0, 300)}`);
      }
      const apiSeconds = Number(process.hrtime.bigint() - start) / 1e9;

      const coldStart = process.hrtime.bigint();
      const cold = await call(service, "GET", "/api/summary?by=jurisdiction,year");
      const coldMs = Number(process.hrtime.bigint() - coldStart) / 1e6;
      if (cold.status !== 200) throw new Error(`summary: ${cold.status}`);

      const result = await autocannon({ url: `${service.url}/api/summary?by=jurisdiction,year`, connections: 50, duration: 10 });
      if (result.non2xx > 0 || result.errors > 0) throw new Error(`summary under load: ${result.non2xx} non-2xx, ${result.errors} errors`);

      report(`service: ingest ${rows.length.toLocaleString("en-US")} rows (${bodies.length} requests of ≤ 2 MB)`, [
        { name: "bare better-sqlite3 insert, one transaction (baseline)", value: rows.length / bareSeconds, unit: "rows/s" },
        { name: "PUT /api/ledger/rows (validation, history, idempotency, fsync per batch)", value: rows.length / apiSeconds, unit: "rows/s", ratioTo: rows.length / bareSeconds, target: "≥ 0.333" },
      ]);
      report(`service: GET /api/summary over ${rows.length.toLocaleString("en-US")} rows, 50 connections, 10 s`, [
        { name: "first request after the publish (evaluates the ledger)", value: coldMs, unit: "ms" },
        { name: "throughput", value: result.requests.average, unit: "req/s" },
        { name: "latency p50", value: result.latency.p50, unit: "ms" },
        { name: "latency p99", value: result.latency.p99, unit: "ms", target: "≤ 20 ms" },
      ]);
    } finally {
      await service.stop();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
