// The mixed load of the Done-means, all generated in the benchmark process (the service is a child
// process, so the two share the machine's cores but not an event loop): 50 connections reading GET /api/summary
// (autocannon, in a worker thread of its own so its connections do not delay the probes' timers), one publisher
// sending a 1,000-row update batch every second, and a probe of /api/health every 50 ms.
import autocannon, { type Result } from "autocannon";
import type { LedgerRow } from "../../shared/ledger/row.ts";
import { Tally, timedRequest } from "./http.ts";
import { updateBatch } from "./seed.ts";

export const SUMMARY_PATH = "/api/summary?by=jurisdiction,year";
const BATCH_ROWS = 1000;
const READERS = 50;
const REQUEST_TIMEOUT_S = 10;
const HEALTH_EVERY_MS = 50;

export interface Publisher {
  url: string;
  token: string;
  rows: readonly LedgerRow[];
  keyPrefix: string;
  /** Batches sent so far: each run of the publisher goes on through the ledger where the last stopped. */
  round: number;
}

export function publish(p: Publisher): Promise<import("./http.ts").Outcome> {
  const round = p.round++;
  return timedRequest(`${p.url}/api/ledger/rows`, {
    method: "PUT",
    headers: { authorization: `Bearer ${p.token}`, "content-type": "application/json", "idempotency-key": `${p.keyPrefix}-batch-${round}` },
    body: updateBatch(p.rows, round, BATCH_ROWS),
    timeoutMs: 30_000,
  });
}

export interface MixedLoad {
  summary: Result | null;
  summaryError: string | null;
  health: Tally;
  batches: Tally;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** Runs `step` at most every `everyMs` (never two at once) until `until`; a slow step delays the next, not overlaps it. */
async function every(everyMs: number, until: number, step: () => Promise<void>): Promise<void> {
  for (let next = Date.now(); Date.now() < until; next += everyMs) {
    await sleep(next - Date.now());
    if (Date.now() >= until) break;
    await step();
    if (Date.now() > next + everyMs) next = Date.now() - everyMs;
  }
}

export async function mixedLoad(publisher: Publisher, seconds: number): Promise<MixedLoad> {
  const until = Date.now() + seconds * 1000;
  const health = new Tally();
  const batches = new Tally();
  const readers = autocannon({ url: publisher.url + SUMMARY_PATH, connections: READERS, duration: seconds, timeout: REQUEST_TIMEOUT_S, workers: 1 }).then(
    (summary) => ({ summary, summaryError: null }),
    (e: unknown) => ({ summary: null, summaryError: (e as Error).message }),
  );
  const probe = every(HEALTH_EVERY_MS, until, async () => health.add(await timedRequest(`${publisher.url}/api/health`, { timeoutMs: REQUEST_TIMEOUT_S * 1000 })));
  const publishing = every(1000, until, async () => batches.add(await publish(publisher)));
  const [read] = await Promise.all([readers, probe, publishing]);
  return { ...read, health, batches };
}

/** The first GET /api/summary right after each of `times` acknowledged batches, with nothing else running. */
export async function firstSummaries(publisher: Publisher, times: number): Promise<{ summaries: Tally; batches: Tally }> {
  const summaries = new Tally();
  const batches = new Tally();
  for (let i = 0; i < times; i++) {
    const ack = await publish(publisher);
    batches.add(ack);
    if (!ack.ok) continue;
    summaries.add(await timedRequest(publisher.url + SUMMARY_PATH, { timeoutMs: 120_000 }));
  }
  return { summaries, batches };
}
