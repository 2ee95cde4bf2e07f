// The overview's rows: the service's summary by jurisdiction and year, plus a zero row for every commitment in scope
// that no ledger row reaches yet (a budget nobody has drawn on is exactly what leadership needs to see).
import type { Commitment } from "../../../../shared/catalog/schema.ts";
import { commitmentKind } from "../../../../shared/catalog/commitment-kind.ts";
import { commitmentFor, notesOf, type SummaryRow } from "../../../../shared/ledger/summary.ts";
import type { Filters } from "./route.ts";

export function overviewRows(summary: readonly SummaryRow[], commitments: readonly Commitment[], filters: Filters): SummaryRow[] {
  const rows = [...summary];
  const seen = new Set(summary.map((r) => `${r.key.jurisdiction}|${r.key.year}`));
  // A commitment is the jurisdiction's whole budget: only the year and jurisdiction filters select among them. Under
  // a district or status filter it still stands (the rows are then a share of it, zero where none fall in); a document
  // or provision belongs to one jurisdiction, whose rows already carry the commitment.
  if (filters.document || filters.provision) return rows;
  for (const c of commitments) {
    if (filters.year !== undefined && c.year !== filters.year) continue;
    if (filters.jurisdiction !== undefined && c.jurisdiction !== filters.jurisdiction) continue;
    const id = `${c.jurisdiction}|${c.year}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const used = commitmentFor(commitments, c.jurisdiction, c.year);
    const fen = used.reduce((s, u) => s + u.amount, 0);
    rows.push({
      key: { jurisdiction: c.jurisdiction, year: c.year },
      count: 0,
      requested: 0,
      uncapped: 0,
      approved: 0,
      paid: 0,
      committed: fen / 100,
      utilization: fen === 0 ? null : 0,
      commitmentLeft: fen / 100,
      paidRatio: null,
      sample: used.some((u) => u.sample),
      atLeast: used.some((u) => commitmentKind(u) === "floor"),
      notes: notesOf(used),
    });
  }
  return rows.sort((a, b) => String(a.key.jurisdiction).localeCompare(String(b.key.jurisdiction)) || Number(a.key.year) - Number(b.key.year));
}
