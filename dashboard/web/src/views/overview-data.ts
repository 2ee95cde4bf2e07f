// The overview's data (the summary by jurisdiction and year, the commitments), by a key of its filters: one
// request for the view and for the shell's prefetch of it (api/prefetch.ts).
import type { Commitment } from "../../../../shared/catalog/schema.ts";
import { fetchCommitments, fetchSummaryWithMeta, type Summary } from "../api/endpoints.ts";
import { routeToSearch, type Filters } from "../lib/route.ts";

export interface OverviewData {
  summary: Summary;
  commitments: Commitment[];
}

export const overviewKey = (filters: Filters): string => `overview${routeToSearch({ view: "overview", filters })}`;

export async function fetchOverviewData(filters: Filters, signal?: AbortSignal): Promise<OverviewData> {
  const [summary, commitments] = await Promise.all([fetchSummaryWithMeta(["jurisdiction", "year"], filters, signal), fetchCommitments(signal)]);
  return { summary, commitments };
}
