// Runs in headless Chromium: the dashboard's in-browser aggregation (shared/ledger's summarize, as the what-if and
// the views use it) over a large ledger, against a hand-written Map loop doing the least the same grouping needs.
import { bundledCatalog } from "../../shared/catalog/bundled.ts";
import type { Commitment } from "../../shared/catalog/schema.ts";
import { Engine } from "../../shared/engine/engine.ts";
import { evaluateLedger } from "../../shared/ledger/evaluate.ts";
import type { LedgerRow } from "../../shared/ledger/row.ts";
import { summarize } from "../../shared/ledger/summary.ts";

function best(fn: () => void, runs: number): number {
  fn();
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

async function run(url: string): Promise<Record<string, number>> {
  const { rows, commitments } = (await (await fetch(url)).json()) as { rows: LedgerRow[]; commitments: Commitment[] };
  const engine = new Engine(bundledCatalog());
  const t0 = performance.now();
  const evaluation = evaluateLedger(engine, rows, { trace: false });
  const evaluateMs = performance.now() - t0;
  const summarizeMs = best(() => void summarize(evaluation, ["jurisdiction", "year"], commitments), 5);
  const enterpriseMs = best(() => void summarize(evaluation, ["enterprise"], commitments), 5);
  // The baseline: approved per jurisdiction and year with a bare Map, in fen.
  const loopMs = best(() => {
    const sums = new Map<string, number>();
    for (const e of evaluation.rows) {
      const key = `${e.jurisdiction}|${e.year}`;
      sums.set(key, (sums.get(key) ?? 0) + Math.round((e.row.approved ?? 0) * 100));
    }
  }, 5);
  return { rows: rows.length, evaluateMs, summarizeMs, enterpriseMs, loopMs };
}

(window as unknown as { __bench: typeof run }).__bench = run;
