// What-if: change one provision's rates or caps, or switch it off, and see ceilings and utilization recomputed
// beside the current ones. The engine runs here in the browser; nothing is saved.
import { useMemo, useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { parametersOf } from "../../../../shared/engine/describe.ts";
import type { SummaryRow } from "../../../../shared/ledger/summary.ts";
import { FEN_PER_WAN } from "../../../../shared/money/fen.ts";
import type { ViewProps } from "../App.tsx";
import { useRequest } from "../api/useRequest.ts";
import { ChartFrame } from "../components/ChartFrame.tsx";
import { COLORS, MoneyTooltip, useMoneyAxis } from "../components/chart-bits.tsx";
import { DataTable, type Column } from "../components/DataTable.tsx";
import { Money } from "../components/Money.tsx";
import { Await, Loading } from "../components/States.tsx";
import { Utilization } from "../components/Utilization.tsx";
import { useLocale, useT } from "../i18n/I18n.tsx";
import type { MessageId } from "../i18n/locale.ts";
import { fileName } from "../lib/download.ts";
import { csvYuan, exact, percent } from "../lib/money.ts";
import { compare, type Comparison } from "../whatif/compare.ts";
import { loadLedger, type LedgerInBrowser } from "../whatif/ledger-eval.ts";
import { isNoChange, type Change } from "../whatif/modify.ts";

export default function WhatIf({ route, navigate }: ViewProps) {
  const t = useT();
  const request = useRequest("ledger-in-browser", () => loadLedger());
  return (
    <section aria-labelledby="view-title">
      <h2 id="view-title">{t("whatif.heading")}</h2>
      <p className="intro">{t("whatif.intro")}</p>
      {request.status === "loading" ? (
        <Loading label={t("whatif.loadingEngine")} />
      ) : (
        <Await request={request}>{(ledger) => <WhatIfForm ledger={ledger} route={route} navigate={navigate} />}</Await>
      )}
    </section>
  );
}

/** Text in a number input → a number, or null when it is not a number not below 0. */
function parseInput(text: string): number | null {
  if (text.trim() === "") return null;
  const n = Number(text);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

function WhatIfForm({ ledger, route, navigate }: { ledger: LedgerInBrowser } & ViewProps) {
  const t = useT();
  const { lang } = useLocale();
  const catalog = ledger.engine.catalog;
  const ids = [...catalog.byId.keys()];
  const used = new Set(ledger.rows.map((r) => r.provisionId));
  const id = route.filters.provision && catalog.byId.has(route.filters.provision) ? route.filters.provision : (ids.find((i) => used.has(i)) ?? ids[0] ?? "");
  const entry = catalog.byId.get(id);
  const params = useMemo(() => (entry ? parametersOf(entry.provision.formula) : null), [entry]);
  const [inputs, setInputs] = useState<{ id: string; off: boolean; rates: string[]; caps: string[] }>({ id: "", off: false, rates: [], caps: [] });
  const form =
    inputs.id === id
      ? inputs
      : { id, off: false, rates: (params?.rates ?? []).map((r) => String(r.rate / 100)), caps: (params?.caps ?? []).map((c) => String(c.limit / FEN_PER_WAN)) };
  const change: Change = {
    off: form.off,
    rates: form.rates.map((text, i) => {
      const v = parseInput(text);
      const bp = v === null ? undefined : Math.round(v * 100);
      return bp === params?.rates[i]?.rate ? undefined : bp;
    }),
    caps: form.caps.map((text, i) => {
      const v = parseInput(text);
      const fen = v === null ? undefined : Math.round(v * FEN_PER_WAN);
      return fen === params?.caps[i]?.limit ? undefined : fen;
    }),
  };
  const key = JSON.stringify([id, change]);
  // Recomputed only when the change itself differs (the object is rebuilt every render).
  const result = useMemo(() => compare(ledger, id, change), [key]);
  const set = (patch: Partial<typeof form>) => setInputs({ ...form, ...patch });

  return (
    <>
      <form className="whatif-form" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t("whatif.provision")}
          <select
            name="provision"
            value={id}
            onChange={(e) => navigate({ ...route, filters: { ...route.filters, provision: e.target.value } }, { replace: true })}
          >
            {ids.map((i) => (
              <option key={i} value={i}>
                {i} {catalog.byId.get(i)?.provision.title[lang]}
              </option>
            ))}
          </select>
        </label>
        {entry && <blockquote className="citation">{entry.provision.citation}</blockquote>}
        <fieldset>
          <legend>{entry?.provision.title[lang]}</legend>
          {params && params.rates.length === 0 && params.caps.length === 0 && <p>{t("whatif.noParams")}</p>}
          {params?.rates.map((r, i) => {
            const invalid = parseInput(form.rates[i] ?? "") === null;
            return (
              <label key={`rate-${i}`}>
                {t("whatif.rate", { n: i + 1 })}
                <input
                  name={`rate-${i}`}
                  type="number"
                  min={0}
                  step="any"
                  inputMode="decimal"
                  value={form.rates[i] ?? ""}
                  disabled={form.off}
                  aria-invalid={invalid}
                  aria-describedby={invalid ? `rate-${i}-err` : undefined}
                  onChange={(e) => set({ rates: form.rates.map((v, j) => (j === i ? e.target.value : v)) })}
                />
                <span className="param-current">
                  {t("col.current")}: {percent(r.rate / 10000, lang)}
                </span>
                {invalid && (
                  <span id={`rate-${i}-err`} className="field-error">
                    {t("whatif.invalid")}
                  </span>
                )}
              </label>
            );
          })}
          {params?.caps.map((c, i) => {
            const invalid = parseInput(form.caps[i] ?? "") === null;
            return (
              <label key={`cap-${i}`}>
                {t("whatif.cap", { n: i + 1 })}
                <input
                  name={`cap-${i}`}
                  type="number"
                  min={0}
                  step="any"
                  inputMode="decimal"
                  value={form.caps[i] ?? ""}
                  disabled={form.off}
                  aria-invalid={invalid}
                  aria-describedby={invalid ? `cap-${i}-err` : undefined}
                  onChange={(e) => set({ caps: form.caps.map((v, j) => (j === i ? e.target.value : v)) })}
                />
                <span className="param-current">
                  {t("col.current")}: <Money yuan={c.limit / 100} /> · {c.citation}
                </span>
                {invalid && (
                  <span id={`cap-${i}-err`} className="field-error">
                    {t("whatif.invalid")}
                  </span>
                )}
              </label>
            );
          })}
          <label className="checkbox">
            <input name="off" type="checkbox" checked={form.off} onChange={(e) => set({ off: e.target.checked })} />
            {t("whatif.off")}
          </label>
          <button type="button" disabled={isNoChange(change)} onClick={() => setInputs({ id: "", off: false, rates: [], caps: [] })}>
            {t("whatif.reset")}
          </button>
        </fieldset>
      </form>
      <p className="assumptions">{t("whatif.assumption")}</p>
      <Results result={result} id={id} />
    </>
  );
}

interface Metric {
  key: string;
  label: string;
  current: number | null;
  whatIf: number | null;
  kind: "money" | "count" | "ratio";
  row?: SummaryRow;
  whatIfRow?: SummaryRow;
}

function Results({ result, id }: { result: Comparison; id: string }) {
  const t = useT();
  const { lang } = useLocale();
  const metrics: Metric[] = [
    { key: "rows", label: t("col.rows"), current: result.current.rows, whatIf: result.whatIf.rows, kind: "count" },
    { key: "requested", label: t("whatif.requested"), current: result.current.requested, whatIf: result.whatIf.requested, kind: "money" },
    { key: "approved", label: t("whatif.approved"), current: result.current.approved, whatIf: result.whatIf.approved, kind: "money" },
    ...result.current.utilization.map((row): Metric => {
      const other = result.whatIf.utilization.find((w) => w.key.year === row.key.year);
      return {
        key: `u-${row.key.year}`,
        label: t("whatif.utilization", { jurisdiction: t(`jurisdiction.${String(row.key.jurisdiction)}` as MessageId), year: row.key.year ?? "" }),
        current: row.utilization,
        whatIf: other?.utilization ?? null,
        kind: "ratio",
        row,
        ...(other ? { whatIfRow: other } : {}),
      };
    }),
  ];
  const show = (m: Metric, v: number | null) => (m.kind === "money" ? csvYuan(v) : m.kind === "ratio" ? (v === null ? "" : percent(v, lang)) : (v ?? ""));
  const render = (m: Metric, v: number | null) => (m.kind === "money" ? <Money yuan={v} mode="exact" /> : m.kind === "ratio" ? <Utilization value={v} /> : v);
  const delta = (m: Metric) => (m.current === null || m.whatIf === null ? null : m.kind === "money" ? Math.round((m.whatIf - m.current) * 100) / 100 : m.whatIf - m.current);
  const columns: Column<Metric>[] = [
    { key: "label", header: "", value: (m) => m.label },
    { key: "current", header: t("col.current"), value: (m) => show(m, m.current), render: (m) => render(m, m.current), numeric: true },
    { key: "whatIf", header: t("col.whatif"), value: (m) => show(m, m.whatIf), render: (m) => <span data-metric={m.key}>{render(m, m.whatIf)}</span>, numeric: true },
    {
      key: "change",
      header: t("col.change"),
      value: (m) => {
        const d = delta(m);
        return d === null ? "" : m.kind === "money" ? csvYuan(d) : m.kind === "ratio" ? percent(d, lang) : d;
      },
      render: (m) => {
        const d = delta(m);
        if (d === null) return "—";
        const sign = d > 0 ? "+" : "";
        return m.kind === "money" ? `${sign}${exact(d, lang)}` : m.kind === "ratio" ? `${sign}${percent(d, lang)}` : `${sign}${d}`;
      },
      numeric: true,
    },
  ];
  columns[0]!.header = t("whatif.resultTitle");
  const years = [...new Set([...result.current.byYear, ...result.whatIf.byYear].map((r) => Number(r.key.year)))].sort();
  const data = years.map((y) => ({
    year: String(y),
    current: result.current.byYear.find((r) => r.key.year === y)?.requested ?? 0,
    whatIf: result.whatIf.byYear.find((r) => r.key.year === y)?.requested ?? 0,
  }));
  const axis = useMoneyAxis(Math.max(0, ...data.flatMap((d) => [d.current, d.whatIf])));
  const title = t("whatif.chartTitle");
  return (
    <div aria-live="polite">
      <p>{t("whatif.rowsAffected", { count: result.current.rows })}</p>
      <DataTable caption={t("whatif.resultTitle")} columns={columns} rows={metrics} rowKey={(m) => m.key} csvName={fileName(["whatif", id], "csv")} />
      <ChartFrame
        id="whatif-chart"
        title={title}
        description={t("whatif.resultDesc")}
        pngName={fileName(["whatif", id], "png")}
        table={
          <DataTable
            caption={title}
            columns={[
              { key: "year", header: t("col.year"), value: (d) => d.year },
              { key: "current", header: `${t("col.current")} ${t("col.requested")}`, value: (d) => csvYuan(d.current), render: (d) => <Money yuan={d.current} mode="exact" />, numeric: true },
              { key: "whatIf", header: `${t("col.whatif")} ${t("col.requested")}`, value: (d) => csvYuan(d.whatIf), render: (d) => <Money yuan={d.whatIf} mode="exact" />, numeric: true },
            ]}
            rows={data}
            rowKey={(d) => d.year}
            csvName={fileName(["whatif", id, "by-year"], "csv")}
          />
        }
      >
        <BarChart data={data} responsive style={{ width: "100%", height: 260 }} margin={{ top: 16, right: 24, bottom: 4, left: 16 }} accessibilityLayer title={title} desc={t("whatif.resultDesc")}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="year" />
          <YAxis tickFormatter={axis.tickFormatter} label={axis.label} width={64} />
          <Tooltip content={<MoneyTooltip />} />
          <Legend itemSorter={null} />
          <Bar dataKey="current" name={t("col.current")} fill={COLORS.requested} isAnimationActive={false} />
          <Bar dataKey="whatIf" name={t("col.whatif")} fill={COLORS.forecast} isAnimationActive={false} />
        </BarChart>
      </ChartFrame>
    </div>
  );
}
