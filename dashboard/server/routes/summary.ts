// GET /api/summary: the ledger's summaries under any grouping, with utilization against commitments.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { GROUP_KEYS, summaryOfGroups, withDeprecatedNames, type GroupKey, type SummaryRow } from "../../../shared/ledger/summary.ts";
import type { ServiceContext } from "../context.ts";
import { ledgerState, type LedgerState } from "../ledger/ledger-state.ts";
import type { ResponseCache } from "../ledger/response-cache.ts";
import type { LedgerFilter } from "../ledger/store.ts";
import { readScope } from "../auth/permissions.ts";
import { groupTotalsWithUndated, type UndatedTotals } from "../ledger/summary-sql.ts";
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

const yuanOrNull = z.number().nullable();
/** The answer, for the OpenAPI document (the body is cached as text, so it is not serialized through this). */
const SummaryResponse = z.object({
  by: z.array(z.enum(GROUP_KEYS)),
  filter: z.record(z.string(), z.unknown()),
  sample: z.boolean(),
  sampleRows: z.number().nullable(),
  totalRows: z.number().nullable(),
  computedAt: z.string(),
  basis: z.object({ count: z.string(), requested: z.string(), approved: z.string(), paid: z.string() }).meta({ description: "The date each figure is counted by (see the description)" }),
  undated: z
    .array(z.object({ key: z.record(z.string(), z.union([z.string(), z.number()])), approved: z.number(), paid: z.number() }))
    .meta({ description: "Approved and paid amounts whose date was never recorded, by the other keys, in yuan" }),
  rows: z.array(
    z.object({
      key: z.record(z.string(), z.union([z.string(), z.number()])),
      count: z.number(),
      requested: z.number(),
      uncapped: z.number(),
      approved: z.number(),
      paid: z.number(),
      committed: yuanOrNull,
      utilization: yuanOrNull,
      commitmentLeft: yuanOrNull.meta({ description: "committed − approved (剩余承诺), yuan; negative when over-committed" }),
      remaining: yuanOrNull.meta({ deprecated: true, description: "Deprecated: the same figure as commitmentLeft, kept for one release" }),
      paidRatio: yuanOrNull,
      sample: z.boolean(),
      atLeast: z.boolean(),
      notes: z.array(z.object({ zh: z.string(), en: z.string() })),
    }),
  ),
});

export const SummaryQuery = z.strictObject({ ...LedgerFilterQuery, by: GroupBy });

/** The query as a cache key: filters in one order, whatever order the URL named them in. */
export function normalQuery(by: readonly GroupKey[], filter: LedgerFilter): string {
  return JSON.stringify([by, Object.entries(filter).sort(([a], [b]) => (a < b ? -1 : 1))]);
}

/** What each figure's year is, stated in every summary answer. */
export const SUMMARY_BASIS = { count: "application date", requested: "application date", approved: "approval date", paid: "payment date" } as const;

export const SUMMARY_DESCRIPTION =
  "A `year` key or filter means, for each figure, the year of its own date: count, requested and uncapped by the " +
  "application date, approved by the approval date (the row's last approval), paid by the payment date (each " +
  "payment in the year it is made; a paid figure written with the row beyond its payments in the year of its " +
  "paidDate). Amounts whose date was never recorded belong to no year: with a year key or filter they are not in " +
  "`rows` but in `undated` (by the other keys); without one, `rows` hold them and `undated` says how much of them " +
  "it is. `basis` states this in every answer.";

/** The summary of the stored ledger: SQL totals, then the commitments (cap accounting is the whole ledger's). */
export async function summaryOf(ctx: ServiceContext, by: readonly GroupKey[], filter: LedgerFilter): Promise<{ state: LedgerState; rows: SummaryRow[]; undated: UndatedTotals[] }> {
  const state = await ledgerState(ctx.db.k);
  const { groups, undated } = await groupTotalsWithUndated(ctx.db, by, filter);
  return { state, rows: summaryOfGroups(groups, by, state.commitments), undated };
}

export function summaryRoutes(app: FastifyInstance, ctx: ServiceContext, cache: ResponseCache): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    "/api/summary",
    {
      schema: {
        tags: ["summary"],
        summary: "Requested, approved and paid by any grouping, with utilization of commitments",
        description:
          SUMMARY_DESCRIPTION +
          " Amounts in yuan. Each row: count, requested (sum of ceilings), approved, paid, committed, utilization " +
          "(approved ÷ committed), commitmentLeft (committed − approved, 剩余承诺) and paidRatio. `remaining` is " +
          "deprecated: the same figure as commitmentLeft, kept for one release.",
        response: { 200: SummaryResponse },
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
      const body = await cache.get(`summary:${normalQuery(by, filter)}:${scoped}`, async () => {
        const { state, rows, undated } = await summaryOf(ctx, by, filter);
        const { sample, sampleRows, totalRows, computedAt } = state;
        const counts = scoped ? { sampleRows: null, totalRows: null } : { sampleRows, totalRows };
        return JSON.stringify({ by, filter, basis: SUMMARY_BASIS, sample, ...counts, computedAt, rows: rows.map(withDeprecatedNames), undated });
      });
      void reply.type("application/json; charset=utf-8");
      // The cached text goes out as it is: fastify serializes only objects, so the schema documents it here.
      return body as unknown as z.infer<typeof SummaryResponse>;
    },
  );
}
