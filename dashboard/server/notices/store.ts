// The notices entered through the service (migration 11): drafts an office edits, then published by an admin. The
// body is the notice as a rules/notices/ file holds it, parsed again by the same zod schema whenever it is read, so
// a row that does not parse is an error here, never a notice half read. Who may write, and whether the figures stand
// against the document, are the routes' (routes/notices.ts); this file reads and writes rows under If-Match, each write with its history entry (history.ts).
import type { Notice } from "../../../shared/catalog/notice.ts";
import { Notice as NoticeSchema, SERVICE_NOTICE_PREFIX } from "../../../shared/catalog/notice.ts";
import { yuanFromFen } from "../../../shared/money/fen.ts";
import { countAll, type Executor } from "../db/open.ts";
import type { Updateable } from "kysely";
import type { NoticesTable } from "../db/schema.ts";
import { ApiError } from "../errors.ts";
import { bumpRevision } from "../ledger/store.ts";
import { appendNoticeVersion, type NoticeOperation } from "./history.ts";

export type NoticeStatus = NoticesTable["status"];

export interface Actor {
  tokenId: number | null;
  name: string;
}

export interface StoredNotice {
  id: string;
  status: NoticeStatus;
  version: number;
  jurisdiction: string;
  notice: Notice;
  createdAt: string;
  createdBy: Actor;
  updatedAt: string;
  updatedBy: Actor;
  publishedAt: string | null;
  publishedBy: Actor | null;
}

/**
 * The notice as a file writes it, which is what the body holds: the budget in yuan (the parsed notice holds fen),
 * so that reading it back through the schema gives the same notice.
 */
function written(notice: Notice): string {
  return JSON.stringify({ ...notice, budget: notice.budget === null ? null : yuanFromFen(notice.budget) });
}

function fromRow(row: NoticesTable): StoredNotice {
  return {
    id: row.id,
    status: row.status,
    version: Number(row.version),
    jurisdiction: row.jurisdiction,
    notice: NoticeSchema.parse(JSON.parse(row.body)),
    createdAt: row.created_at,
    createdBy: { tokenId: row.created_by_token_id === null ? null : Number(row.created_by_token_id), name: row.created_by },
    updatedAt: row.updated_at,
    updatedBy: { tokenId: row.updated_by_token_id === null ? null : Number(row.updated_by_token_id), name: row.updated_by },
    publishedAt: row.published_at,
    publishedBy: row.published_by === null ? null : { tokenId: row.published_by_token_id === null ? null : Number(row.published_by_token_id), name: row.published_by },
  };
}

/** Every stored notice, in ID order (the routes filter what a reader sees). */
export async function listNotices(ex: Executor, status?: NoticeStatus): Promise<StoredNotice[]> {
  let query = ex.selectFrom("notices").selectAll().orderBy("id");
  if (status) query = query.where("status", "=", status);
  return (await query.execute()).map(fromRow);
}

export async function getNotice(ex: Executor, id: string): Promise<StoredNotice | null> {
  const row = await ex.selectFrom("notices").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? fromRow(row) : null;
}

/** A notice without the ID the service gives it. */
export type NoticeBody = Omit<Notice, "id">;

/**
 * Stores a new draft under the write lock, with the next ID of the service's own (`api-<document>-<n>`, n one more
 * than the notices stored: none is ever deleted, so n never repeats).
 */
export async function insertDraft(trx: Executor, body: NoticeBody, jurisdiction: string, actor: Actor): Promise<StoredNotice> {
  const count = await trx.selectFrom("notices").select(countAll.as("n")).executeTakeFirst();
  const id = `${SERVICE_NOTICE_PREFIX}${body.document}-${Number(count?.n ?? 0) + 1}`;
  const notice: Notice = { id, ...body };
  const now = new Date().toISOString();
  await trx
    .insertInto("notices")
    .values({
      id,
      document: body.document,
      jurisdiction,
      status: "draft",
      body: written(notice),
      version: 1,
      created_at: now,
      created_by_token_id: actor.tokenId,
      created_by: actor.name,
      updated_at: now,
      updated_by_token_id: actor.tokenId,
      updated_by: actor.name,
      published_at: null,
      published_by_token_id: null,
      published_by: null,
    })
    .execute();
  await appendNoticeVersion(trx, id, "created");
  return (await getNotice(trx, id)) as StoredNotice;
}

/** 404 naming `field` (the path's `id`, or a body's `notice`) when there is no such notice. */
export function noSuchNotice(id: string, field = "id"): ApiError {
  return new ApiError(404, "not_found", { zh: `没有申报通知 ${id}`, en: `no notice ${id}` }, field);
}

/** The stored notice at the version the client read, or 409 naming `if-match` (someone else wrote it since). */
export function atVersion(stored: StoredNotice, expected: number): StoredNotice {
  if (stored.version !== expected) {
    throw new ApiError(
      409,
      "version_conflict",
      { zh: `申报通知 ${stored.id} 已被改为第 ${stored.version} 版（预期第 ${expected} 版），请重新读取后再改`, en: `notice ${stored.id} is now at version ${stored.version}, not ${expected}: someone else changed it; read it again first` },
      "if-match",
    );
  }
  return stored;
}

/** A published notice stays as it was published: rows evaluated under it must keep meaning what they meant. */
export function assertDraft(stored: StoredNotice): void {
  if (stored.status !== "draft") {
    throw new ApiError(409, "notice_published", { zh: `申报通知 ${stored.id} 已发布，不能再修改；请起草新的通知`, en: `notice ${stored.id} is published and can no longer be changed; draft a new one` }, "status");
  }
}

/** Replaces a draft's body (its document stays: the office and the ID follow from it), one version up. */
export async function updateDraft(trx: Executor, stored: StoredNotice, body: NoticeBody, actor: Actor): Promise<StoredNotice> {
  const notice: Notice = { id: stored.id, ...body };
  return changeDraft(trx, stored, { body: written(notice), updated_at: new Date().toISOString(), updated_by_token_id: actor.tokenId, updated_by: actor.name }, "edited");
}

/**
 * Marks a draft published, one version up, and bumps the revision: what the service reports (/api/health's catalog
 * version) and what its rows may name change with it, on every service reading the database.
 */
export async function markPublished(trx: Executor, stored: StoredNotice, actor: Actor): Promise<StoredNotice> {
  const now = new Date().toISOString();
  await bumpRevision(trx);
  return changeDraft(trx, stored, { status: "published", updated_at: now, updated_by_token_id: actor.tokenId, updated_by: actor.name, published_at: now, published_by_token_id: actor.tokenId, published_by: actor.name }, "published");
}

/**
 * A draft changed one version up, only if it is still the version read (the route checked If-Match against it), and
 * the new version appended to its history in the same transaction.
 */
async function changeDraft(trx: Executor, stored: StoredNotice, set: Updateable<NoticesTable>, operation: NoticeOperation): Promise<StoredNotice> {
  const changed = await trx
    .updateTable("notices")
    .set({ ...set, version: stored.version + 1 })
    .where("id", "=", stored.id)
    .where("version", "=", stored.version)
    .where("status", "=", "draft")
    .executeTakeFirst();
  if (Number(changed.numUpdatedRows) !== 1) throw new Error(`notice ${stored.id} changed under the write lock`);
  await appendNoticeVersion(trx, stored.id, operation);
  return (await getNotice(trx, stored.id)) as StoredNotice;
}
