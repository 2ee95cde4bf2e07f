// The ledgers the dashboard bench opens: one SQLite file seeded through the API (PUT /api/ledger/rows, as the
// service bench and the task pane publish), and PostgreSQL databases filled from it with `subsidy db copy`'s
// copyDatabase, which moves every table as stored (rows, versions, events, the stored evaluation and totals), so
// both backends hold what the service itself stored. BENCH_DASHBOARD_DB_CACHE=<dir> keeps the seeded file there
// (dashboard-<rows>.db) and later runs start from a copy of it instead of seeding again.
import fs from "node:fs";
import path from "node:path";
import { copyDatabase } from "../../dashboard/server/db/copy.ts";
import { openDb } from "../../dashboard/server/db/open.ts";
import { JURISDICTIONS } from "../../shared/vocabulary.ts";
import { makeToken, startService, tempDir, type Service } from "../../test/service/harness.ts";
import { freshDatabase, type BackendKind, type FreshDatabase } from "../service/database.ts";
import { uniqueRows } from "../service/rows.ts";
import { ingest } from "../service/seed.ts";

/** As the service bench runs it: production log level, every office one person (rows publish approved and paid). */
export function serviceEnv(webDist: string): Record<string, string> {
  return { SUBSIDY_LOG_LEVEL: "info", SUBSIDY_ONE_PERSON_OFFICES: JURISDICTIONS.join(","), SUBSIDY_WEB_DIST: webDist };
}

export interface Seeded {
  /** The seeded SQLite file (the cache's, or one in a temp folder), never written to by the views. */
  file: string;
  token: string;
  /** How the rows got there, for the printout. */
  how: string;
  /** Removes the seeded file unless it is kept in the cache. */
  cleanup: () => void;
}

interface Stamp {
  rows: number;
  token: string;
  seconds: number;
  at: string;
}

export async function seededLedger(rows: number, entry: string | undefined, webDist: string): Promise<Seeded> {
  const cache = process.env.BENCH_DASHBOARD_DB_CACHE;
  if (cache) fs.mkdirSync(cache, { recursive: true });
  const file = cache ? path.join(cache, `dashboard-${rows}.db`) : path.join(tempDir("subsidy-dashboard-seed-"), "seed.db");
  const cleanup = () => void (cache || fs.rmSync(path.dirname(file), { recursive: true, force: true }));
  const stampFile = `${file}.seeded.json`;
  if (fs.existsSync(stampFile) && fs.existsSync(file)) {
    const stamp = JSON.parse(fs.readFileSync(stampFile, "utf8")) as Stamp;
    return { file, token: stamp.token, how: `seeded through PUT /api/ledger/rows on ${stamp.at} in ${stamp.seconds.toFixed(0)} s (kept in ${cache}), a copy of it opened`, cleanup };
  }
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  const token = await makeToken(file, "editor", "bench");
  const service = await startService({ dbPath: file, discardLogs: true, env: serviceEnv(webDist), entry });
  let seconds: number;
  try {
    const seeded = await ingest(service.url, token, uniqueRows(rows), `dashboard-seed-${process.pid}`);
    if (seeded.requests.failed) throw new Error(`seeding failed: ${seeded.requests.describeFailures()}`);
    seconds = seeded.seconds;
  } finally {
    await stopService(service);
  }
  const stamp: Stamp = { rows, token, seconds, at: new Date().toISOString() };
  fs.writeFileSync(stampFile, JSON.stringify(stamp));
  return { file, token, how: `seeded through PUT /api/ledger/rows in 2 MB requests in ${seconds.toFixed(0)} s (${Math.round(rows / seconds)} rows/s)`, cleanup };
}

/** SIGTERM, then SIGKILL if the service has not exited within 30 s. */
export async function stopService(service: Service): Promise<void> {
  const timer = setTimeout(() => void service.kill9(), 30_000);
  await service.stop();
  clearTimeout(timer);
}

/** A database of `kind` holding the seeded ledger, to open the views on (and publish into); dropped when done. */
export async function workingCopy(kind: BackendKind, seeded: Seeded): Promise<FreshDatabase & { how: string; seconds: number }> {
  const start = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - start) / 1e9;
  if (kind === "sqlite") {
    const db = await freshDatabase("sqlite", "dashboard");
    // The seeding service closed the file (its WAL checkpointed into it), so the file alone is the whole ledger.
    fs.copyFileSync(seeded.file, db.spec);
    return { ...db, how: "a file copy of the seeded SQLite file", seconds: elapsed() };
  }
  const db = await freshDatabase(kind, "dashboard");
  const from = await openDb(seeded.file);
  const to = await openDb(db.spec);
  try {
    await copyDatabase(from, to);
  } finally {
    await from.close();
    await to.close();
  }
  return { ...db, how: "copied from the seeded SQLite file by copyDatabase (subsidy db copy)", seconds: elapsed() };
}
