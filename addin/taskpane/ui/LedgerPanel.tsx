// Create the ledger table, check it across rows and mark the violations in the sheet, publish it.
import { Body1, Button, Caption1, MessageBar, MessageBarBody, ProgressBar, makeStyles, tokens } from "@fluentui/react-components";
import { useState } from "react";
import { FormattedMessage, useIntl } from "react-intl";
import type { LedgerRow } from "../../../shared/ledger/row.ts";
import type { AppProps } from "./App.tsx";
import { officeLabel, tokenLabel } from "../../../shared/ledger/offices.ts";
import { checkLedger, createLedgerTable, markRows } from "../logic/ledger-sheet.ts";
import { publishRows, type PublishReport } from "../logic/publish.ts";
import { foreignRows, publishRefusal, type SessionState } from "../logic/session.ts";
import { loadSettings } from "../logic/settings.ts";
import { RowActions } from "./RowActions.tsx";

const useStyles = makeStyles({
  stack: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  buttons: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, maxHeight: "240px", overflowY: "auto" },
});

interface Line {
  where: string;
  text: string;
}

export function LedgerPanel({ engine, lang, excel, store, defaultServiceUrl, session }: AppProps & { session: SessionState }) {
  const intl = useIntl();
  const styles = useStyles();
  const [message, setMessage] = useState<{ intent: "success" | "warning" | "error" | "info"; text: string } | null>(null);
  const [lines, setLines] = useState<Line[]>([]);
  const [rows, setRows] = useState<LedgerRow[] | null>(null);
  /** The table body row each of `rows` was read from, to mark rows found at publishing. */
  const [sheetRows, setSheetRows] = useState<number[]>([]);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const t = (id: string, values?: Record<string, string | number>) => intl.formatMessage({ id }, values);
  const fail = (error: unknown) => setMessage({ intent: "error", text: t("error.generic", { message: (error as Error).message }) });

  const create = async () => {
    if (!excel) return;
    try {
      const { created } = await createLedgerTable(excel, lang);
      setMessage({ intent: "success", text: t(created ? "ledger.created" : "ledger.exists") });
    } catch (error) {
      fail(error);
    }
  };

  const check = async () => {
    if (!excel) return;
    try {
      const result = await checkLedger(excel, engine, lang);
      if (!result.ok && result.reason === "no_table") {
        setMessage({ intent: "warning", text: t("ledger.noTable") });
        setLines([]);
      } else if (!result.ok && result.reason === "import") {
        setMessage({ intent: "error", text: t("ledger.importProblems", { count: result.problems.length }) });
        setLines(result.problems.map((p) => ({ where: t("ledger.row", { row: p.row }), text: `${p.column ?? ""} ${p.reason[lang]}` })));
        setRows(null);
      } else if (result.ok) {
        const violations = result.evaluation.violations;
        setMessage({ intent: violations.length ? "warning" : "success", text: t("ledger.checked", { rows: result.rows.length, violations: violations.length }) });
        setLines(violations.slice(0, 200).map((v) => ({ where: `${v.applicationId}`, text: v.message[lang] })));
        setRows(result.rows);
        setSheetRows(result.sheetRows);
      }
    } catch (error) {
      fail(error);
    }
  };

  const refusal = publishRefusal(session);
  const office = session.state === "known" ? tokenLabel(session.session, lang) : "";

  const publish = async () => {
    if (!rows || session.state !== "known" || refusal) return;
    const settings = await loadSettings(store, defaultServiceUrl);
    if (!settings.serviceUrl || !settings.token) {
      setMessage({ intent: "warning", text: t("ledger.needSettings") });
      return;
    }
    try {
      // The service would refuse a batch holding another office's row whole: mark such rows, send nothing.
      const foreign = foreignRows(rows, engine.catalog, session.session);
      if (foreign.length > 0) {
        const mine = officeLabel(session.session.jurisdiction)[lang];
        const why = foreign.map((f) => ({ f, text: t("ledger.foreignRow", { theirs: officeLabel(f.jurisdiction)[lang], mine, index: f.index }) }));
        if (excel) await markRows(excel, lang, why.map(({ f, text }) => ({ sheetRow: sheetRows[f.index] ?? f.index, text })));
        setMessage({ intent: "error", text: t("ledger.foreignRows", { count: foreign.length, office: mine }) });
        setLines(why.map(({ f, text }) => ({ where: f.applicationId, text })));
        return;
      }
      const report: PublishReport = await publishRows(rows, { ...settings, onProgress: (done, total) => setProgress({ done, total }) });
      setProgress(null);
      const ok = report.problems.length === 0;
      setMessage({ intent: ok ? "success" : "error", text: ok ? t("ledger.published", { inserted: report.inserted, updated: report.updated, unchanged: report.unchanged, chunks: report.chunks }) : t("ledger.publishProblems", { count: report.problems.length }) });
      setLines(report.problems.map((p) => ({ where: p.applicationId ?? t("ledger.row", { row: p.index + 2 }), text: `${p.field}: ${p.message[lang]}` })));
    } catch (error) {
      setProgress(null);
      fail(error);
    }
  };

  return (
    <section className={styles.stack} aria-label={t("tab.ledger")}>
      <div className={styles.buttons}>
        <Button onClick={() => void create()} disabled={!excel}><FormattedMessage id="ledger.create" /></Button>
        <Button appearance="primary" onClick={() => void check()} disabled={!excel}><FormattedMessage id="ledger.check" /></Button>
        <Button onClick={() => void publish()} disabled={!rows || rows.length === 0 || progress !== null || refusal !== null} aria-describedby={refusal ? "publish-refusal" : undefined}><FormattedMessage id="ledger.publish" /></Button>
      </div>
      {refusal && <Caption1 id="publish-refusal" data-testid="publish-refusal">{t(refusal, { office })}</Caption1>}
      {!excel && <Caption1><FormattedMessage id="ledger.outsideExcel" /></Caption1>}
      {progress && <ProgressBar value={progress.total ? progress.done / progress.total : 0} aria-label={t("ledger.publishing", progress)} />}
      {progress && <Caption1><FormattedMessage id="ledger.publishing" values={progress} /></Caption1>}
      {message && <MessageBar intent={message.intent}><MessageBarBody>{message.text}</MessageBarBody></MessageBar>}
      {lines.length > 0 && (
        <ul className={styles.list}>
          {lines.map((line, i) => (<li key={i}><Body1><strong>{line.where}</strong> {line.text}</Body1></li>))}
        </ul>
      )}
      <RowActions session={session} lang={lang} excel={excel} store={store} defaultServiceUrl={defaultServiceUrl} />
    </section>
  );
}
