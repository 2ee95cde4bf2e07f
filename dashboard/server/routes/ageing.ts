// GET /api/summary/ageing: approved but unpaid, by days since approval, for the reader's office (ledger/ageing.ts).
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { todayInShanghai } from "../../../shared/engine/dates.ts";
import { IsoDay } from "../../../shared/ledger/row.ts";
import type { ServiceContext } from "../context.ts";
import { ageingOf } from "../ledger/ageing.ts";
import type { ResponseCache } from "../ledger/response-cache.ts";
import { LedgerFilterQuery, scopedFilterOf } from "./ledger.ts";

export const AgeingQuery = z.strictObject({ jurisdiction: LedgerFilterQuery.jurisdiction, asOf: IsoDay.optional() });

export function ageingRoutes(app: FastifyInstance, ctx: ServiceContext, cache: ResponseCache): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    "/api/summary/ageing",
    {
      schema: {
        tags: ["summary"],
        summary: "Approved but not yet paid, by days since approval: 0–30, 31–90, over 90, approval date not recorded",
        description:
          "Amounts in yuan, as of `asOf` (default: today in Shanghai). Days since the row's last approval decision; a " +
          "row approved without one (by a batch, or before approvals were events) is in `not-recorded`, never aged by " +
          "a guess. Outstanding: the approved amount less what was paid by `asOf`. Scoped to the reader's office as " +
          "every read is (403 naming `jurisdiction` for another office).",
        querystring: AgeingQuery,
      },
      config: { access: "read" },
    },
    async (request, reply) => {
      const asOf = request.query.asOf ?? todayInShanghai();
      const filter = scopedFilterOf({ jurisdiction: request.query.jurisdiction }, request.token, ctx.config);
      const jurisdiction = filter.jurisdiction === undefined ? null : String(filter.jurisdiction);
      const body = await cache.get(`ageing:${jurisdiction ?? ""}:${asOf}`, async () => JSON.stringify(await ageingOf(ctx.db, jurisdiction, asOf)));
      void reply.type("application/json; charset=utf-8");
      return body;
    },
  );
}
