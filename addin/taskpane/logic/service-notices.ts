// The notices published through the service, loaded into the functions' engine once the pane reaches the service:
// the pane and the functions share one runtime (SharedRuntime), so =CQ.SUBSIDY(…, "notice", "api-jiulongpo-3")
// computes with the published figures, admitted by the rule the service and the CLI use (shared/engine/admit-notices.ts).
import { Notice } from "../../../shared/catalog/notice.ts";
import type { Text } from "../../../shared/catalog/schema.ts";
import { admitNotices, type Admission } from "../../../shared/engine/admit-notices.ts";
import type { Engine } from "../../../shared/engine/engine.ts";
import type { FetchLike } from "./service-status.ts";

export type NoticesState =
  | { state: "idle" }
  | { state: "loaded"; admission: Admission }
  /** The service would not list them (401 without a token where reads are closed), or could not be reached. */
  | { state: "failed"; reason: Text };

/** GET /api/notices, the published ones admitted to `engine`; the token where one is saved. */
export async function loadPublishedNotices(serviceUrl: string, token: string, engine: Engine, fetchImpl: FetchLike = fetch): Promise<NoticesState> {
  try {
    const headers: Record<string, string> = { accept: "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) };
    const response = await fetchImpl(`${serviceUrl.replace(/\/+$/, "")}/api/notices`, { headers });
    const body = (await response.json().catch(() => ({}))) as { notices?: { status?: string; notice?: Record<string, unknown> }[]; error?: { message?: Text } };
    if (!response.ok || !Array.isArray(body.notices)) {
      return { state: "failed", reason: body.error?.message ?? { zh: `服务返回 ${response.status}`, en: `the service answered ${response.status}` } };
    }
    // The service answers the budget in yuan (as a file writes it) with budgetFen beside it; the file's form is parsed.
    const published = body.notices.filter((n) => n.status === "published" && n.notice).map(({ notice }) => {
      const { budgetFen: _fen, ...asWritten } = notice as Record<string, unknown>;
      return Notice.parse(asWritten);
    });
    return { state: "loaded", admission: admitNotices(engine, published) };
  } catch (error) {
    const message = (error as Error).message;
    return { state: "failed", reason: { zh: `无法读取已发布的申报通知：${message}`, en: `cannot read the published notices: ${message}` } };
  }
}

/** The notices the service has published that this engine does not hold, in the service's order. */
export function unloadedNotices(published: readonly string[], engine: Engine): string[] {
  const held = new Set(engine.catalog.notices.map((n) => n.id));
  return published.filter((id) => !held.has(id));
}
