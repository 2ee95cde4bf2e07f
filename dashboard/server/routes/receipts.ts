// POST /api/payments/receipts: a receipts file (拨付回单, shared/ledger/receipts.ts) recorded as payments in one
// transaction, all or nothing: every row that cannot be recorded is listed with its field, and nothing is written.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { readReceiptRows, readReceiptsCsv, type ReadReceipts, type Receipt } from "../../../shared/ledger/receipts.ts";
import { assertWriter } from "../auth/permissions.ts";
import type { ServiceContext } from "../context.ts";
import { ApiError, type Issue } from "../errors.ts";
import { checkKey } from "../ledger/idempotency.ts";
import type { PaymentProblem } from "../ledger/payments.ts";
import { ERRORS, recordOnce, Recorded, refusal } from "./payments.ts";

/** Payments per receipts file at most: one transaction, kept short. */
export const MAX_RECEIPTS = 20_000;

export function receiptRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  // The receipts import takes CSV as well as JSON: its parser lives in this scope only, so every other route still
  // refuses a body that is not JSON.
  void app.register(async (scope) => {
    scope.addContentTypeParser(["text/csv", "text/plain"], { parseAs: "string" }, (_request, body, done) => done(null, body));
    scope.withTypeProvider<ZodTypeProvider>().post(
      "/api/payments/receipts",
      {
        schema: {
          tags: ["payments"],
          summary: "Import a receipts file (拨付回单): every payment recorded in one transaction, or none",
          description:
            "Body: CSV (Content-Type text/csv; columns 申请编号/applicationId, 金额/amount, 日期/date, 凭证号/voucher, " +
            "headers in Chinese or English) or JSON `{ rows: [{ applicationId, amount, date, voucher }] }`. Any row " +
            "that cannot be recorded — unreadable, an unknown application ID, a row of another office, not approved, " +
            "above the approved amount, a bad date, a voucher already used — refuses the whole file with 422, every " +
            "such row listed in `issues` with its field (`rows.N.field`, N the 0-based data row); nothing is recorded. " +
            "Needs the payer role (403). Idempotent with Idempotency-Key.",
          headers: z.object({ "idempotency-key": z.string().optional() }),
          body: z.union([z.string().min(1).max(5 * 1024 * 1024), z.strictObject({ rows: z.array(z.unknown()).min(1).max(MAX_RECEIPTS) })]),
          response: { 200: Recorded.extend({ recorded: z.number().int() }), ...ERRORS },
        },
        config: { access: "write" },
      },
      async (request, reply) => {
        const key = checkKey(request.headers["idempotency-key"]);
        const token = request.token;
        assertWriter(token);
        const read: ReadReceipts = typeof request.body === "string" ? readReceiptsCsv(request.body) : readReceiptRows(request.body.rows);
        if (read.receipts.length > MAX_RECEIPTS) {
          throw new ApiError(413, "too_many_rows", { zh: `回单超过 ${MAX_RECEIPTS} 行，请分批导入`, en: `more than ${MAX_RECEIPTS} receipts; import them in parts` }, "body");
        }
        // The rows that read as payments are checked against the ledger too, so one answer lists every failing row.
        const positions: number[] = [];
        const requests: Receipt[] = [];
        read.receipts.forEach((r, i) => {
          if (r) {
            positions.push(i);
            requests.push(r);
          }
        });
        const field = (index: number, name: string) => `rows.${positions[index] ?? index}.${name}`;
        const refuse = (problems: readonly (PaymentProblem | Issue)[]): ApiError => {
          const role = problems.find((p) => "code" in p && p.code === "role_required") as PaymentProblem | undefined;
          if (role) return refusal([role]);
          const issues = [...read.issues, ...problems.map(({ field, message }) => ({ field, message }))].sort(byRow);
          const first = issues[0] as Issue;
          const count = new Set(issues.map((i) => i.field.split(".").slice(0, 2).join("."))).size;
          return new ApiError(
            422,
            "receipts_refused",
            { zh: `${count} 行回单无法入账，全部未记录；首个：${first.message.zh}`, en: `${count} receipt rows cannot be recorded, so none was; first: ${first.message.en}` },
            first.field,
            issues,
          );
        };
        if (read.issues.length > 0 && requests.length === 0) throw refuse([]);
        // Rows that did not read refuse the file; the others are still checked (not written) to list theirs too.
        const outcome = await recordOnce(ctx, token, key, requests, "receipts", field, (problems) => refuse(problems), read.issues.length > 0);
        if (outcome.replayed) void reply.header("Idempotent-Replayed", "true");
        const parsed = JSON.parse(outcome.json) as z.infer<typeof Recorded>;
        request.log.info({ payments: requests.length, requestId: request.id }, "receipts recorded");
        return reply.type("application/json; charset=utf-8").send(JSON.stringify({ recorded: parsed.payments.filter((p) => p.origin === "receipts").length, ...parsed }) as never);
      },
    );
  });
}

/** Issues in file order: by data row, the file's own (header, body) first. */
function byRow(a: Issue, b: Issue): number {
  const row = (i: Issue) => Number(/^rows\.(\d+)\./.exec(i.field)?.[1] ?? -1);
  return row(a) - row(b);
}
