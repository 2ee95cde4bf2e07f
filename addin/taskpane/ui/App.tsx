// The task pane: provision browser, ledger, settings; Fluent UI v9 for the Office look, react-intl for zh-CN/en.
import { Caption1, FluentProvider, MessageBar, MessageBarBody, Tab, TabList, Title3, makeStyles, tokens, webLightTheme } from "@fluentui/react-components";
import { useEffect, useState } from "react";
import { IntlProvider } from "react-intl";
import type { Engine } from "../../../shared/engine/engine.ts";
import type { Lang } from "../../../shared/money/format.ts";
import { CATALOG_VERSION } from "../../functions/version.ts";
import type { ExcelRun } from "../logic/ledger-sheet.ts";
import { recalculateWorkbook, type Recalculation } from "../logic/recalculate.ts";
import { loadPublishedNotices, unloadedNotices, type NoticesState } from "../logic/service-notices.ts";
import { checkService, type ServiceStatus } from "../logic/service-status.ts";
import { fetchSession, type SessionState } from "../logic/session.ts";
import { loadSettings } from "../logic/settings.ts";
import type { KeyValueStore, Settings } from "../logic/settings.ts";
import { LedgerPanel } from "./LedgerPanel.tsx";
import { MESSAGES } from "./messages.ts";
import { ProvisionBrowser } from "./ProvisionBrowser.tsx";
import { SettingsPanel } from "./SettingsPanel.tsx";
import { TokenOffice } from "./TokenOffice.tsx";

export interface AppProps {
  lang: Lang;
  engine: Engine;
  /** Excel.run inside Excel; null in a plain browser. */
  excel: ExcelRun | null;
  store: KeyValueStore;
  defaultServiceUrl: string;
  /** False where office.js could not load: the pane says so in both languages and still browses provisions. */
  officeLoaded?: boolean;
}

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalM, minHeight: "100vh", boxSizing: "border-box" },
});

/** The add-in's storage may not answer (outside Excel, or a host that lacks it): then null, after 2 s. */
function storedSettings(store: KeyValueStore, defaultServiceUrl: string): Promise<Settings | null> {
  return Promise.race([loadSettings(store, defaultServiceUrl), new Promise<null>((done) => setTimeout(() => done(null), 2000))]).catch(() => null);
}

function useServiceStatus(props: AppProps): ServiceStatus {
  const [status, setStatus] = useState<ServiceStatus>({ state: "checking" });
  const { store, defaultServiceUrl } = props;
  useEffect(() => {
    let live = true;
    void storedSettings(store, defaultServiceUrl)
      .then((settings) => checkService(settings?.serviceUrl || defaultServiceUrl, CATALOG_VERSION))
      .then((s) => live && setStatus(s));
    return () => {
      live = false;
    };
  }, [store, defaultServiceUrl]);
  return status;
}

/** Who the saved token is; asked again whenever the settings are saved (`saved` counts the saves). */
function useSession(props: AppProps, saved: number): SessionState {
  const [session, setSession] = useState<SessionState>({ state: "checking" });
  const { store, defaultServiceUrl } = props;
  useEffect(() => {
    let live = true;
    setSession({ state: "checking" });
    void storedSettings(store, defaultServiceUrl)
      .then((s) => fetchSession(s?.serviceUrl || defaultServiceUrl, s?.token ?? ""))
      .then((s) => live && setSession(s));
    return () => {
      live = false;
    };
  }, [store, defaultServiceUrl, saved]);
  return session;
}

/**
 * The service's published notices, loaded into the functions' engine once the service answers and the token is
 * known (or there is none: reads may be open); again whenever the settings are saved. Once any is admitted, Excel
 * recalculates in full, so cells computed before (an unknown notice then) show the notice's figures.
 */
function useServiceNotices(props: AppProps, service: ServiceStatus, session: SessionState): { notices: NoticesState; recalculation: Recalculation | null } {
  const [notices, setNotices] = useState<NoticesState>({ state: "idle" });
  const [recalculation, setRecalculation] = useState<Recalculation | null>(null);
  const { store, defaultServiceUrl, engine, excel } = props;
  const wanted = service.state === "online" && service.publishedNotices.length > 0 && session.state !== "checking";
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    void storedSettings(store, defaultServiceUrl)
      .then((s) => loadPublishedNotices(s?.serviceUrl || defaultServiceUrl, s?.token ?? "", engine))
      .then(async (n) => {
        if (live) setNotices(n);
        // The engine holds the notices whether or not this effect is still live, so Excel recalculates either way.
        if (n.state !== "loaded" || n.admission.admitted.length === 0) return;
        const done = await recalculateWorkbook(excel);
        if (live) setRecalculation(done);
      });
    return () => {
      live = false;
    };
  }, [store, defaultServiceUrl, engine, excel, wanted, session]);
  return { notices, recalculation };
}

export function App(props: AppProps) {
  const [tab, setTab] = useState<"provisions" | "ledger" | "settings">("provisions");
  const locale = props.lang === "zh" ? "zh-CN" : "en";
  const styles = useStyles();
  const service = useServiceStatus(props);
  const [saved, setSaved] = useState(0);
  const session = useSession(props, saved);
  const { notices, recalculation } = useServiceNotices(props, service, session);
  const unloaded = service.state === "online" ? unloadedNotices(service.publishedNotices, props.engine) : [];
  const refused = notices.state === "loaded" ? notices.admission.refused : [];
  const t = MESSAGES[locale];
  const fill = (text: string, values: Record<string, string>) => text.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? "");
  return (
    <IntlProvider locale={locale} messages={MESSAGES[locale]}>
      <FluentProvider theme={webLightTheme}>
        <main className={styles.root} lang={locale} data-service={service.state} data-session={session.state}>
          <Title3 as="h1">{MESSAGES[locale]["app.title"]}</Title3>
          {props.officeLoaded === false && (
            <MessageBar intent="warning" data-testid="office-missing">
              <MessageBarBody>
                <span lang="zh-CN">{MESSAGES["zh-CN"]["office.missing"]}</span> <span lang="en">{MESSAGES.en["office.missing"]}</span>
              </MessageBarBody>
            </MessageBar>
          )}
          {service.state === "offline" && (
            <MessageBar intent="info" data-testid="service-offline"><MessageBarBody>{fill(t["service.offline"], { url: service.url, reason: service.reason })}</MessageBarBody></MessageBar>
          )}
          {service.state === "online" && !service.matches && (
            <MessageBar intent="warning" data-testid="catalog-mismatch"><MessageBarBody>{fill(t["service.versionMismatch"], { service: service.rulesVersion ?? "", own: CATALOG_VERSION })}</MessageBarBody></MessageBar>
          )}
          {notices.state === "loaded" && notices.admission.admitted.length > 0 && (
            <Caption1 data-testid="notices-loaded" data-recalculation={recalculation ?? "pending"}>{fill(t["notices.loaded"], { ids: notices.admission.admitted.join(", ") })}</Caption1>
          )}
          {recalculation === "failed" && (
            <MessageBar intent="warning" data-testid="notices-recalc-failed"><MessageBarBody>{t["notices.recalcFailed"]}</MessageBarBody></MessageBar>
          )}
          {refused.length > 0 && (
            <MessageBar intent="warning" data-testid="notices-refused">
              <MessageBarBody>{fill(t["notices.refused"], { ids: refused.map((r) => r.id).join(", "), reason: refused.flatMap((r) => r.issues.map((i) => `${i.path}: ${i.message[props.lang]}`)).join("; ") })}</MessageBarBody>
            </MessageBar>
          )}
          {notices.state === "failed" && unloaded.length > 0 && (
            <MessageBar intent="warning" data-testid="notices-unloaded">
              <MessageBarBody>{fill(t["notices.unloaded"], { ids: unloaded.join(", "), reason: notices.reason[props.lang] })}</MessageBarBody>
            </MessageBar>
          )}
          <TokenOffice session={session} lang={props.lang} />
          <TabList selectedValue={tab} onTabSelect={(_, data) => setTab(data.value as typeof tab)}>
            <Tab value="provisions">{MESSAGES[locale]["tab.provisions"]}</Tab>
            <Tab value="ledger">{MESSAGES[locale]["tab.ledger"]}</Tab>
            <Tab value="settings">{MESSAGES[locale]["tab.settings"]}</Tab>
          </TabList>
          {tab === "provisions" && <ProvisionBrowser {...props} />}
          {tab === "ledger" && <LedgerPanel {...props} session={session} />}
          {tab === "settings" && <SettingsPanel {...props} onSaved={() => setSaved((n) => n + 1)} />}
          <Caption1 data-testid="catalog-version">{fill(t["catalog.version"], { version: CATALOG_VERSION })}</Caption1>
          {service.state === "online" && service.catalogVersion !== null && (
            <Caption1 data-testid="service-catalog-version">{fill(t["service.catalogVersion"], { version: service.catalogVersion, count: String(service.publishedNotices.length) })}</Caption1>
          )}
        </main>
      </FluentProvider>
    </IntlProvider>
  );
}
