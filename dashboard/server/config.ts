// The service's configuration: defaults, then an optional JSON config file, then environment variables.
// Every variable is documented in dashboard/server/README.md.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { z } from "zod";
import { Jurisdiction } from "../../shared/catalog/schema.ts";
import { REPO_ROOT } from "../../shared/repo-root.ts";
import { isPostgresSpec } from "./db/target.ts";

/** Who may read without a token: everyone, nobody, or only requests from this machine (the default). */
export const READ_ACCESS = ["open", "local", "token"] as const;

const Origin = z
  .string()
  .url()
  .transform((u) => new URL(u).origin);

/** An address or a CIDR range (`10.0.0.0/8`, `::1/128`). */
function isAddressOrRange(text: string): boolean {
  const [address = "", bits, ...rest] = text.split("/");
  const family = net.isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
}

/**
 * Which proxies' X-Forwarded-For/-Host/-Proto to believe: none (false, the default), any (true), or the proxies
 * at these addresses. It decides the client address that `readAccess: local` and the authentication-failure
 * limit see, and the host the Host check sees. (No hop count: fastify refuses one, since it cannot tell a
 * proxy from a client that sends the headers itself.)
 */
const TrustProxy = z.union([
  z.boolean(),
  z
    .array(z.string().trim().refine(isAddressOrRange, { message: "not an IP address or CIDR range" }))
    .min(1),
]);

export const ServerConfig = z.strictObject({
  host: z.string().min(1).default("127.0.0.1"),
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  /** The database: a SQLite file path (the embedded default) or a postgres:// / postgresql:// URL. */
  dbPath: z.string().min(1).default(path.join(REPO_ROOT, "data", "subsidy.db")),
  /** The origin users and Excel reach the service at; manifest.xml URLs are rewritten to it. Derived when absent. */
  publicOrigin: Origin.optional(),
  /** The one cross-origin caller CORS admits: where the add-in is served from when not from this service. */
  addinOrigin: Origin.optional(),
  readAccess: z.enum(READ_ACCESS).default("local"),
  tlsCert: z.string().min(1).optional(),
  tlsKey: z.string().min(1).optional(),
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Seed the sample ledger and commitments into an empty database on first start. */
  seedSample: z.coerce.boolean().default(true),
  webDist: z.string().min(1).default(path.join(REPO_ROOT, "dashboard", "web", "dist")),
  addinDist: z.string().min(1).default(path.join(REPO_ROOT, "addin", "dist")),
  /** Auth failures allowed per client address per window before 429. */
  authFailureLimit: z.coerce.number().int().min(1).default(10),
  authFailureWindowMs: z.coerce.number().int().min(1000).default(60_000),
  trustProxy: TrustProxy.default(false),
  /** How long a client may take to send one whole request, headers and body; then 408 and the connection closes. */
  requestTimeoutMs: z.coerce.number().int().min(100).max(3_600_000).default(120_000),
  /** Origins besides Office's own that may frame the add-in (an on-premises Office Online Server, say). */
  addinFrameAncestors: z.array(Origin).default([]),
  /** What-ifs (POST /api/whatif) evaluated at once, each in a worker thread of its own; more are refused with 503. */
  whatIfSlots: z.coerce.number().int().min(1).max(4).default(2),
  /** A what-if running longer is stopped (its worker terminated) and answers 503. */
  whatIfTimeoutMs: z.coerce.number().int().min(100).max(600_000).default(60_000),
  /** Serve *.map files (and build them): for debugging only; production never exposes its sources. */
  sourceMaps: z.coerce.boolean().default(false),
  /**
   * Offices of one person, where whoever submitted a row may also approve or reject it (separation of duties waived);
   * each such decision records that it was decided alone. Empty (the default): the submitter never decides.
   */
  onePersonOffices: z.array(Jurisdiction).default([]),
});
export type ServerConfig = z.infer<typeof ServerConfig>;
export type ServerConfigInput = z.input<typeof ServerConfig>;

/** Environment variable → config key. */
export const ENV_VARS: Record<string, keyof ServerConfig> = {
  SUBSIDY_HOST: "host",
  SUBSIDY_PORT: "port",
  SUBSIDY_DB: "dbPath",
  SUBSIDY_PUBLIC_ORIGIN: "publicOrigin",
  SUBSIDY_ADDIN_ORIGIN: "addinOrigin",
  SUBSIDY_READ_ACCESS: "readAccess",
  SUBSIDY_TLS_CERT: "tlsCert",
  SUBSIDY_TLS_KEY: "tlsKey",
  SUBSIDY_LOG_LEVEL: "logLevel",
  SUBSIDY_SEED_SAMPLE: "seedSample",
  SUBSIDY_WEB_DIST: "webDist",
  SUBSIDY_ADDIN_DIST: "addinDist",
  SUBSIDY_AUTH_FAILURE_LIMIT: "authFailureLimit",
  SUBSIDY_AUTH_FAILURE_WINDOW_MS: "authFailureWindowMs",
  SUBSIDY_TRUST_PROXY: "trustProxy",
  SUBSIDY_REQUEST_TIMEOUT_MS: "requestTimeoutMs",
  SUBSIDY_ADDIN_FRAME_ANCESTORS: "addinFrameAncestors",
  SUBSIDY_SOURCE_MAPS: "sourceMaps",
  SUBSIDY_WHATIF_SLOTS: "whatIfSlots",
  SUBSIDY_WHATIF_TIMEOUT_MS: "whatIfTimeoutMs",
  SUBSIDY_ONE_PERSON_OFFICES: "onePersonOffices",
};

export class ConfigError extends Error {}

const OFF = /^(0|false|no|off)$/i;
const ON = /^(1|true|yes|on)$/i;

/** Comma-separated lists. */
const list = (raw: string): string[] =>
  raw
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");

function envValue(key: keyof ServerConfig, raw: string): unknown {
  // "0"/"false"/"no" switch a boolean off; z.coerce.boolean would read any non-empty text as true.
  if (key === "seedSample" || key === "sourceMaps") return !OFF.test(raw.trim());
  if (key === "addinFrameAncestors" || key === "onePersonOffices") return list(raw);
  if (key === "trustProxy") {
    const text = raw.trim();
    if (OFF.test(text)) return false;
    if (ON.test(text)) return true;
    return list(text);
  }
  return raw;
}

/** Reads the config: defaults < the JSON file named by SUBSIDY_CONFIG (or `file`) < environment variables. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ServerConfigInput = {}): ServerConfig {
  const input: Record<string, unknown> = {};
  const file = env.SUBSIDY_CONFIG;
  if (file) {
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (e) {
      throw new ConfigError(`SUBSIDY_CONFIG: cannot read ${file}: ${(e as Error).message}`);
    }
    try {
      Object.assign(input, JSON.parse(text));
    } catch (e) {
      throw new ConfigError(`SUBSIDY_CONFIG: ${file} is not JSON: ${(e as Error).message}`);
    }
    // Relative paths in the file are relative to the file.
    for (const key of ["dbPath", "tlsCert", "tlsKey", "webDist", "addinDist"] as const) {
      const v = input[key];
      if (typeof v === "string" && !path.isAbsolute(v) && !isPostgresSpec(v)) input[key] = path.resolve(path.dirname(file), v);
    }
  }
  for (const [name, key] of Object.entries(ENV_VARS)) {
    const raw = env[name];
    if (raw !== undefined && raw !== "") input[key] = envValue(key, raw);
  }
  Object.assign(input, overrides);
  const parsed = ServerConfig.safeParse(input);
  if (!parsed.success) {
    const byKey = Object.fromEntries(Object.entries(ENV_VARS).map(([name, key]) => [key, name]));
    const lines = parsed.error.issues.map((i) => {
      const key = String(i.path[0] ?? "");
      return `${byKey[key] ?? key} (${key}): ${i.message}`;
    });
    throw new ConfigError(`invalid configuration: ${lines.join("; ")}`);
  }
  const config = parsed.data;
  if ((config.tlsCert === undefined) !== (config.tlsKey === undefined)) {
    throw new ConfigError("SUBSIDY_TLS_CERT and SUBSIDY_TLS_KEY must be set together");
  }
  return config;
}

export function isHttps(config: ServerConfig): boolean {
  return config.tlsCert !== undefined;
}

/** The origin links and the manifest point at: the configured public origin, else where the service listens. */
export function publicOrigin(config: ServerConfig, port: number): string {
  if (config.publicOrigin) return config.publicOrigin;
  const host = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host.includes(":") ? `[${config.host}]` : config.host;
  return `${isHttps(config) ? "https" : "http"}://${host}:${port}`;
}
