// GET /api/notices/:id/history: every version of a notice entered through the service, oldest first, with who wrote
// it (token id and name), the server's time and its audit hashes (`subsidy db verify` checks the chain). Scoped as
// reading the notice is: another office's draft is answered 404, as if it were not there.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { Notice } from "../../../shared/catalog/notice.ts";
import type { ServiceContext } from "../context.ts";
import { ErrorSchema } from "../errors.ts";
import { noticeHistory } from "../notices/history.ts";
import { visibleNotice } from "../notices/visible.ts";
import { NoticeView, noticeView } from "./notices.ts";

const Entry = z.object({
  version: z.number().int(),
  operation: z.enum(["created", "edited", "published", "migrated"]).describe("`migrated`: the version the notice stood at when its history began; earlier versions were not recorded"),
  status: z.enum(["draft", "published"]),
  notice: NoticeView.describe("The notice as this version held it: the budget in yuan, and exact in fen"),
  changedAt: z.string().describe("Server time of the write"),
  changedBy: z.object({ tokenId: z.number().int().nullable(), name: z.string() }),
  prevHash: z.string(),
  hash: z.string(),
});

const NoticeHistory = z.object({ id: z.string(), versions: z.array(Entry) });

export function noticeHistoryRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    "/api/notices/:id/history",
    {
      schema: {
        tags: ["notices"],
        summary: "A notice's every version: who wrote it (token id and name), when, what it held, and its audit hashes",
        description: "Versions oldest first. `prevHash`/`hash` are the notice's audit chain (`subsidy db verify` checks it). Another office's draft is answered 404.",
        params: z.object({ id: z.string().min(1).max(120) }),
        response: { 200: NoticeHistory, 404: { description: "No such notice, or a draft of another office (`not_found`, field `id`)", content: { "application/json": { schema: ErrorSchema } } } },
      },
      config: { access: "read" },
    },
    async (request) => {
      const stored = await visibleNotice(ctx.db.k, request.token, request.params.id);
      const versions = (await noticeHistory(ctx.db.k, stored.id)).map((e) => ({
        version: Number(e.version),
        operation: e.operation,
        status: e.status,
        // Parsed as the notice row is (store.ts): an entry that does not parse is an error, never half read.
        notice: noticeView(Notice.parse(JSON.parse(e.body))),
        changedAt: e.changed_at,
        changedBy: { tokenId: e.token_id === null ? null : Number(e.token_id), name: e.token_name },
        prevHash: e.prev_hash,
        hash: e.hash,
      }));
      return { id: stored.id, versions };
    },
  );
}
