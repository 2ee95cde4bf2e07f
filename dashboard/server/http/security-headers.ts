// Security headers (through @fastify/helmet) for the two kinds of page this service serves, and for the API.
//
// The dashboard and the API: nothing but this origin's own scripts, styles and requests; never framed.
//
// The add-in (/addin/…, manifest.xml) is different: Excel on the web shows it in an iframe inside Office's pages,
// and it runs Microsoft's office.js. Microsoft publishes no list of the origins that frame an add-in; this one is
// office.js's own list of Office Online hosts (OfficeOnlineDomainList in office.js: *.officeapps.live.com and
// the national clouds', *.partner.officewebapps.cn for the one 21Vianet runs in China), plus the pages that
// frame those hosts: SharePoint/OneDrive (*.sharepoint.com, *.sharepoint.cn, onedrive.live.com) and the
// Microsoft 365 app (*.office.com, *.cloud.microsoft, *.microsoft365.com; Microsoft named excel.cloud.microsoft
// in office-js-docs-pr#4911, others found *.sharepoint.com needed). An on-premises Office Online Server is
// added with SUBSIDY_ADDIN_FRAME_ANCESTORS. office.js inserts inline styles (office-js#1687), and the task pane
// may publish to a service URL its user chose, so style-src and connect-src are looser than the dashboard's.
import fs from "node:fs";
import path from "node:path";
import helmet from "@fastify/helmet";
import type { FastifyHelmetOptions } from "@fastify/helmet";
import type { FastifyInstance } from "fastify";
import type { ServerConfig } from "../config.ts";

export const OFFICE_FRAME_ANCESTORS = [
  "https://*.officeapps.live.com",
  "https://*.officeapps-df.live.com",
  "https://*.online.office.de",
  "https://*.gov.online.office365.us",
  "https://*.dod.online.office365.us",
  "https://*.partner.officewebapps.cn",
  "https://*.sharepoint.com",
  "https://*.sharepoint.cn",
  "https://onedrive.live.com",
  "https://*.office.com",
  "https://*.cloud.microsoft",
  "https://*.microsoft365.com",
];

/** Where office.js comes from (the CDN the build names by default) and what it loads itself (MicrosoftAjax.js). */
export const OFFICE_SCRIPT_ORIGINS = ["https://appsforoffice.microsoft.com", "https://ajax.aspnetcdn.com"];
/** office.js frames its telemetry proxy (telemetryproxy.html, named in office.js). */
export const OFFICE_FRAME_ORIGINS = ["https://telemetryservice.firstpartyapps.oaspapps.com"];

type Directives = Record<string, string[]>;

function dashboardDirectives(https: boolean): Directives {
  return {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    // data: for the favicon and the chart-to-PNG export, blob: for downloads drawn in the page.
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    ...(https ? { "upgrade-insecure-requests": [] } : {}),
  };
}

function addinDirectives(https: boolean, scriptOrigins: string[], frameAncestors: string[]): Directives {
  return {
    "default-src": ["'self'"],
    "script-src": ["'self'", ...scriptOrigins],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'", "data:"],
    // The service URL is the user's to set (settings.ts), and office.js sends telemetry to Microsoft.
    "connect-src": ["'self'", "https:"],
    "frame-src": ["'self'", ...OFFICE_FRAME_ORIGINS],
    "frame-ancestors": ["'self'", ...frameAncestors],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    ...(https ? { "upgrade-insecure-requests": [] } : {}),
  };
}

/** The origins of the <script src> tags of the built task pane (a self-hosted office.js is named there). */
export function pageScriptOrigins(html: string): string[] {
  const origins = new Set<string>();
  for (const match of html.matchAll(/<script\b[^>]*\bsrc=["']?(https?:\/\/[^"'\s>]+)/gi)) {
    try {
      origins.add(new URL(match[1] ?? "").origin);
    } catch {
      // not a URL: nothing to allow
    }
  }
  return [...origins];
}

/** Which policy a path gets. */
export function isAddinPath(url: string): boolean {
  return url.startsWith("/addin/") || url === "/addin" || url.startsWith("/manifest.xml");
}

export async function registerSecurityHeaders(app: FastifyInstance, config: ServerConfig): Promise<void> {
  // Applied per request below (the policy depends on the path), not by helmet's own global hook.
  await app.register(helmet, { global: false });
  // Only a request that came over HTTPS (itself, or through a trusted proxy that says so) is told to keep to it:
  // the same service may also be reached as http://127.0.0.1 on its own machine.
  const hsts = (https: boolean): { maxAge: number } | false => (https ? { maxAge: 31_536_000 } : false);
  const referrerPolicy = { policy: "same-origin" } as const;

  const dashboard = (https: boolean): FastifyHelmetOptions => ({
    referrerPolicy,
    strictTransportSecurity: hsts(https),
    contentSecurityPolicy: { useDefaults: false, directives: dashboardDirectives(https) },
    xFrameOptions: { action: "deny" },
  });

  // The task pane's script origins are read from its build, again whenever it is rebuilt.
  const taskpane = path.join(config.addinDist, "taskpane.html");
  let built: { mtimeMs: number; scripts: string[] } | null = null;
  const scriptOrigins = (): string[] => {
    let mtimeMs = -1;
    try {
      mtimeMs = fs.statSync(taskpane).mtimeMs;
    } catch {
      // not built: the office.js origins alone
    }
    if (built?.mtimeMs !== mtimeMs) {
      const found = mtimeMs < 0 ? [] : pageScriptOrigins(fs.readFileSync(taskpane, "utf8"));
      built = { mtimeMs, scripts: [...new Set([...OFFICE_SCRIPT_ORIGINS, ...found])] };
    }
    return built.scripts;
  };
  const addin = (https: boolean): FastifyHelmetOptions => ({
    referrerPolicy,
    strictTransportSecurity: hsts(https),
    contentSecurityPolicy: { useDefaults: false, directives: addinDirectives(https, scriptOrigins(), [...OFFICE_FRAME_ANCESTORS, ...config.addinFrameAncestors]) },
    // Framing is governed by frame-ancestors; X-Frame-Options cannot name Office's origins.
    xFrameOptions: false,
    // Office's pages load the icons and the metadata from another origin.
    crossOriginResourcePolicy: { policy: "cross-origin" },
    crossOriginOpenerPolicy: false,
  });

  app.addHook("onRequest", async (request, reply) => {
    const https = request.protocol === "https";
    await reply.helmet(isAddinPath(request.url) ? addin(https) : dashboard(https));
  });
}
