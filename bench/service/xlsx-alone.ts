// The .xlsx export part of the service bench on its own, without the ingest and the load that come before it there:
// `npx tsx bench/service/xlsx-alone.ts` (BENCH_ROWS, default 100000; SQLite in a temporary folder). The rows are
// stored through LedgerStore directly, as the streamed-export test stores them; the export is timed while the
// service's resident memory is sampled (exports.ts).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDb } from "../../dashboard/server/db/open.ts";
import { LedgerStore } from "../../dashboard/server/ledger/store.ts";
import { catalogVersion } from "../../shared/catalog/version-node.ts";
import { LedgerRow } from "../../shared/ledger/row.ts";
import { sampleLedger } from "../../shared/ledger/sample.ts";
import { defaultEngine } from "../../shared/node.ts";
import { startService } from "../../test/service/harness.ts";
import { memoryOf } from "./rss.ts";
import { xlsxExport } from "./exports.ts";

const ROWS = Number(process.env.BENCH_ROWS || 100_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "xlsx-alone-"));
const spec = path.join(dir, "ledger.db");
try {
  const db = await openDb(spec);
  try {
    const store = new LedgerStore(db, defaultEngine(), catalogVersion());
    const rows = sampleLedger({ rows: ROWS, distinctIds: true }).rows.map((r) => LedgerRow.parse(r));
    for (let i = 0; i < rows.length; i += 10_000) await store.upsert(rows.slice(i, i + 10_000), { tokenId: null, name: "bench" }, `seed-${i}`);
  } finally {
    await db.close();
  }
  const service = await startService({ dbPath: spec, discardLogs: true, env: { SUBSIDY_SEED_SAMPLE: "false", SUBSIDY_LOG_LEVEL: "info" } });
  try {
    const pid = service.process.pid;
    const before = memoryOf(pid);
    const { outcome, peakRssMb } = await xlsxExport(service.url, pid, "");
    console.log(`GET /api/ledger/export?format=xlsx, ${ROWS.toLocaleString("en-US")} rows: ${outcome.ok ? "ok" : `failed (${outcome.error ?? outcome.status})`}, ${(outcome.ms / 1000).toFixed(1)} s, ${(outcome.bytes / 1e6).toFixed(1)} MB`);
    console.log(`service RSS before ${before.rssMb.toFixed(0)} MB; peak during the export ${peakRssMb.toFixed(0)} MB (target ≤ 10 s, ≤ 300 MB)`);
  } finally {
    await service.stop();
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
