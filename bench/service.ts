// `npm run bench -- service`: the ledger service against the issue's Done-means, as a real service process
// (dashboard/server/main.ts as a child process) on each backend and ledger size:
//   BENCH_BACKENDS  sqlite,postgres (default both; PostgreSQL on BENCH_POSTGRES_URL's server, a fresh database each)
//   BENCH_ROWS      100000,1000000 (default); BENCH_ROWS=100000 BENCH_BACKENDS=sqlite is the quick check
//   BENCH_LOAD_SECONDS (20), BENCH_FIRST_REPEATS (10), BENCH_EXPORT_TIMEOUT_S (600)
//   BENCH_FROM_SOURCES=1  the service through tsx instead of the compiled build `npm start` runs (dist/service.mjs)
//   BENCH_SERVICE_PARTS whatif,load,exports (default all): BENCH_SERVICE_PARTS=whatif times the what-if alone,
//                       BENCH_SERVICE_PARTS=exports the exports alone (after seeding, without the mixed load before them)
// For each: ingest through the API beside a bare insert of the same rows (the baseline, same run and backend);
// the service's RSS; the mixed load (50 summary readers, a 1,000-row batch a second, a health probe); the first
// summary after a publish; CSV and .xlsx exports. Nothing here throws on a slow or failed request: it is counted
// and printed with the figure, so one bad answer never hides the rest.
import path from "node:path";
import { compile, DIST } from "../build/compile.ts";
import { JURISDICTIONS } from "../shared/vocabulary.ts";
import type { LedgerRow } from "../shared/ledger/row.ts";
import { defaultEngine } from "../shared/node.ts";
import { makeToken, startService, type Service } from "../test/service/harness.ts";
import { fmt, list, report } from "./measure.ts";
import { bareInsertSeconds } from "./service/bare-insert.ts";
import { freshDatabase, type BackendKind } from "./service/database.ts";
import { csvExport, xlsxExport, xlsxSelection } from "./service/exports.ts";
import { firstSummaries, mixedLoad, SUMMARY_PATH, type Publisher } from "./service/load.ts";
import { memoryOf, sampleRss } from "./service/rss.ts";
import { IDLE_REPLACEMENT_MS } from "../dashboard/server/threads/idle-replacement.ts";
import { uniqueRows } from "./service/rows.ts";
import { ingest } from "./service/seed.ts";
import { timedRequest } from "./service/http.ts";
import { whatIfFigures } from "./service/whatif.ts";

const SIZES = list(process.env.BENCH_ROWS, "100000,1000000").map(Number);
const BACKENDS = list(process.env.BENCH_BACKENDS, "sqlite,postgres") as BackendKind[];
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS || 20);
const FIRST_REPEATS = Number(process.env.BENCH_FIRST_REPEATS || 10);
/** Which parts run after seeding: BENCH_SERVICE_PARTS=whatif or =exports runs that part alone (the others skipped). */
const PARTS = list(process.env.BENCH_SERVICE_PARTS, "load,whatif,exports");
const MEMORY_TARGET_MB = 300;

const at = (value: number, limit: number) => Number.isFinite(value) && value <= limit;


async function baseline(kind: BackendKind, rows: readonly LedgerRow[]): Promise<{ rowsPerSecond: number; note: string }> {
  try {
    const db = await freshDatabase(kind, "bare");
    try {
      return { rowsPerSecond: rows.length / (await bareInsertSeconds(db.spec, rows, defaultEngine().catalog)), note: "" };
    } finally {
      await db.drop();
    }
  } catch (e) {
    return { rowsPerSecond: NaN, note: `failed: ${(e as Error).message}` };
  }
}

/** SIGTERM, then SIGKILL if the service has not exited within 30 s (it may be busy on its event loop). */
async function stop(service: Service): Promise<void> {
  const timer = setTimeout(() => void service.kill9(), 30_000);
  await service.stop();
  clearTimeout(timer);
}

/** The mixed load (50 summary readers, a batch a second, a health probe), then the first summaries after a publish. */
async function loadFigures(label: string, publisher: Publisher): Promise<void> {
  const rows = publisher.rows;
  const load = await mixedLoad(publisher, LOAD_SECONDS);
  const s = load.summary;
  const summaryFailures = s ? `${fmt(s.latency.totalCount ?? 0)} answered, ${s.non2xx} non-2xx, ${s.errors} errors (of which ${s.timeouts} timeouts at 10 s, not in the latencies)` : `autocannon failed: ${load.summaryError}`;
  const summaryClean = s !== null && s.non2xx === 0 && s.errors === 0 && s.timeouts === 0;
  const healthMax = load.health.max();
  const ackMax = load.batches.max();
  report(`${label}: ${LOAD_SECONDS} s of 50 summary readers + a 1,000-row batch a second + /api/health every 50 ms`, [
    { name: "GET /api/summary throughput", value: s?.requests.average ?? NaN, unit: "req/s", note: summaryFailures },
    { name: "GET /api/summary p50", value: s?.latency.p50 ?? NaN, unit: "ms" },
    { name: "GET /api/summary p99", value: s?.latency.p99 ?? NaN, unit: "ms", target: "≤ 20 ms", met: summaryClean && at(s.latency.p99, 20) },
    { name: "GET /api/summary max", value: s?.latency.max ?? NaN, unit: "ms", target: "≤ 100 ms", met: summaryClean && at(s.latency.max, 100) },
    { name: "GET /api/health max", value: healthMax, unit: "ms", target: "≤ 50 ms", met: load.health.failed === 0 && at(healthMax, 50), note: load.health.describeFailures() },
    { name: "batch acknowledged, p99", value: load.batches.quantile(0.99), unit: "ms", target: "≤ 500 ms", met: load.batches.failed === 0 && at(load.batches.quantile(0.99), 500) },
    { name: "batch acknowledged, max", value: ackMax, unit: "ms", target: "≤ 500 ms", met: load.batches.failed === 0 && at(ackMax, 500), note: load.batches.describeFailures() },
  ]);

  const first = await firstSummaries(publisher, FIRST_REPEATS);
  const firstLimit = rows.length <= 100_000 ? 50 : 200;
  const firstMax = first.summaries.max();
  report(`${label}: first GET /api/summary right after an acknowledged 1,000-row batch, ${FIRST_REPEATS} times`, [
    { name: "median", value: first.summaries.quantile(0.5), unit: "ms" },
    { name: "max", value: firstMax, unit: "ms", target: `≤ ${firstLimit} ms at ${fmt(rows.length <= 100_000 ? 100_000 : 1_000_000)} rows`, met: first.summaries.failed === 0 && first.batches.failed === 0 && at(firstMax, firstLimit), note: `summaries ${first.summaries.describeFailures()}; batches ${first.batches.describeFailures()}` },
    { name: "batch acknowledged (no readers), max", value: first.batches.max(), unit: "ms" },
  ]);
}

async function scenario(kind: BackendKind, rows: readonly LedgerRow[]): Promise<void> {
  const label = `service [${kind}, ${fmt(rows.length)} rows]`;
  const bare = await baseline(kind, rows);
  const db = await freshDatabase(kind, "service");
  let service: Service | null = null;
  try {
    const token = await makeToken(db.spec, "editor", "bench");
    // Logged at the production default (info) to a discarded stdout, as a deployed service would log.
    // One token publishes rows already approved and paid, as a one-person office may (every office set so): each
    // batch then records the events its rows imply — submitted, approved (decided alone), payments — which is the
    // write path the figures must hold with.
    service = await startService({ dbPath: db.spec, discardLogs: true, env: { SUBSIDY_LOG_LEVEL: "info", SUBSIDY_ONE_PERSON_OFFICES: JURISDICTIONS.join(",") }, entry: ENTRY });
    const pid = service.process.pid;
    const keyPrefix = `bench-${process.pid}-${kind}-${rows.length}`;

    const seeded = await ingest(service.url, token, rows, keyPrefix);
    const ingestRate = rows.length / seeded.seconds;
    const afterSeeding = memoryOf(pid);
    const warm = await timedRequest(service.url + SUMMARY_PATH, { timeoutMs: 120_000 });
    const afterFirstSummary = memoryOf(pid);
    // Holding the ledger between writes: once the writer thread has been replaced by a fresh one for want of
    // batches, the heap its batches left is handed back; the figure above is the one while an office is publishing.
    await new Promise((r) => setTimeout(r, IDLE_REPLACEMENT_MS + 5_000));
    const atRest = memoryOf(pid);
    report(`${label}: ingest through PUT /api/ledger/rows, memory`, [
      { name: "bare insert of the same rows, one transaction (baseline)", value: bare.rowsPerSecond, unit: "rows/s", note: bare.note || undefined },
      {
        name: `ingest, ${seeded.requests.ms.length} requests of ≤ 2 MB with Idempotency-Key`,
        value: ingestRate,
        unit: "rows/s",
        ratioTo: bare.rowsPerSecond,
        target: "≥ 0.5 of baseline",
        met: ingestRate / bare.rowsPerSecond >= 0.5 && seeded.requests.failed === 0,
        note: seeded.requests.describeFailures(),
      },
      { name: "service RSS after seeding", value: afterSeeding.rssMb, unit: "MB", target: `≤ ${MEMORY_TARGET_MB} MB holding 1M rows`, met: at(afterSeeding.rssMb, MEMORY_TARGET_MB) },
      { name: "first GET /api/summary after seeding", value: warm.ms, unit: "ms", note: warm.ok ? undefined : `failed: ${warm.error ?? warm.status}` },
      { name: "service RSS after that summary", value: afterFirstSummary.rssMb, unit: "MB", target: `≤ ${MEMORY_TARGET_MB} MB holding 1M rows`, met: at(afterFirstSummary.rssMb, MEMORY_TARGET_MB) },
      { name: `service RSS at rest, ${(IDLE_REPLACEMENT_MS + 5_000) / 1000} s after the last write`, value: atRest.rssMb, unit: "MB", target: `≤ ${MEMORY_TARGET_MB} MB holding 1M rows`, met: at(atRest.rssMb, MEMORY_TARGET_MB) },
    ]);

    if (PARTS.includes("whatif")) report(`${label}: POST /api/whatif (worker thread; the rows of the provisions a change reaches evaluated again)`, await whatIfFigures(service.url, rows));

    if (PARTS.includes("load")) await loadFigures(label, { url: service.url, token, rows, keyPrefix, round: 0 });
    if (!PARTS.includes("exports")) return;

    const beforeCsv = memoryOf(pid);
    const csvRss = sampleRss(pid);
    const csv = await csvExport(service.url);
    const csvPeakMb = csvRss.stop();
    const csvRate = csv.rows / (csv.outcome.ms / 1000);
    const selection = xlsxSelection(rows);
    const xlsx = await xlsxExport(service.url, pid, selection.query);
    const xlsxSeconds = xlsx.outcome.ms / 1000;
    const end = memoryOf(pid);
    report(`${label}: exports`, [
      {
        name: `GET /api/ledger/export?format=csv, whole ledger (${fmt(csv.rows)} rows, ${fmt(Math.round(csv.outcome.bytes / 1e6))} MB, ${(csv.wireBytes / 1e6).toFixed(1)} MB on the wire as ${csv.encoding} to a browser's Accept-Encoding, ${(csv.outcome.ms / 1000).toFixed(1)} s)`,
        value: csv.outcome.ok ? csvRate : NaN,
        unit: "rows/s",
        target: "≥ 100,000 rows/s at 1M rows",
        met: csv.outcome.ok && csv.rows >= rows.length && csvRate >= 100_000,
        note: csv.outcome.ok ? undefined : `failed: ${csv.outcome.error ?? `HTTP ${csv.outcome.status}`}`,
      },
      {
        name: "service peak RSS during the CSV export, its export threads included (VmRSS sampled every 20 ms)",
        value: csvPeakMb,
        unit: "MB",
        note: `${(csvPeakMb - beforeCsv.rssMb).toFixed(0)} MB above the ${beforeCsv.rssMb.toFixed(0)} MB before it`,
      },
      {
        name: `GET /api/ledger/export?format=xlsx${selection.query}, ${fmt(selection.rows)} rows (${fmt(Math.round(xlsx.outcome.bytes / 1e6))} MB)`,
        value: xlsx.outcome.ok ? xlsxSeconds : NaN,
        unit: "s",
        target: "≤ 10 s",
        met: xlsx.outcome.ok && xlsxSeconds <= 10,
        note: xlsx.outcome.ok ? undefined : `failed after ${xlsxSeconds.toFixed(1)} s: ${xlsx.outcome.error ?? `HTTP ${xlsx.outcome.status}`}`,
      },
      { name: "service peak RSS during the .xlsx export (VmRSS sampled every 20 ms)", value: xlsx.peakRssMb, unit: "MB", target: `≤ ${MEMORY_TARGET_MB} MB`, met: at(xlsx.peakRssMb, MEMORY_TARGET_MB) },
      { name: "service VmHWM at the end (peak over the whole run)", value: end.peakMb, unit: "MB" },
    ]);
  } catch (e) {
    console.log(`\n## ${label}: stopped early: ${(e as Error).message}`);
  } finally {
    if (service) await stop(service);
    await db.drop().catch((e: unknown) => console.log(`- could not drop ${db.spec}: ${(e as Error).message}`));
  }
}

/** The service as deployed: the compiled build `npm start` makes and runs (build/compile.ts), unless asked otherwise. */
let ENTRY: string | undefined;

export async function run(): Promise<void> {
  if (!process.env.BENCH_FROM_SOURCES) {
    await compile();
    ENTRY = path.join(DIST, "service.mjs");
  }
  console.log(`\n# service bench: backends ${BACKENDS.join(", ")}; ledgers of ${SIZES.map(fmt).join(", ")} rows; the service ${ENTRY ? "compiled (dist/service.mjs)" : "from the sources (tsx)"}`);
  for (const n of SIZES) {
    const rows = uniqueRows(n);
    for (const kind of BACKENDS) {
      try {
        await scenario(kind, rows);
      } catch (e) {
        // Only the fresh database itself can fail here (the PostgreSQL server not answering): say so, go on.
        console.log(`\n## service [${kind}, ${fmt(rows.length)} rows]: not run: ${(e as Error).message}`);
      }
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
