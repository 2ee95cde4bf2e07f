// The service's read API as the dashboard uses it (issue 5). Types come from shared/, the one source of shapes.
import type { Commitment, Formula } from "../../../../shared/catalog/schema.ts";
import type { Parameters } from "../../../../shared/engine/describe.ts";
import type { EnterpriseFile, EnterpriseHit } from "../../../../shared/ledger/enterprise-file.ts";
import type { LedgerRow } from "../../../../shared/ledger/row.ts";
import type { GroupKey, SummaryRow } from "../../../../shared/ledger/summary.ts";
import { filterParams, type Filters } from "../lib/route.ts";
import { getJson } from "./client.ts";
import type { Ageing } from "../../../../shared/ledger/ageing.ts";

export type { EnterpriseFile, EnterpriseHit, GroupKey, SummaryRow };

function rowsOf<T>(body: unknown, key: string): T[] {
  if (Array.isArray(body)) return body as T[];
  const value = (body as Record<string, unknown> | null)?.[key];
  return Array.isArray(value) ? (value as T[]) : [];
}

/** Approved and paid amounts whose date was never recorded (in no year), by the grouping's other keys. */
export interface UndatedTotals {
  key: Partial<Record<GroupKey, string | number>>;
  approved: number;
  paid: number;
}

export interface Summary {
  rows: SummaryRow[];
  /** Amounts in no year: approved without a recorded approval date, paid without a recorded payment date. */
  undated: UndatedTotals[];
  /** The ledger holds sample (demo) data. */
  sample: boolean;
  /** Rows stored as sample data, and all rows (null from a service that does not say). */
  sampleRows: number | null;
  totalRows: number | null;
  /** When the service last evaluated the ledger (ISO), the data's date for exports. */
  computedAt: string | null;
}

export async function fetchSummaryWithMeta(by: GroupKey[], filters: Filters, signal?: AbortSignal): Promise<Summary> {
  const body = await getJson<unknown>("/api/summary", { by: by.join(","), ...filterParams(filters) }, signal);
  const meta = (body ?? {}) as { sample?: unknown; sampleRows?: unknown; totalRows?: unknown; computedAt?: unknown };
  const count = (v: unknown) => (typeof v === "number" && Number.isInteger(v) ? v : null);
  return { rows: rowsOf<SummaryRow>(body, "rows"), undated: rowsOf<UndatedTotals>(body, "undated"), sample: meta.sample === true, sampleRows: count(meta.sampleRows), totalRows: count(meta.totalRows), computedAt: typeof meta.computedAt === "string" ? meta.computedAt : null };
}

export async function fetchSummary(by: GroupKey[], filters: Filters, signal?: AbortSignal): Promise<SummaryRow[]> {
  return (await fetchSummaryWithMeta(by, filters, signal)).rows;
}

/** GET /api/summary/ageing: approved but unpaid by days since approval, as of a day. */
export async function fetchAgeing(jurisdiction: string | undefined, asOf: string, signal?: AbortSignal): Promise<Ageing> {
  return getJson<Ageing>("/api/summary/ageing", { ...(jurisdiction ? { jurisdiction } : {}), asOf }, signal);
}

export interface LedgerPage {
  rows: LedgerRow[];
  total: number;
}

/** GET /api/ledger pages by limit and offset (at most 5000 rows a request). */
export async function fetchLedgerPage(filters: Filters, offset: number, limit: number, signal?: AbortSignal): Promise<LedgerPage> {
  const body = await getJson<Record<string, unknown>>("/api/ledger", { ...filterParams(filters), limit: String(limit), offset: String(offset) }, signal);
  // Each entry carries its row with its version and who stored it; the views need the row.
  const rows = rowsOf<{ row: LedgerRow } | LedgerRow>(body, "rows").map((entry) => ("row" in entry ? entry.row : entry));
  return { rows, total: typeof body.total === "number" ? body.total : rows.length };
}

/** Every row matching the filters, page by page (the views that aggregate by date or re-run the engine need them all). */
export async function fetchLedgerAll(filters: Filters, signal?: AbortSignal): Promise<LedgerRow[]> {
  const limit = 5000;
  const all: LedgerRow[] = [];
  for (;;) {
    const { rows, total } = await fetchLedgerPage(filters, all.length, limit, signal);
    all.push(...rows);
    if (rows.length < limit || all.length >= total) return all;
  }
}

export interface ProvisionListItem {
  id: string;
  document: string;
  jurisdiction: string;
  title: { zh: string; en: string };
  documentTitle?: { zh: string; en: string };
}

export async function fetchProvisions(signal?: AbortSignal): Promise<ProvisionListItem[]> {
  return rowsOf<ProvisionListItem>(await getJson<unknown>("/api/provisions", {}, signal), "provisions");
}

export interface ProvisionDetail extends ProvisionListItem {
  documentNumber: string | null;
  clause: string;
  citation: string;
  beneficiary: { zh: string; en: string };
  discretionary: boolean;
  conditions: { zh: string; en: string } | null;
  notes: { zh: string; en: string } | null;
  formula: Formula;
  parameters: Parameters;
  inForce: { start: string; end: string | null };
}

export async function fetchProvision(id: string, signal?: AbortSignal): Promise<ProvisionDetail> {
  return getJson<ProvisionDetail>(`/api/provisions/${encodeURIComponent(id)}`, {}, signal);
}

/** The service sends amounts in yuan with the exact fen beside them; shared/ holds commitments in fen. */
export async function fetchCommitments(signal?: AbortSignal): Promise<Commitment[]> {
  const list = rowsOf<Commitment & { amountFen: number }>(await getJson<unknown>("/api/commitments", {}, signal), "commitments");
  return list.map(({ amountFen, ...c }) => ({ ...c, amount: amountFen }));
}

export interface ServiceCatalogVersion {
  /** The whole: the rules and the notices published through the service. */
  catalogVersion: string;
  /** Its rules/ part, which this build baked too (a service before notices reports only the whole). */
  rulesVersion: string;
  publishedNotices: string[];
}

/** The catalog version the service computes with (GET /api/health), null from a service that does not say. */
export async function fetchCatalogVersion(signal?: AbortSignal): Promise<ServiceCatalogVersion | null> {
  const body = await getJson<{ catalogVersion?: unknown; rulesVersion?: unknown; publishedNotices?: unknown }>("/api/health", {}, signal);
  if (typeof body?.catalogVersion !== "string") return null;
  const published = Array.isArray(body.publishedNotices) ? body.publishedNotices.filter((id): id is string => typeof id === "string") : [];
  return { catalogVersion: body.catalogVersion, rulesVersion: typeof body.rulesVersion === "string" ? body.rulesVersion : body.catalogVersion, publishedNotices: published };
}

/** GET /api/enterprises?q=: at most 20 enterprises by name or credit-code prefix, within the reader's office. */
export async function fetchEnterprises(q: string, signal?: AbortSignal): Promise<EnterpriseHit[]> {
  return rowsOf<EnterpriseHit>(await getJson<unknown>("/api/enterprises", { q }, signal), "enterprises");
}

/** GET /api/enterprises/:creditCode: the enterprise file (一企一档). */
export async function fetchEnterpriseFile(creditCode: string, signal?: AbortSignal): Promise<EnterpriseFile> {
  return getJson<EnterpriseFile>(`/api/enterprises/${encodeURIComponent(creditCode)}`, {}, signal);
}
