// One provision: its clause text, ceilings requested against approved per year, and how often each bound applied.
import { lazy, Suspense } from "react";
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import type { SummaryRow } from "../../../../shared/ledger/summary.ts";
import type { ViewProps } from "../App.tsx";
import { fetchProvision, fetchSummary } from "../api/endpoints.ts";
import { useNames } from "../api/names.tsx";
import { useRequest } from "../api/useRequest.ts";
import { ChartFrame } from "../components/ChartFrame.tsx";
import { COLORS, MoneyTooltip, useMoneyAxis } from "../components/chart-bits.tsx";
import { DataTable, type Column } from "../components/DataTable.tsx";
import { Money } from "../components/Money.tsx";
import { Await, Empty, Loading } from "../components/States.tsx";
import { useLocale, useT } from "../i18n/I18n.tsx";
import { fileName } from "../lib/download.ts";
import { csvYuan, scaled } from "../lib/money.ts";
import { calculatorRoute } from "../lib/calc-profile.ts";
import { routeToSearch } from "../lib/route.ts";
import { hrefFor } from "../lib/useRoute.ts";

// Bounds need every row evaluated by the engine, which is loaded on demand.
const ProvisionBounds = lazy(() => import("./ProvisionBounds.tsx"));

export function ProvisionPage({ route, navigate }: ViewProps) {
  const t = useT();
  const { lang } = useLocale();
  const names = useNames();
  const id = route.filters.provision;
  return (
    <section aria-labelledby="view-title">
      <h2 id="view-title">{t("provision.heading")}</h2>
      <label className="inline-select no-print">
        {t("provision.choose")}
        <select name="provision" value={id ?? ""} onChange={(e) => navigate({ ...route, filters: { ...route.filters, provision: e.target.value || undefined } })}>
          <option value="">—</option>
          {names.provisions
            .filter((p) => !route.filters.document || p.document === route.filters.document)
            .map((p) => (
              <option key={p.id} value={p.id}>
                {p.id} {p.title[lang]}
              </option>
            ))}
        </select>
      </label>
      {id ? <ProvisionBody id={id} route={route} /> : <Empty>{t("provision.pick")}</Empty>}
    </section>
  );
}

function ProvisionBody({ id, route }: { id: string; route: ViewProps["route"] }) {
  const t = useT();
  const { lang } = useLocale();
  const request = useRequest(`provision${routeToSearch({ view: "provision", filters: route.filters })}`, async (signal) => {
    const [detail, byYear] = await Promise.all([fetchProvision(id, signal), fetchSummary(["year"], route.filters, signal)]);
    return { detail, byYear };
  });
  return (
    <Await request={request}>
      {({ detail, byYear }) => (
        <>
          <article className="provision-text">
            <h3>
              {detail.id} {detail.title[lang]}
            </h3>
            <dl>
              <div>
                <dt>{t("provision.document")}</dt>
                <dd>
                  {detail.documentTitle?.[lang] ?? detail.document}
                  {detail.documentNumber ? ` ${detail.documentNumber}` : ""}
                  {detail.clause ? `（${detail.clause}）` : ""}
                </dd>
              </div>
              <div>
                <dt>{t("provision.beneficiary")}</dt>
                <dd>{detail.beneficiary[lang]}</dd>
              </div>
              {detail.conditions && (
                <div>
                  <dt>{t("provision.conditions")}</dt>
                  <dd>{detail.conditions[lang]}</dd>
                </div>
              )}
            </dl>
            <h4>{t("provision.clause")}</h4>
            <blockquote lang="zh-CN" className="citation">
              {detail.citation}
            </blockquote>
            {detail.discretionary && <p className="note">{t("provision.discretionary")}</p>}
            <p className="no-print">
              <a href={hrefFor(calculatorRoute(detail.jurisdiction))}>{t("provision.toCalculator")}</a>
            </p>
          </article>
          {/* The two charts side by side where there is room (the bounds chart is a bar or two): on paper they and the
              clause fit one A4 page, stacked they ran a quarter onto a second. */}
          <div className="chart-grid provision-charts">
            <RequestedVsApproved rows={byYear} id={id} />
            <Suspense fallback={<Loading label={t("whatif.loadingEngine")} />}>
              <ProvisionBounds id={id} filters={route.filters} />
            </Suspense>
          </div>
        </>
      )}
    </Await>
  );
}

function RequestedVsApproved({ rows, id }: { rows: SummaryRow[]; id: string }) {
  const t = useT();
  const { lang } = useLocale();
  const data = rows.map((r) => ({ year: String(r.key.year), requested: r.requested, approved: r.approved, count: r.count }));
  const axis = useMoneyAxis(Math.max(0, ...data.flatMap((d) => [d.requested, d.approved])));
  const title = t("provision.requestedVsApproved");
  const description = t("provision.requestedDesc", {
    details: data.map((d) => `${d.year}: ${t("series.requested")} ${scaled(d.requested, lang)}, ${t("series.approved")} ${scaled(d.approved, lang)}`).join("; "),
  });
  const columns: Column<(typeof data)[number]>[] = [
    { key: "year", header: t("col.year"), value: (d) => d.year },
    { key: "count", header: t("col.count"), value: (d) => d.count, numeric: true },
    { key: "requested", header: t("col.requested"), value: (d) => csvYuan(d.requested), render: (d) => <Money yuan={d.requested} mode="exact" />, numeric: true },
    { key: "approved", header: t("col.approved"), value: (d) => csvYuan(d.approved), render: (d) => <Money yuan={d.approved} mode="exact" />, numeric: true },
  ];
  if (data.length === 0) return <Empty />;
  return (
    <ChartFrame
      id="provision-requested"
      title={title}
      description={description}
      pngName={fileName(["provision", id], "png")}
      table={<DataTable caption={title} columns={columns} rows={data} rowKey={(d) => d.year} csvName={fileName(["provision", id], "csv")} />}
    >
      <BarChart data={data} responsive style={{ width: "100%", height: 260 }} margin={{ top: 16, right: 24, bottom: 4, left: 16 }} accessibilityLayer title={title} desc={description}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="year" />
        <YAxis tickFormatter={axis.tickFormatter} label={axis.label} width={64} />
        <Tooltip content={<MoneyTooltip />} />
        <Legend itemSorter={null} />
        <Bar dataKey="requested" name={t("series.requested")} fill={COLORS.requested} isAnimationActive={false} />
        <Bar dataKey="approved" name={t("series.approved")} fill={COLORS.approved} isAnimationActive={false} />
      </BarChart>
    </ChartFrame>
  );
}

