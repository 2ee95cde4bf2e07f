// 已拨付 ÷ 核定 for a year, marked when above 100%: paid counts by payment year and approved by approval year, so a
// year's payments may settle earlier years' approvals; the mark points to the note that says so.
import type { SummaryRow } from "../../../../shared/ledger/summary.ts";
import { useLocale, useT } from "../i18n/I18n.tsx";
import { percent } from "../lib/money.ts";

const NOTE_ID = "paid-over-note";

/** Compared in fen: a ratio of 100.04% reads 100.0% yet is still more paid than approved. */
export function paidOverApproved(row: Pick<SummaryRow, "paid" | "approved">): boolean {
  return Math.round(row.paid * 100) > Math.round(row.approved * 100) && row.approved > 0;
}

export function PaidRatio({ row, yearly }: { row: SummaryRow; yearly: boolean }) {
  const t = useT();
  const { lang } = useLocale();
  const text = row.paidRatio === null ? "" : percent(row.paidRatio, lang);
  if (!yearly || !paidOverApproved(row)) return <>{text}</>;
  return (
    <>
      {text}
      <a className="note-ref paid-over-ref" href={`#${NOTE_ID}`} aria-label={t("basis.paidOverRef")}>
        <sup>*</sup>
      </a>
    </>
  );
}

export function PaidRatioNote({ rows, yearly }: { rows: readonly SummaryRow[]; yearly: boolean }) {
  const t = useT();
  if (!yearly || !rows.some(paidOverApproved)) return null;
  return (
    <p id={NOTE_ID} className="legend-note paid-over-note">
      * {t("basis.paidOver")}
    </p>
  );
}
