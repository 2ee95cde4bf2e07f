// 序时进度 (time progress): how much of the year has gone by, against how much of each commitment is executed.
// Elapsed is counted in days (the day itself included) over the days of the year; the view says so.
import type { SummaryRow } from "../../../../shared/ledger/summary.ts";

/** Points behind time progress from which a jurisdiction is flagged 预警, unless the URL says otherwise. */
export const DEFAULT_LAG_POINTS = 10;

export interface TimeProgress {
  basis: "days";
  /** Days gone by, today included; 0 before the year, all after it. */
  elapsed: number;
  total: number;
  ratio: number;
}

const DAY_MS = 86_400_000;

export function timeProgress(year: number, today: string): TimeProgress {
  const start = Date.UTC(year, 0, 1);
  const total = Math.round((Date.UTC(year + 1, 0, 1) - start) / DAY_MS);
  const day = Math.round((Date.parse(`${today}T00:00:00Z`) - start) / DAY_MS) + 1;
  const elapsed = Math.min(Math.max(day, 0), total);
  return { basis: "days", elapsed, total, ratio: elapsed / total };
}

export interface PaceRow {
  jurisdiction: string;
  committed: number;
  approved: number;
  paid: number;
  /** approved ÷ commitment and paid ÷ commitment. */
  approvedRate: number;
  paidRate: number;
  /** Execution minus time progress (ratios: −0.12 is 12 points behind). */
  approvedGap: number;
  paidGap: number;
  /** More than `lagPoints` behind on approvals (the dashboard's 执行率). */
  warning: boolean;
  /** A ceiling whose run-rate forecast runs out before the year ends: the day. */
  runsOutOn: string | null;
  floor: boolean;
  rank: number;
}

/**
 * The ranking: jurisdictions with a commitment for the year, furthest behind time progress (on approvals, the
 * dashboard's 执行率) first; ties by paid.
 */
export function paceRanking(rows: readonly SummaryRow[], time: TimeProgress, lagPoints: number, runOut: Partial<Record<string, string>> = {}): PaceRow[] {
  const out: Omit<PaceRow, "rank">[] = [];
  for (const r of rows) {
    if (r.committed === null || r.committed <= 0 || !r.key.jurisdiction) continue;
    const committedFen = Math.round(r.committed * 100);
    const approvedRate = Math.round(r.approved * 100) / committedFen;
    const paidRate = Math.round(r.paid * 100) / committedFen;
    const approvedGap = approvedRate - time.ratio;
    out.push({
      jurisdiction: String(r.key.jurisdiction),
      committed: r.committed,
      approved: r.approved,
      paid: r.paid,
      approvedRate,
      paidRate,
      approvedGap,
      paidGap: paidRate - time.ratio,
      // In whole tenths of a point, as shown, so that what reads "10.0 个百分点" is not flagged at a threshold of 10.
      warning: -Math.round(approvedGap * 1000) > lagPoints * 10,
      floor: r.atLeast,
      runsOutOn: r.atLeast ? null : (runOut[String(r.key.jurisdiction)] ?? null),
    });
  }
  out.sort((a, b) => a.approvedGap - b.approvedGap || a.paidGap - b.paidGap);
  return out.map((r, i) => ({ ...r, rank: i + 1 }));
}
