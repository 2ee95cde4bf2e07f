// The calculator's answer: the provisions the enterprise may claim, one card each (ceiling, what decided it, the
// engine's trace in words), then those left out, grouped by why, with a field for the amount a provision needs.
import type { CatalogEntry } from "../../../../shared/catalog/catalog.ts";
import { explainStep, explainTrace } from "../../../../shared/engine/explain.ts";
import type { ExclusionReason } from "../../../../shared/engine/match.ts";
import type { EvaluationOk } from "../../../../shared/engine/types.ts";
import { DataTable, type Column } from "../components/DataTable.tsx";
import { Money } from "../components/Money.tsx";
import { useLocale, useT } from "../i18n/I18n.tsx";
import type { MessageId } from "../i18n/locale.ts";
import { fileName } from "../lib/download.ts";
import { csvYuan } from "../lib/money.ts";
import { hrefFor } from "../lib/useRoute.ts";
import type { CalculatorReport } from "./report.ts";
import { YuanInput } from "./YuanInput.tsx";

function ProvisionName({ entry }: { entry: CatalogEntry }) {
  const { lang } = useLocale();
  const id = entry.provision.id;
  return (
    <>
      <a href={hrefFor({ view: "provision", filters: { provision: id } })}>{id}</a> {entry.provision.title[lang]}
    </>
  );
}

function documentLine(entry: CatalogEntry, lang: "zh" | "en"): string {
  const d = entry.document;
  return `${d.title[lang]}${d.number ? ` ${d.number}` : ""}${lang === "zh" ? `（${entry.provision.clause}）` : ` (${entry.provision.clause})`}`;
}

function Ceiling({ evaluation }: { evaluation: EvaluationOk }) {
  const t = useT();
  const { lang } = useLocale();
  const floor = evaluation.floor !== null && evaluation.floor !== evaluation.ceiling && (
    <span className="calc-floor">
      {t("calc.floor")}
      <Money yuan={evaluation.floor} />
    </span>
  );
  if (evaluation.ceiling === null) return <>{t("calc.noCeiling")}{floor}</>;
  const [open, close] = lang === "zh" ? ["（", "）"] : [" (", ")"];
  return (
    <>
      <Money yuan={evaluation.ceiling} />
      <span className="calc-exact">
        {open}
        <Money yuan={evaluation.ceiling} mode="exact" />
        {close}
      </span>
      {floor}
    </>
  );
}

type SetAmount = (id: string, v: number | undefined) => void;

/** The field for the amount a provision is computed on. */
function AmountField({ entry, amounts, setAmount }: { entry: CatalogEntry; amounts: Record<string, number>; setAmount: SetAmount }) {
  const { lang } = useLocale();
  const amount = entry.provision.amount;
  if (!amount) return null;
  const id = entry.provision.id;
  return <YuanInput name={`amount.${id}`} label={amount.meaning[lang]} unit={amount.unit} value={amounts[id]} onChange={(v) => setAmount(id, v)} />;
}

export function MatchedList({ report, amounts, setAmount }: { report: CalculatorReport; amounts: Record<string, number>; setAmount: SetAmount }) {
  const t = useT();
  const { lang } = useLocale();
  return (
    <section aria-labelledby="calc-matched">
      <h3 id="calc-matched">{t("calc.matched", { count: report.matched.length })}</h3>
      {report.matched.length > 0 ? <p className="note">{t("calc.notAdditive")}</p> : <p className="state state-empty">{t("calc.none")}</p>}
      {report.matched.length > 0 && <MatchedTable report={report} />}
      <ol className="calc-results">
        {report.matched.map(({ id, evaluation, entry }) => (
          <li key={id}>
            <article className="calc-card" data-provision={id} aria-labelledby={`calc-${id}`}>
              <h4 id={`calc-${id}`}>
                <ProvisionName entry={entry} />
              </h4>
              <dl>
                <div>
                  <dt>{t("calc.document")}</dt>
                  <dd>{documentLine(entry, lang)}</dd>
                </div>
                <div>
                  <dt>{t("calc.ceiling")}</dt>
                  <dd className="calc-ceiling">
                    <Ceiling evaluation={evaluation} />
                  </dd>
                </div>
                <div>
                  <dt>{t("calc.bound")}</dt>
                  <dd className="calc-bound">{t(`bound.${evaluation.bound}` as MessageId)}</dd>
                </div>
                {entry.provision.conditions && (
                  <div>
                    <dt>{t("calc.conditions")}</dt>
                    <dd>{entry.provision.conditions[lang]}</dd>
                  </div>
                )}
              </dl>
              {/* Some are computed from a fact alone (jiulongpo-5 on central funds) and the amount still refines them. */}
              <AmountField entry={entry} amounts={amounts} setAmount={setAmount} />
              {entry.provision.discretionary && <p className="note">{t("provision.discretionary")}</p>}
              <details className="calc-trace">
                <summary>{t("calc.how")}</summary>
                <ol>
                  {explainTrace(evaluation.trace, lang, entry.provision.amount?.meaning[lang]).map((line, i) => (
                    <li key={i}>{line}</li>
                  ))}
                </ol>
              </details>
            </article>
          </li>
        ))}
      </ol>
    </section>
  );
}

type Matched = CalculatorReport["matched"][number];

/** The matches at a glance, sortable and exportable as CSV; each row's card below has the why. The ceiling comes second, so a phone shows it without scrolling the table. */
function MatchedTable({ report }: { report: CalculatorReport }) {
  const t = useT();
  const { lang } = useLocale();
  const columns: Column<Matched>[] = [
    { key: "id", header: t("calc.col.id"), value: (r) => r.id, render: (r) => <a href={`#calc-${r.id}`}>{r.id}</a> },
    {
      key: "ceiling",
      header: t("calc.col.ceiling"),
      value: (r) => csvYuan(r.evaluation.ceiling),
      // No ceiling stated (及以上) ranks highest, as match() ranks it.
      sortValue: (r) => r.evaluation.ceilingFen ?? Number.MAX_SAFE_INTEGER,
      render: (r) => (r.evaluation.ceiling === null ? t("calc.noCeiling") : <Money yuan={r.evaluation.ceiling} mode="exact" />),
      numeric: true,
    },
    { key: "title", header: t("calc.col.title"), value: (r) => r.entry.provision.title[lang] },
    { key: "document", header: t("calc.document"), value: (r) => r.entry.document.number ?? r.entry.document.title[lang] },
    { key: "bound", header: t("calc.bound"), value: (r) => t(`bound.${r.evaluation.bound}` as MessageId) },
  ];
  return (
    <div className="calc-matched-table">
      <DataTable caption={t("calc.table")} columns={columns} rows={report.matched} rowKey={(r) => r.id} csvName={fileName(["calculator", report.date], "csv")} pageSize={20} />
    </div>
  );
}

/** The order the groups are shown in: what the user can act on first. */
const GROUPS: ExclusionReason[] = ["needsAmount", "thresholdNotMet", "needsFact", "invalid", "nothing", "notInForce", "notComputable"];

export function ExcludedList({ report, amounts, setAmount }: { report: CalculatorReport; amounts: Record<string, number>; setAmount: SetAmount }) {
  const t = useT();
  const { lang } = useLocale();
  const why = (x: CalculatorReport["excluded"][number]): string => {
    if (x.error) return x.error.message[lang];
    const missed = x.evaluation?.trace.find((s) => s.step === "threshold" && !s.met);
    return missed ? explainStep(missed, lang) : t("calc.reason.nothing");
  };
  return (
    <section aria-labelledby="calc-excluded">
      <h3 id="calc-excluded">{t("calc.excluded", { count: report.excluded.length })}</h3>
      {GROUPS.map((reason) => {
        const items = report.excluded.filter((x) => x.reason === reason);
        if (items.length === 0) return null;
        return (
          <details key={reason} className="calc-group" data-reason={reason} open={reason === "needsAmount" || reason === "thresholdNotMet" || reason === "invalid"}>
            <summary>
              {t("calc.group", { reason: t(`calc.reason.${reason}` as MessageId), count: items.length })}
            </summary>
            <ul>
              {items.map((x) => (
                <li key={x.id} data-provision={x.id}>
                  <span className="calc-name">
                    <ProvisionName entry={x.entry} />
                  </span>
                  {reason !== "needsAmount" && <span className="calc-why">{why(x)}</span>}
                  {(reason === "needsAmount" || amounts[x.id] !== undefined) && <AmountField entry={x.entry} amounts={amounts} setAmount={setAmount} />}
                </li>
              ))}
            </ul>
          </details>
        );
      })}
    </section>
  );
}
