// What-if as a draft notice: change a provision's figures by parameter path (rates, caps, sums), or switch it off,
// and see the sum of ceilings and what rows count against caps, before and after, per document and provision. The
// service evaluates the enterprises the change reaches (POST /api/whatif); the browser fetches no ledger rows and
// runs no engine. Named and saved, it is a draft notice in the service (NoticeDraft.tsx).
import { useEffect, useMemo, useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { bundledCatalog } from "../../../../shared/catalog/bundled.ts";
import { PARAMETER_LABEL, type Parameter } from "../../../../shared/engine/parameters.ts";
import type { ViewProps } from "../App.tsx";
import { useRequest } from "../api/useRequest.ts";
import { ChartFrame } from "../components/ChartFrame.tsx";
import { COLORS, MoneyTooltip, useMoneyAxis } from "../components/chart-bits.tsx";
import { DataTable, type Column } from "../components/DataTable.tsx";
import { Money } from "../components/Money.tsx";
import { Await } from "../components/States.tsx";
import { useLocale, useT } from "../i18n/I18n.tsx";
import { fileName } from "../lib/download.ts";
import { csvYuan, exact, percent } from "../lib/money.ts";
import { NoticeDraft } from "./NoticeDraft.tsx";
import { comparisonOf, fetchWhatIf, type Comparison, type Figures, type Line } from "../whatif/compare.ts";
import { EMPTY_DRAFT, editableParameters, overridesOf, parseTyped, shownValue, type Draft } from "../whatif/overrides.ts";

/** Typing pauses this long before the service is asked: one what-if per pause, not per keystroke. */
const SETTLE_MS = 300;

export default function WhatIf({ route, navigate }: ViewProps) {
  const t = useT();
  const { lang } = useLocale();
  const catalog = useMemo(() => bundledCatalog(), []);
  const ids = [...catalog.byId.keys()];
  const id = route.filters.provision && catalog.byId.has(route.filters.provision) ? route.filters.provision : (ids[0] ?? "");
  const entry = catalog.byId.get(id);
  const parameters = useMemo(() => editableParameters(catalog, id), [catalog, id]);
  const [drafts, setDrafts] = useState<{ id: string; draft: Draft }>({ id: "", draft: EMPTY_DRAFT });
  const draft = drafts.id === id ? drafts.draft : EMPTY_DRAFT;
  const set = (patch: Partial<Draft>) => setDrafts({ id, draft: { ...draft, ...patch } });
  const overrides = overridesOf(parameters, draft);

  const key = JSON.stringify([id, overrides]);
  const [settled, setSettled] = useState(key);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(key), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [key]);
  const [askedId, asked] = JSON.parse(settled) as [string, Record<string, string> | null];
  const request = useRequest(`whatif:${settled}`, async (signal) => {
    const answer = await fetchWhatIf(asked ?? {}, signal);
    return comparisonOf(answer, askedId, (p) => catalog.byId.get(p)?.document.key);
  });

  return (
    <section aria-labelledby="view-title">
      <h2 id="view-title">{t("whatif.heading")}</h2>
      <p className="intro">{t("whatif.intro")}</p>
      <form className="whatif-form" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t("whatif.provision")}
          <select name="provision" value={id} onChange={(e) => navigate({ ...route, filters: { ...route.filters, provision: e.target.value } }, { replace: true })}>
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
          {parameters.length === 0 && <p>{t("whatif.noParams")}</p>}
          {parameters.map((p) => (
            <ParameterInput key={p.path} parameter={p} text={draft.typed[p.path] ?? shownValue(p)} disabled={draft.off} onChange={(text) => set({ typed: { ...draft.typed, [p.path]: text } })} />
          ))}
          <label className="checkbox">
            <input name="off" type="checkbox" checked={draft.off} onChange={(e) => set({ off: e.target.checked })} />
            {t("whatif.off")}
          </label>
          <button type="button" disabled={!draft.off && Object.keys(draft.typed).length === 0} onClick={() => setDrafts({ id, draft: EMPTY_DRAFT })}>
            {t("whatif.reset")}
          </button>
        </fieldset>
      </form>
      <NoticeDraft
        catalog={catalog}
        provisionId={id}
        parameters={parameters}
        overrides={overrides}
        onReopen={(provision, reopened) => {
          setDrafts({ id: provision, draft: reopened });
          if (provision !== id) navigate({ ...route, filters: { ...route.filters, provision } }, { replace: true });
        }}
      />
      <p className="assumptions">{t("whatif.assumption")}</p>
      <Await request={request}>{(result) => <Results result={result} id={askedId} />}</Await>
    </section>
  );
}

function ParameterInput({ parameter: p, text, disabled, onChange }: { parameter: Parameter; text: string; disabled: boolean; onChange: (text: string) => void }) {
  const t = useT();
  const { lang } = useLocale();
  const invalid = parseTyped(p, text) === null;
  const errorId = `${p.path}-err`;
  return (
    <label>
      {t("whatif.param", { name: capitalized(PARAMETER_LABEL[p.name][lang]), unit: p.unit === "bp" ? "%" : t("whatif.unitWan") })} <code className="param-path">{p.path}</code>
      <input
        name={p.path}
        type="number"
        min={0}
        step="any"
        inputMode="decimal"
        value={text}
        disabled={disabled}
        aria-invalid={invalid}
        aria-describedby={invalid ? errorId : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      <span className="param-current">
        {t("col.current")}: {p.unit === "bp" ? percent(p.value / 10000, lang) : <Money yuan={p.value / 100} />}
        {p.citation ? ` · ${p.citation}` : ""}
      </span>
      {invalid && (
        <span id={errorId} className="field-error">
          {t("whatif.invalid")}
        </span>
      )}
    </label>
  );
}

const yuanOf = (fen: number) => fen / 100;
const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function Results({ result, id }: { result: Comparison; id: string }) {
  const t = useT();
  const { lang } = useLocale();
  const catalog = useMemo(() => bundledCatalog(), []);
  const { answer } = result;
  const labelOf = (l: Line) => {
    if (l.provision !== null) return `${l.provision} ${catalog.byId.get(l.provision)?.provision.title[lang] ?? ""}`.trim();
    const document = catalog.documents.find((d) => d.key === l.document);
    return `${t("whatif.documentTotal")} ${document?.number ?? document?.title[lang] ?? l.document}`;
  };
  const metric = (l: Line) => (l.provision === null ? `document-${l.document}` : `provision-${l.provision}`);
  const delta = (fen: number) => `${fen > 0 ? "+" : ""}${exact(yuanOf(fen), lang)}`;
  const money = (key: string, header: string, pick: (l: Line) => number, mark = false): Column<Line> => ({
    key,
    header,
    value: (l) => csvYuan(yuanOf(pick(l))),
    render: (l) => (mark ? <span data-metric={`${key}-${metric(l)}`}>{exact(yuanOf(pick(l)), lang)}</span> : <Money yuan={yuanOf(pick(l))} mode="exact" />),
    numeric: true,
  });
  const change = (key: string, pick: (f: Figures) => number): Column<Line> => ({
    key,
    header: t("col.change"),
    value: (l) => csvYuan(yuanOf(pick(l.after) - pick(l.before))),
    render: (l) => delta(pick(l.after) - pick(l.before)),
    numeric: true,
  });
  const columns: Column<Line>[] = [
    { key: "label", header: t("whatif.colLine"), value: labelOf, render: (l) => (l.provision === null ? <strong>{labelOf(l)}</strong> : labelOf(l)) },
    { key: "rows", header: t("col.rows"), value: (l) => String(l.before.rows), numeric: true },
    money("ceilingBefore", `${t("whatif.requested")} · ${t("col.current")}`, (l) => l.before.ceilingFen),
    money("ceilingAfter", `${t("whatif.requested")} · ${t("col.whatif")}`, (l) => l.after.ceilingFen, true),
    change("ceilingChange", (f) => f.ceilingFen),
    money("countedBefore", `${t("whatif.counted")} · ${t("col.current")}`, (l) => l.before.countedFen),
    money("countedAfter", `${t("whatif.counted")} · ${t("col.whatif")}`, (l) => l.after.countedFen, true),
    change("countedChange", (f) => f.countedFen),
  ];
  const data = result.byYear.map((y) => ({ year: String(y.year), current: yuanOf(y.before), whatIf: yuanOf(y.after) }));
  const axis = useMoneyAxis(Math.max(0, ...data.flatMap((d) => [d.current, d.whatIf])));
  const title = t("whatif.chartTitle");
  return (
    <div aria-live="polite">
      <p data-testid="whatif-reach">{t("whatif.rowsAffected", { count: answer.evaluatedRows, enterprises: answer.affectedEnterprises })}</p>
      {answer.overrides.length > 0 && (
        <ul className="whatif-standing" data-testid="whatif-standing">
          {answer.overrides.map((o) => (
            <li key={o.path} data-within={o.withinDocument}>
              <code>{o.path}</code> {o.withinDocument ? t("whatif.within") : `${t("whatif.beyond")}：${o.reason?.[lang] ?? ""}`}
            </li>
          ))}
          <li>{answer.issuable ? t("whatif.issuable") : t("whatif.notIssuable")}</li>
        </ul>
      )}
      <DataTable caption={t("whatif.resultTitle")} columns={columns} rows={result.lines} rowKey={metric} csvName={fileName(["whatif", id], "csv")} stackOnPhone />
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
