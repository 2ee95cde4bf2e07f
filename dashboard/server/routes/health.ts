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

type HealthFacts = Omit<z.infer<typeof Health>, "status" | "time">;

/**
 * Monitors and the load balancer probe this every few milliseconds: what it reports is read again only when the
 * stored revision moves (every write of rows or commitments and every notice publication bumps it, from any service
 * on the database) or after MAX_AGE_MS, so a probe costs one indexed read instead of a count over the ledger.
 */
const MAX_AGE_MS = 10_000;

export function healthRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  let held: { stamp: string; at: number; facts: Promise<HealthFacts> } | null = null;
  const read = async (): Promise<HealthFacts> => ({
    schemaVersion: await schemaVersion(ctx.db.k, ctx.db.kind),
    rows: await ctx.store.count(),
    provisions: ctx.engine.catalog.byId.size,
    ...(await serviceCatalogVersion(ctx.db.k, ctx.engine)),
  });
  const facts = async (): Promise<HealthFacts> => {
    const stamp = await ctx.store.changeStamp();
    if (!held || held.stamp !== stamp || Date.now() - held.at > MAX_AGE_MS) {
      const entry = { stamp, at: Date.now(), facts: read() };
      held = entry;
      // A failed read is not kept: the next probe tries again.
      entry.facts.catch(() => {
        if (held === entry) held = null;
      });
    }
    return held.facts;
  };
  app.withTypeProvider<ZodTypeProvider>().get(
    "/api/health",
    {
      schema: { tags: ["service"], summary: "Liveness and counts; 503 when the database cannot take writes", response: { 200: Health, 503: ErrorSchema } },
      config: { access: "public" },
    },
    async () => {
      const problem = await ctx.db.problem();
      if (problem) throw problem;
      return { status: "ok" as const, ...(await facts()), time: new Date().toISOString() };
    },
  );
}
