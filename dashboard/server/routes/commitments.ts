// GET/PUT /api/commitments: the budgets each jurisdiction commits per year, which utilization is measured against.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { Amount, CommitmentKind, Jurisdiction, Text, type Commitment } from "../../../shared/catalog/schema.ts";
import { yuanFromFen } from "../../../shared/money/fen.ts";
import type { ServiceContext } from "../context.ts";
import { listCommitments, upsertCommitments } from "../ledger/commitments.ts";
import { assertWriter, checkCommitmentWrites, readScope } from "../auth/permissions.ts";

/** 10 trillion yuan, in fen: far above any commission's budget, far below where fen stop being exact. */
const MAX_COMMITMENT_FEN = 1e15;

export const CommitmentInput = z.strictObject({
  jurisdiction: Jurisdiction,
  year: z.number().int().min(2000).max(2100),
  /**
   * Yuan, or as written: "2亿元", "5000万元". A number and a text go through one parse and one bound, so 0 and "0"
   * (or 1e14 and "1e14") get the same answer.
   */
  amount: z
    .union([z.number(), z.string().min(1).max(40)])
    .pipe(Amount)
    .pipe(
      z
        .number()
        .refine((fen) => fen > 0, { message: "预算承诺金额须大于 0 / a commitment must be more than 0" })
        .refine((fen) => fen <= MAX_COMMITMENT_FEN, { message: "预算承诺金额不能超过 10 万亿元 / a commitment cannot exceed 10 trillion yuan" }),
    ),
  atLeast: z.boolean().default(false),
  /** ceiling (预算上限, the default) or floor (至少投入). */
  kind: CommitmentKind.optional(),
  note: Text.optional(),
});

export const CommitmentsRequest = z.strictObject({ commitments: z.array(CommitmentInput).min(1).max(1000) });

/** The commitments a reader sees: a token of one office sees its office's (scope null: all). */
async function view(ctx: ServiceContext, scope: string | null) {
  const stored = (await listCommitments(ctx.db.k)).filter(({ commitment }) => scope === null || commitment.jurisdiction === scope);
  return stored.map(({ commitment, version, updatedAt, updatedBy }) => ({
    ...commitment,
    amountFen: commitment.amount,
    amount: yuanFromFen(commitment.amount),
    version,
    updatedAt,
    updatedBy,
  }));
}

export function commitmentRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    "/api/commitments",
    { schema: { tags: ["commitments"], summary: "Budget commitments (amount in yuan, amountFen exact)" }, config: { access: "read" } },
    async (request) => ({ commitments: await view(ctx, readScope(request.token, ctx.config)) }),
  );
  api.put(
    "/api/commitments",
    {
      schema: {
        tags: ["commitments"],
        summary: "Enter or correct commitments, by jurisdiction and year (an admin token of that jurisdiction, or of all)",
        body: CommitmentsRequest,
      },
      config: { access: "write" },
    },
    async (request) => {
      const token = request.token;
      assertWriter(token);
      // Checked on the request as sent: a commitment's office is its jurisdiction, which the body names.
      checkCommitmentWrites(token, request.body.commitments);
      const enteredAt = new Date().toISOString();
      const commitments: Commitment[] = request.body.commitments.map((c) => {
        const commitment: Commitment = {
          jurisdiction: c.jurisdiction,
          year: c.year,
          amount: c.amount,
          atLeast: c.atLeast,
          source: { kind: "entered", enteredBy: token.name, enteredAt },
          sample: false,
        };
        if (c.kind) commitment.kind = c.kind;
        if (c.note) commitment.note = c.note;
        return commitment;
      });
      const { changed } = await upsertCommitments(ctx.db, commitments, { tokenId: token.id, name: token.name }, { office: token.jurisdiction });
      return { changed, commitments: await view(ctx, readScope(token, ctx.config)) };
    },
  );
}
