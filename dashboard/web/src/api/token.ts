// The token the user entered to write (draft and publish notices): kept for this tab only (sessionStorage), never
// in the URL or in storage that outlives the tab, and sent as the Authorization header of every request.
const KEY = "subsidy.token";

/** The token as set in this page, ahead of storage (which a private window may refuse). */
let memory: string | null = null;

export function storedToken(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function storeToken(token: string | null): void {
  try {
    if (token === null) sessionStorage.removeItem(KEY);
    else sessionStorage.setItem(KEY, token);
  } catch {
    // Storage refused (private mode): the token lasts until the page reloads.
  }
  memory = token;
}

export function authorization(): Record<string, string> {
  const token = memory ?? storedToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}
