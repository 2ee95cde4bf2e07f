// Payments (拨付) as events: record one on a row, list a row's payments, import a receipts file (all or nothing).
// What is checked and written is ledger/payments.ts's; here the requests, the answers and the transaction.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { fenOfExactYuan } from "../../../shared/money/fen.ts";
import { assertWriter } from "../auth/permissions.ts";
import type { TokenInfo, TokenJurisdiction } from "../auth/tokens.ts";
import type { ServiceContext } from "../context.ts";
import { assertVisibleRow } from "./visible-row.ts";
import { ApiError, ErrorSchema } from "../errors.ts";
import { checkKey, writeOnce } from "../ledger/idempotency.ts";
import { PaymentBody, paymentsOf, recordPaymentsIn, type PaymentProblem, type PaymentRequest, type RecordOutcome } from "../ledger/payments.ts";

const Params = z.strictObject({ applicationId: z.string().trim().min(1).max(64) });

const PaymentSchema = z.object({
  applicationId: z.string(),
  seq: z.number().int(),
  amount: z.number(),
  date: z.string().nullable(),
  dateRecorded: z.boolean(),
  voucher: z.string().nullable(),
  origin: z.enum(["api", "receipts", "migrated", "ledger"]),
  rowVersion: z.number().int(),
  tokenId: z.number().int().nullable(),
  tokenName: z.string(),
  recordedAt: z.string(),
  prevHash: z.string(),
  hash: z.string(),
});
const RowAfter = z.object({ applicationId: z.string(), version: z.number().int(), paid: z.number(), paidDate: z.string().nullable(), status: z.string() });
export const Recorded = z.object({ payments: z.array(PaymentSchema), rows: z.array(RowAfter) });

export const ERRORS = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema } as const;

/** A single payment's refusal: its own status (403 office or role, 404, 409, 422), every issue listed. */
export function refusal(problems: readonly PaymentProblem[]): ApiError {
  const first = problems[0] as PaymentProblem;
  return new ApiError(first.status, first.code, first.message, first.field, problems.map(({ field, message }) => ({ field, message })));
}

/** Records in one write transaction under the token's office (row-level security on PostgreSQL), idempotent with a key. */
export async function recordOnce(
  ctx: ServiceContext,
  token: TokenInfo & { jurisdiction: TokenJurisdiction },
  key: string | null,
  requests: readonly PaymentRequest[],
  origin: "api" | "receipts",
  field: (index: number, name: string) => string,
  refuse: (problems: PaymentProblem[]) => ApiError,
  refused = false,
): Promise<{ json: string; replayed: boolean }> {
  return writeOnce(ctx.db, token, key, { origin, requests }, async (trx) => {
    const outcome: RecordOutcome = await recordPaymentsIn(trx, ctx.store, token, requests, origin, field, { checkOnly: refused });
    if ("problems" in outcome) throw refuse(outcome.problems);
    return outcome;
  });
}

export function paymentRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    "/api/ledger/rows/:applicationId/payments",
    {
      schema: {
        tags: ["payments"],
        summary: "Record a payment (拨付) of an approved award: an event, and a new version of the row with paid = the sum of its payments",
        description:
          "Needs the payer role and a row of the token's office (403 naming `jurisdiction` otherwise, checked first). " +
          "The row must be approved (409 `status`); the amount above zero and exact to the fen; the date neither in the " +
          "future nor before the application (422 `date`); the voucher new on the row (409 `voucher`); the paid sum " +
          "within the approved amount (422 `amount`). The row's new version has `paid` the sum of its payments, " +
          "`paidDate` the latest payment's day, and status paid once fully paid. Idempotent with Idempotency-Key.",
        params: Params,
        headers: z.object({ "idempotency-key": z.string().optional() }),
        body: PaymentBody,
        response: { 200: Recorded, ...ERRORS },
      },
      config: { access: "write" },
    },
    async (request, reply) => {
      const key = checkKey(request.headers["idempotency-key"]);
      const token = request.token;
      assertWriter(token);
      const { amount, date, voucher } = request.body;
      const requests = [{ applicationId: request.params.applicationId, amountFen: fenOfExactYuan(amount), date, voucher }];
      const outcome = await recordOnce(ctx, token, key, requests, "api", (_i, name) => name, refusal);
      if (outcome.replayed) void reply.header("Idempotent-Replayed", "true");
      request.log.info({ applicationId: request.params.applicationId, requestId: request.id }, "payment recorded");
      return reply.type("application/json; charset=utf-8").send(outcome.json as never);
    },
  );

  api.get(
    "/api/ledger/rows/:applicationId/payments",
    {
      schema: {
        tags: ["payments"],
        summary: "A row's payments, oldest first, with who recorded each and when, and their audit hashes",
        description: "A row of another office than a scoped reader's is answered 404, as an absent one.",
        params: Params,
        response: { 200: z.object({ applicationId: z.string(), paid: z.number(), payments: z.array(PaymentSchema) }) },
      },
      config: { access: "read" },
    },
    async (request) => {
      const { applicationId } = request.params;
      await assertVisibleRow(ctx, request.token, applicationId);
      const payments = await paymentsOf(ctx.db.k, applicationId);
      const paidFen = payments.reduce((sum, p) => sum + fenOfExactYuan(p.amount), 0);
      return { applicationId, paid: paidFen / 100, payments };
    },
  );
}
