// Overview: per jurisdiction and year, the commitment against approved and paid, utilization and what is left.
import { useEffect, useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import type { Jurisdiction } from "../../../../shared/catalog/schema.ts";
import { todayInShanghai } from "../../../../shared/engine/dates.ts";
import { totalOf, type SummaryRow } from "../../../../shared/ledger/summary.ts";
import type { ViewProps } from "../App.tsx";
import type { Summary } from "../api/endpoints.ts";
import { prefetched } from "../api/prefetch.ts";
import { useRequest } from "../api/useRequest.ts";
import { ChartFrame } from "../components/ChartFrame.tsx";
import { BandSegment, COLORS, COMMITMENT_LINES, MoneyTooltip, useMoneyAxis } from "../components/chart-bits.tsx";
import { DataTable, type Column } from "../components/DataTable.tsx";
import { Money } from "../components/Money.tsx";
import { Await, Empty } from "../components/States.tsx";
import { AgeingPanel } from "../components/AgeingPanel.tsx";
import { CommitmentLeft, CommitmentUse, floorShortBy, noteNumbers } from "../components/CommitmentUse.tsx";
import { PaidRatio, PaidRatioNote } from "../components/PaidRatio.tsx";
import { useJurisdictionName, useLocale, useT } from "../i18n/I18n.tsx";
import { fileName } from "../lib/download.ts";
import { useCompact } from "../lib/useCompact.ts";
import { csvYuan, exact, percent, scaled } from "../lib/money.ts";
import { overviewRows } from "../lib/overview-rows.ts";
import { narrowsCommitment } from "../lib/route.ts";
import { AMBER_FROM } from "../lib/utilization.ts";
import { JURISDICTIONS } from "../lib/vocabulary.ts";
import { fetchOverviewData, overviewKey, type OverviewData as Data } from "./overview-data.ts";

export function Overview({ route }: ViewProps) {
  const t = useT();
  const filters = route.filters;
  const key = overviewKey(filters);
  // The shell may have asked already (main.tsx), while this view's chunk loaded.
  const request = useRequest(key, (signal) => prefetched(key, () => fetchOverviewData(filters, signal)));
  return (
    <section aria-labelledby="view-title">
      <h2 id="view-title">{t("overview.heading")}</h2>
      <p className="intro">{t("overview.intro")}</p>
      <Await request={request}>
        {(data) => <OverviewBody data={data} route={route} />}
      </Await>
    </section>
  );
}

function OverviewBody({ data, route }: { data: Data; route: ViewProps["route"] }) {
  const t = useT();
  const { lang } = useLocale();
  const rows = overviewRows(data.summary.rows, data.commitments, route.filters);
  // The figures paint first; the charts, which cost most of the first render, follow on the next frame.
  const [chartsReady, setChartsReady] = useState(false);
  useEffect(() => {
    const frame = requestAnimationFrame(() => setChartsReady(true));
    return () => cancelAnimationFrame(frame);
  }, []);
  if (rows.length === 0) return <Empty />;
  const jurisdictionName = useJurisdictionName();
  const jurisdictions = JURISDICTIONS.filter((j) => !route.filters.jurisdiction || j === route.filters.jurisdiction);
  // The cards show the year under way in Chongqing, not the latest year anything is recorded for: a commitment
  // entered for next year must not turn every card to zero.
  const cardYear = route.filters.year ?? Number(todayInShanghai().slice(0, 4));
  const narrowed = narrowsCommitment(route.filters);
  const { notes, numberOf } = noteNumbers(rows);
  const columns = summaryColumns(t, lang, jurisdictionName, narrowed, numberOf);

  return (
    <>
      <SampleBanner summary={data.summary} sampleCommitments={rows.some((r) => r.sample)} />
      {narrowed && <p className="note scope-note">{t("overview.narrowedNote")}</p>}
      <div className="cards" aria-label={t("overview.cardsLabel", { year: cardYear })}>
        {jurisdictions.map((j) => (
          <JurisdictionCard key={j} jurisdiction={j} year={cardYear} narrowed={narrowed} row={rows.find((r) => r.key.jurisdiction === j && r.key.year === cardYear)} />
        ))}
      </div>
      <p className="legend-note basis-note">{t("basis.note")}</p>
      <UndatedNote summary={data.summary} />
      <p className="legend-note">{t("overview.legend", { amber: percent(AMBER_FROM, lang) })}</p>
      {rows.some((r) => r.atLeast) && <p className="legend-note">{t("overview.floorLegend")}</p>}
      <div className="chart-grid">
        {jurisdictions.map((j) =>
          chartsReady ? (
            <JurisdictionChart key={j} jurisdiction={j} rows={rows.filter((r) => r.key.jurisdiction === j)} route={route} />
          ) : (
            <div key={j} className="chart-placeholder" aria-hidden="true" />
          ),
        )}
      </div>
      <DataTable
        caption={t("overview.tableTitle")}
        columns={columns}
        rows={rows}
        rowKey={(r) => `${r.key.jurisdiction}-${r.key.year}`}
        csvName={fileName(["overview", route.filters.year, route.filters.jurisdiction, route.filters.document, route.filters.district, route.filters.status], "csv")}
        footer={rows.length > 1 ? [{ ...totalOf(rows), key: { jurisdiction: "total" } }] : undefined}
      />
      <PaidRatioNote rows={rows} yearly />
      <CommitmentNotes notes={notes} />
      <AgeingPanel jurisdiction={route.filters.jurisdiction} asOf={todayInShanghai()} />
    </>
  );
}

/** The approved and paid amounts in no year (their date never recorded), which the year figures leave out. */
export function UndatedNote({ summary }: { summary: Summary }) {
  const t = useT();
  const { lang } = useLocale();
  const approved = summary.undated.reduce((s, u) => s + Math.round(u.approved * 100), 0) / 100;
  const paid = summary.undated.reduce((s, u) => s + Math.round(u.paid * 100), 0) / 100;
  if (approved === 0 && paid === 0) return null;
  return (
    <p className="legend-note undated-note" data-approved={approved} data-paid={paid}>
      {t("basis.undated", { approved: scaled(approved, lang), paid: scaled(paid, lang) })}
    </p>
  );
}

/**
 * Says how much of what is shown is sample data: all of it, part of it (once real rows are published beside the
 * sample), or only some commitments; nothing once the sample is gone.
 */
function SampleBanner({ summary, sampleCommitments }: { summary: Summary; sampleCommitments: boolean }) {
  const t = useT();
  const { sampleRows, totalRows } = summary;
  if (sampleRows === null || totalRows === null) return summary.sample || sampleCommitments ? <p className="banner-sample">{t("app.sample")}</p> : null;
  if (sampleRows > 0 && sampleRows === totalRows) return <p className="banner-sample">{t("app.sample")}</p>;
  if (sampleRows > 0) return <p className="banner-sample banner-mixed">{t("app.sampleMixed", { sample: sampleRows, total: totalRows })}</p>;
  if (sampleCommitments) return <p className="banner-sample banner-mixed">{t("app.sampleCommitments")}</p>;
  return null;
}

export function summaryColumns(
  t: ReturnType<typeof useT>,
  lang: "zh" | "en",
  jurisdictionName: (j: unknown) => string,
  narrowed = false,
  noteNumber: (n: SummaryRow["notes"][number]) => number = () => 0,
): Column<SummaryRow>[] {
  return [
    {
      key: "jurisdiction",
      header: t("col.jurisdiction"),
      value: (r) => (r.key.jurisdiction === "total" ? t("table.total") : jurisdictionName(r.key.jurisdiction)),
    },
    { key: "year", header: t("col.year"), value: (r) => r.key.year ?? "" },
    { key: "count", header: t("col.count"), value: (r) => r.count, numeric: true },
    { key: "committed", header: narrowed ? t("col.committedWhole") : t("col.committed"), value: (r) => csvYuan(r.committed), render: (r) => <Committed row={r} noteNumber={noteNumber} />, numeric: true },
    { key: "approved", header: t("col.approved"), value: (r) => csvYuan(r.approved), render: (r) => <Money yuan={r.approved} mode="exact" />, numeric: true },
    { key: "paid", header: t("col.paid"), value: (r) => csvYuan(r.paid), render: (r) => <Money yuan={r.paid} mode="exact" />, numeric: true },
    {
      key: "utilization",
      header: narrowed ? t("col.shareOfWhole") : t("col.utilization"),
      value: (r) => (r.utilization === null ? "" : percent(r.utilization, lang)),
      render: (r) => <CommitmentUse row={r} narrowed={narrowed} />,
      sortValue: (r) => r.utilization,
    },
    // What is left of a whole jurisdiction's commitment is not a district's to spend: no figure under a narrowing filter.
    // A floor's figure is what is still missing to reach it, as shown.
    { key: "commitmentLeft", header: t("col.commitmentLeft"), value: (r) => (narrowed ? "" : csvYuan(floorShortBy(r) ?? r.commitmentLeft)), render: (r) => <CommitmentLeft row={r} narrowed={narrowed} mode="exact" />, numeric: true },
    { key: "requested", header: t("col.requested"), value: (r) => csvYuan(r.requested), render: (r) => <Money yuan={r.requested} mode="exact" />, numeric: true },
    { key: "paidRatio", header: t("col.paidRatio"), value: (r) => (r.paidRatio === null ? "" : percent(r.paidRatio, lang)), render: (r) => <PaidRatio row={r} yearly={r.key.jurisdiction !== "total"} />, sortValue: (r) => r.paidRatio, numeric: true },
  ];
}

function Committed({ row, noteNumber }: { row: SummaryRow; noteNumber: (n: SummaryRow["notes"][number]) => number }) {
  const t = useT();
  const { lang } = useLocale();
  if (row.key.jurisdiction === "total" && row.committed === null) return <span>—</span>;
  if (row.committed === null) return <span className="no-commitment">{t("money.noCommitment")}</span>;
  // A total adds years' floors (and ceilings): a sum, not itself a floor.
  const amount = row.atLeast && row.key.jurisdiction !== "total" ? <span className="num">{t("money.atLeast", { amount: exact(row.committed, lang) })}</span> : <Money yuan={row.committed} mode="exact" />;
  const numbers = row.key.jurisdiction === "total" ? [] : row.notes.map(noteNumber).filter((n) => n > 0);
  return (
    <>
      {amount}
      {numbers.map((n) => (
        <a key={n} className="note-ref" href={`#commitment-note-${n}`} aria-label={t("overview.noteRefLabel", { number: n })}>
          <sup>{t("overview.noteRef", { number: n })}</sup>
        </a>
      ))}
    </>
  );
}

/** The commitments' notes, numbered as the marks beside the amounts. */
function CommitmentNotes({ notes }: { notes: SummaryRow["notes"] }) {
  const t = useT();
  const { lang } = useLocale();
  if (notes.length === 0) return null;
  return (
    <section className="commitment-notes" aria-labelledby="commitment-notes-title">
      <h4 id="commitment-notes-title">{t("overview.notesTitle")}</h4>
      <ol>
        {notes.map((n, i) => (
          <li key={n.zh} id={`commitment-note-${i + 1}`}>
            {n[lang]}
          </li>
        ))}
      </ol>
    </section>
  );
}

function JurisdictionCard({ jurisdiction, year, row, narrowed }: { jurisdiction: Jurisdiction; year: number; row: SummaryRow | undefined; narrowed: boolean }) {
  const t = useT();
  const { lang } = useLocale();
  const name = t(`jurisdiction.${jurisdiction}`);
  return (
    <article className="card" aria-labelledby={`card-${jurisdiction}`} data-jurisdiction={jurisdiction}>
      <h3 id={`card-${jurisdiction}`}>
        {name} · {year}
      </h3>
      <dl>
        <div>
          <dt>{narrowed ? t("overview.cardCommittedWhole") : t("overview.cardCommitted")}</dt>
          <dd data-field="committed">
            {row?.committed == null ? (
              <span className="no-commitment">{t("money.noCommitment")}</span>
            ) : row.atLeast ? (
              // Scaled as every other card amount, the exact yuan in its tooltip as <Money> gives them.
              <span className="num money" title={t("money.atLeast", { amount: exact(row.committed, lang) })} data-yuan={row.committed}>
                {t("money.atLeast", { amount: scaled(row.committed, lang) })}
              </span>
            ) : (
              <Money yuan={row.committed} />
            )}
          </dd>
        </div>
        {row && row.notes.length > 0 && (
          <div className="card-notes">
            <dt className="visually-hidden">{t("overview.notesTitle")}</dt>
            {row.notes.map((n) => (
              <dd key={n.zh} className="commitment-note">
                {n[lang]}
              </dd>
            ))}
          </div>
        )}
        <div>
          <dt>{t("overview.cardApproved")}</dt>
          <dd data-field="approved">
            <Money yuan={row?.approved ?? 0} />
          </dd>
        </div>
        <div>
          <dt>{t("overview.cardPaid")}</dt>
          <dd data-field="paid">
            <Money yuan={row?.paid ?? 0} />
          </dd>
        </div>
        <div>
          <dt>{t("overview.cardRemaining")}</dt>
          <dd data-field="commitmentLeft">
            <CommitmentLeft row={row} narrowed={narrowed} />
          </dd>
        </div>
        <div>
          <dt>{narrowed ? t("col.shareOfWhole") : t("overview.cardUtilization")}</dt>
          <dd data-field="utilization">
            <CommitmentUse row={row} narrowed={narrowed} />
          </dd>
        </div>
      </dl>
    </article>
  );
}

function JurisdictionChart({ jurisdiction, rows, route }: { jurisdiction: Jurisdiction; rows: SummaryRow[]; route: ViewProps["route"] }) {
  const t = useT();
  const { lang } = useLocale();
  const name = t(`jurisdiction.${jurisdiction}`);
  const max = Math.max(0, ...rows.flatMap((r) => [r.approved, r.paid, r.committed ?? 0]));
  const axis = useMoneyAxis(max);
  const compact = useCompact();
  const data = rows.map((r) => ({ year: String(r.key.year), approved: r.approved, paid: r.paid, committed: r.committed, atLeast: r.atLeast }));
  const hasCommitment = data.some((d) => d.committed !== null);
  const id = `overview-${jurisdiction}`;
  const columns: Column<(typeof data)[number]>[] = [
    { key: "year", header: t("col.year"), value: (d) => d.year },
    { key: "committed", header: t("col.committed"), value: (d) => csvYuan(d.committed), render: (d) => (d.committed === null ? t("money.noCommitment") : <Money yuan={d.committed} mode="exact" />), numeric: true },
    { key: "approved", header: t("col.approved"), value: (d) => csvYuan(d.approved), render: (d) => <Money yuan={d.approved} mode="exact" />, numeric: true },
    { key: "paid", header: t("col.paid"), value: (d) => csvYuan(d.paid), render: (d) => <Money yuan={d.paid} mode="exact" />, numeric: true },
  ];
  const details = data
    .map((d) =>
      t("overview.chartDescYear", {
        year: d.year,
        approved: scaled(d.approved, lang),
        paid: scaled(d.paid, lang),
        committed: d.committed === null ? t("money.noCommitment") : t("overview.descCommitment", { amount: scaled(d.committed, lang) }),
      }),
    )
    .join(lang === "zh" ? "；" : "; ");
  const title = t("overview.chartTitle", { jurisdiction: name });
  const kinds = (["ceiling", "floor"] as const).filter((k) => data.some((d) => d.committed !== null && (k === "floor") === d.atLeast));
  const lines = kinds.map((k) => t(COMMITMENT_LINES[k].words)).join("");
  const description = t("overview.chartDesc", { jurisdiction: name, lines, details });
  return (
    <ChartFrame
      id={id}
      title={title}
      description={description}
      pngName={fileName(["overview", jurisdiction, route.filters.year], "png")}
      tableElsewhere
      note={!hasCommitment ? <p className="note no-commitment-note">{t("overview.noCommitmentNote", { jurisdiction: name })}</p> : undefined}
      table={<DataTable caption={title} columns={columns} rows={data} rowKey={(d) => d.year} csvName={fileName(["overview", jurisdiction, route.filters.year], "csv")} />}
    >
      {data.length === 0 ? (
        <Empty />
      ) : (
        <BarChart data={data} responsive style={{ width: "100%", height: 280 }} margin={{ top: 24, right: 24, bottom: 4, left: 16 }} accessibilityLayer title={title} desc={description}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="year" />
          <YAxis tickFormatter={axis.tickFormatter} label={axis.label} width={64} />
          <Tooltip content={<MoneyTooltip />} />
          <Legend itemSorter={null} />
          <Bar dataKey="approved" name={t("series.approved")} fill={COLORS.approved} isAnimationActive={false} />
          <Bar dataKey="paid" name={t("series.paid")} fill={COLORS.paid} isAnimationActive={false} />
          {data.map((d, i) =>
            d.committed === null ? null : (
              <ReferenceLine
                key={d.year}
                segment={[
                  { x: d.year, y: d.committed },
                  { x: d.year, y: d.committed },
                ]}
                position="start"
                ifOverflow="extendDomain"
                stroke={COMMITMENT_LINES[d.atLeast ? "floor" : "ceiling"].stroke}
                shape={<BandSegment bands={data.length} floor={d.atLeast} />}
                // On a phone the bands are too narrow for a label each: the amounts are in the table below.
                // One label for a run of years with the same commitment (渝北's 2亿 a year): three would overlap.
                label={(compact && data.length > 2) || (i > 0 && data[i - 1]?.committed === d.committed && data[i - 1]?.atLeast === d.atLeast) ? undefined : { value: d.atLeast ? t("overview.floorLine", { amount: scaled(d.committed, lang) }) : scaled(d.committed, lang), position: "insideBottomLeft", fill: d.atLeast ? COLORS.floor : COLORS.committed, fontSize: 11, offset: 4 }}
              />
            ),
          )}
        </BarChart>
      )}
    </ChartFrame>
  );
}
