// Serves the dashboard app at / and the add-in's files at /addin/ from this same origin, and manifest.xml
// with its URLs pointed at the configured public origin (Excel loads every URL in it from there). The builds
// write each file also as .br and .gz (build/precompress.ts), sent as they are to a client that accepts them;
// source maps are not served unless the sourceMaps setting asks for them.
import fs from "node:fs";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ServiceContext } from "./context.ts";
import { REPO_ROOT } from "../../shared/repo-root.ts";
import { notFoundBody } from "./errors.ts";

/** The manifest is looked for in the add-in build first, then where the add-in's sources keep it. */
export function manifestPath(addinDist: string): string | null {
  const candidates = [path.join(addinDist, "manifest.xml"), path.join(REPO_ROOT, "addin", "manifest.xml"), path.join(REPO_ROOT, "manifest.xml")];
  return candidates.find((p) => fs.existsSync(p)) ?? null;
}

/**
 * Points every development URL of the manifest (https://localhost:3000/…, with or without /addin/) at
 * `<origin>/addin/…`, where this service serves the add-in's files; a bare origin (AppDomain) becomes the origin.
 */
export function rewriteManifest(xml: string, origin: string): string {
  return xml.replace(/https?:\/\/(?:localhost|127\.0\.0\.1|\[::1\])(?::\d+)?(\/(?:addin\/)?)?/g, (_m, path: string | undefined) =>
    path === undefined ? origin : `${origin}/addin/`,
  );
}

/** Logged at start and with every manifest download when the service's public origin is not HTTPS. */
export const PLAIN_HTTP_WARNING =
  "This manifest is served over plain HTTP; Excel loads add-ins over HTTPS only and will refuse it. Set SUBSIDY_TLS_CERT and SUBSIDY_TLS_KEY, or SUBSIDY_PUBLIC_ORIGIN to the https:// origin of a proxy in front of the service. 本清单经 HTTP 提供，Excel 只通过 HTTPS 加载加载项，将拒绝此清单：请配置 SUBSIDY_TLS_CERT 与 SUBSIDY_TLS_KEY，或将 SUBSIDY_PUBLIC_ORIGIN 设为前置代理的 https:// 地址。";

const NOT_BUILT = (what: { zh: string; en: string }, command: string): string => `<!doctype html>
<html lang="zh-CN"><meta charset="utf-8"><title>${what.zh}尚未构建 / ${what.en} is not built</title>
<body>
<h1>${what.zh}尚未构建</h1><p>请运行 <code>${command}</code>，然后刷新本页。</p>
<h1 lang="en">${what.en} is not built yet</h1><p lang="en">Run <code>${command}</code>, then reload this page.</p>
</body></html>`;

function wantsHtml(request: FastifyRequest): boolean {
  return request.method === "GET" && (request.headers.accept ?? "").includes("text/html");
}

export async function registerStatic(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  const { webDist, addinDist } = ctx.config;
  const cacheHeaders = (reply: FastifyReply, file: string): void => {
    // Vite names built assets by content hash: cache them for good; everything else revalidates.
    void reply.header("Cache-Control", /[/\\]assets[/\\]/.test(file) ? "public, max-age=31536000, immutable" : "no-cache");
  };
  const common = {
    wildcard: true,
    setHeaders: cacheHeaders,
    preCompressed: true,
    allowedPath: (pathName: string) => ctx.config.sourceMaps || !pathName.endsWith(".map"),
  };
  await app.register(fastifyStatic, { ...common, root: webDist, prefix: "/", index: "index.html" });
  await app.register(fastifyStatic, { ...common, root: addinDist, prefix: "/addin/", decorateReply: false });

  const sendManifest = async (request: FastifyRequest, reply: FastifyReply) => {
    const file = manifestPath(addinDist);
    if (!file) return reply.code(404).type("application/json; charset=utf-8").send(notFoundBody("GET", "/manifest.xml"));
    const xml = rewriteManifest(await fs.promises.readFile(file, "utf8"), ctx.origin());
    // Excel refuses a manifest whose URLs are plain HTTP; say so where the officer downloading it will look.
    if (!ctx.origin().startsWith("https:")) request.log.warn({ origin: ctx.origin() }, PLAIN_HTTP_WARNING);
    const served = ctx.origin().startsWith("https:") ? xml : xml.replace(/^(<\?xml[^>]*\?>\s*)?/, (declaration) => `${declaration}<!-- ${PLAIN_HTTP_WARNING} -->\n`);
    return reply.type("application/xml; charset=utf-8").header("Cache-Control", "no-cache").send(served);
  };
  app.get("/manifest.xml", { schema: { hide: true } }, sendManifest);
  app.get("/addin/manifest.xml", { schema: { hide: true } }, sendManifest);
  // The functions' help links (helpUrl) follow the manifest to this service's origin.
  for (const name of ["functions.json", "functions.zh-CN.json"]) {
    app.get(`/addin/${name}`, { schema: { hide: true } }, async (_request, reply) => {
      const file = path.join(addinDist, name);
      if (!fs.existsSync(file)) return reply.code(404).type("application/json; charset=utf-8").send(notFoundBody("GET", `/addin/${name}`));
      return reply.type("application/json; charset=utf-8").header("Cache-Control", "no-cache").send(rewriteManifest(await fs.promises.readFile(file, "utf8"), ctx.origin()));
    });
  }

  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split("?")[0] ?? "/";
    if (!url.startsWith("/api/") && wantsHtml(request)) {
      if (url.startsWith("/addin/")) {
        return reply.code(404).type("text/html; charset=utf-8").send(NOT_BUILT({ zh: "Excel 加载项", en: "The Excel add-in" }, "npm run build"));
      }
      // Client-side routes of the dashboard all load its one page.
      if (fs.existsSync(path.join(webDist, "index.html"))) return reply.type("text/html; charset=utf-8").header("Cache-Control", "no-cache").sendFile("index.html", webDist);
      return reply.code(503).type("text/html; charset=utf-8").send(NOT_BUILT({ zh: "看板", en: "The dashboard" }, "npm run build"));
    }
    return reply.code(404).type("application/json; charset=utf-8").send(notFoundBody(request.method, url));
  });
}
