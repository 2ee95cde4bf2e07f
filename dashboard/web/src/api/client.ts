// One way to call the ledger service: every failure becomes an ApiError the views can name to the user. A token the
// user entered (api/token.ts) goes with every request: reads are then its office's, and writes are possible.
import { authorization } from "./token.ts";

export type ApiErrorKind = "down" | "http" | "invalid";

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly status?: number,
    /** The field the service named in its 4xx body. */
    readonly field?: string,
  ) {
    super(message);
  }
}

function describeBody(body: unknown): { message?: string; field?: string } {
  if (!body || typeof body !== "object") return {};
  const b = body as Record<string, unknown>;
  const inner = (b.error && typeof b.error === "object" ? b.error : b) as Record<string, unknown>;
  const message = typeof inner.message === "string" ? inner.message : typeof b.message === "string" ? b.message : undefined;
  const msgObj = inner.message && typeof inner.message === "object" ? (inner.message as Record<string, unknown>) : undefined;
  return {
    message: message ?? (typeof msgObj?.zh === "string" ? `${msgObj.zh} / ${String(msgObj.en)}` : undefined),
    field: typeof inner.field === "string" ? inner.field : undefined,
  };
}

export async function getJson<T>(path: string, params: Record<string, string> = {}, signal?: AbortSignal): Promise<T> {
  const query = new URLSearchParams(params).toString();
  let response: Response;
  try {
    response = await fetch(`${path}${query ? `?${query}` : ""}`, { headers: { accept: "application/json", ...authorization() }, signal });
  } catch (e) {
    if ((e as Error).name === "AbortError") throw e;
    throw new ApiError("down", (e as Error).message);
  }
  // A proxy in front of a stopped service answers 502/503/504: to the user that is the service being down.
  if (response.status === 502 || response.status === 503 || response.status === 504) {
    throw new ApiError("down", `HTTP ${response.status}`, response.status);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new ApiError("invalid", `HTTP ${response.status}: not JSON`, response.status);
  }
  if (!response.ok) {
    const { message, field } = describeBody(body);
    throw new ApiError("http", message ?? `HTTP ${response.status}`, response.status, field);
  }
  return body as T;
}

/**
 * POST a JSON body. Unlike a read, a 503 that carries the service's own error body (a what-if refused while others
 * run) is the service answering, not the service down: its message is kept.
 */
export async function postJson<T>(path: string, json: unknown, signal?: AbortSignal): Promise<T> {
  return (await sendJson<T>("POST", path, json, {}, signal)).body;
}

/** Sends a JSON body (POST or PUT, with extra headers such as If-Match); the answer's body and ETag. */
export async function sendJson<T>(method: "POST" | "PUT", path: string, json: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<{ body: T; etag: string | null }> {
  let response: Response;
  try {
    response = await fetch(path, { method, headers: { accept: "application/json", "content-type": "application/json", ...authorization(), ...headers }, body: JSON.stringify(json), signal });
  } catch (e) {
    if ((e as Error).name === "AbortError") throw e;
    throw new ApiError("down", (e as Error).message);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    if (response.status === 502 || response.status === 503 || response.status === 504) throw new ApiError("down", `HTTP ${response.status}`, response.status);
    throw new ApiError("invalid", `HTTP ${response.status}: not JSON`, response.status);
  }
  if (!response.ok) {
    const { message, field } = describeBody(body);
    throw new ApiError("http", message ?? `HTTP ${response.status}`, response.status, field);
  }
  return { body: body as T, etag: response.headers.get("etag") };
}
