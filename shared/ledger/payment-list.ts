// The payment list (拨付清单) handed to the treasury (国库集中支付): every approved award not fully paid, with what is
// still to pay and that amount in Chinese capitals (大写金额). The table for CSV and .xlsx, formula-safe like every
// export; which awards go on it is the service's (dashboard/server/ledger/payment-list.ts).
import { amountInCapitals } from "../money/capitals.ts";
import { yuanFromFen, type Fen } from "../money/fen.ts";
import type { Lang } from "../money/format.ts";
import type { OutCell, Table } from "./export-table.ts";
import { jurisdictionLabel } from "./offices.ts";
import { safeCell } from "./safe-cell.ts";
import { PAYMENT_LIST_TERMS } from "../terms.ts";

export interface PaymentListEntry {
  applicationId: string;
  jurisdiction: string | null;
  enterprise: string;
  creditCode: string;
  /** The provision's document's number (文号), or its title where it has none. */
  document: string;
  provisionId: string;
  applicationDate: string;
  /** The day held to the cut-off and shown: the approval's (its last `approved` event), else the application's. */
  date: string;
  /** Which day `date` is: a row approved before decisions were events has only its application date. */
  dateBasis: "approved" | "applied";
  approvedFen: Fen;
  paidFen: Fen;
  toPayFen: Fen;
}

export interface PaymentListTotals {
  count: number;
  approvedFen: Fen;
  paidFen: Fen;
  toPayFen: Fen;
}

const HEADERS: Record<Lang, string[]> = {
  zh: Object.values(PAYMENT_LIST_TERMS).map((t) => t.zh),
  en: Object.values(PAYMENT_LIST_TERMS).map((t) => t.en),
};
/** What the date column holds, row by row. */
const DATE_BASIS: Record<Lang, Record<PaymentListEntry["dateBasis"], string>> = {
  zh: { approved: "核定日期", applied: "申请日期" },
  en: { approved: "approval date", applied: "application date" },
};
/** The yuan columns (an .xlsx writer formats them). */
const MONEY = [9, 10, 11];

export function paymentListTotals(entries: readonly PaymentListEntry[]): PaymentListTotals {
  const totals = { count: entries.length, approvedFen: 0, paidFen: 0, toPayFen: 0 };
  for (const e of entries) {
    totals.approvedFen += e.approvedFen;
    totals.paidFen += e.paidFen;
    totals.toPayFen += e.toPayFen;
  }
  return totals;
}

export function paymentListTable(entries: readonly PaymentListEntry[], lang: Lang): Table {
  const rows: OutCell[][] = entries.map((e, i) => [
    i + 1,
    safeCell(e.applicationId),
    e.jurisdiction === null ? "" : jurisdictionLabel(e.jurisdiction, lang),
    safeCell(e.enterprise),
    safeCell(e.creditCode),
    safeCell(e.document),
    safeCell(e.provisionId),
    e.date,
    DATE_BASIS[lang][e.dateBasis],
    yuanFromFen(e.approvedFen),
    yuanFromFen(e.paidFen),
    yuanFromFen(e.toPayFen),
    amountInCapitals(e.toPayFen),
  ]);
  return { header: HEADERS[lang], rows, money: MONEY };
}

/** The total row under the table (合计): the three amounts and the capitals of what is to pay. */
export function paymentListTotalRow(totals: PaymentListTotals, lang: Lang): OutCell[] {
  const label = lang === "zh" ? `合计（${totals.count} 笔）` : `Total (${totals.count})`;
  return [label, "", "", "", "", "", "", "", "", yuanFromFen(totals.approvedFen), yuanFromFen(totals.paidFen), yuanFromFen(totals.toPayFen), amountInCapitals(totals.toPayFen)];
}
