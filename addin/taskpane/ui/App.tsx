// The task pane: provision browser, ledger, settings; Fluent UI v9 for the Office look, react-intl for zh-CN/en.
import { FluentProvider, Tab, TabList, Title3, makeStyles, tokens, webLightTheme } from "@fluentui/react-components";
import { useState } from "react";
import { IntlProvider } from "react-intl";
import type { Engine } from "../../../shared/engine/engine.ts";
import type { Lang } from "../../../shared/money/format.ts";
import type { ExcelRun } from "../logic/ledger-sheet.ts";
import type { KeyValueStore } from "../logic/settings.ts";
import { LedgerPanel } from "./LedgerPanel.tsx";
import { MESSAGES } from "./messages.ts";
import { ProvisionBrowser } from "./ProvisionBrowser.tsx";
import { SettingsPanel } from "./SettingsPanel.tsx";

export interface AppProps {
  lang: Lang;
  engine: Engine;
  /** Excel.run inside Excel; null in a plain browser. */
  excel: ExcelRun | null;
  store: KeyValueStore;
  defaultServiceUrl: string;
}

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalM, minHeight: "100vh", boxSizing: "border-box" },
});

export function App(props: AppProps) {
  const [tab, setTab] = useState<"provisions" | "ledger" | "settings">("provisions");
  const locale = props.lang === "zh" ? "zh-CN" : "en";
  const styles = useStyles();
  return (
    <IntlProvider locale={locale} messages={MESSAGES[locale]}>
      <FluentProvider theme={webLightTheme}>
        <main className={styles.root} lang={locale}>
          <Title3 as="h1">{MESSAGES[locale]["app.title"]}</Title3>
          <TabList selectedValue={tab} onTabSelect={(_, data) => setTab(data.value as typeof tab)}>
            <Tab value="provisions">{MESSAGES[locale]["tab.provisions"]}</Tab>
            <Tab value="ledger">{MESSAGES[locale]["tab.ledger"]}</Tab>
            <Tab value="settings">{MESSAGES[locale]["tab.settings"]}</Tab>
          </TabList>
          {tab === "provisions" && <ProvisionBrowser {...props} />}
          {tab === "ledger" && <LedgerPanel {...props} />}
          {tab === "settings" && <SettingsPanel {...props} />}
        </main>
      </FluentProvider>
    </IntlProvider>
  );
}
