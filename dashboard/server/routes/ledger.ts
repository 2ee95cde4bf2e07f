// The ledger API: batch upsert (all or nothing, idempotent), filtered paging, and each row's history.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { DocumentKey, Jurisdiction } from "../../../shared/catalog/schema.ts";
import { noticeOfRowProblem } from "../../../shared/ledger/notice-check.ts";
import { LedgerRow, Status } from "../../../shared/ledger/row.ts";
import { VIOLATION_CODES } from "../../../shared/ledger/violation.ts";
import { knowNotices } from "../notices/admit.ts";
import type { ServiceContext } from "../context.ts";
import { ApiError, ErrorSchema, type Issue } from "../errors.ts";
import type { Engine } from "../../../shared/engine/engine.ts";
import { checkKey } from "../ledger/idempotency.ts";
import type { HistoryEntry, LedgerFilter } from "../ledger/store.ts";
import { assertWriter, readScope, scopedJurisdiction } from "../auth/permissions.ts";
import { batchWriter } from "../writer/runner.ts";
import type { TokenInfo } from "../auth/tokens.ts";
import type { ServerConfig } from "../config.ts";

/** Versions per history page at most. */
export const MAX_HISTORY_PAGE = 1000;

/** Rows per batch: a 5 MB body holds about 15,000 rows; the bound keeps one transaction short. */
export const MAX_BATCH_ROWS = 20_000;

/**
 * `expectedVersions`: for rows the client last read, the version it read (0: the row must not exist yet). A row
 * someone else has changed since is answered 409 and the whole batch is refused, so no one overwrites a correction
 * they never saw. A one-row batch may say the same with `If-Match: <version>`.
 */
export const UpsertRequest = z.strictObject({
  rows: z.array(LedgerRow).min(1).max(MAX_BATCH_ROWS),
  expectedVersions: z.record(z.string().min(1).max(64), z.number().int().min(0).max(2 ** 31 - 1)).optional(),
});

/** `If-Match: 3` or `If-Match: "3"` (an entity tag holding the version). */
export const IF_MATCH = /^\s*"?(\d{1,10})"?\s*$/;

const UpsertResponse = z.object({
  batchId: z.string(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  versions: z.array(z.object({ applicationId: z.string(), version: z.number().int(), change: z.enum(["inserted", "updated", "unchanged"]) })),
  warnings: z
    .array(
      z.object({
        applicationId: z.string(),
        index: z.number().int().describe("the row's position in this batch (0-based)"),
        code: z.enum(VIOLATION_CODES),
        message: z.object({ zh: z.string(), en: z.string() }),
        field: z.string().optional(),
        related: z.array(z.string()).optional(),
        capKey: z.string().optional(),
      }),
    )
    .describe("what the ledger checks find in this batch's rows once it is stored, as stored with them (the rows are stored all the same)"),
});

/** Filters shared by the ledger listing, the summary and the exports. */
export const LedgerFilterQuery = {
  jurisdiction: Jurisdiction.optional(),
  document: DocumentKey.optional(),
  provision: z.string().trim().toLowerCase().min(1).max(40).optional(),
  district: z.string().trim().min(1).max(50).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  status: Status.optional(),
  enterprise: z.string().trim().min(1).max(200).optional(),
};

export function filterOf(query: Partial<Record<keyof typeof LedgerFilterQuery, string | number | undefined>>): LedgerFilter {
  const filter: LedgerFilter = {};
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && key in LedgerFilterQuery) filter[key as keyof LedgerFilter] = value;
  }
  return filter;
}

/** The filter a reader may use: a token of one office reads that office only (403 naming `jurisdiction` for another). */
export function scopedFilterOf(
  query: Parameters<typeof filterOf>[0],
  token: TokenInfo | null,
  config: Pick<ServerConfig, "readAccess">,
): LedgerFilter {
  const filter = filterOf(query);
  const asked = filter.jurisdiction === undefined ? undefined : String(filter.jurisdiction);
  const jurisdiction = scopedJurisdiction(readScope(token, config), asked);
  if (jurisdiction !== undefined) filter.jurisdiction = jurisdiction;
  return filter;
}

function duplicateCheck(rows: readonly LedgerRow[]): void {
  const seen = new Map<string, number>();
  rows.forEach((row, i) => {
    const first = seen.get(row.applicationId);
    if (first !== undefined) {
      throw new ApiError(
        400,
        "duplicate_id",
        {
          zh: `申报编号 ${row.applicationId} 在本批中出现两次（第 ${first + 1} 行和第 ${i + 1} 行）`,
          en: `application ID ${row.applicationId} appears twice in this batch (rows ${first + 1} and ${i + 1})`,
        },
        `rows.${i}.applicationId`,
      );
    }
    seen.set(row.applicationId, i);
  });
}

/**
 * Each row's 申报批次 against the catalog's notices, as the CSV/xlsx import and the add-in check it: a notice the
 * catalog lacks, or one of another document than the row's provision, refuses the batch with 400 naming
 * rows.N.notice (every such row listed), rather than storing a row whose ceiling cannot be computed.
 */
function noticeCheck(engine: Engine, rows: readonly LedgerRow[]): void {
  const issues: Issue[] = [];
  rows.forEach((row, i) => {
    const message = row.notice ? noticeOfRowProblem(engine.catalog, row.notice, row.provisionId) : null;
    if (message !== null && issues.length < 200) issues.push({ field: `rows.${i}.notice`, message });
  });
  const first = issues[0];
  if (first) throw new ApiError(400, "invalid_input", first.message, first.field, issues);
}

/** The versions the client expects, by application ID, from the body or a one-row batch's If-Match. */
function expectedVersionsOf(rows: readonly LedgerRow[], given: Record<string, number> | undefined, ifMatch: string | undefined): Map<string, number> {
  const expected = new Map<string, number>();
  const ids = new Set(rows.map((r) => r.applicationId));
  for (const [id, version] of Object.entries(given ?? {})) {
    if (!ids.has(id)) {
      throw new ApiError(
        400,
        "invalid_input",
        { zh: `expectedVersions 中的 ${id} 不在本批数据中`, en: `expectedVersions names ${id}, which is not in this batch` },
        `expectedVersions.${id}`,
      );
    }
    expected.set(id, version);
  }
  if (ifMatch !== undefined) {
    const match = IF_MATCH.exec(ifMatch);
    const only = rows.length === 1 ? rows[0] : undefined;
    if (!match?.[1] || !only) {
      throw new ApiError(
        400,
        "invalid_input",
        { zh: "If-Match 只用于单行批次，值为该行的版本号", en: "If-Match applies to a one-row batch and holds that row's version" },
        "if-match",
      );
    }
    expected.set(only.applicationId, Number(match[1]));
  }
  return expected;
}

export function ledgerRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  /** When this process last pruned old idempotency records: at most once a minute, inside a batch's transaction. */
  let prunedAt = 0;
  const writer = batchWriter(ctx.db, ctx.store);
  app.addHook("onClose", () => writer.close());

  api.put(
    "/api/ledger/rows",
    {
      schema: {
        tags: ["ledger"],
        summary: "Upsert a batch of ledger rows by application ID (all or nothing; idempotent with Idempotency-Key)",
        description:
          "The answer lists, per row of the batch, what the ledger checks find once it is stored (approved above " +
          "ceiling, not in force, unknown provision, invalid credit code, a cap exceeded across rows, stacking, …, " +
          "with the other rows involved in `related`): the rows are stored, and Excel can show what to correct at once. " +
          "A row of another office than the token's (as sent, or as stored) refuses the batch with 403 naming " +
          "rows.N.jurisdiction; then a change the token's roles do not cover (approved/rejected: reviewer; paid: " +
          "payer; the application's fields: clerk) with 403 naming the field. Each changed row's change is recorded " +
          "as the events it implies, held to the event routes' checks: a new row is submitted; status approved (or " +
          "paid) from applied is an approval of `approved`, rejected one whose reason is the note (422 rows.N.note " +
          "without), withdrawn a withdrawal (409 rows.N.status for a move the decisions route refuses); the submitter " +
          "may not approve or reject (403 `separation_of_duties`, rows.N.status) unless the office is one person; a " +
          "raised `paid` is a payment of the difference dated `paidDate` (or marked date not recorded), within the " +
          "approved amount (422 rows.N.paid); a lowered `paid`, or a changed `approved` on an approved row, is " +
          "refused (422): events are not undone by overwriting. A row sent as stored implies nothing.",
        headers: z.object({ "idempotency-key": z.string().optional(), "if-match": z.string().optional() }),
        body: UpsertRequest,
        response: { 200: UpsertResponse, 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema },
      },
      config: { access: "write" },
    },
    async (request, reply) => {
      const key = checkKey(request.headers["idempotency-key"]);
      const { rows } = request.body;
      duplicateCheck(rows);
      await knowNotices(ctx.db.k, ctx.engine, rows.map((r) => r.notice));
      noticeCheck(ctx.engine, rows);
      const expected = expectedVersionsOf(rows, request.body.expectedVersions, request.headers["if-match"]);
      const token = request.token;
      assertWriter(token);
      // The transaction, on the SQLite writer thread or here (writer/runner.ts); validation stays above.
      const prune = Date.now() - prunedAt > 60_000;
      if (prune) prunedAt = Date.now();
      const outcome = await writer.publish(token, rows, { key, expected, onePersonOffices: ctx.config.onePersonOffices, prune });
      // Sent as serialized here (a string skips the typed serializer): running zod over a 15,000-entry answer
      // would cost more than the write itself.
      void reply.type("application/json; charset=utf-8");
      if (outcome.replayed) {
        void reply.header("Idempotent-Replayed", "true");
        return reply.send(outcome.body as never);
      }
      request.log.info({ batchId: outcome.batchId, requestId: request.id, inserted: outcome.inserted, updated: outcome.updated }, "ledger batch stored");
      return reply.send(outcome.body as never);
    },
  );

  api.get(
    "/api/ledger",
    {
      schema: {
        tags: ["ledger"],
        summary: "Ledger rows, filtered and paged, in application-ID order",
        querystring: z.strictObject({
          ...LedgerFilterQuery,
          limit: z.coerce.number().int().min(1).max(5000).default(100),
          offset: z.coerce.number().int().min(0).max(1e9).default(0),
        }),
      },
      config: { access: "read" },
    },
    async (request) => {
      const { limit, offset, ...filters } = request.query;
      const page = await ctx.store.list(scopedFilterOf(filters, request.token, ctx.config), limit, offset);
      return { total: page.total, limit, offset, rows: page.rows };
    },
  );

  const historyRoute = {
    schema: {
      tags: ["ledger"],
      summary: "A row's whole life, page by page: every version with who changed it (token id and name), when, in which batch, and its audit hashes",
      description:
        "Versions oldest first, `limit` per page (default 100, at most 1000) after version `after`; `next` is the " +
        "`after` of the following page, null on the last. `prevHash`/`hash` are the row's audit chain " +
        "(`subsidy db verify` checks it). A row of another office than a scoped reader's is answered 404.",
      params: z.strictObject({ applicationId: z.string().trim().min(1).max(64) }),
      querystring: z.strictObject({
        limit: z.coerce.number().int().min(1).max(MAX_HISTORY_PAGE).default(100),
        after: z.coerce.number().int().min(0).max(2 ** 31 - 1).optional(),
      }),
    },
    config: { access: "read" as const },
  };
  const history = async (request: {
    params: { applicationId: string };
    query: { limit: number; after?: number | undefined };
    token: TokenInfo | null;
  }): Promise<{ applicationId: string; versions: HistoryEntry[]; next: number | null }> => {
    const { applicationId } = request.params;
    const scope = readScope(request.token, ctx.config);
    // Another office's row is answered as absent: a reader of one office learns nothing of the others' IDs.
    const hidden = scope !== null && (await ctx.store.storedJurisdiction(applicationId)) !== scope;
    const { limit, after } = request.query;
    const page = hidden ? { versions: [], next: null } : await ctx.store.historyPage(applicationId, { limit, ...(after === undefined ? {} : { after }) });
    // An empty page after the last version is a row's end, not its absence.
    const exists = page.versions.length > 0 || (!hidden && after !== undefined && (await ctx.store.historyPage(applicationId, { limit: 1 })).versions.length > 0);
    if (!exists) {
      throw new ApiError(
        404,
        "not_found",
        { zh: `台账中没有申报编号 ${applicationId}`, en: `no ledger row with application ID ${applicationId}` },
        "applicationId",
      );
    }
    return { applicationId, versions: page.versions, next: page.next };
  };
  // The issue's name for it (under the rows the batch endpoint writes) and the original one, one handler.
  api.get("/api/ledger/rows/:applicationId/history", historyRoute, history);
  api.get("/api/ledger/:applicationId/history", historyRoute, history);
}
