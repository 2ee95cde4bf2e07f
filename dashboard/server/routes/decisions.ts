// Decisions on an award as events: record one on a row (submitted, approved, rejected, withdrawn), list a row's.
// What is checked and written is ledger/decisions.ts's; here the request, the answer and the transaction.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { assertWriter } from "../auth/permissions.ts";
import type { ServiceContext } from "../context.ts";
import { assertVisibleRow } from "./visible-row.ts";
import { DECISION_EVENTS, decisionsOf } from "../ledger/decision-events.ts";
import { DecisionBody, recordDecisionIn } from "../ledger/decisions.ts";
import { checkKey, writeOnce } from "../ledger/idempotency.ts";
import { ERRORS } from "./payments.ts";

const Params = z.strictObject({ applicationId: z.string().trim().min(1).max(64) });

const DecisionSchema = z.object({
  applicationId: z.string(),
  seq: z.number().int(),
  event: z.enum(DECISION_EVENTS),
  amount: z.number().nullable(),
  date: z.string(),
  opinion: z.string().nullable(),
  decidedAlone: z.boolean(),
  rowVersion: z.number().int(),
  tokenId: z.number().int().nullable(),
  tokenName: z.string(),
  recordedAt: z.string(),
  catalogVersion: z.string(),
  record: z
    .object({ ceilingFen: z.number().nullable(), floorFen: z.number().nullable(), bound: z.string().nullable(), verdict: z.string(), evaluatedUnder: z.string(), trace: z.array(z.unknown()) })
    .nullable(),
  prevHash: z.string(),
  hash: z.string(),
});
const Recorded = z.object({
  decision: DecisionSchema,
  row: z.object({ applicationId: z.string(), version: z.number().int(), status: z.string(), approved: z.number().nullable(), approvalDate: z.string().nullable() }),
});

export function decisionRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    "/api/ledger/rows/:applicationId/decisions",
    {
      schema: {
        tags: ["decisions"],
        summary: "Record a decision on an award (submitted, approved, rejected, withdrawn): an event, and a new version of the row with the status it sets",
        description:
          "A row of the token's office (403 naming `jurisdiction` otherwise, checked first); submitted and withdrawn need " +
          "the clerk role, approved and rejected the reviewer role (403 `authorization`). The token that submitted the " +
          "row (its last `submitted` event, else its first version's) may not approve or reject it (403 " +
          "`separation_of_duties`, `authorization`) unless its office is in SUBSIDY_ONE_PERSON_OFFICES (then the event " +
          "records `decidedAlone`). approved needs `amount` (yuan above zero) within the row's stored ceiling (422 " +
          "`amount`) and stores the ceiling and trace it was decided on, and sets the row's `approvalDate` (核准日期) to its " +
          "`date` (not after the row's paid date either, 422 `date`); a rejection or withdrawal leaves the row none; rejected needs `opinion` (the reason). `date` " +
          "defaults to today in Shanghai, never after it nor before the application (422 `date`). The row's status must " +
          "allow the event (409 `status`). Idempotent with Idempotency-Key.",
        params: Params,
        headers: z.object({ "idempotency-key": z.string().optional() }),
        body: DecisionBody,
        response: { 200: Recorded, ...ERRORS },
      },
      config: { access: "write" },
    },
    async (request, reply) => {
      const key = checkKey(request.headers["idempotency-key"]);
      const token = request.token;
      assertWriter(token);
      const { applicationId } = request.params;
      const outcome = await writeOnce(ctx.db, token, key, { applicationId, body: request.body }, (trx) =>
        recordDecisionIn(trx, ctx.store, token, applicationId, request.body, ctx.config.onePersonOffices),
      );
      if (outcome.replayed) void reply.header("Idempotent-Replayed", "true");
      request.log.info({ applicationId, event: request.body.event, requestId: request.id }, "decision recorded");
      return reply.type("application/json; charset=utf-8").send(outcome.json as never);
    },
  );

  api.get(
    "/api/ledger/rows/:applicationId/decisions",
    {
      schema: {
        tags: ["decisions"],
        summary: "A row's decisions, oldest first, with who recorded each and when, the approvals' decision records, and their audit hashes",
        description: "A row of another office than a scoped reader's is answered 404, as an absent one.",
        params: Params,
        response: { 200: z.object({ applicationId: z.string(), decisions: z.array(DecisionSchema) }) },
      },
      config: { access: "read" },
    },
    async (request) => {
      const { applicationId } = request.params;
      await assertVisibleRow(ctx, request.token, applicationId);
      return { applicationId, decisions: await decisionsOf(ctx.db.k, applicationId) };
    },
  );
}
