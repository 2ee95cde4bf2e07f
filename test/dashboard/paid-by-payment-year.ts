// The dashboard counts paid by payment year (issue 11), summarize() by application year. On the ledgers these tests
// read, every row's paid figure is one payment on its paidDate (the sample's, and what publishDecided writes): so a
// year's paid is the paid of the rows whose paidDate falls in it, whatever year they were applied in, and a paid
// figure with no date counts in no year. (Approved needs no such help: each sample approval falls in its
// application's year, test/service/paid-by-year.test.ts.)
import type { LedgerEvaluation } from "../../shared/ledger/evaluate.ts";
import type { SummaryRow } from "../../shared/ledger/summary.ts";
import { fenOfExactYuan } from "../../shared/money/fen.ts";

type Evaluated = LedgerEvaluation["rows"][number];

/**
 * summarize()'s rows (keyed by year, and by jurisdiction or not) with paid by payment year: the paid of the rows
 * `keep` admits — the same filter as the summary's but for the year — whose paidDate is in the row's year.
 */
export function withPaidByPaymentYear(expected: readonly SummaryRow[], rows: readonly Evaluated[], keep: (e: Evaluated) => boolean = () => true): SummaryRow[] {
  return expected.map((r) => {
    if (r.key.year === undefined) throw new Error("withPaidByPaymentYear needs rows keyed by year");
    const year = String(r.key.year);
    let fen = 0;
    for (const e of rows) {
      if (!keep(e) || (r.key.jurisdiction !== undefined && e.jurisdiction !== r.key.jurisdiction)) continue;
      if ((e.row.status !== "approved" && e.row.status !== "paid") || e.row.paid === null || e.row.paidDate?.slice(0, 4) !== year) continue;
      fen += fenOfExactYuan(e.row.paid);
    }
    return { ...r, paid: fen / 100 };
  });
}
