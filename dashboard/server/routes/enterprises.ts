// 一企一档: GET /api/enterprises?q= finds enterprises by name or credit code; GET /api/enterprises/:creditCode is one
// enterprise's file. Both read the reader's office only (a token of one office, unless reads are open): an
// enterprise with no row there is answered as unknown.
import { withDeprecatedNames } from "../../../shared/ledger/summary.ts";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { readScope } from "../auth/permissions.ts";
import type { ServiceContext } from "../context.ts";
import { ApiError } from "../errors.ts";
import { enterpriseFile, SEARCH_LIMIT, searchEnterprises } from "../ledger/enterprise-file.ts";

export const EnterpriseQuery = z.strictObject({
  q: z.string().trim().min(1).max(80).describe("part of the enterprise's name, or the start of its credit code"),
});

export const EnterpriseParams = z.strictObject({
  creditCode: z.string().trim().toUpperCase().min(1).max(32).describe("统一社会信用代码 as the ledger holds it"),
});

export function enterpriseRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    "/api/enterprises",
    {
      schema: {
        tags: ["enterprises"],
        summary: `Enterprises whose name holds q or whose credit code starts with q (at most ${SEARCH_LIMIT}, in credit-code order)`,
        description: "Each with its jurisdictions, its number of ledger rows, and what was approved and paid (yuan, approved and paid rows), within the reader's office.",
        querystring: EnterpriseQuery,
      },
      config: { access: "read" },
    },
    async (request) => {
      const scope = readScope(request.token, ctx.config);
      return { q: request.query.q, enterprises: await searchEnterprises(ctx.db, request.query.q, scope) };
    },
  );

  api.get(
    "/api/enterprises/:creditCode",
    {
      schema: {
        tags: ["enterprises"],
        summary: "One enterprise's file (一企一档): every application, totals per document and year, headroom under each cap across applications",
        description:
          "Amounts in yuan. Applications in ledger order (application date, then ID) with their stored evaluation " +
          "(ceiling, verdict, violations). Caps: every account of a cap that spans applications (per project, per " +
          "enterprise, per year …) the enterprise's rows drew on, with the cap, what was drawn and the headroom " +
          "(cap − drawn, never below 0). Totals: count and requested by application year, approved by approval year, " +
          "paid by payment year; amounts whose date was never recorded in `undated`. 404 naming creditCode when the " +
          "enterprise has no row the reader may see.",
        params: EnterpriseParams,
      },
      config: { access: "read" },
    },
    async (request) => {
      const { creditCode } = request.params;
      const file = await enterpriseFile(ctx.db.k, ctx.engine, creditCode, readScope(request.token, ctx.config));
      if (!file) {
        throw new ApiError(404, "not_found", { zh: `台账中没有统一社会信用代码为 ${creditCode} 的企业`, en: `no enterprise with credit code ${creditCode} in the ledger` }, "creditCode");
      }
      // `remaining` beside commitmentLeft for one release, as /api/summary sends it.
      return { ...file, totals: file.totals.map(withDeprecatedNames), total: withDeprecatedNames(file.total) };
    },
  );
}
