// POST /api/whatif: the ledger under changed figures (a draft notice), computed where the data is. Overrides are
// parameter paths with figures as a notice writes them; the answer sets, per group, the stored figures beside those
// the change gives, and says of each override whether a notice of its document could set it. The evaluation runs
// in a worker thread (whatif/runner.ts), so the service keeps answering meanwhile.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { provisionOfPath } from "../../../shared/engine/parameters.ts";
import { readScope } from "../auth/permissions.ts";
import type { TokenInfo } from "../auth/tokens.ts";
import type { ServiceContext } from "../context.ts";
import { ApiError, ErrorSchema } from "../errors.ts";
import { WHATIF_GROUP_KEYS } from "../whatif/compute.ts";
import { readOverrides, standings } from "../whatif/overrides.ts";
import { WhatIfRunner } from "../whatif/runner.ts";
import { visibleNotice } from "../notices/visible.ts";

/** More overrides than a notice ever sets: a what-if is a draft notice, not a rewrite of the catalog. */
export const MAX_OVERRIDES = 50;

export const WhatIfRequest = z
  .strictObject({
    overrides: z
      .record(z.string().min(1).max(120), z.union([z.string().max(40), z.number().finite().nonnegative()]))
      .refine((o) => Object.keys(o).length <= MAX_OVERRIDES, { message: `at most ${MAX_OVERRIDES} overrides` })
      .optional()
      .describe('Figures by parameter path (`subsidy rules --params`), as a notice writes them: { "jiulongpo-5.rate": "8%", "jiulongpo-5.caps.enterpriseYear": "1500万元" }'),
    notice: z
      .string()
      .trim()
      .min(1)
      .max(120)
      .optional()
      .describe("Instead of overrides: a notice's ID, one saved through /api/notices (a draft of the token's office, or published) or a rules/notices/ file; its overrides are the what-if's"),
    by: z
      .array(z.enum(WHATIF_GROUP_KEYS))
      .max(WHATIF_GROUP_KEYS.length)
      .refine((keys) => new Set(keys).size === keys.length, { message: "a group key appears twice" })
      .default(["document", "provision"]),
  })
  .refine((b) => (b.overrides === undefined) !== (b.notice === undefined), { message: "give either overrides or a notice, not both", path: ["notice"] });

const Figures = z.object({ rows: z.number().int(), ceilingFen: z.number().int(), countedFen: z.number().int(), uncapped: z.number().int() });
const Text = z.object({ zh: z.string(), en: z.string() });

export const WhatIfResponse = z.object({
  by: z.array(z.enum(WHATIF_GROUP_KEYS)),
  groups: z.array(z.object({ key: z.record(z.string(), z.union([z.string(), z.number()])), before: Figures, after: Figures, difference: Figures })),
  total: z.object({ before: Figures, after: Figures, difference: Figures }),
  overrides: z.array(
    z.object({
      path: z.string(),
      provision: z.string(),
      document: z.string(),
      unit: z.enum(["bp", "fen"]),
      documentValue: z.number(),
      value: z.number(),
      withinDocument: z.boolean(),
      reason: Text.nullable(),
    }),
  ),
  /** The notice whose overrides these are, when the what-if named one. */
  notice: z.string().nullable(),
  /** Every override within its document's figures: the what-if could be issued as a notice. */
  issuable: z.boolean(),
  evaluatedRows: z.number().int(),
  affectedEnterprises: z.number().int(),
  reached: z.array(z.string()),
  jurisdiction: z.string().nullable(),
});

/** A notice's overrides: a file's from the catalog, else one stored that the reader may see (404 naming `notice`). */
async function noticeOverrides(ctx: ServiceContext, token: TokenInfo | null, id: string): Promise<Readonly<Record<string, string | number>>> {
  const file = ctx.engine.catalog.notices.find((n) => n.id === id);
  if (file) return file.overrides;
  return (await visibleNotice(ctx.db.k, token, id, "notice")).notice.overrides;
}

/** Seconds a refused what-if is asked to wait: about what a large one takes. */
const RETRY_AFTER_S = 5;

export function whatIfRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const runner = new WhatIfRunner(ctx.config.dbPath, ctx.engine.catalog, { slots: ctx.config.whatIfSlots, timeoutMs: ctx.config.whatIfTimeoutMs });
  app.addHook("onClose", () => runner.close());

  app.withTypeProvider<ZodTypeProvider>().post(
    "/api/whatif",
    {
      schema: {
        tags: ["summary"],
        summary: "The ledger under changed rates and caps (a draft notice): per group, stored figures beside the changed ones",
        body: WhatIfRequest,
        response: {
          200: WhatIfResponse,
          503: {
            description: "Every what-if slot is busy (code `busy`, Retry-After says when to try again), or the what-if ran over its time limit (`whatif_timeout`)",
            content: { "application/json": { schema: ErrorSchema } },
          },
        },
      },
      config: { access: "read" },
    },
    async (request, reply) => {
      const catalog = ctx.engine.catalog;
      const written = request.body.notice === undefined ? (request.body.overrides ?? {}) : await noticeOverrides(ctx, request.token, request.body.notice);
      const values = readOverrides(catalog, written);
      const jurisdiction = readScope(request.token, ctx.config);
      const by = request.body.by;
      let figures;
      try {
        figures = await runner.run({ values: [...values], notices: catalog.notices, changed: [...new Set([...values.keys()].map(provisionOfPath))], by, jurisdiction });
      } catch (e) {
        if (e instanceof ApiError && e.code === "busy") void reply.header("Retry-After", RETRY_AFTER_S);
        throw e;
      }
      const sum = (pick: "before" | "after" | "difference") =>
        figures.groups.reduce(
          (t, g) => ({ rows: t.rows + g[pick].rows, ceilingFen: t.ceilingFen + g[pick].ceilingFen, countedFen: t.countedFen + g[pick].countedFen, uncapped: t.uncapped + g[pick].uncapped }),
          { rows: 0, ceilingFen: 0, countedFen: 0, uncapped: 0 },
        );
      const overrides = standings(catalog, written);
      return {
        ...figures,
        total: { before: sum("before"), after: sum("after"), difference: sum("difference") },
        overrides,
        notice: request.body.notice ?? null,
        issuable: overrides.every((o) => o.withinDocument),
        jurisdiction,
      };
    },
  );
}
