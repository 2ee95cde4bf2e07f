// Drill-down: jurisdiction → document → provision → enterprise, with breadcrumbs. Charts show the top N and
// "other"; the table below holds every group (paged and sortable at the enterprise level).
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import type { GroupKey, SummaryRow } from "../../../../shared/ledger/summary.ts";
import type { ViewProps } from "../App.tsx";
import { fetchSummary } from "../api/endpoints.ts";
import { useNames } from "../api/names.tsx";
import { useRequest } from "../api/useRequest.ts";
import { ChartFrame } from "../components/ChartFrame.tsx";
import { COLORS, MoneyTooltip, useMoneyAxis } from "../components/chart-bits.tsx";
import { DataTable, type Column } from "../components/DataTable.tsx";
import { Money } from "../components/Money.tsx";
import { PaidRatio, PaidRatioNote } from "../components/PaidRatio.tsx";
import { Await } from "../components/States.tsx";
import { useJurisdictionName, useLocale, useT } from "../i18n/I18n.tsx";
import type { MessageId } from "../i18n/locale.ts";
import { fileName } from "../lib/download.ts";
import { sharedPrefix, shortLabel, useCompact } from "../lib/useCompact.ts";
import { csvYuan, percent, scaled } from "../lib/money.ts";
import { routeToSearch, type Filters, type Route } from "../lib/route.ts";
import { topN } from "../lib/top-n.ts";
import { hrefFor } from "../lib/useRoute.ts";

const TOP = 10;

/** The level a set of filters has reached, and what a group at that level adds to the filters. */
function levelOf(f: Filters): { by: GroupKey; next: (value: string) => Filters | null } {
  if (!f.jurisdiction) return { by: "jurisdiction", next: (v) => ({ ...f, jurisdiction: v as Filters["jurisdiction"] }) };
  if (!f.document) return { by: "document", next: (v) => ({ ...f, document: v }) };
  if (!f.provision) return { by: "provision", next: (v) => ({ ...f, provision: v }) };
  return { by: "enterprise", next: () => null };
}

export function DrillDown({ route, navigate }: ViewProps) {
  const t = useT();
  const f = route.filters;
  const level = levelOf(f);
  const request = useRequest(`drill${routeToSearch({ view: "drill", filters: f })}`, (signal) => fetchSummary([level.by], f, signal));
  return (
    <section aria-labelledby="view-title">
      <h2 id="view-title">{t("drill.heading")}</h2>
      <p className="intro">{t("drill.intro")}</p>
      <Breadcrumbs route={route} navigate={navigate} />
      <Await request={request} isEmpty={(rows) => rows.length === 0}>
        {(rows) => <DrillBody rows={rows} by={level.by} route={route} navigate={navigate} next={level.next} />}
      </Await>
    </section>
  );
}

function Breadcrumbs({ route, navigate }: ViewProps) {
  const t = useT();
  const names = useNames();
  const f = route.filters;
  const { year, district, status } = f;
  const keep: Filters = {};
  if (year !== undefined) keep.year = year;
  if (district !== undefined) keep.district = district;
  if (status !== undefined) keep.status = status;
  const crumbs: { label: string; filters: Filters }[] = [{ label: t("drill.root"), filters: keep }];
  if (f.jurisdiction) crumbs.push({ label: t(`jurisdiction.${f.jurisdiction}` as MessageId), filters: { ...keep, jurisdiction: f.jurisdiction } });
  if (f.document) crumbs.push({ label: names.documentTitle(f.document), filters: { ...crumbs[crumbs.length - 1]!.filters, document: f.document } });
  if (f.provision) crumbs.push({ label: names.provisionTitle(f.provision), filters: { ...crumbs[crumbs.length - 1]!.filters, provision: f.provision } });
  return (
    <nav className="breadcrumbs" aria-label={t("drill.breadcrumb")}>
      <ol>
        {crumbs.map((c, i) => {
          const target: Route = { view: "drill", filters: c.filters };
          const last = i === crumbs.length - 1;
          return (
            <li key={i}>
              {last ? (
                <span aria-current="page">{c.label}</span>
              ) : (
                <a
                  href={hrefFor(target)}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate(target);
                  }}
                >
                  {c.label}
                </a>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

function DrillBody({ rows, by, route, navigate, next }: { rows: SummaryRow[]; by: GroupKey; next: (value: string) => Filters | null } & ViewProps) {
  const t = useT();
  const { lang } = useLocale();
  const names = useNames();
  const jurisdictionName = useJurisdictionName();
  const label = (value: string | number | undefined): string => {
    const v = String(value ?? "");
    if (by === "jurisdiction") return jurisdictionName(v);
    if (by === "document") return names.documentTitle(v);
    if (by === "provision") return names.provisionTitle(v);
    return v;
  };
  const value = (r: SummaryRow) => String(r.key[by] ?? "");
  const ranked = topN(rows, TOP, (r) => r.approved, ["approved", "paid", "requested"]);
  const otherLabel = ranked.other ? t("table.other", { count: ranked.other.count }) : "";
  const data = [
    ...ranked.top.map((r) => ({ name: label(r.key[by]), value: value(r), approved: r.approved, paid: r.paid })),
    ...(ranked.other ? [{ name: otherLabel, value: "", approved: ranked.other.sums.approved ?? 0, paid: ranked.other.sums.paid ?? 0 }] : []),
  ];
  const compact = useCompact();
  // The breadcrumbs name the jurisdiction and document: a phone's short labels keep what tells the bars apart.
  const prefix = sharedPrefix(ranked.top.map((r) => label(r.key[by])));
  const tick = (v: string) => shortLabel(prefix && v.startsWith(prefix) ? v.slice(prefix.length) : v, 8);
  const axis = useMoneyAxis(Math.max(0, ...data.map((d) => d.approved)));
  const go = (v: string) => {
    const filters = next(v);
    if (filters) navigate({ view: "drill", filters });
  };
  const linkOf = (r: SummaryRow) => {
    // An enterprise opens its file (一企一档) by name: the summary groups by name, the search finds its credit code.
    if (by === "enterprise" && value(r) !== "") {
      const file: Route = { view: "enterprise", filters: {}, q: value(r).slice(0, 80) };
      return (
        <a
          href={hrefFor(file)}
          onClick={(e) => {
            e.preventDefault();
            navigate(file);
          }}
        >
          {label(r.key[by])}
        </a>
      );
    }
    // Rows of an unknown provision have no jurisdiction or document to go into.
    const filters = value(r) === "" ? null : next(value(r));
    if (!filters) return <>{label(r.key[by])}</>;
    const target: Route = { view: "drill", filters };
    return (
      <a
        href={hrefFor(target)}
        onClick={(e) => {
          e.preventDefault();
          navigate(target);
        }}
      >
        {label(r.key[by])}
      </a>
    );
  };
  const yearly = route.filters.year !== undefined;
  const columns: Column<SummaryRow>[] = [
    // Sorted on the key itself: provision IDs in natural order (jiulongpo-2 before jiulongpo-10).
    { key: by, header: t(`col.${by}` as MessageId), value: (r) => label(r.key[by]), render: linkOf, sortValue: (r) => (by === "provision" ? value(r) : label(r.key[by])) },
    { key: "count", header: t("col.count"), value: (r) => r.count, numeric: true },
    { key: "requested", header: t("col.requested"), value: (r) => csvYuan(r.requested), render: (r) => <Money yuan={r.requested} mode="exact" />, numeric: true },
    { key: "approved", header: t("col.approved"), value: (r) => csvYuan(r.approved), render: (r) => <Money yuan={r.approved} mode="exact" />, numeric: true },
    { key: "paid", header: t("col.paid"), value: (r) => csvYuan(r.paid), render: (r) => <Money yuan={r.paid} mode="exact" />, numeric: true },
    // Paid counts by payment year and approved by approval year: within a year a ratio may pass 100%, marked as the overview marks it.
    { key: "paidRatio", header: t("col.paidRatio"), value: (r) => (r.paidRatio === null ? "" : percent(r.paidRatio, lang)), render: (r) => <PaidRatio row={r} yearly={yearly} />, sortValue: (r) => r.paidRatio, numeric: true },
  ];
  const title = t("drill.chartTitle", { n: Math.min(TOP, rows.length) });
  const first = data[0];
  const description = t("drill.chartDesc", {
    n: Math.min(TOP, rows.length),
    other: ranked.other ? t("drill.otherDesc", { count: ranked.other.count }) : "",
    first: first?.name ?? "",
    amount: scaled(first?.approved ?? 0, lang),
  });
  const f = route.filters;
  const base = ["drill", f.jurisdiction, f.document, f.provision, f.year];
  const enterprise = by === "enterprise";
  return (
    <>
      {f.provision && (
        <p>
          <a
            href={hrefFor({ view: "provision", filters: { ...f } })}
            onClick={(e) => {
              e.preventDefault();
              navigate({ view: "provision", filters: { ...f } });
            }}
          >
            {t("drill.openProvision")}
          </a>
        </p>
      )}
      <ChartFrame
        id="drill-chart"
        title={title}
        description={description}
        pngName={fileName(base, "png")}
        tableOpen={false}
        tableElsewhere
        table={<DataTable caption={title} columns={columns.slice(0, 1).concat(columns.slice(3, 5))} rows={ranked.top} rowKey={(r) => value(r)} csvName={fileName([...base, "top"], "csv")} />}
      >
        <BarChart
          data={data}
          layout="vertical"
          responsive
          style={{ width: "100%", height: Math.max(160, data.length * 44 + 60) }}
          margin={{ top: 8, right: compact ? 12 : 24, bottom: 24, left: compact ? 0 : 8 }}
          accessibilityLayer
          title={title}
          desc={description}
        >
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" tickFormatter={axis.tickFormatter} label={{ value: axis.unit.label, position: "insideBottomRight", offset: -12 }} />
          <YAxis type="category" dataKey="name" width={compact ? 104 : enterprise || by === "provision" ? 220 : 160} tick={{ fontSize: compact ? 11 : 12 }} tickFormatter={compact ? (v: string) => tick(String(v)) : undefined} />
          <Tooltip content={<MoneyTooltip />} />
          <Legend itemSorter={null} />
          <Bar dataKey="approved" name={t("series.approved")} fill={COLORS.approved} isAnimationActive={false} cursor={enterprise ? undefined : "pointer"} onClick={(d: { payload?: { value?: string } }) => d.payload?.value && go(d.payload.value)} />
          <Bar dataKey="paid" name={t("series.paid")} fill={COLORS.paid} isAnimationActive={false} />
        </BarChart>
      </ChartFrame>
      <DataTable
        caption={t(`col.${by}` as MessageId)}
        columns={columns}
        rows={rows}
        rowKey={(r) => value(r)}
        csvName={fileName(base, "csv")}
        // Largest first at every level, as the chart beside it ranks them (the service returns them in key order).
        defaultSort="-approved"
        pageSize={enterprise ? 20 : undefined}
        // A few jurisdictions or documents read whole on a phone, stacked; a long list keeps its columns and scrolls.
        stackOnPhone={rows.length <= 8}
        state={enterprise ? { sort: route.sort ?? "-approved", page: route.page } : undefined}
        onState={enterprise ? (s) => navigate({ ...route, sort: s.sort, page: s.page }, { replace: true }) : undefined}
      />
      <PaidRatioNote rows={rows} yearly={yearly} />
    </>
  );
}
