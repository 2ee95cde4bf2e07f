// POST /api/evaluate: ceilings and traces for a batch of applications, one engine call each. A row the
// engine cannot evaluate gets its error in place; the batch still answers.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { FactName } from "../../../shared/catalog/schema.ts";
import { explainTrace } from "../../../shared/engine/explain.ts";
import { IsoDay } from "../../../shared/ledger/row.ts";
import type { ServiceContext } from "../context.ts";

const Number_ = z.number().finite().nonnegative().max(1e13);

export const EvaluateRequest = z.strictObject({
  rows: z
    .array(
      z.strictObject({
        provisionId: z.string().trim().min(1).max(40),
        amount: Number_.nullable().optional(),
        facts: z.partialRecord(FactName, Number_).optional(),
        date: IsoDay.optional(),
        awarded: z.union([Number_, z.record(z.string().max(80), Number_)]).optional(),
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
      const results = request.body.rows.map((r) => {
        const options: { date?: string; awarded?: number | Record<string, number>; notice?: string } = {};
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
