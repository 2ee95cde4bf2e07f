// Which awards go on the payment list (拨付清单, shared/ledger/payment-list.ts) at a cut-off day: every row approved
// (status approved, or paid in part) with an approved amount above what it has been paid, applied for on or before
// the cut-off. The day held to the cut-off is the row's approval date — its last `approved` event's (migration 8) —
// where it has one, else (a row approved before decisions were events, or by a batch) its application date; the entry
// says which. The amounts
// are the row's own (approved, and paid — the sum of its payments since migration 6), exact in fen.
import type { Engine } from "../../../shared/engine/engine.ts";
import type { PaymentListEntry } from "../../../shared/ledger/payment-list.ts";
import type { LedgerRow } from "../../../shared/ledger/row.ts";
import { fenOfExactYuan } from "../../../shared/money/fen.ts";
import type { Executor } from "../db/open.ts";
import { approvalDays } from "./decision-events.ts";
import { yieldToLoop } from "./stored-evaluation.ts";

const PAGE = 2000;

/** The list for one jurisdiction (null: every one), in application-ID order. */
export async function paymentListOf(ex: Executor, engine: Engine, options: { jurisdiction: string | null; cutoff: string }): Promise<PaymentListEntry[]> {
  const entries: PaymentListEntry[] = [];
  let after: string | null = null;
  for (;;) {
    let query = ex.selectFrom("ledger_rows").select(["application_id", "jurisdiction", "data"]).where("status", "in", ["approved", "paid"]);
    if (options.jurisdiction !== null) query = query.where("jurisdiction", "=", options.jurisdiction);
    if (after !== null) query = query.where("application_id", ">", after);
    const records = await query.orderBy("application_id").limit(PAGE).execute();
    const approvedOn = await approvalDays(ex, records.map((r) => r.application_id));
    for (const r of records) {
      const row = JSON.parse(r.data) as LedgerRow;
      const approvalDay = approvedOn.get(r.application_id);
      const date = approvalDay ?? row.applicationDate;
      if (row.approved === null || date > options.cutoff) continue;
      const approvedFen = fenOfExactYuan(row.approved);
      const paidFen = row.paid === null ? 0 : fenOfExactYuan(row.paid);
      if (approvedFen <= paidFen) continue;
      const doc = engine.catalog.byId.get(row.provisionId)?.document;
      entries.push({
        applicationId: row.applicationId,
        jurisdiction: r.jurisdiction,
        enterprise: row.enterprise,
        creditCode: row.creditCode,
        document: doc ? (doc.number ?? doc.title.zh) : "",
        provisionId: row.provisionId,
        applicationDate: row.applicationDate,
        date,
        dateBasis: approvalDay === undefined ? "applied" : "approved",
        approvedFen,
        paidFen,
        toPayFen: approvedFen - paidFen,
      });
    }
    if (records.length < PAGE) return entries;
    after = records[records.length - 1]?.application_id ?? after;
    await yieldToLoop();
  }
}
