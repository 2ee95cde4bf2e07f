// A draft notice saved in the service (/api/notices): listed (the office's drafts and every published notice),
// created or replaced under If-Match, published by an admin; and the token's session, which says whether it may
// draft or publish (the service's own checks, so the view offers only what the service would take).
import { getJson, sendJson } from "../api/client.ts";

export interface Text {
  zh: string;
  en: string;
}

export interface NoticeFields {
  title: Text;
  /** 文号, or null. */
  number: string | null;
  window: { start: string; end: string };
}

export interface StoredNotice {
  id: string;
  status: "draft" | "published";
  version: number;
  jurisdiction: string;
  notice: NoticeFields & { id: string; document: string; overrides: Record<string, string | number> };
  updatedAt: string;
  updatedBy: { name: string };
}

export interface Session {
  name: string;
  jurisdiction: string | null;
  may: { draftNotice: boolean; publishNotice: boolean };
}

export const fetchSession = (signal?: AbortSignal) => getJson<Session>("/api/session", {}, signal);

export const listNotices = async (signal?: AbortSignal) => (await getJson<{ notices: StoredNotice[] }>("/api/notices", {}, signal)).notices;

/** Saves the draft: a new one (POST), or the one opened at its version (PUT, If-Match). */
export async function saveNotice(opened: Pick<StoredNotice, "id" | "version"> | null, document: string, fields: NoticeFields, overrides: Record<string, string>): Promise<StoredNotice> {
  const body = { document, ...fields, overrides };
  if (opened === null) return (await sendJson<StoredNotice>("POST", "/api/notices", body)).body;
  return (await sendJson<StoredNotice>("PUT", `/api/notices/${encodeURIComponent(opened.id)}`, body, { "if-match": `"${opened.version}"` })).body;
}

export async function publishNotice(opened: Pick<StoredNotice, "id" | "version">): Promise<StoredNotice> {
  return (await sendJson<StoredNotice>("POST", `/api/notices/${encodeURIComponent(opened.id)}/publish`, {}, { "if-match": `"${opened.version}"` })).body;
}
