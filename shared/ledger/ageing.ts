// The shape of GET /api/summary/ageing (dashboard/server/ledger/ageing.ts), shared with the dashboard.
export const AGEING_BUCKETS = ["0-30", "31-90", "over-90", "not-recorded"] as const;
export type AgeingBucket = (typeof AGEING_BUCKETS)[number];

export interface AgeingRow {
  bucket: AgeingBucket;
  /** Rows with something outstanding in the bucket. */
  count: number;
  /** Approved less paid, yuan. */
  outstanding: number;
}

export interface Ageing {
  asOf: string;
  jurisdiction: string | null;
  basis: "approval date";
  buckets: AgeingRow[];
  total: { count: number; outstanding: number };
}
