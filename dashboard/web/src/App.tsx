// The shell: header, language switch, view navigation, filters, and the view the URL names.
import { lazy, Suspense } from "react";
import { NamesProvider } from "./api/names.tsx";
import { StampProvider } from "./api/stamp.tsx";
import { CatalogVersion } from "./components/CatalogVersion.tsx";
import { FilterBar } from "./components/FilterBar.tsx";
import { Loading } from "./components/States.tsx";
import { ViewBoundary } from "./components/ViewBoundary.tsx";
import { useLocale, useT } from "./i18n/I18n.tsx";
import type { MessageId } from "./i18n/locale.ts";
import { VIEWS, type Route } from "./lib/route.ts";
import { hrefFor, useRoute } from "./lib/useRoute.ts";

// Each view is its own chunk, so the first page loads only the shell and the view the URL names (charts,
// the engine, the catalog and the ledger checks are large); initial JavaScript stays within 250 KB gzipped.
const Overview = lazy(() => import("./views/Overview.tsx").then((m) => ({ default: m.Overview })));
const YearProgressView = lazy(() => import("./views/YearProgressView.tsx").then((m) => ({ default: m.YearProgressView })));
const DrillDown = lazy(() => import("./views/DrillDown.tsx").then((m) => ({ default: m.DrillDown })));
const ProvisionPage = lazy(() => import("./views/ProvisionPage.tsx").then((m) => ({ default: m.ProvisionPage })));
const WhatIf = lazy(() => import("./views/WhatIf.tsx"));
const DataQuality = lazy(() => import("./views/DataQuality.tsx"));
const Calculator = lazy(() => import("./calculator/Calculator.tsx"));
const EnterpriseFile = lazy(() => import("./enterprise/EnterpriseFile.tsx"));

export function App() {
  const t = useT();
  const { locale, setLocale } = useLocale();
  const [route, navigate] = useRoute();
  const viewProps = { route, navigate };

  return (
    <NamesProvider>
      <StampProvider>
      <a className="skip" href="#main">
        {t("app.skip")}
      </a>
      <header className="app-header">
        <div>
          <h1>{t("app.title")}</h1>
          <p className="subtitle">{t("app.subtitle")}</p>
        </div>
        <div className="header-actions no-print">
          <button type="button" onClick={() => window.print()}>
            {t("app.print")}
          </button>
          <button
            type="button"
            className="lang-switch"
            lang={locale === "en" ? "zh-CN" : "en"}
            aria-label={t("app.languageLabel")}
            onClick={() => setLocale(locale === "en" ? "zh-CN" : "en")}
          >
            {t("app.language")}
          </button>
        </div>
      </header>
      <nav className="views no-print" aria-label={t("nav.label")}>
        <ul>
          {VIEWS.map((view) => {
            // The calculator keeps only the district (an enterprise's); a ledger view drops the calculator's profile.
            // The enterprise file is found by search: no ledger filter applies to it either.
            const target: Route =
              view === "calculator" ? { view, filters: route.filters.district ? { district: route.filters.district } : {} } : view === "enterprise" ? { view, filters: {} } : { view, filters: route.filters };
            return (
              <li key={view}>
                <a
                  href={hrefFor(target)}
                  aria-current={route.view === view ? "page" : undefined}
                  onClick={(e) => {
                    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
                    e.preventDefault();
                    navigate(target);
                  }}
                >
                  {t(`nav.${view}` as MessageId)}
                </a>
              </li>
            );
          })}
        </ul>
      </nav>
      {/* The calculator reads an enterprise profile, not the ledger: the ledger's filters do not apply to it. */}
      {route.view !== "calculator" && route.view !== "enterprise" && <FilterBar route={route} navigate={navigate} />}
      <main id="main" tabIndex={-1}>
        <ViewBoundary key={route.view}>
        <Suspense fallback={<Loading />}>
          {route.view === "overview" && <Overview {...viewProps} />}
          {route.view === "year" && <YearProgressView {...viewProps} />}
          {route.view === "drill" && <DrillDown {...viewProps} />}
          {route.view === "provision" && <ProvisionPage {...viewProps} />}
          {route.view === "whatif" && <WhatIf {...viewProps} />}
          {route.view === "quality" && <DataQuality {...viewProps} />}
          {route.view === "calculator" && <Calculator {...viewProps} />}
          {route.view === "enterprise" && <EnterpriseFile {...viewProps} />}
        </Suspense>
        </ViewBoundary>
      </main>
      <footer className="app-footer">
        <CatalogVersion />
      </footer>
      </StampProvider>
    </NamesProvider>
  );
}

export interface ViewProps {
  route: Route;
  navigate: ReturnType<typeof useRoute>[1];
}
