// Which stored notices a reader sees: a published notice is everyone's (it is the office's public word), a draft
// only its office's (and an `all` token's). Another office's draft answers 404, as if it were not there.
import type { TokenInfo } from "../auth/tokens.ts";
import type { Executor } from "../db/open.ts";
import { getNotice, noSuchNotice, type StoredNotice } from "./store.ts";

export function visible(token: TokenInfo | null, stored: StoredNotice): boolean {
  return stored.status === "published" || (token !== null && (token.jurisdiction === "all" || token.jurisdiction === stored.jurisdiction));
}

/** The stored notice the reader may see, or 404 naming `field`. */
export async function visibleNotice(ex: Executor, token: TokenInfo | null, id: string, field = "id"): Promise<StoredNotice> {
  const stored = await getNotice(ex, id);
  if (!stored || !visible(token, stored)) throw noSuchNotice(id, field);
  return stored;
}
