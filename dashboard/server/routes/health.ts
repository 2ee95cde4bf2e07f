// GET /api/health: liveness and what the service holds, for monitors and the demo's readiness check.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { schemaVersion } from "../db/migrations.ts";

const Health = z.object({
  status: z.literal("ok"),
  schemaVersion: z.number().int(),
  rows: z.number().int(),
  provisions: z.number().int(),
  time: z.string(),
});

export function healthRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    "/api/health",
    { schema: { tags: ["service"], summary: "Liveness and counts", response: { 200: Health } }, config: { access: "public" } },
    async () => ({
      status: "ok" as const,
      schemaVersion: await schemaVersion(ctx.db.k, ctx.db.kind),
      rows: await ctx.store.count(),
      provisions: ctx.engine.catalog.byId.size,
      time: new Date().toISOString(),
    }),
  );
}
