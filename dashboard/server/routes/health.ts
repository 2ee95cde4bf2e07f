// GET /api/health: liveness and what the service holds, for monitors and the demo's readiness check.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { catalogVersion } from "../../../shared/catalog/version-node.ts";
import type { ServiceContext } from "../context.ts";

const CATALOG_VERSION = catalogVersion();

const Health = z.object({
  status: z.literal("ok"),
  schemaVersion: z.number().int(),
  rows: z.number().int(),
  provisions: z.number().int(),
  /** A hash of the rule files the service computes with; the add-in compares it with the one it was built with. */
  catalogVersion: z.string(),
  time: z.string(),
});

export function healthRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    "/api/health",
    { schema: { tags: ["service"], summary: "Liveness and counts", response: { 200: Health } }, config: { access: "public" } },
    async () => ({
      status: "ok" as const,
      schemaVersion: ctx.db.pragma("user_version", { simple: true }) as number,
      rows: ctx.store.count(),
      provisions: ctx.engine.catalog.byId.size,
      catalogVersion: CATALOG_VERSION,
      time: new Date().toISOString(),
    }),
  );
}
