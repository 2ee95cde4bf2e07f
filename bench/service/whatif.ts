// POST /api/whatif timed on the seeded ledger: a rate lowered and a cap raised on the provision with the most rows,
// and a cap two provisions share, each the best and the worst of a few runs after one warm-up (the first what-if
// starts the worker thread); /api/health is probed every 50 ms meanwhile, so a what-if that held the service's event
// loop would show there.
import type { LedgerRow } from "../../shared/ledger/row.ts";
import { defaultEngine } from "../../shared/node.ts";
import { formulaParameters } from "../../shared/engine/parameters.ts";
import type { Figure } from "../measure.ts";
import { Tally, timedRequest } from "./http.ts";

const RUNS = 3;
const TARGET_MS = 3000;

/** The overrides timed: the provision with the most rows that has a rate and a cap. */
export function overrideSets(rows: readonly LedgerRow[]): { name: string; overrides: Record<string, string> }[] {
  const catalog = defaultEngine().catalog;
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.provisionId, (counts.get(r.provisionId) ?? 0) + 1);
  const paramsOf = (id: string) => formulaParameters(id, catalog.byId.get(id)!.provision.formula);
  const [id] = [...counts.entries()]
    .filter(([p]) => catalog.byId.has(p) && paramsOf(p).some((x) => x.unit === "bp") && paramsOf(p).some((x) => x.name === "cap"))
    .sort((a, b) => b[1] - a[1])
    .map(([p]) => p);
  if (!id) return [];
  const rate = paramsOf(id).find((x) => x.unit === "bp")!;
  const cap = paramsOf(id).find((x) => x.name === "cap")!;
  return [
    { name: `${rate.path} lowered to ${rate.value / 200}% (${counts.get(id)} rows)`, overrides: { [rate.path]: `${rate.value / 200}%` } },
    { name: `${cap.path} raised to twice`, overrides: { [cap.path]: String((cap.value * 2) / 100) } },
    { name: "jiulongpo-12b/12c shared cap lowered", overrides: { "jiulongpo-12b.caps.enterpriseYear": "500万元", "jiulongpo-12c.caps.enterpriseYear": "500万元" } },
  ];
}

export async function whatIfFigures(url: string, rows: readonly LedgerRow[]): Promise<Figure[]> {
  const post = (overrides: Record<string, string>) =>
    timedRequest(`${url}/api/whatif`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ overrides, by: ["document", "provision", "year"] }), timeoutMs: 120_000 });
  const figures: Figure[] = [];
  const sets = overrideSets(rows);
  if (sets[0]) {
    const warm = await post(sets[0].overrides);
    figures.push({ name: "first what-if (starts the worker thread)", value: warm.ms, unit: "ms", note: warm.ok ? undefined : `failed: ${warm.error ?? `HTTP ${warm.status}`}` });
  }
  const health = new Tally();
  let probing = true;
  const probe = (async () => {
    while (probing) {
      health.add(await timedRequest(`${url}/api/health`, { timeoutMs: 10_000 }));
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  for (const set of sets) {
    const runs = new Tally();
    for (let i = 0; i < RUNS; i++) runs.add(await post(set.overrides));
    const worst = runs.max();
    figures.push({ name: `POST /api/whatif, ${set.name}: best`, value: Math.min(...runs.ms), unit: "ms" });
    figures.push({ name: `POST /api/whatif, ${set.name}: worst of ${RUNS}`, value: worst, unit: "ms", target: `≤ ${TARGET_MS} ms at 1M rows`, met: runs.failed === 0 && worst <= TARGET_MS, note: runs.failed ? runs.describeFailures() : undefined });
  }
  probing = false;
  await probe;
  figures.push({ name: "GET /api/health max meanwhile", value: health.max(), unit: "ms", target: "≤ 50 ms", met: health.failed === 0 && health.max() <= 50, note: health.describeFailures() });
  return figures;
}
