// Search the catalog, read a provision's source and parameters, insert a CQ.SUBSIDY formula.
import { Body1, Button, Caption1, Card, Field, Input, MessageBar, MessageBarBody, SearchBox, Subtitle2, makeStyles, tokens } from "@fluentui/react-components";
import { useMemo, useState } from "react";
import { FormattedMessage, useIntl } from "react-intl";
import type { AppProps } from "./App.tsx";
import { provisionDetails } from "../logic/details.ts";
import { subsidyFormula } from "../logic/formula.ts";
import { insertFormula } from "../logic/ledger-sheet.ts";
import { groupByDocument, searchProvisions } from "../logic/search.ts";

const useStyles = makeStyles({
  list: { display: "flex", flexDirection: "column", gap: "2px", maxHeight: "320px", overflowY: "auto", border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium },
  group: { display: "flex", flexDirection: "column", gap: "2px" },
  groupLabel: { position: "sticky", top: 0, zIndex: 1, background: tokens.colorNeutralBackground2, padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalS}`, fontWeight: tokens.fontWeightSemibold },
  // Titles wrap in a narrow pane: let each option grow instead of overlapping the next.
  item: { justifyContent: "flex-start", textAlign: "left", fontWeight: tokens.fontWeightRegular, minHeight: "32px", height: "auto", whiteSpace: "normal", paddingTop: tokens.spacingVerticalXS, paddingBottom: tokens.spacingVerticalXS, flexShrink: 0 },
  details: { display: "grid", gridTemplateColumns: "auto 1fr", columnGap: tokens.spacingHorizontalM, rowGap: tokens.spacingVerticalXS },
  label: { color: tokens.colorNeutralForeground3 },
  formula: { fontFamily: tokens.fontFamilyMonospace, wordBreak: "break-all", background: tokens.colorNeutralBackground3, padding: tokens.spacingHorizontalS },
  stack: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
});

export function ProvisionBrowser({ engine, lang, excel }: AppProps) {
  const intl = useIntl();
  const styles = useStyles();
  const [query, setQuery] = useState("");
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [amount, setAmount] = useState("");
  const [date, setDate] = useState("");
  const [facts, setFacts] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<{ intent: "success" | "error"; text: string } | null>(null);
  const matches = useMemo(() => searchProvisions(engine.catalog, query), [engine, query]);
  const groups = useMemo(() => groupByDocument(engine.catalog, matches), [engine, matches]);
  const entry = selectedId ? engine.catalog.byId.get(selectedId) : matches[0];
  const details = entry ? provisionDetails(entry, lang) : null;
  const formula = entry ? subsidyFormula(entry.provision, { amount, date, facts }) : "";
  const none = intl.formatMessage({ id: "details.none" });

  const insert = async () => {
    if (!excel) return;
    try {
      const address = await insertFormula(excel, formula);
      setStatus({ intent: "success", text: intl.formatMessage({ id: "insert.done" }, { address }) });
    } catch (error) {
      setStatus({ intent: "error", text: intl.formatMessage({ id: "error.generic" }, { message: (error as Error).message }) });
    }
  };

  return (
    <section className={styles.stack} aria-label={intl.formatMessage({ id: "tab.provisions" })}>
      <SearchBox placeholder={intl.formatMessage({ id: "search.placeholder" })} value={query} onChange={(_, data) => setQuery(data.value)} aria-label={intl.formatMessage({ id: "search.placeholder" })} />
      <Caption1>{matches.length ? <FormattedMessage id="search.count" values={{ count: matches.length }} /> : <FormattedMessage id="search.none" />}</Caption1>
      <div className={styles.list} role="listbox" aria-label={intl.formatMessage({ id: "tab.provisions" })}>
        {groups.map((g) => {
          const label = intl.formatMessage({ id: "group.count" }, { title: g.title[lang], count: g.entries.length });
          return (
            <div key={g.key} className={styles.group} role="group" aria-label={label} data-testid={`group-${g.key}`}>
              <Caption1 className={styles.groupLabel} aria-hidden="true">{label}</Caption1>
              {g.entries.map((m) => (
                <Button key={m.provision.id} className={styles.item} appearance={m === entry ? "primary" : "subtle"} role="option" aria-selected={m === entry} onClick={() => { setSelectedId(m.provision.id); setFacts({}); setStatus(null); }}>
                  {m.provision.id} · {m.provision.title[lang]}
                </Button>
              ))}
            </div>
          );
        })}
      </div>
      {details && entry && (
        <Card>
          <Subtitle2>{details.id} · {details.title}</Subtitle2>
          <div className={styles.details}>
            <Caption1 className={styles.label}><FormattedMessage id="details.source" /></Caption1><Body1>{details.source}</Body1>
            <Caption1 className={styles.label}><FormattedMessage id="details.inForce" /></Caption1><Body1>{details.inForce}</Body1>
            <Caption1 className={styles.label}><FormattedMessage id="details.amount" /></Caption1><Body1>{details.amount ?? none}</Body1>
            <Caption1 className={styles.label}><FormattedMessage id="details.facts" /></Caption1><Body1>{details.facts.length ? details.facts.map((f) => (lang === "zh" ? `${f.name}（${f.meaning}）` : `${f.name} (${f.meaning})`)).join(lang === "zh" ? "；" : "; ") : none}</Body1>
            <Caption1 className={styles.label}><FormattedMessage id="details.rate" /></Caption1><Body1>{details.rate ?? none}</Body1>
            <Caption1 className={styles.label}><FormattedMessage id="details.cap" /></Caption1><Body1>{details.cap ?? none}</Body1>
            {details.conditions && (<><Caption1 className={styles.label}><FormattedMessage id="details.conditions" /></Caption1><Body1>{details.conditions}{details.discretionary ? (lang === "zh" ? `（${intl.formatMessage({ id: "details.discretionary" })}）` : ` (${intl.formatMessage({ id: "details.discretionary" })})`) : ""}</Body1></>)}
          </div>
          <div className={styles.stack}>
            {details.amount && <Field label={intl.formatMessage({ id: "insert.amount" })}><Input value={amount} onChange={(_, d) => setAmount(d.value)} /></Field>}
            {details.facts.map((f) => (
              <Field key={f.name} label={intl.formatMessage({ id: "insert.fact" }, { name: f.meaning })}>
                <Input value={facts[f.name] ?? ""} onChange={(_, d) => setFacts({ ...facts, [f.name]: d.value })} />
              </Field>
            ))}
            <Field label={intl.formatMessage({ id: "insert.date" })}><Input value={date} onChange={(_, d) => setDate(d.value)} /></Field>
            <code className={styles.formula} data-testid="formula">{formula}</code>
            <Button appearance="primary" disabled={!excel} onClick={() => void insert()}><FormattedMessage id="insert.button" /></Button>
            {!excel && <Caption1><FormattedMessage id="insert.outsideExcel" /></Caption1>}
            {status && <MessageBar intent={status.intent}><MessageBarBody>{status.text}</MessageBarBody></MessageBar>}
          </div>
        </Card>
      )}
    </section>
  );
}
