// POST /api/evaluate: ceilings and traces for a batch of applications, one engine call each. A row the
// engine cannot evaluate gets its error in place; the batch still answers.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { CAP_SCOPES, scopeLabel, spansApplications } from "../../../shared/catalog/cap-scopes.ts";
import { FactName } from "../../../shared/catalog/schema.ts";
import type { EvaluateOptions } from "../../../shared/engine/types.ts";
import { explainTrace } from "../../../shared/engine/explain.ts";
import { IsoDay } from "../../../shared/ledger/row.ts";
import type { ServiceContext } from "../context.ts";
import { knowNotices } from "../notices/admit.ts";

const Number_ = z.number().finite().nonnegative().max(1e13);

/** Already received, as the engine takes it: bare, or by cap scope (shared/catalog/cap-scopes.ts). */
const Awarded = z
  .union([
    Number_.describe("Yuan the enterprise already received within its enterprise-level cap's period (per project or product where those are the provision's only caps across applications)"),
    z
      .strictObject(Object.fromEntries(CAP_SCOPES.filter(spansApplications).map((scope) => [scope, Number_.optional().describe(`Yuan already received within the ${scopeLabel(scope, "en")} cap's scope and period`)])))
      .describe("Yuan already received, by cap scope; a cap whose scope is not given counts nothing received"),
  ])
  .describe("Already awarded (已获补助): one figure, or figures by cap scope, e.g. { enterpriseYear: 85000000, project: 0 }");

export const EvaluateRequest = z.strictObject({
  rows: z
    .array(
      z.strictObject({
        provisionId: z.string().trim().min(1).max(40),
        amount: Number_.nullable().optional(),
        facts: z.partialRecord(FactName, Number_).optional(),
        date: IsoDay.optional(),
        awarded: Awarded.optional(),
        /** An application notice of the provision's document (rules/notices/) whose rates and caps apply. */
        notice: z.string().trim().min(1).max(80).optional(),
      }),
    )
    .min(1)
    .max(10_000),
  /** Add the trace in words (zh and en) to each result. */
  explain: z.boolean().default(false),
});

export function evaluateRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    "/api/evaluate",
    {
      schema: { tags: ["catalog"], summary: "Ceilings and traces for a batch of applications", body: EvaluateRequest },
      config: { access: "read" },
    },
    async (request) => {
      // Only a request naming a notice can need the database (one published elsewhere since start).
      const named = request.body.rows.flatMap((r) => (r.notice ? [r.notice] : []));
      if (named.length > 0) await knowNotices(ctx.db.k, ctx.engine, named);
      const results = request.body.rows.map((r) => {
        const options: EvaluateOptions = {};
        if (r.date !== undefined) options.date = r.date;
        if (r.notice !== undefined) options.notice = r.notice;
        if (r.awarded !== undefined) options.awarded = r.awarded;
        const result = ctx.engine.evaluate(r.provisionId, r.amount ?? null, r.facts ?? {}, options);
        if (!result.ok || !request.body.explain) return result;
        const meaning = ctx.engine.catalog.byId.get(result.id)?.provision.amount?.meaning;
        return { ...result, explanation: { zh: explainTrace(result.trace, "zh", meaning?.zh), en: explainTrace(result.trace, "en", meaning?.en) } };
      });
      return { results };
    },
  );
}
