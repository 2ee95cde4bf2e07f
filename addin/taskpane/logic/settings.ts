// The service URL and token, kept in the add-in's own storage (OfficeRuntime.storage in the shared runtime,
// else the page's partitioned localStorage), never in the workbook: a workbook travels by e-mail, a token
// must not.
export interface Settings {
  serviceUrl: string;
  token: string;
}

export interface KeyValueStore {
  getItem(key: string): Promise<string | null>;
  setItem(key: string, value: string): Promise<void>;
}

const KEYS = { serviceUrl: "subsidy.serviceUrl", token: "subsidy.token" } as const;

export function defaultStore(): KeyValueStore {
  const runtime = (globalThis as { OfficeRuntime?: { storage?: KeyValueStore } }).OfficeRuntime;
  if (runtime?.storage) return runtime.storage;
  const local = globalThis.localStorage;
  return {
    getItem: async (key) => local.getItem(key),
    setItem: async (key, value) => local.setItem(key, value),
  };
}

export async function loadSettings(store: KeyValueStore, fallbackUrl: string): Promise<Settings> {
  return { serviceUrl: (await store.getItem(KEYS.serviceUrl)) ?? fallbackUrl, token: (await store.getItem(KEYS.token)) ?? "" };
}

export async function saveSettings(store: KeyValueStore, settings: Settings): Promise<void> {
  await store.setItem(KEYS.serviceUrl, settings.serviceUrl.trim().replace(/\/+$/, ""));
  await store.setItem(KEYS.token, settings.token.trim());
}

/** The URL must be HTTPS (Office blocks mixed content), except for a service on this machine. */
export function checkServiceUrl(url: string): "ok" | "invalid" | "insecure" {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "invalid";
  }
  if (parsed.protocol === "https:") return "ok";
  if (parsed.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(parsed.hostname)) return "ok";
  return parsed.protocol === "http:" ? "insecure" : "invalid";
}
