// 一企一档: an enterprise found by name or credit code, and its file — every application across documents and years
// with its stored evaluation, totals per document and year, and the headroom left under each cap that spans
// applications. Read from the stored outcomes (ledger_rows) and cap draws (ledger_cap_draws) the writes keep
// current; nothing is re-evaluated here. `scope`: the reader's office (null: every office).
import { sql } from "kysely";
import { scopeLabel, type CapScope } from "../../../shared/catalog/cap-scopes.ts";
import type { Engine } from "../../../shared/engine/engine.ts";
import type { CapHeadroom, EnterpriseFile, EnterpriseHit, FileApplication } from "../../../shared/ledger/enterprise-file.ts";
import type { LedgerRow } from "../../../shared/ledger/row.ts";
import type { StoredViolation } from "../../../shared/ledger/stored-outcome.ts";
import { summaryOfGroups, totalOf, type GroupTotals, type SummaryRow } from "../../../shared/ledger/summary.ts";
import { chunks } from "../db/chunks.ts";
import type { Db, Executor } from "../db/open.ts";
import { eventsOf, partsOf, UNDATED } from "./year-totals.ts";

/**
 * The enterprise's whole figures, whatever their date: the years' totals and the amounts whose date was never
 * recorded (which no year holds), as a summary without a year key counts them.
 */
function wholeTotal(totals: readonly SummaryRow[], undated: readonly { approved: number; paid: number }[]): SummaryRow {
  const years = totalOf(totals);
  const approvedFen = Math.round(years.approved * 100) + undated.reduce((s, u) => s + u.approved, 0);
  const paidFen = Math.round(years.paid * 100) + undated.reduce((s, u) => s + u.paid, 0);
  return { ...years, approved: approvedFen / 100, paid: paidFen / 100, paidRatio: approvedFen === 0 ? null : paidFen / approvedFen };
}

/** Enterprises a search answers at most. */
export const SEARCH_LIMIT = 20;

/** LIKE's wildcards and the escape character itself, escaped with `\` (the queries say ESCAPE '\'). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const DECIDED = sql`status IN ('approved', 'paid')`;

/** The name most rows carry; among equals the first in code-point order, so both backends answer alike. */
function commonest(counts: ReadonlyMap<string, number>): string {
  let best = "";
  let most = -1;
  for (const [name, n] of counts) if (n > most || (n === most && name < best)) [best, most] = [name, n];
  return best;
}

/**
 * Enterprises whose name holds `q` (case-insensitive for ASCII on both backends) or whose credit code starts with
 * it, in credit-code order, at most SEARCH_LIMIT. A scan of ledger_rows for the name (no index serves a substring);
 * the credit-code order walks the ledger_rows_credit_code_provision index (its first column) and stops at the 20th enterprise found.
 */
export async function searchEnterprises(db: Pick<Db, "k" | "scan">, q: string, scope: string | null): Promise<EnterpriseHit[]> {
  const name = `%${escapeLike(q.toLowerCase())}%`;
  const code = `${escapeLike(q.toUpperCase())}%`;
  const office = scope === null ? sql`` : sql`AND jurisdiction = ${scope}`;
  const found = await sql<{ credit_code: string }>`SELECT DISTINCT credit_code FROM ledger_rows
    WHERE (lower(enterprise) LIKE ${name} ESCAPE '\\' OR credit_code LIKE ${code} ESCAPE '\\') ${office}
    ORDER BY credit_code LIMIT ${SEARCH_LIMIT}`;
  // A name search reads every row (no index serves a substring): off the event loop.
  const codes = (await db.scan(found.compile(db.k))).map((r) => r.credit_code);
  if (codes.length === 0) return [];
  const groups = await sql<{ credit_code: string; jurisdiction: string | null; enterprise: string; n: number | string; approved: number | string; paid: number | string }>`
    SELECT credit_code, jurisdiction, enterprise, count(*) AS n,
      coalesce(sum(CASE WHEN ${DECIDED} THEN approved_fen END), 0) AS approved,
      coalesce(sum(CASE WHEN ${DECIDED} THEN paid_fen END), 0) AS paid
    FROM ledger_rows WHERE credit_code IN (${sql.join(codes)}) ${office}
    GROUP BY credit_code, jurisdiction, enterprise`.execute(db.k);
  const hits = new Map<string, { names: Map<string, number>; jurisdictions: Set<string>; rows: number; approved: number; paid: number }>();
  for (const c of codes) hits.set(c, { names: new Map(), jurisdictions: new Set(), rows: 0, approved: 0, paid: 0 });
  for (const g of groups.rows) {
    const hit = hits.get(g.credit_code);
    if (!hit) continue;
    const n = Number(g.n);
    hit.names.set(g.enterprise, (hit.names.get(g.enterprise) ?? 0) + n);
    if (g.jurisdiction !== null) hit.jurisdictions.add(g.jurisdiction);
    hit.rows += n;
    hit.approved += Number(g.approved);
    hit.paid += Number(g.paid);
  }
  return codes.map((creditCode) => {
    const hit = hits.get(creditCode)!;
    return { creditCode, enterprise: commonest(hit.names), jurisdictions: [...hit.jurisdictions].sort(), rows: hit.rows, approved: hit.approved / 100, paid: hit.paid / 100 };
  });
}

const yuan = (fen: number | string | null): number | null => (fen === null ? null : Number(fen) / 100);

/** The cap's limit (fen) as the row's provision compiles it, under the row's notice where it names one. */
function capLimitFen(engine: Engine, row: LedgerRow, capKey: string): number | null {
  const under = row.notice ? engine.forNotice(row.notice, row.provisionId) : null;
  const on = under && "engine" in under ? under.engine : engine;
  return on.lookup(row.provisionId)?.compiled.caps.find((c) => c.key === capKey)?.limitFen ?? null;
}

/** Ledger order within an enterprise: application date, then ID (shared/ledger/order.ts orders the same way). */
const byDate = (a: FileApplication, b: FileApplication): number =>
  a.applicationDate < b.applicationDate ? -1 : a.applicationDate > b.applicationDate ? 1 : a.applicationId < b.applicationId ? -1 : a.applicationId > b.applicationId ? 1 : 0;

/** The enterprise's file, or null when it has no row the reader may see. */
export async function enterpriseFile(ex: Executor, engine: Engine, creditCode: string, scope: string | null): Promise<EnterpriseFile | null> {
  let query = ex.selectFrom("ledger_rows").selectAll().where("credit_code", "=", creditCode);
  if (scope !== null) query = query.where("jurisdiction", "=", scope);
  const records = await query.execute();
  if (records.length === 0) return null;
  const rows = new Map<string, LedgerRow>();
  const applications = records.map((r): FileApplication => {
    const row = JSON.parse(r.data) as LedgerRow;
    rows.set(r.application_id, row);
    return {
      applicationId: r.application_id,
      projectId: row.projectId,
      enterprise: r.enterprise,
      district: r.district,
      jurisdiction: r.jurisdiction,
      document: r.document,
      provision: r.provision_id,
      notice: row.notice ?? null,
      year: Number(r.year),
      applicationDate: row.applicationDate,
      status: row.status,
      amount: row.amount,
      facts: row.facts,
      ceiling: yuan(r.ceiling_fen),
      approved: yuan(r.approved_fen),
      paid: yuan(r.paid_fen),
      verdict: r.verdict,
      violations: r.violations === null ? [] : (JSON.parse(r.violations) as StoredViolation[]),
    };
  });
  applications.sort(byDate);

  // The same grouping as the summary's SQL (summary-sql.ts): ceilings summed by application year, approved by the
  // year of approval and paid by the year of payment (year-totals.ts's parts of each row; undated ones apart).
  const groups = new Map<string, GroupTotals>();
  const groupOf = (document: string, year: number): GroupTotals => {
    const key = { document, year };
    const id = JSON.stringify(key);
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { key, count: 0, requested: 0, uncapped: 0, approved: 0, paid: 0, years: new Set([year]) }));
    return g;
  };
  const undated = new Map<string, { key: { document: string }; approved: number; paid: number }>();
  const events = await eventsOf(ex, records.map((r) => r.application_id));
  for (const r of records) {
    const document = r.document ?? "";
    const g = groupOf(document, Number(r.year));
    g.count++;
    if (r.ceiling_fen === null) g.uncapped++;
    else g.requested += Number(r.ceiling_fen);
    for (const [basis, year, fen] of partsOf(r, events.get(r.application_id))) {
      if (year !== UNDATED) {
        groupOf(document, year)[basis] += fen;
        continue;
      }
      let u = undated.get(document);
      if (!u) undated.set(document, (u = { key: { document }, approved: 0, paid: 0 }));
      u[basis] += fen;
    }
  }
  const totals = summaryOfGroups([...groups.values()], ["document", "year"], []);

  const names = new Map<string, number>();
  for (const a of applications) names.set(a.enterprise, (names.get(a.enterprise) ?? 0) + 1);
  const nameList = [...names.keys()].sort((a, b) => (names.get(b) ?? 0) - (names.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0));

  return {
    creditCode,
    enterprise: commonest(names),
    names: nameList,
    districts: [...new Set(applications.map((a) => a.district))].sort(),
    jurisdictions: [...new Set(applications.flatMap((a) => (a.jurisdiction === null ? [] : [a.jurisdiction])))].sort(),
    applications,
    totals,
    total: wholeTotal(totals, [...undated.values()]),
    undated: [...undated.values()].map((u) => ({ key: u.key, approved: u.approved / 100, paid: u.paid / 100 })),
    caps: await capHeadroom(ex, engine, creditCode, rows, applications),
  };
}

/**
 * Each cap account of the enterprise with what its rows drew. A reader of one office sees the accounts of that
 * office's rows only: no cap spans two jurisdictions (stored-evaluation.ts), so an account is wholly one office's.
 * The cap's amount is the one the account's latest application is evaluated under (a notice can restate it).
 */
async function capHeadroom(ex: Executor, engine: Engine, creditCode: string, rows: ReadonlyMap<string, LedgerRow>, ordered: readonly FileApplication[]): Promise<CapHeadroom[]> {
  const draws = [];
  for (const part of chunks([...rows.keys()], 500)) {
    draws.push(...(await ex.selectFrom("ledger_cap_draws").selectAll().where("credit_code", "=", creditCode).where("application_id", "in", part).execute()));
  }
  const position = new Map(ordered.map((a, i) => [a.applicationId, i]));
  const accounts = new Map<string, { capKey: string; scope: CapScope; projectId: string | null; year: number | null; drawnFen: number; applications: string[] }>();
  for (const d of draws) {
    const year = d.year === null ? null : Number(d.year);
    const id = JSON.stringify([d.cap_key, d.scope, d.project_id, year]);
    let account = accounts.get(id);
    if (!account) accounts.set(id, (account = { capKey: d.cap_key, scope: d.scope as CapScope, projectId: d.project_id, year, drawnFen: 0, applications: [] }));
    account.drawnFen += Number(d.drawn_fen);
    account.applications.push(d.application_id);
  }
  const out: CapHeadroom[] = [];
  for (const a of accounts.values()) {
    a.applications.sort((x, y) => (position.get(x) ?? 0) - (position.get(y) ?? 0));
    const latest = rows.get(a.applications[a.applications.length - 1] ?? "");
    const limitFen = latest ? capLimitFen(engine, latest, a.capKey) : null;
    out.push({
      capKey: a.capKey,
      scope: a.scope,
      label: { zh: scopeLabel(a.scope, "zh"), en: scopeLabel(a.scope, "en") },
      projectId: a.projectId,
      year: a.year,
      cap: yuan(limitFen),
      drawn: a.drawnFen / 100,
      headroom: limitFen === null ? null : Math.max(0, limitFen - a.drawnFen) / 100,
      provisions: [...new Set(a.applications.map((id) => rows.get(id)?.provisionId ?? ""))].filter((p) => p !== ""),
      applications: a.applications,
    });
  }
  // Least headroom first: what an officer must watch.
  return out.sort((x, y) => (x.headroom ?? Infinity) - (y.headroom ?? Infinity) || (x.capKey < y.capKey ? -1 : x.capKey > y.capKey ? 1 : 0) || String(x.year ?? "").localeCompare(String(y.year ?? "")) || String(x.projectId ?? "").localeCompare(String(y.projectId ?? "")));
}
