// The filters every view applies. Each change rewrites the URL, so the address is always a link to this view.
import { fetchSummary } from "../api/endpoints.ts";
import { useNames } from "../api/names.tsx";
import { useRequest } from "../api/useRequest.ts";
import { useT } from "../i18n/I18n.tsx";
import type { MessageId } from "../i18n/locale.ts";
import type { Filters, Route } from "../lib/route.ts";
import { JURISDICTIONS, STATUSES } from "../lib/vocabulary.ts";
import type { Navigate } from "../lib/useRoute.ts";

interface Facets {
  years: number[];
  districts: string[];
}

async function fetchFacets(signal: AbortSignal): Promise<Facets> {
  const [years, districts] = await Promise.all([fetchSummary(["year"], {}, signal), fetchSummary(["district"], {}, signal)]);
  return {
    years: years.map((r) => Number(r.key.year)).filter(Number.isInteger).sort((a, b) => b - a),
    districts: districts.map((r) => String(r.key.district ?? "")).filter(Boolean).sort((a, b) => a.localeCompare(b, "zh-CN")),
  };
}

export function FilterBar({ route, navigate }: { route: Route; navigate: Navigate }) {
  const t = useT();
  const names = useNames();
  const facets = useRequest("facets", fetchFacets);
  const f = route.filters;
  const set = (patch: Partial<Filters>) => {
    const filters: Filters = { ...f, ...patch };
    for (const key of Object.keys(filters) as (keyof Filters)[]) if (filters[key] === undefined) delete filters[key];
    // A document belongs to one jurisdiction: changing the jurisdiction drops a document (and provision) of another.
    if (patch.jurisdiction !== undefined || "jurisdiction" in patch) {
      const doc = names.documents.find((d) => d.key === filters.document);
      if (doc && filters.jurisdiction && doc.jurisdiction !== filters.jurisdiction) {
        delete filters.document;
        delete filters.provision;
      }
    }
    if ("document" in patch) delete filters.provision;
    navigate({ view: route.view, filters });
  };
  const years = facets.status === "ok" ? facets.data.years : f.year ? [f.year] : [];
  const districts = facets.status === "ok" ? facets.data.districts : f.district ? [f.district] : [];
  const documents = names.documents.filter((d) => !f.jurisdiction || d.jurisdiction === f.jurisdiction);
  const active = Object.keys(f).length > 0;

  return (
    <form className="filters no-print" aria-label={t("filter.legend")} onSubmit={(e) => e.preventDefault()}>
      <label>
        {t("filter.year")}
        <select name="year" value={f.year ?? ""} onChange={(e) => set({ year: e.target.value ? Number(e.target.value) : undefined })}>
          <option value="">{t("filter.all")}</option>
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("filter.jurisdiction")}
        <select
          name="jurisdiction"
          value={f.jurisdiction ?? ""}
          onChange={(e) => set({ jurisdiction: (e.target.value || undefined) as Filters["jurisdiction"] })}
        >
          <option value="">{t("filter.all")}</option>
          {JURISDICTIONS.map((j) => (
            <option key={j} value={j}>
              {t(`jurisdiction.${j}` as MessageId)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("filter.document")}
        <select name="document" value={f.document ?? ""} onChange={(e) => set({ document: e.target.value || undefined })}>
          <option value="">{t("filter.all")}</option>
          {documents.map((d) => (
            <option key={d.key} value={d.key}>
              {names.documentTitle(d.key)}
            </option>
          ))}
          {f.document && !documents.some((d) => d.key === f.document) && <option value={f.document}>{f.document}</option>}
        </select>
      </label>
      <label>
        {t("filter.district")}
        <select name="district" value={f.district ?? ""} onChange={(e) => set({ district: e.target.value || undefined })}>
          <option value="">{t("filter.all")}</option>
          {districts.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("filter.status")}
        <select name="status" value={f.status ?? ""} onChange={(e) => set({ status: (e.target.value || undefined) as Filters["status"] })}>
          <option value="">{t("filter.all")}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}` as MessageId)}
            </option>
          ))}
        </select>
      </label>
      {active && (
        <button type="button" onClick={() => navigate({ view: route.view, filters: {} })}>
          {t("filter.clear")}
        </button>
      )}
      {facets.status === "error" && (
        <p className="field-error" role="alert">
          {t("filter.optionsFailed", { message: facets.error.message })}{" "}
          <button type="button" onClick={facets.retry}>
            {t("state.retry")}
          </button>
        </p>
      )}
      <p className="hint">{t("filter.shareHint")}</p>
    </form>
  );
}
