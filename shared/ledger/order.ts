// The one order in which a ledger is evaluated: application date, then application ID. Caps are consumed in
// this order, so a ledger's results never depend on the order of its rows in the file.
import type { LedgerRow } from "./row.ts";

const digit = (text: string, at: number): number => {
  const d = text.charCodeAt(at) - 48;
  return d >= 0 && d <= 9 ? d : NaN;
};

/** YYYY-MM-DD → a small integer that orders as the text does (months of 31 days, years of 12 months); NaN when not digits. */
function dayKey(day: string): number {
  const year = digit(day, 0) * 1000 + digit(day, 1) * 100 + digit(day, 2) * 10 + digit(day, 3);
  return (year * 12 + digit(day, 5) * 10 + digit(day, 6)) * 31 + digit(day, 8) * 10 + digit(day, 9);
}

/**
 * Row indices in ledger order. Rows equal in date and ID (duplicates) are ordered by their content, then by
 * position. A million-row ledger spans a few thousand days: rows are bucketed by day in linear time, and only rows
 * of one day are compared by ID, which is the whole cost when the file is already in date order.
 */
export function ledgerOrder(rows: readonly LedgerRow[]): number[] {
  const n = rows.length;
  if (n === 0) return [];
  const day = new Float64Array(n);
  for (let i = 0; i < n; i++) day[i] = dayKey((rows[i] as LedgerRow).applicationDate);

  const content = new Map<number, string>();
  const contentOf = (i: number): string => {
    let text = content.get(i);
    if (text === undefined) {
      text = JSON.stringify(rows[i]);
      content.set(i, text);
    }
    return text;
  };
  // Within one day. Ties keep their input order (the sort is stable and buckets are filled in input order).
  const byId = (a: number, b: number): number => {
    const ia = (rows[a] as LedgerRow).applicationId;
    const ib = (rows[b] as LedgerRow).applicationId;
    if (ia !== ib) return ia < ib ? -1 : 1;
    const ca = contentOf(a);
    const cb = contentOf(b);
    return ca < cb ? -1 : ca > cb ? 1 : 0;
  };

  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const d = day[i] as number;
    if (d < min) min = d;
    if (d > max) max = d;
  }
  const order: number[] = new Array<number>(n);
  for (let i = 0; i < n; i++) order[i] = i;
  // A date that is not YYYY-MM-DD digits (the schema rejects it): one plain sort, no buckets.
  if (!(max - min < 4_000_000)) {
    return order.sort((a, b) => {
      const da = day[a] as number;
      const db = day[b] as number;
      if (da !== db) return da - db;
      return byId(a, b);
    });
  }
  // A counting sort of rows into one bucket per day, in input order.
  const days = max - min + 1;
  const start = new Int32Array(days + 1);
  for (let i = 0; i < n; i++) {
    const k = (day[i] as number) - min + 1;
    start[k] = (start[k] as number) + 1;
  }
  for (let k = 0; k < days; k++) start[k + 1] = (start[k + 1] as number) + (start[k] as number);
  const fill = start.slice(0, days);
  for (let i = 0; i < n; i++) {
    const k = (day[i] as number) - min;
    order[fill[k] as number] = i;
    fill[k] = (fill[k] as number) + 1;
  }
  for (let k = 0; k < days; k++) {
    const from = start[k] as number;
    const to = start[k + 1] as number;
    if (to - from < 2) continue;
    let sorted = true;
    for (let p = from + 1; p < to && sorted; p++) sorted = byId(order[p - 1] as number, order[p] as number) <= 0;
    if (sorted) continue;
    const part = order.slice(from, to).sort(byId);
    for (let p = from; p < to; p++) order[p] = part[p - from] as number;
  }
  return order;
}
