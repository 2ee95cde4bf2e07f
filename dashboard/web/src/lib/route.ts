// The whole view state lives in the URL query, so that a link reopens the same view for whoever it is sent to.
import type { Jurisdiction } from "../../../../shared/catalog/schema.ts";
import type { Status } from "../../../../shared/ledger/row.ts";
import { parseProfile, writeProfile, type Profile } from "./calc-profile.ts";
import { JURISDICTIONS, STATUSES } from "./vocabulary.ts";

export const VIEWS = ["overview", "year", "drill", "provision", "whatif", "quality", "calculator", "enterprise"] as const;
export type View = (typeof VIEWS)[number];

/** The filters every view applies; names and values are those of GET /api/summary and /api/ledger. */
export interface Filters {
  year?: number;
  jurisdiction?: Jurisdiction;
  document?: string;
  district?: string;
  status?: Status;
  /** The drill-down's third level and the provision page's subject. */
  provision?: string;
}

export const FILTER_KEYS = ["year", "jurisdiction", "document", "district", "status", "provision"] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export interface Route {
  view: View;
  filters: Filters;
  /** 1-based page of a paged table, and its sort ("approved" / "-approved"). */
  page?: number;
  sort?: string;
  /** The year view's 预警 threshold: points behind time progress (序时进度). */
  lag?: number;
  /** The policy calculator's enterprise profile (its district is the `district` filter). */
  profile?: Profile;
  /** The enterprise file's enterprise (its credit code) and the search typed to find one. */
  code?: string;
  q?: string;
}

const ID_LIKE = /^[a-z0-9][a-z0-9-]{0,39}$/;
/** A credit code as the ledger holds it (upper case; an invalid one is still some enterprise's key). */
const CREDIT_CODE = /^[0-9A-Z]{1,32}$/;

function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** Reads a route from a query string; anything malformed is dropped rather than sent to the service. */
export function parseRoute(search: string): Route {
  const q = new URLSearchParams(search);
  const filters: Filters = {};
  const year = Number(q.get("year"));
  if (q.get("year") && Number.isInteger(year) && year >= 2000 && year <= 2100) filters.year = year;
  const jurisdiction = oneOf(JURISDICTIONS, q.get("jurisdiction"));
  if (jurisdiction) filters.jurisdiction = jurisdiction;
  const status = oneOf(STATUSES, q.get("status"));
  if (status) filters.status = status;
  for (const key of ["document", "provision"] as const) {
    const value = q.get(key)?.trim().toLowerCase();
    if (value && ID_LIKE.test(value)) filters[key] = value;
  }
  const district = q.get("district")?.trim();
  if (district && district.length <= 50) filters.district = district;
  const route: Route = { view: oneOf(VIEWS, q.get("view")) ?? "overview", filters };
  const page = Number(q.get("page"));
  if (Number.isInteger(page) && page > 1) route.page = page;
  const sort = q.get("sort");
  if (sort && /^-?[a-zA-Z]{1,20}$/.test(sort)) route.sort = sort;
  const lag = Number(q.get("lag"));
  if (q.get("lag") && Number.isInteger(lag) && lag >= 1 && lag <= 100) route.lag = lag;
  if (route.view === "calculator") {
    const profile = parseProfile(q);
    if (profile) route.profile = profile;
  }
  if (route.view === "enterprise") {
    const code = q.get("code")?.trim().toUpperCase();
    if (code && CREDIT_CODE.test(code)) route.code = code;
    const text = q.get("q")?.trim();
    if (text && text.length <= 80) route.q = text;
  }
  return route;
}

/** The query string for a route, keys in a fixed order so equal views give equal links. */
export function routeToSearch(route: Route): string {
  const q = new URLSearchParams();
  if (route.view !== "overview") q.set("view", route.view);
  for (const key of FILTER_KEYS) {
    const value = route.filters[key];
    if (value !== undefined && value !== "") q.set(key, String(value));
  }
  if (route.page && route.page > 1) q.set("page", String(route.page));
  if (route.sort) q.set("sort", route.sort);
  if (route.lag !== undefined) q.set("lag", String(route.lag));
  if (route.view === "calculator") writeProfile(q, route.profile);
  if (route.view === "enterprise") {
    if (route.code) q.set("code", route.code);
    if (route.q) q.set("q", route.q);
  }
  const text = q.toString();
  return text ? `?${text}` : "";
}

/** The API query parameters for a set of filters (the service takes the same names). */
export function filterParams(filters: Filters, omit: readonly FilterKey[] = []): Record<string, string> {
  const params: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value !== undefined && !omit.includes(key)) params[key] = String(value);
  }
  return params;
}

/**
 * Whether the filters select part of a jurisdiction's rows (a district, a document, a provision, a status): a
 * commitment is the whole jurisdiction's, so these rows' approvals are a share of it, not its execution.
 */
export function narrowsCommitment(filters: Filters): boolean {
  return Boolean(filters.document || filters.provision || filters.district || filters.status);
}
