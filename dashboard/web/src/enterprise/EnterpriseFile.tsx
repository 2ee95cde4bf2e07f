// 一企一档 (?view=enterprise&q=…&code=…): find an enterprise by name or credit code, then its file — every
// application across documents and years, totals per document and year, and the headroom left under each cap that
// spans applications — with a link into the policy calculator prefilled from its applications.
import { useEffect, useState, type ReactNode } from "react";
import type { CapHeadroom, EnterpriseFile as File, EnterpriseHit, FileApplication } from "../../../../shared/ledger/enterprise-file.ts";
import type { SummaryRow } from "../../../../shared/ledger/summary.ts";
import { VIOLATION_LABEL } from "../../../../shared/ledger/violation.ts";
import type { ViewProps } from "../App.tsx";
import { ApiError } from "../api/client.ts";
import { fetchEnterpriseFile, fetchEnterprises } from "../api/endpoints.ts";
import { useNames } from "../api/names.tsx";
import { useRequest } from "../api/useRequest.ts";
import { DataTable, type Column } from "../components/DataTable.tsx";
import { Money } from "../components/Money.tsx";
import { Await, Empty } from "../components/States.tsx";
import { useJurisdictionName, useLocale, useT } from "../i18n/I18n.tsx";
import type { MessageId } from "../i18n/locale.ts";
import { fileName } from "../lib/download.ts";
import { calculatorRouteOf } from "../lib/enterprise-profile.ts";
import { csvYuan, percent, scaled } from "../lib/money.ts";
import type { Route } from "../lib/route.ts";
import { hrefFor } from "../lib/useRoute.ts";

/** How a list of names reads in running text. */
const listOf = (items: readonly string[], lang: string): string => items.join(lang === "zh" ? "、" : ", ");

/** The service lists at most this many enterprises a search (routes/enterprises.ts). */
const SEARCH_SHOWN = 20;

/** A link that navigates in place (and is a real link for new tabs, the keyboard and screen readers). */
function RouteLink({ to, navigate, children, className }: { to: Route; navigate: ViewProps["navigate"]; children: ReactNode; className?: string }) {
  return (
    <a
      href={hrefFor(to)}
      className={className}
      onClick={(e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}

export default function EnterpriseFile({ route, navigate }: ViewProps) {
  const t = useT();
  return (
    <section aria-labelledby="view-title">
      <h2 id="view-title">{t("ent.heading")}</h2>
      <p className="intro">{t("ent.intro")}</p>
      <SearchForm key={route.q ?? ""} q={route.q} onSearch={(q) => navigate({ view: "enterprise", filters: {}, q })} />
      {route.q && !route.code && <SearchResults q={route.q} navigate={navigate} />}
      {route.code && <FileView code={route.code} q={route.q} navigate={navigate} />}
    </section>
  );
}

function SearchForm({ q, onSearch }: { q: string | undefined; onSearch: (q: string) => void }) {
  const t = useT();
  const [text, setText] = useState(q ?? "");
  return (
    <form
      role="search"
      className="ent-search no-print"
      aria-label={t("ent.search")}
      onSubmit={(e) => {
        e.preventDefault();
        const value = text.trim().slice(0, 80);
        if (value) onSearch(value);
      }}
    >
      <label htmlFor="ent-q">{t("ent.searchLabel")}</label>
      <div className="ent-search-row">
        <input id="ent-q" name="q" type="search" value={text} maxLength={80} aria-describedby="ent-q-hint" onChange={(e) => setText(e.target.value)} />
        <button type="submit">{t("ent.searchButton")}</button>
      </div>
      <p id="ent-q-hint" className="note">
        {t("ent.searchHint")}
      </p>
    </form>
  );
}

function SearchResults({ q, navigate }: { q: string; navigate: ViewProps["navigate"] }) {
  const request = useRequest(`enterprises:${q}`, (signal) => fetchEnterprises(q, signal));
  return <Await request={request}>{(hits) => <HitList q={q} hits={hits} navigate={navigate} />}</Await>;
}

function HitList({ q, hits, navigate }: { q: string; hits: EnterpriseHit[]; navigate: ViewProps["navigate"] }) {
  const t = useT();
  const { lang } = useLocale();
  const jurisdictionName = useJurisdictionName();
  // A search by an enterprise's whole name (the drill-down's link) that finds it alone opens its file at once, in
  // place of the search (without it, so that the file offers no way back into a search that would open it again).
  const only = hits.length === 1 && hits[0]?.enterprise === q ? hits[0].creditCode : null;
  useEffect(() => {
    if (only) navigate({ view: "enterprise", filters: {}, code: only }, { replace: true });
  }, [only, navigate]);
  if (hits.length === 0) return <Empty>{t("ent.noResults", { q })}</Empty>;
  return (
    <section aria-labelledby="ent-results" className="ent-results">
      <h3 id="ent-results">{t("ent.results", { q, count: hits.length })}</h3>
      <ul>
        {hits.map((h) => (
          <li key={h.creditCode} data-code={h.creditCode}>
            <RouteLink to={{ view: "enterprise", filters: {}, q, code: h.creditCode }} navigate={navigate}>
              {h.enterprise}
            </RouteLink>
            <span className="note">
              {" "}
              {t("ent.hit", { code: h.creditCode, jurisdictions: listOf(h.jurisdictions.map(jurisdictionName), lang), rows: h.rows, approved: scaled(h.approved, lang) })}
            </span>
          </li>
        ))}
      </ul>
      {hits.length >= SEARCH_SHOWN && <p className="note">{t("ent.moreResults")}</p>}
    </section>
  );
}

function FileView({ code, q, navigate }: { code: string; q: string | undefined; navigate: ViewProps["navigate"] }) {
  const t = useT();
  const request = useRequest(`enterprise:${code}`, (signal) => fetchEnterpriseFile(code, signal));
  if (request.status === "error" && request.error instanceof ApiError && request.error.status === 404) return <Empty>{t("ent.notFound")}</Empty>;
  return <Await request={request}>{(file) => <FileBody file={file} q={q} navigate={navigate} />}</Await>;
}

function FileBody({ file, q, navigate }: { file: File; q: string | undefined; navigate: ViewProps["navigate"] }) {
  const t = useT();
  const { lang } = useLocale();
  const jurisdictionName = useJurisdictionName();
  const others = file.names.filter((n) => n !== file.enterprise);
  const total = file.total;
  return (
    <article className="ent-file" aria-labelledby="ent-name" data-code={file.creditCode}>
      {q && (
        <p className="no-print">
          <RouteLink to={{ view: "enterprise", filters: {}, q }} navigate={navigate}>
            {t("ent.backToResults", { q })}
          </RouteLink>
        </p>
      )}
      <h3 id="ent-name">{file.enterprise}</h3>
      <dl className="ent-facts">
        <div>
          <dt>{t("ent.creditCode")}</dt>
          <dd className="ent-code">{file.creditCode}</dd>
        </div>
        <div>
          <dt>{t("ent.districts")}</dt>
          <dd>{listOf(file.districts, lang)}</dd>
        </div>
        <div>
          <dt>{t("ent.jurisdictions")}</dt>
          <dd>{listOf(file.jurisdictions.map(jurisdictionName), lang)}</dd>
        </div>
        {others.length > 0 && (
          <div>
            <dt>{t("ent.otherNames")}</dt>
            <dd>{listOf(others, lang)}</dd>
          </div>
        )}
      </dl>
      <p className="no-print">
        <RouteLink to={calculatorRouteOf(file)} navigate={navigate} className="ent-calc">
          {t("ent.toCalculator")}
        </RouteLink>{" "}
        <span className="note">{t("ent.toCalculatorHint")}</span>
      </p>

      <section aria-labelledby="ent-summary">
        <h4 id="ent-summary">{t("ent.summary")}</h4>
        <dl className="cards ent-total">
          {(
            [
              ["count", total.count],
              ["requested", total.requested],
              ["approved", total.approved],
              ["paid", total.paid],
            ] as const
          ).map(([key, value]) => (
            <div key={key} className="card" data-total={key}>
              <dt>{t(`ent.${key}` as MessageId)}</dt>
              <dd>{key === "count" ? <span className="num">{value}</span> : <Money yuan={value} />}</dd>
            </div>
          ))}
        </dl>
        {total.uncapped > 0 && <p className="note">{t("ent.uncapped", { count: total.uncapped })}</p>}
        <TotalsTable file={file} />
      </section>

      <section aria-labelledby="ent-caps">
        <h4 id="ent-caps">{t("ent.caps")}</h4>
        <p className="intro">{t("ent.capsIntro")}</p>
        {file.caps.length === 0 ? <Empty>{t("ent.noCaps")}</Empty> : <CapsTable file={file} />}
      </section>

      <section aria-labelledby="ent-applications" className="ent-apps">
        <h4 id="ent-applications">{t("ent.applications", { count: file.applications.length })}</h4>
        <ApplicationsTable file={file} />
      </section>
    </article>
  );
}

function TotalsTable({ file }: { file: File }) {
  const t = useT();
  const names = useNames();
  const columns: Column<SummaryRow>[] = [
    { key: "document", header: t("col.document"), value: (r) => (r.key.document === undefined ? t("table.total") : names.documentTitle(String(r.key.document))) },
    { key: "year", header: t("col.year"), value: (r) => r.key.year ?? "", numeric: true },
    { key: "count", header: t("col.count"), value: (r) => r.count, numeric: true },
    { key: "requested", header: t("col.requested"), value: (r) => csvYuan(r.requested), render: (r) => <Money yuan={r.requested} mode="exact" />, numeric: true },
    { key: "approved", header: t("col.approved"), value: (r) => csvYuan(r.approved), render: (r) => <Money yuan={r.approved} mode="exact" />, numeric: true },
    { key: "paid", header: t("col.paid"), value: (r) => csvYuan(r.paid), render: (r) => <Money yuan={r.paid} mode="exact" />, numeric: true },
  ];
  return (
    <DataTable
      caption={t("ent.totals")}
      columns={columns}
      rows={file.totals}
      rowKey={(r) => `${r.key.document}-${r.key.year}`}
      csvName={fileName(["enterprise", file.creditCode, "totals"], "csv")}
      footer={[file.total]}
      stackOnPhone
    />
  );
}

function CapsTable({ file }: { file: File }) {
  const t = useT();
  const { lang } = useLocale();
  const used = (c: CapHeadroom) => (c.cap === null || c.cap === 0 ? null : Math.min(1, c.drawn / c.cap));
  const columns: Column<CapHeadroom>[] = [
    { key: "scope", header: t("ent.col.scope"), value: (c) => c.label[lang] },
    { key: "provisions", header: t("ent.col.provisions"), value: (c) => c.provisions.join(" ") },
    { key: "account", header: t("ent.col.account"), value: (c) => [c.projectId, c.year].filter((x) => x !== null).join(" · ") || t("ent.allYears") },
    { key: "cap", header: t("ent.col.cap"), value: (c) => csvYuan(c.cap), render: (c) => <Money yuan={c.cap} mode="exact" />, numeric: true },
    { key: "drawn", header: t("ent.col.drawn"), value: (c) => csvYuan(c.drawn), render: (c) => <Money yuan={c.drawn} mode="exact" />, numeric: true },
    { key: "headroom", header: t("ent.col.headroom"), value: (c) => csvYuan(c.headroom), render: (c) => <Money yuan={c.headroom} mode="exact" />, numeric: true },
    {
      key: "use",
      header: t("ent.col.use"),
      value: (c) => (used(c) === null ? "" : percent(used(c), lang)),
      sortValue: used,
      render: (c) => {
        const share = used(c);
        if (share === null) return "—";
        return (
          <span className="ent-use">
            <span className="ent-bar" aria-hidden="true">
              <span style={{ width: `${share * 100}%` }} className={share >= 1 ? "full" : undefined} />
            </span>
            {percent(share, lang)}
          </span>
        );
      },
      numeric: true,
    },
  ];
  return (
    <DataTable
      caption={t("ent.capsTable")}
      columns={columns}
      rows={file.caps}
      rowKey={(c) => JSON.stringify([c.capKey, c.scope, c.projectId, c.year])}
      csvName={fileName(["enterprise", file.creditCode, "caps"], "csv")}
      stackOnPhone
    />
  );
}

function ApplicationsTable({ file }: { file: File }) {
  const t = useT();
  const { lang, locale } = useLocale();
  const amountFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const names = useNames();
  const [state, setState] = useState<{ sort?: string | undefined; page?: number | undefined }>({});
  const columns: Column<FileApplication>[] = [
    { key: "applicationId", header: t("col.applicationId"), value: (a) => a.applicationId },
    { key: "date", header: t("ent.col.date"), value: (a) => a.applicationDate },
    { key: "provision", header: t("col.provision"), value: (a) => a.provision, render: (a) => <span title={names.provisionTitle(a.provision)}>{a.provision}</span> },
    { key: "year", header: t("col.year"), value: (a) => a.year, numeric: true },
    { key: "status", header: t("col.status"), value: (a) => t(`status.${a.status}` as MessageId) },
    // As entered: yuan, or a count for a provision computed per unit.
    { key: "amount", header: t("ent.col.amount"), value: (a) => a.amount ?? "", render: (a) => (a.amount === null ? "—" : amountFormat.format(a.amount)), numeric: true },
    { key: "ceiling", header: t("ent.col.ceiling"), value: (a) => csvYuan(a.ceiling), render: (a) => <Money yuan={a.ceiling} mode="exact" />, numeric: true },
    { key: "approved", header: t("col.approved"), value: (a) => csvYuan(a.approved), render: (a) => <Money yuan={a.approved} mode="exact" />, numeric: true },
    { key: "paid", header: t("col.paid"), value: (a) => csvYuan(a.paid), render: (a) => <Money yuan={a.paid} mode="exact" />, numeric: true },
    {
      key: "verdict",
      header: t("ent.col.verdict"),
      value: (a) => [t(`ent.verdict.${a.verdict}` as MessageId), ...a.violations.map((v) => VIOLATION_LABEL[v.code][lang])].join("；"),
      render: (a) => (
        <span className={`verdict verdict-${a.verdict}`}>
          {t(`ent.verdict.${a.verdict}` as MessageId)}
          {a.violations.length > 0 && (
            <span className="note">
              {"："}
              {a.violations.map((v) => VIOLATION_LABEL[v.code][lang]).join("；")}
            </span>
          )}
        </span>
      ),
    },
  ];
  return (
    <DataTable
      caption={t("ent.applicationsTable")}
      columns={columns}
      rows={file.applications}
      rowKey={(a) => a.applicationId}
      csvName={fileName(["enterprise", file.creditCode, "applications"], "csv")}
      pageSize={20}
      state={state}
      onState={setState}
    />
  );
}
