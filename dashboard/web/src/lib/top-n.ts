// Charts show the largest N groups and one "other" bar, never thousands of bars; tables keep every row.
export interface Ranked<T> {
  top: T[];
  /** Sum of the value over the groups left out, and how many they were; null when nothing was left out. */
  other: { count: number; sums: Record<string, number> } | null;
}

export function topN<T>(rows: readonly T[], n: number, rank: (row: T) => number, sumKeys: readonly (keyof T & string)[]): Ranked<T> {
  const sorted = [...rows].sort((a, b) => rank(b) - rank(a));
  if (sorted.length <= n) return { top: sorted, other: null };
  const rest = sorted.slice(n);
  const sums: Record<string, number> = {};
  for (const key of sumKeys) {
    // Sum in fen: yuan amounts with two decimals add up exactly only as integers.
    let fen = 0;
    for (const row of rest) fen += Math.round(Number(row[key] ?? 0) * 100);
    sums[key] = fen / 100;
  }
  return { top: sorted.slice(0, n), other: { count: rest.length, sums } };
}
