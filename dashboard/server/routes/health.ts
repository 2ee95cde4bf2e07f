// GET /api/health: liveness and what the service holds, for monitors and the demo's readiness check.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { catalogVersion } from "../../../shared/catalog/version-node.ts";
import type { ServiceContext } from "../context.ts";
import { schemaVersion } from "../db/migrations.ts";
import { ErrorSchema } from "../errors.ts";

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
    {
      schema: { tags: ["service"], summary: "Liveness and counts; 503 when the database cannot take writes", response: { 200: Health, 503: ErrorSchema } },
      config: { access: "public" },
    },
    async () => {
      const problem = await ctx.db.problem();
      if (problem) throw problem;
      return {
      status: "ok" as const,
      schemaVersion: await schemaVersion(ctx.db.k, ctx.db.kind),
      rows: await ctx.store.count(),
      provisions: ctx.engine.catalog.byId.size,
      catalogVersion: CATALOG_VERSION,
      time: new Date().toISOString(),
      };
    },
  );
}
