// The order of the row-at-a-time evaluation: per enterprise, in ledger order. Caps never span enterprises, so
// evaluating each enterprise's rows in ledger order gives every row the ceiling the global ledger order gives it,
// and sorting by enterprise and day is a numeric sort; application IDs are compared only within one day.
import type { LedgerInput } from "./ledger-input.ts";
import { ledgerComparator } from "./order.ts";

/** The given rows (indices), grouped by enterprise, each group in ledger order. */
export function enterpriseOrder(input: LedgerInput, subset: Int32Array): Int32Array {
  const m = subset.length;
  if (m < 2) return subset.slice();
  const { enterprise, day } = input;
  let minDay = Infinity;
  let maxDay = -Infinity;
  let allDays = true;
  for (let k = 0; k < m; k++) {
    const d = day[subset[k] as number] as number;
    if (Number.isNaN(d)) allDays = false;
    if (d < minDay) minDay = d;
    if (d > maxDay) maxDay = d;
  }
  const compare = ledgerComparator(input.rows);
  const days = maxDay - minDay + 1;
  // One number per row, enterprise then day then position, sorted natively — when it fits in a double exactly
  // and every date is a day (else one comparison sort).
  if (!(allDays && input.firstRowOf.length * days * m < Number.MAX_SAFE_INTEGER)) {
    const byEnterprise = (a: number, b: number) => (enterprise[a] as number) - (enterprise[b] as number) || compare(a, b);
    return Int32Array.from([...subset].sort(byEnterprise));
  }
  const keys = input.allocate.float64(m);
  for (let k = 0; k < m; k++) {
    const i = subset[k] as number;
    keys[k] = ((enterprise[i] as number) * days + (day[i] as number) - minDay) * m + k;
  }
  keys.sort();
  const order = input.allocate.int32(m);
  for (let k = 0; k < m; k++) order[k] = subset[(keys[k] as number) % m] as number;
  // Rows of one enterprise on one day: by application ID (then content), as the ledger order has them.
  for (let from = 0; from < m; ) {
    const group = Math.floor((keys[from] as number) / m);
    let to = from + 1;
    while (to < m && Math.floor((keys[to] as number) / m) === group) to++;
    if (to - from > 1) {
      const part = [...order.subarray(from, to)].sort(compare);
      for (let p = from; p < to; p++) order[p] = part[p - from] as number;
    }
    from = to;
  }
  return order;
}
