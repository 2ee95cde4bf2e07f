// Exports as a reader downloads them: the whole ledger as CSV, read as a stream (rows/s counted from its lines),
// and about 100,000 rows as .xlsx, timed while the service's resident memory is sampled.
import type { LedgerRow } from "../../shared/ledger/row.ts";
import { timedRequest, type Outcome } from "./http.ts";
import { sampleRss } from "./rss.ts";

const EXPORT_TIMEOUT_MS = Number(process.env.BENCH_EXPORT_TIMEOUT_S || 600) * 1000;
export const XLSX_ROWS = 100_000;

export interface CsvExport {
  outcome: Outcome;
  /** Data rows received: lines less the header. */
  rows: number;
}

export async function csvExport(url: string): Promise<CsvExport> {
  const outcome = await timedRequest(`${url}/api/ledger/export?format=csv`, { timeoutMs: EXPORT_TIMEOUT_MS });
  return { outcome, rows: Math.max(0, outcome.lines - 1) };
}

/**
 * The filter whose rows number nearest XLSX_ROWS: none when the ledger is that small, else a district, a year or
 * both (at 1M sample rows 渝北区 in 2025 is about 100k; neither changes under the benchmark's update batches, so
 * the count from the seeded rows stays exact).
 */
export function xlsxSelection(rows: readonly LedgerRow[]): { query: string; rows: number } {
  if (rows.length <= XLSX_ROWS * 1.2) return { query: "", rows: rows.length };
  const counts = new Map<string, number>();
  for (const r of rows) {
    const district = `district=${encodeURIComponent(r.district)}`;
    const year = `year=${r.applicationDate.slice(0, 4)}`;
    for (const key of [district, year, `${district}&${year}`]) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let best = { query: "", rows: rows.length };
  for (const [query, n] of counts) if (Math.abs(n - XLSX_ROWS) < Math.abs(best.rows - XLSX_ROWS)) best = { query: `&${query}`, rows: n };
  return best;
}

export async function xlsxExport(url: string, pid: number | undefined, query: string): Promise<{ outcome: Outcome; peakRssMb: number }> {
  const sampler = sampleRss(pid);
  const outcome = await timedRequest(`${url}/api/ledger/export?format=xlsx${query}`, { timeoutMs: EXPORT_TIMEOUT_MS });
  return { outcome, peakRssMb: sampler.stop() };
}
