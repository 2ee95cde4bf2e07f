// The rows the service benchmarks publish: the sample ledger as an office publishes it.
import { sampleLedger } from "../../shared/ledger/sample.ts";
import type { LedgerRow } from "../../shared/ledger/row.ts";

const DECIDED = new Set<LedgerRow["status"]>(["approved", "paid"]);

/**
 * The sample ledger's rows as an office publishes them: one per application ID (the sample plants a duplicate for
 * the ledger checks), none paid above its approval and none approved without an amount (planted too, and refused
 * by a batch since approvals and payments are events: the batch would fail and its rows would be missing), and
 * none paid before it applied or was approved (planted as well, and refused: invalid_date): such a payment is
 * dated the later of the two days.
 */
export function uniqueRows(n: number): LedgerRow[] {
  const seen = new Set<string>();
  return sampleLedger({ rows: n })
    .rows.filter((r) => !seen.has(r.applicationId) && seen.add(r.applicationId))
    .map((r) => (DECIDED.has(r.status) && !(r.approved !== null && r.approved > 0) ? { ...r, status: "applied" as const, approved: null, paid: null, paidDate: null, approvalDate: null } : r))
    .map((r) => (r.paid !== null && r.approved !== null && r.paid > r.approved ? { ...r, paid: r.approved } : r))
    .map((r) => {
      const earliest = r.approvalDate && r.approvalDate > r.applicationDate ? r.approvalDate : r.applicationDate;
      return r.paidDate && r.paidDate < earliest ? { ...r, paidDate: earliest } : r;
    });
}
