// GET /api/summary: the ledger's summaries under any grouping, with utilization against commitments.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { LedgerEvaluation } from "../../../shared/ledger/evaluate.ts";
import { GROUP_KEYS, summarize, type GroupKey } from "../../../shared/ledger/summary.ts";
import type { ServiceContext } from "../context.ts";
import type { EvaluationCache } from "../ledger/evaluation-cache.ts";
import type { LedgerFilter } from "../ledger/store.ts";
import { readScope } from "../auth/permissions.ts";
import { LedgerFilterQuery, scopedFilterOf } from "./ledger.ts";

/** `by=jurisdiction,year`: group keys, comma-separated, each at most once. */
export const GroupBy = z
  .string()
  .max(200)
  .default("jurisdiction,year")
  .transform((text, ctx) => {
    const keys = text.split(",").map((k) => k.trim()).filter((k) => k !== "");
    for (const key of keys) {
      if (!(GROUP_KEYS as readonly string[]).includes(key)) {
        ctx.addIssue({ code: "custom", message: `unknown group key ${key}; use ${GROUP_KEYS.join(", ")}` });
        return z.NEVER;
      }
    }
    if (new Set(keys).size !== keys.length) {
      ctx.addIssue({ code: "custom", message: "a group key appears twice" });
      return z.NEVER;
    }
    return keys as GroupKey[];
  });

export const SummaryQuery = z.strictObject({ ...LedgerFilterQuery, by: GroupBy });

const ROW_VALUE: Record<keyof LedgerFilter, (r: LedgerEvaluation["rows"][number]) => string | number | null> = {
  jurisdiction: (r) => r.jurisdiction,
  document: (r) => r.document,
  provision: (r) => r.row.provisionId,
  district: (r) => r.row.district,
  year: (r) => r.year,
  status: (r) => r.row.status,
  enterprise: (r) => r.row.enterprise,
};

/** The evaluation restricted to the rows the filter selects (cap accounting stays that of the whole ledger). */
export function filterEvaluation(evaluation: LedgerEvaluation, filter: LedgerFilter): LedgerEvaluation {
  const entries = Object.entries(filter) as [keyof LedgerFilter, string | number][];
  if (entries.length === 0) return evaluation;
  const rows = evaluation.rows.filter((r) => entries.every(([key, value]) => ROW_VALUE[key](r) === value));
  const kept = new Set(rows.map((r) => r.index));
  return { rows, violations: evaluation.violations.filter((v) => kept.has(v.index)) };
}

export function summaryRoutes(app: FastifyInstance, ctx: ServiceContext, cache: EvaluationCache): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    "/api/summary",
    {
      schema: {
        tags: ["summary"],
        summary: "Requested, approved and paid by any grouping, with utilization of commitments",
        querystring: SummaryQuery,
      },
      config: { access: "read" },
    },
    async (request, reply) => {
      const { by, ...filters } = request.query;
      // A token of one office sees its office's rows only, and not the whole ledger's row counts (null: the
      // dashboard then shows the sample banner from `sample` alone). Scoped answers are cached apart.
      const scoped = readScope(request.token, ctx.config) !== null;
      const filter = scopedFilterOf(filters, request.token, ctx.config);
      const key = JSON.stringify([by, filter, scoped]);
      const body = await cache.response(`summary:${key}`, ({ evaluation, commitments, sample, sampleRows, totalRows, computedAt }) => {
        const selected = filterEvaluation(evaluation, filter);
        const counts = scoped ? { sampleRows: null, totalRows: null } : { sampleRows, totalRows };
        return JSON.stringify({ by, filter, sample, ...counts, computedAt, rows: summarize(selected, by, commitments) });
      });
      void reply.type("application/json; charset=utf-8");
      return body;
    },
  );
}
