// Over the year: cumulative approved and paid against the commitment, today, and the run-rate forecast.
import { useCallback, useEffect, useState } from "react";
import { CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import type { Jurisdiction } from "../../../../shared/catalog/schema.ts";
import { todayInShanghai } from "../../../../shared/engine/dates.ts";
import { AgeingPanel } from "../components/AgeingPanel.tsx";
import type { ViewProps } from "../App.tsx";
import type { LedgerRow } from "../../../../shared/ledger/row.ts";
import { commitmentKind } from "../../../../shared/catalog/commitment-kind.ts";
import type { Text } from "../../../../shared/catalog/schema.ts";
import { commitmentFor, notesOf } from "../../../../shared/ledger/summary.ts";
import { fetchCommitments, fetchLedgerAll } from "../api/endpoints.ts";
import { useRequest } from "../api/useRequest.ts";
import { ChartFrame } from "../components/ChartFrame.tsx";
import { COLORS, MoneyTooltip, useMoneyAxis } from "../components/chart-bits.tsx";
import { DataTable, type Column } from "../components/DataTable.tsx";
import { Money } from "../components/Money.tsx";
import { Await } from "../components/States.tsx";
import { useLocale, useT } from "../i18n/I18n.tsx";
import { fileName } from "../lib/download.ts";
import { csvYuan, percent, scaled } from "../lib/money.ts";
import { narrowsCommitment, routeToSearch, type Filters } from "../lib/route.ts";
import { PacePanel } from "./PacePanel.tsx";
import { yearProgress, type DayPoint, type YearProgress } from "../lib/year-progress.ts";
import { JURISDICTIONS } from "../lib/vocabulary.ts";

export function YearProgressView({ route, navigate }: ViewProps) {
  const t = useT();
  const today = todayInShanghai();
  const year = route.filters.year ?? Number(today.slice(0, 4));
  const [runOut, setRunOut] = useState<Partial<Record<Jurisdiction, string>>>({});
  const onRunOut = useCallback((j: Jurisdiction, day: string | null) => {
    setRunOut((current) => {
      if ((current[j] ?? null) === day) return current;
      const next = { ...current };
      if (day === null) delete next[j];
      else next[j] = day;
      return next;
    });
  }, []);
  const jurisdictions = JURISDICTIONS.filter((j) => !route.filters.jurisdiction || j === route.filters.jurisdiction);
  return (
    <section aria-labelledby="view-title">
      <h2 id="view-title">{t("year.heading")}</h2>
      <p className="intro">{t("year.intro")}</p>
      <p className="legend-note basis-note">{t("basis.note")}</p>
      {route.filters.year === undefined && <p className="note">{t("year.chooseYear", { year })}</p>}
      {year === Number(today.slice(0, 4)) ? (
        narrowsCommitment(route.filters) ? (
          <p className="note">{t("overview.narrowedNote")}</p>
        ) : (
          <PacePanel route={route} navigate={navigate} year={year} today={today} runOut={runOut} />
        )
      ) : (
        <p className="note">{t("pace.pastOrFuture", { current: Number(today.slice(0, 4)) })}</p>
      )}
      <div className="chart-grid wide">
        {jurisdictions.map((j) => (
          <JurisdictionYear key={j} jurisdiction={j} filters={{ ...route.filters, year, jurisdiction: j }} today={today} onRunOut={onRunOut} />
        ))}
      </div>
      {/* As of the year's last day once it is over; today while it runs. */}
      <AgeingPanel jurisdiction={route.filters.jurisdiction} asOf={`${year}-12-31` < today ? `${year}-12-31` : today} />
    </section>
  );
}

function JurisdictionYear({ jurisdiction, filters, today, onRunOut }: { jurisdiction: Jurisdiction; filters: Filters & { year: number }; today: string; onRunOut: (j: Jurisdiction, day: string | null) => void }) {
  const request = useRequest(`year${routeToSearch({ view: "year", filters })}`, async (signal) => {
    const [rows, commitments] = await Promise.all([fetchLedgerAll(filters, signal), fetchCommitments(signal)]);
    // The commitment that counts is the one shared/ledger's summary uses (a document's over an entered one).
    const used = commitmentFor(commitments, jurisdiction, filters.year);
    const committed = used.length === 0 ? null : used.reduce((s, c) => s + c.amount, 0) / 100;
    return { progress: yearProgress(rows, filters.year, committed, today), atLeast: used.some((c) => commitmentKind(c) === "floor"), notes: notesOf(used), committed, paidOfYear: paidOfApplications(rows) };
  });
  // The ranking above warns of a ceiling whose run-rate forecast runs out before the year ends: it learns the day here.
  const day = request.status === "ok" ? runOutDay(request.data.progress, request.data.atLeast) : null;
  useEffect(() => onRunOut(jurisdiction, day), [jurisdiction, day, onRunOut]);
  return <Await request={request}>{(data) => <YearChart jurisdiction={jurisdiction} year={filters.year} {...data} />}</Await>;
}

/** The day a ceiling runs out at the recent rate, when that is still ahead and within the year. */
function runOutDay(progress: YearProgress, floor: boolean): string | null {
  const f = progress.forecast;
  return !floor && f !== null && !f.alreadyExhausted && f.exhaustedOn !== null && progress.noForecast === null ? f.exhaustedOn : null;
}

/** What the overview calls the year's paid: payments on the year's approved applications, whenever paid (fen-exact). */
function paidOfApplications(rows: readonly LedgerRow[]): number {
  let fen = 0;
  for (const r of rows) if ((r.status === "approved" || r.status === "paid") && r.paid !== null) fen += Math.round(r.paid * 100);
  return fen / 100;
}

function YearChart({ jurisdiction, year, progress, committed, atLeast, notes, paidOfYear }: { jurisdiction: Jurisdiction; year: number; progress: YearProgress; committed: number | null; atLeast: boolean; notes: Text[]; paidOfYear: number }) {
  const t = useT();
  const { lang } = useLocale();
  const name = t(`jurisdiction.${jurisdiction}`);
  const f = progress.forecast;
  const max = Math.max(progress.approvedToDate, committed ?? 0, ...progress.points.map((p) => p.forecast ?? 0));
  const axis = useMoneyAxis(max);
  const monthFormat = new Intl.DateTimeFormat(lang === "zh" ? "zh-CN" : "en-US", { month: "short", timeZone: "UTC" });
  const dayFormat = new Intl.DateTimeFormat(lang === "zh" ? "zh-CN" : "en-GB", { dateStyle: "medium", timeZone: "UTC" });
  // The x axis is the day of the year; a reader wants the date.
  const dateOf = (index: unknown) => {
    const day = progress.points[Number(index)]?.day;
    return day ? dayFormat.format(new Date(`${day}T00:00:00Z`)) : "";
  };
  // 序时进度线: the cumulative approvals that would keep pace with the year, commitment × days elapsed ÷ days in year.
  const length = progress.points.length;
  const data = committed === null ? progress.points : progress.points.map((p) => ({ ...p, pace: Math.round(committed * 100 * ((p.index + 1) / length)) / 100 }));
  const runsOutEarly = runOutDay(progress, atLeast) !== null;
  const lastShown = [...progress.points].reverse().find((p) => p.paid !== null)?.day ?? null;
  const paidLater = Math.round((paidOfYear - progress.paidToDate) * 100) / 100;
  const monthTicks = progress.points.filter((p) => p.day.endsWith("-01")).map((p) => p.index);
  let forecastText: string;
  if (atLeast && committed !== null) {
    // A floor is reached, not used up: the same run-rate read the other way round.
    const short = (approved: number) => scaled(Math.max(0, committed - approved), lang);
    if (f?.alreadyExhausted) forecastText = t("year.floorReached", { date: f.exhaustedOn ?? "" });
    else if (progress.noForecast === "pastYear") forecastText = t("year.floorClosedShort", { short: short(progress.approvedToDate) });
    else if (progress.noForecast) forecastText = t(`year.noForecast.${progress.noForecast}`, { months: f?.months ?? 3 });
    else if (f?.exhaustedOn) forecastText = t("year.floorReachOn", { date: f.exhaustedOn });
    else forecastText = t("year.floorShortAtEnd", { yearEnd: scaled(f?.yearEnd ?? 0, lang), short: short(f?.yearEnd ?? 0) });
  } else if (f?.alreadyExhausted) forecastText = t("year.alreadyExhausted", { date: f.exhaustedOn ?? "" });
  else if (progress.noForecast) forecastText = t(`year.noForecast.${progress.noForecast}`, { months: f?.months ?? 3 });
  else if (f?.exhaustedOn) forecastText = t("year.exhaustOn", { date: f.exhaustedOn });
  else forecastText = t("year.notWithinYear", { yearEnd: scaled(f?.yearEnd ?? 0, lang), utilization: percent(committed ? (f?.yearEnd ?? 0) / committed : null, lang) });
  const title = t("year.chartTitle", { jurisdiction: name, year });
  const description = t("year.chartDesc", { jurisdiction: name, year, approved: scaled(progress.approvedToDate, lang), paid: scaled(progress.paidToDate, lang), forecast: forecastText });
  // The table lists month ends (and today) rather than 365 days.
  const tableRows = progress.points.filter((p, i, all) => p.index === progress.todayIndex || all[i + 1]?.day.endsWith("-01") || i === all.length - 1);
  const columns: Column<DayPoint>[] = [
    { key: "day", header: t("col.day"), value: (p) => p.day },
    { key: "approved", header: t("col.cumApproved"), value: (p) => csvYuan(p.approved), render: (p) => <Money yuan={p.approved} mode="exact" />, numeric: true },
    { key: "paid", header: t("col.cumPaid"), value: (p) => csvYuan(p.paid), render: (p) => <Money yuan={p.paid} mode="exact" />, numeric: true },
    { key: "forecast", header: t("col.forecast"), value: (p) => csvYuan(p.forecast === null ? null : Math.round(p.forecast * 100) / 100), render: (p) => <Money yuan={p.forecast === null ? null : Math.round(p.forecast * 100) / 100} mode="exact" />, numeric: true },
  ];
  return (
    <ChartFrame
      id={`year-${jurisdiction}`}
      title={title}
      description={description}
      pngName={fileName(["year", jurisdiction, year], "png")}
      note={
        <div className="forecast-note">
          <p className="forecast-result">{forecastText}</p>
          {runsOutEarly && <p className="pace-warning">{t("year.forecastWarning", { date: f?.exhaustedOn ?? "" })}</p>}
          {notes.map((n) => (
            <p key={n.zh} className="commitment-note">
              {t("year.commitmentNote", { note: n[lang] })}
            </p>
          ))}
          <p className="paid-basis" data-paid-in-year={progress.paidToDate} data-paid-of-year={paidOfYear}>
            {paidLater === 0 || lastShown === null
              ? t("year.paidBasisSame", { year, paid: scaled(progress.paidToDate, lang) })
              : t("year.paidBasis", { year, date: lastShown, inYear: scaled(progress.paidToDate, lang), all: scaled(paidOfYear, lang), later: scaled(paidLater, lang) })}
          </p>
          {f && !f.alreadyExhausted && progress.noForecast !== "noCommitment" && f.months > 0 && (
            <p className="assumptions">{t("year.assumptions", { from: f.from, to: f.to, months: f.months, perMonth: scaled(Math.round(f.perMonth), lang) })}</p>
          )}
        </div>
      }
      table={<DataTable caption={title} columns={columns} rows={tableRows} rowKey={(p) => p.day} csvName={fileName(["year", jurisdiction, year], "csv")} />}
    >
      <ComposedChart data={data} responsive style={{ width: "100%", height: 320 }} margin={{ top: 24, right: 32, bottom: 4, left: 16 }} accessibilityLayer title={title} desc={description}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="index" type="number" domain={[0, progress.points.length - 1]} ticks={monthTicks} tickFormatter={(i: number) => monthFormat.format(new Date(`${progress.points[i]?.day ?? `${year}-01-01`}T00:00:00Z`))} />
        <YAxis tickFormatter={axis.tickFormatter} label={axis.label} width={64} />
        <Tooltip content={<MoneyTooltip formatLabel={dateOf} />} />
        <Legend itemSorter={null} />
        <Line type="stepAfter" dataKey="approved" name={t("series.approved")} stroke={COLORS.approved} dot={false} strokeWidth={2} isAnimationActive={false} />
        <Line type="stepAfter" dataKey="paid" name={t("series.paid")} stroke={COLORS.paid} dot={false} strokeWidth={2} isAnimationActive={false} />
        {committed !== null && <Line type="linear" dataKey="pace" name={t("series.pace")} stroke={COLORS.pace} strokeDasharray="1 4" dot={false} strokeWidth={2} isAnimationActive={false} />}
        <Line type="linear" dataKey="forecast" name={t("series.forecast")} stroke={COLORS.forecast} strokeDasharray="6 4" dot={false} strokeWidth={2} isAnimationActive={false} />
        {committed !== null && (
          <ReferenceLine
            y={committed}
            ifOverflow="extendDomain"
            stroke={atLeast ? COLORS.floor : COLORS.committed}
            strokeDasharray={atLeast ? "2 3" : "6 4"}
            strokeWidth={2}
            label={{ value: atLeast ? t("overview.floorLine", { amount: scaled(committed, lang) }) : t("overview.commitmentLine", { amount: scaled(committed, lang) }), position: "insideTopLeft", fill: atLeast ? COLORS.floor : COLORS.committed, fontSize: 12 }}
          />
        )}
        {progress.todayIndex !== null && (
          <ReferenceLine x={progress.todayIndex} stroke={COLORS.today} strokeWidth={1.5} label={{ value: t("year.today"), position: "top", fill: COLORS.today, fontSize: 12 }} />
        )}
      </ComposedChart>
    </ChartFrame>
  );
}
