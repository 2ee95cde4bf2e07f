// GET /api/health: liveness and what the service holds, for monitors and the demo's readiness check.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { schemaVersion } from "../db/migrations.ts";
import { ErrorSchema } from "../errors.ts";
import { serviceCatalogVersion } from "../notices/version.ts";

const Health = z.object({
  status: z.literal("ok"),
  schemaVersion: z.number().int(),
  rows: z.number().int(),
  provisions: z.number().int(),
  /**
   * What the service computes with: rulesVersion alone while no notice is published through it, else
   * `<rulesVersion>+<noticesVersion>`. It changes when a notice is published, by this service or another on the database.
   */
  catalogVersion: z.string(),
  /** A hash of rules/ (documents, commitments, notice files): the builds embed it and compare it with theirs. */
  rulesVersion: z.string(),
  /** A hash of the notices published through the service, in publication order; null while there are none. */
  noticesVersion: z.string().nullable(),
  /** Their IDs in publication order: a client that has not loaded one of them says so. */
  publishedNotices: z.array(z.string()),
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
      ...(await serviceCatalogVersion(ctx.db.k, ctx.engine)),
      time: new Date().toISOString(),
      };
    },
  );
}
