// GET/PUT /api/commitments: the budgets each jurisdiction commits per year, which utilization is measured against.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { Amount, CommitmentKind, Jurisdiction, Text, type Commitment } from "../../../shared/catalog/schema.ts";
import { yuanFromFen } from "../../../shared/money/fen.ts";
import type { ServiceContext } from "../context.ts";
import { listCommitments, upsertCommitments } from "../ledger/commitments.ts";

export const CommitmentInput = z.strictObject({
  jurisdiction: Jurisdiction,
  year: z.number().int().min(2000).max(2100),
  /** Yuan, or as written: "2亿元", "5000万元". */
  amount: z.union([z.number().finite().positive().max(1e13), z.string().min(1).max(40)]).pipe(Amount),
  atLeast: z.boolean().default(false),
  /** ceiling (预算上限, the default) or floor (至少投入). */
  kind: CommitmentKind.optional(),
  note: Text.optional(),
});

export const CommitmentsRequest = z.strictObject({ commitments: z.array(CommitmentInput).min(1).max(1000) });

function view(ctx: ServiceContext) {
  return listCommitments(ctx.db).map(({ commitment, version, updatedAt, updatedBy }) => ({
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
    async () => ({ commitments: view(ctx) }),
  );
  api.put(
    "/api/commitments",
    {
      schema: {
        tags: ["commitments"],
        summary: "Enter or correct commitments, by jurisdiction and year",
        body: CommitmentsRequest,
      },
      config: { access: "write" },
    },
    async (request) => {
      const token = request.token;
      if (!token) throw new Error("write route reached without a token");
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
      const { changed } = upsertCommitments(ctx.db, commitments, { tokenId: token.id, name: token.name });
      ctx.store.noteWrite();
      return { changed, commitments: view(ctx) };
    },
  );
}
