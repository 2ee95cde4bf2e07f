// The one order in which a ledger is evaluated: application date, then application ID. Caps are consumed in
// this order, so a ledger's results never depend on the order of its rows in the file.
import type { LedgerRow } from "./row.ts";

const digit = (text: string, at: number): number => {
  const d = text.charCodeAt(at) - 48;
  return d >= 0 && d <= 9 ? d : NaN;
};

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * YYYY-MM-DD → a small integer that orders as the text does (months of 31 days, years of 12 months); NaN when the
 * text is not a calendar day in that form. Arithmetic only: a ledger computes one per row.
 */
export function dayKey(day: string): number {
  if (day.length !== 10 || day.charCodeAt(4) !== 45 || day.charCodeAt(7) !== 45) return NaN;
  const year = digit(day, 0) * 1000 + digit(day, 1) * 100 + digit(day, 2) * 10 + digit(day, 3);
  const month = digit(day, 5) * 10 + digit(day, 6);
  const date = digit(day, 8) * 10 + digit(day, 9);
  if (!(month >= 1 && month <= 12 && date >= 1 && date <= (DAYS_IN_MONTH[month - 1] as number))) return NaN;
  if (month === 2 && date === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return NaN;
  return (year * 12 + month - 1) * 31 + date - 1;
}

/** The calendar year of a day key. */
export function yearOfDayKey(key: number): number {
  return Math.floor(key / 372);
}

/** One string per day, by day key: a ledger's rows fall on a few thousand days. */
const DAY_TEXT = new Map<number, string>();

/** The YYYY-MM-DD text of a day key (dayKey's inverse). */
export function dayText(key: number): string {
  let text = DAY_TEXT.get(key);
  if (text === undefined) {
    const month = Math.floor((key % 372) / 31) + 1;
    const date = (key % 31) + 1;
    text = `${String(yearOfDayKey(key)).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(date).padStart(2, "0")}`;
    if (DAY_TEXT.size < 100_000) DAY_TEXT.set(key, text);
  }
  return text;
}

/**
 * Compares two rows (by index) in ledger order: application date, application ID, then content (JSON text), then
 * position — rows equal in all of these are identical, and position only keeps the sort stable.
 */
export function ledgerComparator(rows: readonly LedgerRow[]): (a: number, b: number) => number {
  const content = new Map<number, string>();
  const contentOf = (i: number): string => {
    let text = content.get(i);
    if (text === undefined) {
      text = JSON.stringify(rows[i]);
      content.set(i, text);
    }
    return text;
  };
  return (a, b) => {
    const ra = rows[a] as LedgerRow;
    const rb = rows[b] as LedgerRow;
    if (ra.applicationDate !== rb.applicationDate) return ra.applicationDate < rb.applicationDate ? -1 : 1;
    if (ra.applicationId !== rb.applicationId) return ra.applicationId < rb.applicationId ? -1 : 1;
    const ca = contentOf(a);
    const cb = contentOf(b);
    return ca < cb ? -1 : ca > cb ? 1 : a - b;
  };
}

/**
 * Row indices in ledger order (see ledgerComparator). A million-row ledger spans a few thousand days: rows are
 * bucketed by day in linear time, and only rows of one day are compared, which is the whole cost when the file is
 * already in date order.
 */
export function ledgerOrder(rows: readonly LedgerRow[]): number[] {
  const n = rows.length;
  if (n === 0) return [];
  const day = new Float64Array(n);
  for (let i = 0; i < n; i++) day[i] = dayKey((rows[i] as LedgerRow).applicationDate);
  const compare = ledgerComparator(rows);

  let min = Infinity;
  let max = -Infinity;
  let allDays = true;
  for (let i = 0; i < n; i++) {
    const d = day[i] as number;
    if (Number.isNaN(d)) allDays = false;
    if (d < min) min = d;
    if (d > max) max = d;
  }
  const order: number[] = new Array<number>(n);
  for (let i = 0; i < n; i++) order[i] = i;
  // A date that is not a YYYY-MM-DD day (the schema rejects it): one plain sort, no buckets.
  if (!allDays) return order.sort(compare);
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
    for (let p = from + 1; p < to && sorted; p++) sorted = compare(order[p - 1] as number, order[p] as number) <= 0;
    if (sorted) continue;
    const part = order.slice(from, to).sort(compare);
    for (let p = from; p < to; p++) order[p] = part[p - from] as number;
  }
  return order;
}
