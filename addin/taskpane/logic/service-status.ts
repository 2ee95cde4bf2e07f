// Whether the ledger service answers, and whether it computes with the same catalog as these functions: Excel may
// keep old function files for up to a day after the rules change, and a workbook computed with older rules must
// be noticed. The pane works without the service (browsing, formulas); only publishing needs it.
export type ServiceStatus =
  | { state: "checking" }
  /**
   * catalogVersion: the service's whole version (rules and the notices published through it); rulesVersion: its
   * rules/ part, which `matches` compares with the functions' own (a service before notices reports only the one).
   */
  | { state: "online"; catalogVersion: string | null; rulesVersion: string | null; publishedNotices: string[]; matches: boolean }
  | { state: "offline"; url: string; reason: string };

export type FetchLike = (url: string, init?: { signal?: AbortSignal; headers?: Record<string, string> }) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

export async function checkService(serviceUrl: string, ownVersion: string, fetchImpl: FetchLike = fetch, timeoutMs = 8000): Promise<ServiceStatus> {
  const url = `${serviceUrl.replace(/\/+$/, "")}/api/health`;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetchImpl(url, { signal: controller.signal, headers: { accept: "application/json" } });
    if (!response.ok) return { state: "offline", url: serviceUrl, reason: `HTTP ${response.status}` };
    const body = (await response.json()) as { catalogVersion?: unknown; rulesVersion?: unknown; publishedNotices?: unknown };
    const text = (value: unknown) => (typeof value === "string" ? value : null);
    const catalogVersion = text(body.catalogVersion);
    const rulesVersion = text(body.rulesVersion) ?? catalogVersion;
    const publishedNotices = Array.isArray(body.publishedNotices) ? body.publishedNotices.filter((id): id is string => typeof id === "string") : [];
    return { state: "online", catalogVersion, rulesVersion, publishedNotices, matches: rulesVersion === null || rulesVersion === ownVersion };
  } catch (error) {
    return { state: "offline", url: serviceUrl, reason: controller.signal.aborted ? "timeout" : (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

/** office.js (or, in the browser test, the packaged runtime) defines these; neither means the script did not load. */
export function officeLoaded(): boolean {
  const g = globalThis as { Office?: unknown; CustomFunctions?: unknown };
  return g.Office !== undefined || g.CustomFunctions !== undefined;
}
