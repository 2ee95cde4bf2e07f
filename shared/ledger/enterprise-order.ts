// The order of the row-at-a-time evaluation: per enterprise, in ledger order. Caps never span enterprises, so
// evaluating each enterprise's rows in ledger order gives every row the ceiling the global ledger order gives it,
// and sorting by enterprise and day is a numeric sort; application IDs are compared only within one day.
import { dayKey, ledgerComparator } from "./order.ts";
import type { LedgerRow } from "./row.ts";
import { hashText, RowKeys } from "./row-keys.ts";

/** The given rows (indices), grouped by credit code, each group in ledger order. */
export function enterpriseOrder(rows: readonly LedgerRow[], subset: readonly number[]): number[] {
  const m = subset.length;
  if (m < 2) return [...subset];
  const code = (i: number) => (rows[i] as LedgerRow).creditCode;
  const enterprises = new RowKeys(m, (i) => hashText(code(i)), (a, b) => code(a) === code(b));
  // Dense enterprise numbers, in order of first appearance.
  const number = new Map<number, number>();
  const enterprise = new Float64Array(m);
  const day = new Float64Array(m);
  let minDay = Infinity;
  let maxDay = -Infinity;
  let allDays = true;
  for (let k = 0; k < m; k++) {
    const i = subset[k] as number;
    const first = enterprises.firstOf(i);
    let e = number.get(first);
    if (e === undefined) {
      e = number.size;
      number.set(first, e);
    }
    enterprise[k] = e;
    const d = dayKey((rows[i] as LedgerRow).applicationDate);
    day[k] = d;
    if (Number.isNaN(d)) allDays = false;
    if (d < minDay) minDay = d;
    if (d > maxDay) maxDay = d;
  }
  const compare = ledgerComparator(rows);
  const days = maxDay - minDay + 1;
  // One number per row, enterprise then day then position, sorted natively — when it fits in a double exactly
  // and every date is a day (else one comparison sort).
  if (!(allDays && number.size * days * m < Number.MAX_SAFE_INTEGER)) {
    const byEnterprise = (a: number, b: number) => (enterprise[a] as number) - (enterprise[b] as number) || compare(subset[a] as number, subset[b] as number);
    return Array.from({ length: m }, (_, k) => k)
      .sort(byEnterprise)
      .map((k) => subset[k] as number);
  }
  const keys = new Float64Array(m);
  for (let k = 0; k < m; k++) keys[k] = ((enterprise[k] as number) * days + (day[k] as number) - minDay) * m + k;
  keys.sort();
  const order: number[] = new Array<number>(m);
  for (let k = 0; k < m; k++) order[k] = subset[(keys[k] as number) % m] as number;
  // Rows of one enterprise on one day: by application ID (then content), as the ledger order has them.
  for (let from = 0; from < m; ) {
    const group = Math.floor((keys[from] as number) / m);
    let to = from + 1;
    while (to < m && Math.floor((keys[to] as number) / m) === group) to++;
    if (to - from > 1) {
      const part = order.slice(from, to).sort(compare);
      for (let p = from; p < to; p++) order[p] = part[p - from] as number;
    }
    from = to;
  }
  return order;
}
