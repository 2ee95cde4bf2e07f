// The footer line naming the catalog version the service runs on, and a visible warning when this page was
// built from other rules than the service holds (issue 14 item 7: a mismatch is visible, never silent). The
// service's version also covers the notices published through it, which this build cannot have baked: they are
// named, and only the rules part is compared.
import { fetchCatalogVersion } from "../api/endpoints.ts";
import { useRequest } from "../api/useRequest.ts";
import { useT } from "../i18n/I18n.tsx";
import { BUILT_CATALOG_VERSION } from "../../../../shared/catalog/built-version.ts";

export function CatalogVersion() {
  const t = useT();
  const health = useRequest("catalog-version", (signal) => fetchCatalogVersion(signal));
  // Loading, or a service that is down: the views already say so; the footer stays quiet.
  if (health.status !== "ok" || health.data === null) return null;
  const { catalogVersion: service, rulesVersion, publishedNotices } = health.data;
  const mismatch = BUILT_CATALOG_VERSION !== null && BUILT_CATALOG_VERSION !== rulesVersion;
  return (
    <>
      <p className="catalog-version">
        {t("app.catalogVersion")} <code data-testid="catalog-version">{service}</code>
        {publishedNotices.length > 0 && (
          <span data-testid="catalog-notices"> {t("app.catalogNotices", { rules: rulesVersion, count: String(publishedNotices.length), ids: publishedNotices.join(", ") })}</span>
        )}
      </p>
      {mismatch && (
        <p className="banner-sample" role="alert" data-testid="catalog-mismatch">
          {t("app.catalogMismatch", { service: rulesVersion, own: BUILT_CATALOG_VERSION })}
        </p>
      )}
    </>
  );
}
