// The service URL and token, kept in the add-in's storage, never in the workbook.
import { Button, Field, Input, MessageBar, MessageBarBody, makeStyles, tokens } from "@fluentui/react-components";
import { useEffect, useState } from "react";
import { FormattedMessage, useIntl } from "react-intl";
import type { AppProps } from "./App.tsx";
import { checkServiceUrl, loadSettings, saveSettings } from "../logic/settings.ts";

const useStyles = makeStyles({ stack: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS } });

export function SettingsPanel({ store, defaultServiceUrl, onSaved }: AppProps & { onSaved?: () => void }) {
  const intl = useIntl();
  const styles = useStyles();
  const [url, setUrl] = useState("");
  const [token, setToken] = useState("");
  const [status, setStatus] = useState<{ intent: "success" | "error"; id: string } | null>(null);
  useEffect(() => {
    void loadSettings(store, defaultServiceUrl).then((s) => {
      setUrl(s.serviceUrl);
      setToken(s.token);
    });
  }, [store, defaultServiceUrl]);

  const save = async () => {
    const verdict = checkServiceUrl(url);
    if (verdict !== "ok") {
      setStatus({ intent: "error", id: verdict === "insecure" ? "settings.insecureUrl" : "settings.invalidUrl" });
      return;
    }
    await saveSettings(store, { serviceUrl: url, token });
    setStatus({ intent: "success", id: "settings.saved" });
    onSaved?.();
  };

  return (
    <section className={styles.stack} aria-label={intl.formatMessage({ id: "tab.settings" })}>
      <Field label={intl.formatMessage({ id: "settings.url" })}><Input type="url" value={url} onChange={(_, d) => setUrl(d.value)} /></Field>
      <Field label={intl.formatMessage({ id: "settings.token" })}><Input type="password" value={token} onChange={(_, d) => setToken(d.value)} /></Field>
      <Button appearance="primary" onClick={() => void save()}><FormattedMessage id="settings.save" /></Button>
      {status && <MessageBar intent={status.intent}><MessageBarBody><FormattedMessage id={status.id} /></MessageBarBody></MessageBar>}
    </section>
  );
}
