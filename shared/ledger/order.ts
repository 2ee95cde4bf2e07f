// The one order in which a ledger is evaluated: application date, then application ID. Caps are consumed in
// this order, so a ledger's results never depend on the order of its rows in the file.
import type { LedgerRow } from "./row.ts";

/** Row indices in ledger order. Rows equal in date and ID (duplicates) are ordered by their content. */
export function ledgerOrder(rows: readonly LedgerRow[]): number[] {
  const order = rows.map((_, i) => i);
  // Days as integers (YYYYMMDD): most comparisons of a large ledger are settled without comparing text.
  const day = Int32Array.from(rows, (r) => Number(r.applicationDate.slice(0, 4)) * 10_000 + Number(r.applicationDate.slice(5, 7)) * 100 + Number(r.applicationDate.slice(8, 10)));
  const content = new Map<number, string>();
  const contentOf = (i: number): string => {
    let text = content.get(i);
    if (text === undefined) {
      text = JSON.stringify(rows[i]);
      content.set(i, text);
    }
    return text;
  };
  order.sort((a, b) => {
    const da = day[a] as number;
    const db = day[b] as number;
    if (da !== db) return da - db;
    const ra = rows[a] as LedgerRow;
    const rb = rows[b] as LedgerRow;
    if (ra.applicationId !== rb.applicationId) return ra.applicationId < rb.applicationId ? -1 : 1;
    const ca = contentOf(a);
    const cb = contentOf(b);
    return ca < cb ? -1 : ca > cb ? 1 : 0;
  });
  return order;
}
