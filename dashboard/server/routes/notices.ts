// /api/notices: application notices (申报通知) entered through the service. A clerk or an admin of the document's
// office drafts one and edits it (PUT with If-Match: the version read); an admin of the office publishes it, after
// which it is fixed and its figures apply wherever a rules/notices/ file's would (/api/evaluate, ledger rows'
// 申报批次, a what-if by its ID). Every write checks the notice against its document as a file is checked.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { Notice } from "../../../shared/catalog/notice.ts";
import { todayInShanghai } from "../../../shared/engine/dates.ts";
import { yuanFromFen } from "../../../shared/money/fen.ts";
import { assertWriter, checkNoticeWrite } from "../auth/permissions.ts";
import type { ServiceContext } from "../context.ts";
import { ApiError, ErrorSchema } from "../errors.ts";
import { admitPublished, checkAgainstDocument } from "../notices/admit.ts";
import { assertDraft, atVersion, getNotice, insertDraft, listNotices, markPublished, noSuchNotice, updateDraft, type NoticeBody, type StoredNotice } from "../notices/store.ts";
import { visible, visibleNotice } from "../notices/visible.ts";
import { IF_MATCH } from "./ledger.ts";
import { MAX_OVERRIDES } from "./whatif.ts";

/** What a client sends: a notice without the ID (the service gives it) and never a sample; issued defaults to the day written. */
export const NoticeInput = Notice.omit({ id: true, sample: true }).extend({
  issued: z.iso.date().optional().describe("The day the notice was issued (发文日期); the day written when not given"),
  overrides: Notice.shape.overrides.refine((o) => Object.keys(o).length <= MAX_OVERRIDES, { message: `at most ${MAX_OVERRIDES} overrides` }),
});
type NoticeInput = z.infer<typeof NoticeInput>;

const Actor = z.object({ tokenId: z.number().int().nullable(), name: z.string() });

/** The notice as answered: the budget in yuan, as it may be sent back, and exact in fen. */
export const NoticeView = Notice.extend({ budget: z.number().nullable(), budgetFen: z.number().int().nullable() });

export const StoredNoticeSchema = z.object({
  id: z.string(),
  status: z.enum(["draft", "published"]),
  version: z.number().int(),
  jurisdiction: z.string(),
  notice: NoticeView,
  createdAt: z.string(),
  createdBy: Actor,
  updatedAt: z.string(),
  updatedBy: Actor,
  publishedAt: z.string().nullable(),
  publishedBy: Actor.nullable(),
});

const Params = z.object({ id: z.string().min(1).max(120) });

const error = (description: string) => ({ description, content: { "application/json": { schema: ErrorSchema } } });
const CONFLICT = error("The notice changed since the version in If-Match (`version_conflict`, field `if-match`), or it is published and fixed (`notice_published`, field `status`)");
const REFUSED = error("The document refuses the notice (`notice_refused`): `field` names the path, e.g. `overrides.jiulongpo-5.rate` above the document's ceiling, or `window`, `document`");
const FORBIDDEN = error("The notice is another office's (`forbidden_jurisdiction`, field `jurisdiction`), or the token lacks the role (`role_required`, field `authorization`)");

/** A notice as NoticeView answers it. */
export function noticeView(notice: Notice): z.infer<typeof NoticeView> {
  return { ...notice, budget: notice.budget === null ? null : yuanFromFen(notice.budget), budgetFen: notice.budget };
}

function view(stored: StoredNotice): z.infer<typeof StoredNoticeSchema> {
  return { ...stored, notice: noticeView(stored.notice) };
}

function bodyOf(input: NoticeInput): NoticeBody {
  const { issued, ...rest } = input;
  return { ...rest, issued: issued ?? todayInShanghai(), sample: false };
}

/** The version If-Match names; 428 when it is missing (an edit must say what it read), 400 when it is not a version. */
function ifMatchVersion(header: string | undefined, required: boolean): number | null {
  if (header === undefined) {
    if (!required) return null;
    throw new ApiError(428, "precondition_required", { zh: "修改申报通知须带 If-Match 请求头，值为读取时的版本号", en: "editing a notice needs an If-Match header holding the version read" }, "if-match");
  }
  const match = IF_MATCH.exec(header);
  if (!match?.[1]) throw new ApiError(400, "invalid_input", { zh: "If-Match 的值应为申报通知的版本号", en: "If-Match holds the notice's version" }, "if-match");
  return Number(match[1]);
}

export function noticeRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const jurisdictionOf = (document: string): string | null => ctx.engine.catalog.documents.find((d) => d.key === document)?.jurisdiction ?? null;

  api.get(
    "/api/notices",
    {
      schema: { tags: ["notices"], summary: "Notices entered through the service: every published one, and the drafts of the token's office", response: { 200: z.object({ notices: z.array(StoredNoticeSchema) }) } },
      config: { access: "read" },
    },
    async (request) => ({ notices: (await listNotices(ctx.db.k)).filter((n) => visible(request.token, n)).map(view) }),
  );

  api.get(
    "/api/notices/:id",
    {
      schema: { tags: ["notices"], summary: "One notice (ETag: its version, for If-Match)", params: Params, response: { 200: StoredNoticeSchema } },
      config: { access: "read" },
    },
    async (request, reply) => {
      const stored = await visibleNotice(ctx.db.k, request.token, request.params.id);
      void reply.header("ETag", `"${stored.version}"`);
      return view(stored);
    },
  );

  api.post(
    "/api/notices",
    {
      schema: {
        tags: ["notices"],
        summary: "Draft a notice of a document (a clerk or admin of the document's office); the service gives its ID",
        body: NoticeInput,
        response: { 201: StoredNoticeSchema, 403: FORBIDDEN, 422: REFUSED },
      },
      config: { access: "write" },
    },
    async (request, reply) => {
      const token = request.token;
      assertWriter(token);
      checkNoticeWrite(token, jurisdictionOf(request.body.document), "draft");
      const body = bodyOf(request.body);
      checkAgainstDocument(ctx.engine.catalog, { id: "draft", ...body });
      const jurisdiction = jurisdictionOf(body.document) as string;
      const stored = await ctx.db.write((trx) => insertDraft(trx, body, jurisdiction, { tokenId: token.id, name: token.name }), { office: token.jurisdiction });
      void reply.code(201).header("ETag", `"${stored.version}"`).header("Location", `/api/notices/${stored.id}`);
      return view(stored);
    },
  );

  api.put(
    "/api/notices/:id",
    {
      schema: {
        tags: ["notices"],
        summary: "Replace a draft (If-Match: the version read; 428 without it, 409 when someone wrote it since)",
        params: Params,
        headers: z.object({ "if-match": z.string().optional() }),
        body: NoticeInput,
        response: { 200: StoredNoticeSchema, 403: FORBIDDEN, 409: CONFLICT, 422: REFUSED, 428: error("No If-Match header (`precondition_required`, field `if-match`): an edit must name the version it read") },
      },
      config: { access: "write" },
    },
    async (request, reply) => {
      const token = request.token;
      assertWriter(token);
      const expected = ifMatchVersion(request.headers["if-match"], true) as number;
      const body = bodyOf(request.body);
      const id = request.params.id;
      const stored = await ctx.db.write(
        async (trx) => {
          const current = await getNotice(trx, id);
          if (!current || !visible(token, current)) throw noSuchNotice(id);
          checkNoticeWrite(token, current.jurisdiction, "draft");
          if (body.document !== current.notice.document) {
            throw new ApiError(422, "notice_refused", { zh: `申报通知 ${id} 属于 ${current.notice.document}，不能改为其他文件；请起草新的通知`, en: `notice ${id} is of ${current.notice.document} and cannot move to another document; draft a new one` }, "document");
          }
          assertDraft(atVersion(current, expected));
          checkAgainstDocument(ctx.engine.catalog, { id, ...body });
          return updateDraft(trx, current, body, { tokenId: token.id, name: token.name });
        },
        { office: token.jurisdiction },
      );
      void reply.header("ETag", `"${stored.version}"`);
      return view(stored);
    },
  );

  api.post(
    "/api/notices/:id/publish",
    {
      schema: {
        tags: ["notices"],
        summary: "Publish a draft (an admin of its office): fixed from then on, its figures apply to evaluations and ledger rows that name it",
        description: "If-Match, when sent, must hold the current version (409 otherwise). The notice is checked against its document again: the catalog may have changed since it was drafted.",
        params: Params,
        headers: z.object({ "if-match": z.string().optional() }),
        response: { 200: StoredNoticeSchema, 403: FORBIDDEN, 409: CONFLICT, 422: REFUSED },
      },
      config: { access: "write" },
    },
    async (request, reply) => {
      const token = request.token;
      assertWriter(token);
      const expected = ifMatchVersion(request.headers["if-match"], false);
      const id = request.params.id;
      const stored = await ctx.db.write(
        async (trx) => {
          const current = await getNotice(trx, id);
          if (!current || !visible(token, current)) throw noSuchNotice(id);
          checkNoticeWrite(token, current.jurisdiction, "publish");
          assertDraft(expected === null ? current : atVersion(current, expected));
          checkAgainstDocument(ctx.engine.catalog, current.notice);
          return markPublished(trx, current, { tokenId: token.id, name: token.name });
        },
        { office: token.jurisdiction },
      );
      // After the commit: the engine never holds a notice the database does not.
      admitPublished(ctx.engine, stored.notice);
      void reply.header("ETag", `"${stored.version}"`);
      return view(stored);
    },
  );
}
