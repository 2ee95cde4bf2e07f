// 序时进度: for the year under way, time elapsed beside each jurisdiction's execution (approved ÷ commitment, paid ÷
// commitment), the gap in percentage points, a ranking furthest behind first, and 预警 beyond a threshold the URL keeps.
import { TERMS, termIn } from "../../../../shared/terms.ts";
import type { ViewProps } from "../App.tsx";
import { useState } from "react";
import { fetchCommitments, fetchSummary, fetchSummaryWithMeta } from "../api/endpoints.ts";
import { useNames } from "../api/names.tsx";
import { useStamp } from "../api/stamp.tsx";
import { useRequest } from "../api/useRequest.ts";
import { DataTable, type Column } from "../components/DataTable.tsx";
import { Money } from "../components/Money.tsx";
import { Await } from "../components/States.tsx";
import { useJurisdictionName, useLocale, useT } from "../i18n/I18n.tsx";
import { download, fileName } from "../lib/download.ts";
import { csvYuan, percent, points, tableScale } from "../lib/money.ts";
import { overviewRows } from "../lib/overview-rows.ts";
import { routeToSearch, type Filters } from "../lib/route.ts";
import { DEFAULT_LAG_POINTS, paceRanking, timeProgress, type PaceRow, type TimeProgress } from "../lib/time-progress.ts";

export function PacePanel({ route, navigate, year, today, runOut }: ViewProps & { year: number; today: string; runOut: Partial<Record<string, string>> }) {
  const t = useT();
  const { lang } = useLocale();
  const filters: Filters = { year, ...(route.filters.jurisdiction ? { jurisdiction: route.filters.jurisdiction } : {}) };
  const request = useRequest(`pace${routeToSearch({ view: "year", filters })}`, async (signal) => {
    const [summary, commitments] = await Promise.all([fetchSummaryWithMeta(["jurisdiction", "year"], filters, signal), fetchCommitments(signal)]);
    return overviewRows(summary.rows, commitments, filters);
  });
  const lag = route.lag ?? DEFAULT_LAG_POINTS;
  const time = timeProgress(year, today);
  return (
    <section className="pace" aria-labelledby="pace-title">
      <h3 id="pace-title">{t("pace.heading")}</h3>
      <p className="pace-basis" data-ratio={time.ratio}>
        {t("pace.basis", { elapsed: time.elapsed, total: time.total, ratio: percent(time.ratio, lang), today })}
      </p>
      <label className="pace-threshold no-print">
        {t("pace.threshold")}
        <input
          type="number"
          name="lag"
          min={1}
          max={100}
          step={1}
          value={lag}
          onChange={(e) => {
            const value = Number(e.target.value);
            if (Number.isInteger(value) && value >= 1 && value <= 100) navigate({ ...route, lag: value }, { replace: true });
          }}
        />
      </label>
      <Await request={request}>{(rows) => <PaceBody rows={paceRanking(rows, time, lag, runOut)} time={time} lag={lag} year={year} today={today} />}</Await>
    </section>
  );
}

function PaceBody({ rows, time, lag, year, today }: { rows: PaceRow[]; time: TimeProgress; lag: number; year: number; today: string }) {
  const t = useT();
  const { lang } = useLocale();
  const name = useJurisdictionName();
  const names = useNames();
  const stamp = useStamp();
  const [exporting, setExporting] = useState<string | null>(null);
  const exportMonthly = async () => {
    setExporting("");
    try {
      const month = Number(today.slice(5, 7));
      const documents = await fetchSummary(["jurisdiction", "document"], { year });
      const { monthlyReportXlsx } = await import("../lib/monthly-report.ts");
      const blob = await monthlyReportXlsx({
        year,
        month,
        time,
        pace: rows,
        documents,
        dataDate: stamp.dataDate,
        sample: stamp.sample,
        text: {
          title: t("report.title", { year, month }),
          subtitle: t("report.subtitle", { date: stamp.dataDate, ratio: percent(time.ratio, lang), elapsed: time.elapsed, total: time.total }),
          sheet: t("report.sheet"),
          sampleMark: t("export.sampleMark"),
          headers: [t("pace.col.rank"), t("col.jurisdiction"), t("col.document"), t("col.committed"), t("report.col.kind"), t("col.approved"), t("col.paid"), t("pace.col.approvedRate"), t("pace.col.paidRate"), t("pace.col.time"), t("report.col.gap"), t("report.col.paidGap"), t("pace.col.warning")],
          jurisdiction: (j) => name(j),
          document: (key) => t("report.documentRow", { document: names.documentTitle(key) }),
          kind: (floor) => (floor ? t("report.kind.floor") : t("report.kind.ceiling")),
          total: t("report.total"),
        },
      });
      download(`monthly-report-${year}-${String(month).padStart(2, "0")}.xlsx`, blob);
      setExporting(null);
    } catch (error) {
      setExporting((error as Error).message);
    }
  };
  const gap = (g: number) => (Math.round(g * 1000) === 0 ? t("pace.onPace") : g < 0 ? t("pace.behind", { points: points(g, lang) }) : t("pace.ahead", { points: points(g, lang) }));
  // Amounts scaled for reading, all in one unit the headers name (the largest amount's scale).
  const scale = tableScale(rows.flatMap((r) => [r.committed, r.approved, r.paid]), lang);
  const columns: Column<PaceRow>[] = [
    { key: "rank", header: t("pace.col.rank"), value: (r) => r.rank, numeric: true },
    { key: "jurisdiction", header: t("col.jurisdiction"), value: (r) => name(r.jurisdiction) },
    { key: "committed", header: termIn(TERMS.commitment, lang, scale), csvHeader: t("col.committed"), value: (r) => csvYuan(r.committed), render: (r) => <Money yuan={r.committed} scale={scale} />, numeric: true },
    { key: "approved", header: termIn(TERMS.approved, lang, scale), csvHeader: t("col.approved"), value: (r) => csvYuan(r.approved), render: (r) => <Money yuan={r.approved} scale={scale} />, numeric: true },
    { key: "approvedRate", header: t("pace.col.approvedRate"), value: (r) => percent(r.approvedRate, lang), sortValue: (r) => r.approvedRate, numeric: true },
    { key: "paid", header: termIn(TERMS.paid, lang, scale), csvHeader: t("col.paid"), value: (r) => csvYuan(r.paid), render: (r) => <Money yuan={r.paid} scale={scale} />, numeric: true },
    { key: "paidRate", header: t("pace.col.paidRate"), value: (r) => percent(r.paidRate, lang), sortValue: (r) => r.paidRate, numeric: true },
    { key: "time", header: t("pace.col.time"), value: () => percent(time.ratio, lang), numeric: true },
    { key: "approvedGap", header: t("pace.col.approvedGap"), value: (r) => gap(r.approvedGap), sortValue: (r) => r.approvedGap },
    { key: "paidGap", header: t("pace.col.paidGap"), value: (r) => gap(r.paidGap), sortValue: (r) => r.paidGap },
    {
      key: "warning",
      header: t("pace.col.warning"),
      value: (r) => (r.warning || r.runsOutOn ? t("pace.warn") : ""),
      render: (r) =>
        r.warning || r.runsOutOn ? (
          <span className="level level-red" data-level="warning" data-reason={[r.warning ? "lag" : "", r.runsOutOn ? "runout" : ""].filter(Boolean).join(" ")}>
            {t("pace.warn")}
          </span>
        ) : (
          <span className="level level-green">{t("pace.ok")}</span>
        ),
    },
  ];
  const warned = rows.filter((r) => r.warning || r.runsOutOn);
  return (
    <>
      {warned.length > 0 && (
        <ul className="pace-warnings">
          {warned.map((r) => (
            <li key={r.jurisdiction} data-jurisdiction={r.jurisdiction}>
              {[
                r.warning ? t("pace.warning", { jurisdiction: name(r.jurisdiction), rate: percent(r.approvedRate, lang), points: points(r.approvedGap, lang), lag }) : "",
                r.runsOutOn ? t("pace.runOutWarning", { jurisdiction: name(r.jurisdiction), date: r.runsOutOn }) : "",
              ]
                .filter(Boolean)
                .join(" ")}
            </li>
          ))}
        </ul>
      )}
      {rows.length === 0 ? (
        <p className="note">{t("pace.none")}</p>
      ) : (
        <DataTable caption={t("pace.tableTitle", { year })} columns={columns} rows={rows} rowKey={(r) => r.jurisdiction} csvName={fileName(["pace", year], "csv")} />
      )}
      {rows.length > 0 && (
        <p className="no-print">
          <button type="button" className="export-monthly" onClick={() => void exportMonthly()} disabled={exporting === ""}>
            {t("export.monthly")}
          </button>
          {exporting && (
            <span className="field-error" role="alert">
              {t("state.error", { message: exporting })}
            </span>
          )}
        </p>
      )}
      <p className="note">{t("pace.explain")}</p>
    </>
  );
}
