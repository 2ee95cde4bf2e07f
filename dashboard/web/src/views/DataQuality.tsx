// Data quality: the ledger check's violations (shared/ledger), each linked to its ledger row.
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { VIOLATION_LABEL, type Violation } from "../../../../shared/ledger/violation.ts";
import type { LedgerRow } from "../../../../shared/ledger/row.ts";
import type { ViewProps } from "../App.tsx";
import { useRequest } from "../api/useRequest.ts";
import { ChartFrame } from "../components/ChartFrame.tsx";
import { COLORS } from "../components/chart-bits.tsx";
import { DataTable, type Column } from "../components/DataTable.tsx";
import { Money } from "../components/Money.tsx";
import { Await, Empty } from "../components/States.tsx";
import { useLocale, useT } from "../i18n/I18n.tsx";
import { isMessageId, type MessageId } from "../i18n/locale.ts";
import { fileName } from "../lib/download.ts";
import { isCompactNow, shortLabel } from "../lib/useCompact.ts";
import type { Filters } from "../lib/route.ts";
import { loadLedger, type LedgerInBrowser } from "../whatif/ledger-eval.ts";
import type { EvaluatedRow } from "../../../../shared/ledger/evaluate.ts";

export default function DataQuality({ route }: ViewProps) {
  const t = useT();
  const request = useRequest("ledger-in-browser", () => loadLedger());
  return (
    <section aria-labelledby="view-title">
      <h2 id="view-title">{t("quality.heading")}</h2>
      <p className="intro">{t("quality.intro")}</p>
      <Await request={request}>{(ledger) => <Findings ledger={ledger} filters={route.filters} />}</Await>
    </section>
  );
}

/** The view's filters applied to evaluated rows, as the service applies them. */
function selected(e: EvaluatedRow, f: Filters): boolean {
  return (
    (f.year === undefined || e.year === f.year) &&
    (f.jurisdiction === undefined || e.jurisdiction === f.jurisdiction) &&
    (f.document === undefined || e.document === f.document) &&
    (f.provision === undefined || e.row.provisionId === f.provision) &&
    (f.district === undefined || e.row.district === f.district) &&
    (f.status === undefined || e.row.status === f.status)
  );
}

function Findings({ ledger, filters }: { ledger: LedgerInBrowser; filters: Filters }) {
  const t = useT();
  const { lang } = useLocale();
  const rows = ledger.evaluation.rows.filter((e) => selected(e, filters));
  const violations = rows.flatMap((e) => e.violations);
  if (violations.length === 0) return <Empty>{t("quality.none")}</Empty>;
  const counts = new Map<string, number>();
  for (const v of violations) counts.set(v.code, (counts.get(v.code) ?? 0) + 1);
  const data = [...counts].map(([code, count]) => ({ code, name: VIOLATION_LABEL[code as Violation["code"]]?.[lang] ?? code, count })).sort((a, b) => b.count - a.count);
  const rowOf = (v: Violation): LedgerRow | undefined => ledger.rows[v.index];
  const columns: Column<Violation>[] = [
    { key: "applicationId", header: t("col.applicationId"), value: (v) => v.applicationId, render: (v) => <a href={`#row-${v.index}`} className="nowrap">{v.applicationId}</a> },
    { key: "code", header: t("col.code"), value: (v) => VIOLATION_LABEL[v.code]?.[lang] ?? v.code },
    { key: "field", header: t("col.field"), value: (v) => (!v.field ? "" : isMessageId(`field.${v.field}`) ? t(`field.${v.field}` as MessageId) : v.field) },
    { key: "message", header: t("col.message"), value: (v) => v.message[lang] },
    { key: "enterprise", header: t("col.enterprise"), value: (v) => rowOf(v)?.enterprise ?? "" },
    { key: "provision", header: t("col.provision"), value: (v) => rowOf(v)?.provisionId ?? "", render: (v) => <span className="nowrap">{rowOf(v)?.provisionId ?? ""}</span> },
    // 申报批次: the notice whose figures the row is checked under, shown when any flagged row names one.
    ...(violations.some((v) => rowOf(v)?.notice) ? [{ key: "notice", header: t("field.notice"), value: (v: Violation) => rowOf(v)?.notice ?? "" }] : []),
  ];
  const flagged = [...new Set(violations.map((v) => v.index))].sort((a, b) => a - b);
  const title = t("quality.byCode");
  const description = t("quality.chartDesc", { details: data.map((d) => `${d.name} ${d.count}`).join(lang === "zh" ? "、" : ", ") });
  return (
    <>
      <p className="count">{t("quality.count", { count: violations.length, rows: flagged.length })}</p>
      <ChartFrame
        id="quality-chart"
        title={title}
        description={description}
        pngName="data-quality.png"
        table={<DataTable caption={title} columns={[{ key: "name", header: t("col.code"), value: (d) => d.name }, { key: "count", header: t("col.count"), value: (d) => d.count, numeric: true }]} rows={data} rowKey={(d) => d.code} csvName="data-quality-by-code.csv" />}
      >
        <BarChart data={data} layout="vertical" responsive style={{ width: "100%", height: Math.max(140, data.length * 36 + 40) }} margin={{ top: 8, right: 24, bottom: 8, left: 8 }} accessibilityLayer title={title} desc={description}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" allowDecimals={false} />
          <YAxis type="category" dataKey="name" width={isCompactNow() ? 120 : 220} tick={{ fontSize: isCompactNow() ? 11 : 12 }} tickFormatter={isCompactNow() ? (v: string) => shortLabel(String(v), 9) : undefined} />
          <Tooltip />
          <Bar dataKey="count" name={t("col.count")} fill={COLORS.committed} isAnimationActive={false} />
        </BarChart>
      </ChartFrame>
      <DataTable caption={t("quality.heading")} columns={columns} rows={violations} rowKey={(v, i) => `${v.index}-${v.code}-${i}`} csvName={fileName(["data-quality", filters.year, filters.jurisdiction], "csv")} pageSize={25} />
      <h3>{t("col.rows")}</h3>
      <div className="flagged-rows">
        {flagged.map((index) => {
          const row = ledger.rows[index];
          if (!row) return null;
          return (
            <article key={index} id={`row-${index}`} tabIndex={-1} className="row-card" aria-labelledby={`row-${index}-title`}>
              <h4 id={`row-${index}-title`}>{t("quality.rowTitle", { id: row.applicationId })}</h4>
              <dl>
                {(["enterprise", "creditCode", "district", "provisionId", "applicationDate", "status"] as const).map((k) => (
                  <div key={k}>
                    <dt>{t(`field.${k}`)}</dt>
                    <dd>{k === "status" ? t(`status.${row.status}`) : String(row[k])}</dd>
                  </div>
                ))}
                {row.notice && (
                  <div>
                    <dt>{t("field.notice")}</dt>
                    <dd>{row.notice}</dd>
                  </div>
                )}
                <div>
                  <dt>{t("field.amount")}</dt>
                  <dd className="num">{row.amount ?? "—"}</dd>
                </div>
                {(["approved", "paid"] as const).map((k) => (
                  <div key={k}>
                    <dt>{t(`field.${k}`)}</dt>
                    <dd>
                      <Money yuan={row[k]} mode="exact" />
                    </dd>
                  </div>
                ))}
              </dl>
              <ul>
                {ledger.evaluation.rows[index]?.violations.map((v, i) => (
                  <li key={i}>{v.message[lang]}</li>
                ))}
              </ul>
            </article>
          );
        })}
      </div>
    </>
  );
}
