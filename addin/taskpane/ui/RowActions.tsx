// Approve, reject or record a payment on the ledger table's selected rows (or the IDs typed), as the token may
// (session.may): each row through its event route, each refusal shown with the service's message and field.
import { Body1, Button, Caption1, Field, Input, MessageBar, MessageBarBody, Subtitle2, makeStyles, tokens } from "@fluentui/react-components";
import { useState } from "react";
import { FormattedMessage, useIntl } from "react-intl";
import { tokenLabel } from "../../../shared/ledger/offices.ts";
import type { Lang } from "../../../shared/money/format.ts";
import { offeredActions, runAction, selectedApplicationIds, type ActionInput, type ActionKind, type ActionResult } from "../logic/actions.ts";
import type { ExcelRun } from "../logic/ledger-sheet.ts";
import type { SessionState } from "../logic/session.ts";
import { loadSettings, type KeyValueStore } from "../logic/settings.ts";

const useStyles = makeStyles({
  stack: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  buttons: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, maxHeight: "240px", overflowY: "auto" },
});

/** IDs as typed: separated by commas (either width), semicolons, spaces or line breaks. */
const idsOf = (text: string): string[] => [...new Set(text.split(/[,，;；\s]+/).map((s) => s.trim()).filter((s) => s !== ""))];

export function RowActions({ session, lang, excel, store, defaultServiceUrl }: { session: SessionState; lang: Lang; excel: ExcelRun | null; store: KeyValueStore; defaultServiceUrl: string }) {
  const intl = useIntl();
  const styles = useStyles();
  const t = (id: string, values?: Record<string, string | number>) => intl.formatMessage({ id }, values);
  const [ids, setIds] = useState("");
  const [input, setInput] = useState<ActionInput>({});
  const [busy, setBusy] = useState(false);
  const [results, setResults] = useState<ActionResult[] | null>(null);
  /** How many steps have answered: each answer's list says which it is, so that a reader can tell it from the last. */
  const [runs, setRuns] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const offered = offeredActions(session);
  if (session.state !== "known") return null;
  if (offered.length === 0) return <Caption1 data-testid="actions-none">{t("actions.none", { office: tokenLabel(session.session, lang) })}</Caption1>;

  const set = (key: keyof ActionInput) => (_: unknown, d: { value: string }) => setInput((i) => ({ ...i, [key]: d.value }));
  const fromSelection = async () => {
    if (!excel) return;
    try {
      setIds((await selectedApplicationIds(excel, lang)).join(", "));
    } catch (error) {
      setNotice(t("error.generic", { message: (error as Error).message }));
    }
  };
  const act = async (kind: ActionKind) => {
    const chosen = idsOf(ids);
    if (chosen.length === 0) {
      setNotice(t("actions.needIds"));
      return;
    }
    setBusy(true);
    setNotice(null);
    try {
      const settings = await loadSettings(store, defaultServiceUrl);
      setResults(await runAction(settings.serviceUrl, settings.token, chosen, kind, input));
      setRuns((n) => n + 1);
    } catch (error) {
      setNotice(t("error.generic", { message: (error as Error).message }));
    } finally {
      setBusy(false);
    }
  };
  const failed = results?.filter((r) => !r.ok).length ?? 0;

  return (
    <section className={styles.stack} aria-label={t("actions.title")} data-testid="row-actions">
      <Subtitle2 as="h2">{t("actions.title")}</Subtitle2>
      <Field label={t("actions.ids")}><Input value={ids} onChange={(_, d) => setIds(d.value)} /></Field>
      {excel && <Button onClick={() => void fromSelection()}><FormattedMessage id="actions.fromSelection" /></Button>}
      <Field label={t("actions.amount")}><Input inputMode="decimal" value={input.amount ?? ""} onChange={set("amount")} /></Field>
      <Field label={t("actions.date")}><Input value={input.date ?? ""} onChange={set("date")} /></Field>
      {offered.includes("pay") && <Field label={t("actions.voucher")}><Input value={input.voucher ?? ""} onChange={set("voucher")} /></Field>}
      {offered.includes("approve") && <Field label={t("actions.opinion")}><Input value={input.opinion ?? ""} onChange={set("opinion")} /></Field>}
      <div className={styles.buttons}>
        {offered.map((kind) => (
          <Button key={kind} appearance={kind === "reject" ? "secondary" : "primary"} disabled={busy} onClick={() => void act(kind)}>
            <FormattedMessage id={`actions.${kind}`} />
          </Button>
        ))}
      </div>
      {notice && <MessageBar intent="warning"><MessageBarBody>{notice}</MessageBarBody></MessageBar>}
      {results && (
        <MessageBar intent={failed ? "error" : "success"} data-testid="actions-summary">
          <MessageBarBody>{t("actions.done", { ok: results.length - failed, failed })}</MessageBarBody>
        </MessageBar>
      )}
      {results && (
        <ul className={styles.list} data-testid="action-results" data-run={runs}>
          {results.map((r) => (
            <li key={r.applicationId} data-ok={r.ok}>
              <Body1><strong>{r.applicationId}</strong> {r.ok ? t("actions.recorded") : `${r.field ? `${r.field}: ` : ""}${r.message?.[lang] ?? ""}`}</Body1>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
