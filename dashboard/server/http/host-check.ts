// Refuses requests addressed to a host name this service does not answer to. A browser lured to a page whose name
// the attacker then points at 127.0.0.1 (DNS rebinding) sends that page's name as Host, and would otherwise read
// the ledger through the victim's local access; only the public origin and the loopback names are answered.
import type { FastifyInstance } from "fastify";
import { ApiError } from "../errors.ts";

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);
const DEFAULT_PORT: Record<string, string> = { "http:": "80", "https:": "443" };

/** `name[:port]` of a Host header, the name lowercased without a trailing dot; null when it is not one. */
export function parseHost(host: string): { name: string; port: string } | null {
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]\s/@]+)(?::(\d{1,5}))?$/i.exec(host.trim());
  if (!match?.[1]) return null;
  return { name: match[1].toLowerCase().replace(/\.$/, ""), port: match[2] ?? "" };
}

/** Whether a request's Host names this service: a loopback name (any port), or the public origin's host and port. */
export function hostAllowed(host: string | undefined, origin: string): boolean {
  const given = host === undefined ? null : parseHost(host);
  if (!given) return false;
  if (LOOPBACK_NAMES.has(given.name)) return true;
  if (!origin) return false;
  const url = new URL(origin);
  const expectedPort = url.port || DEFAULT_PORT[url.protocol] || "";
  return given.name === url.hostname.toLowerCase() && (given.port || DEFAULT_PORT[url.protocol] || "") === expectedPort;
}

/** The first hook of every request. `origin` is the configured public origin, else where the service listens. */
export function registerHostCheck(app: FastifyInstance, origin: () => string): void {
  app.addHook("onRequest", async (request) => {
    // request.host reads X-Forwarded-Host only from a trusted proxy (trustProxy).
    const host = request.host as string | undefined;
    if (hostAllowed(host, origin())) return;
    const shown = (host ?? "").slice(0, 100);
    const expected = origin() ? new URL(origin()).host : "localhost";
    throw new ApiError(
      421,
      "invalid_host",
      {
        zh: `请求的主机名 ${shown || "（缺失）"} 不是本服务的地址；请通过 ${expected} 或 localhost 访问（经反向代理或其他域名访问时，请设置 SUBSIDY_PUBLIC_ORIGIN）`,
        en: `the request's Host ${shown || "(missing)"} is not this service's; use ${expected} or localhost (behind a proxy or under another name, set SUBSIDY_PUBLIC_ORIGIN)`,
      },
      "host",
    );
  });
}
