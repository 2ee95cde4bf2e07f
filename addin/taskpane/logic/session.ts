// Who the saved token is, asked of the service (GET /api/session), and what the pane offers for it: publishing
// needs a token that may submit (经办), and a row of another office is found here, before anything is sent, with
// the rule the service applies (shared/ledger/offices.ts), since the service would refuse the whole batch with 403
// naming rows.N.jurisdiction.
import type { Catalog } from "../../../shared/catalog/catalog.ts";
import type { Text } from "../../../shared/catalog/schema.ts";
import { mayWriteIn, rowJurisdiction, type RoleName } from "../../../shared/ledger/offices.ts";
import type { LedgerRow } from "../../../shared/ledger/row.ts";
import type { FetchLike } from "./service-status.ts";

export interface Session {
  name: string;
  /** null: unscoped, made before offices; it reads and may not write until re-issued. */
  jurisdiction: string | null;
  roles: RoleName[];
  unscoped: boolean;
  may: { submit: boolean; approve: boolean; pay: boolean; commitments: boolean; read: boolean };
}

export type SessionState =
  | { state: "none" }
  | { state: "checking" }
  | { state: "known"; session: Session }
  /** The service does not take the token (401): unknown, revoked or mistyped; `message` is the service's. */
  | { state: "refused"; message: Text }
  | { state: "offline"; reason: string };

export async function fetchSession(serviceUrl: string, token: string, fetchImpl: FetchLike = fetch, timeoutMs = 8000): Promise<SessionState> {
  if (!token) return { state: "none" };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetchImpl(`${serviceUrl.replace(/\/+$/, "")}/api/session`, { signal: controller.signal, headers: { accept: "application/json", authorization: `Bearer ${token}` } });
    const body = (await response.json().catch(() => ({}))) as Partial<Session> & { error?: { message?: Text } };
    if (response.status === 401 || response.status === 429) {
      return { state: "refused", message: body.error?.message ?? { zh: `服务返回 ${response.status}`, en: `the service answered ${response.status}` } };
    }
    if (!response.ok || typeof body.name !== "string" || !body.may) return { state: "offline", reason: `HTTP ${response.status}` };
    return { state: "known", session: body as Session };
  } catch (error) {
    return { state: "offline", reason: controller.signal.aborted ? "timeout" : (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

/** Why publishing is not offered (a message ID of the pane), or null when the token may submit rows. */
export function publishRefusal(state: SessionState): "publish.needToken" | "publish.unverified" | "publish.unscoped" | "publish.needClerk" | null {
  if (state.state === "none") return "publish.needToken";
  if (state.state !== "known") return "publish.unverified";
  if (state.session.unscoped) return "publish.unscoped";
  return state.session.may.submit ? null : "publish.needClerk";
}

export interface ForeignRow {
  /** Index in the rows to publish. */
  index: number;
  applicationId: string;
  /** The row's office (null: its provision is not in the catalog). */
  jurisdiction: string | null;
}

/** The rows the token's office may not write (by the row as sent; a stored row moved from elsewhere is the service's to find). */
export function foreignRows(rows: readonly LedgerRow[], catalog: Pick<Catalog, "byId">, session: Pick<Session, "jurisdiction">): ForeignRow[] {
  return rows.flatMap((row, index) => {
    const jurisdiction = rowJurisdiction(catalog, row);
    return mayWriteIn(session, jurisdiction) ? [] : [{ index, applicationId: row.applicationId, jurisdiction }];
  });
}
