// A notice entered through the service against the catalog: checked exactly as a rules/notices/ file is (readNotice,
// through assembleCatalog for files), refused with 422 naming the path at fault; and the published ones admitted to
// the service's engine, at start and at each publication, so /api/evaluate and ledger rows may name them.
import type { Catalog } from "../../../shared/catalog/catalog.ts";
import type { Notice } from "../../../shared/catalog/notice.ts";
import type { Engine } from "../../../shared/engine/engine.ts";
import { readNotice, type NoticeIssue } from "../../../shared/engine/notices.ts";
import type { Executor } from "../db/open.ts";
import { refuse } from "../auth/permissions.ts";
import { admitNotices, type Admission } from "../../../shared/engine/admit-notices.ts";
import { listNotices, type StoredNotice } from "./store.ts";

function refused(issues: readonly NoticeIssue[]): never {
  refuse(422, "notice_refused", issues.map((i) => ({ field: i.path, message: i.message })));
}

/** Throws 422 (`notice_refused`) naming each path the document refuses: `overrides.jiulongpo-5.rate`, `window`, … */
export function checkAgainstDocument(catalog: Catalog, notice: Notice): void {
  const { issues } = readNotice(catalog, notice);
  if (issues.length > 0) refused(issues);
}

/** Admits a notice just published; 422 when the engine refuses it (the catalog changed under a draft checked before). */
export function admitPublished(engine: Engine, notice: Notice): void {
  const issues = engine.admitNotice(notice);
  if (issues.length > 0) refused(issues);
}

/**
 * Admits every published notice at start (shared/engine/admit-notices.ts). One the catalog now refuses (rules/
 * changed since it was published) is left out and reported, not fatal: the service still starts, and rows naming it
 * are evaluated as naming no notice the catalog has.
 */
export async function admitStoredNotices(ex: Executor, engine: Engine): Promise<Admission> {
  return admitNotices(engine, (await publishedInOrder(ex)).map((stored) => stored.notice));
}

/** The published notices in the order they were published (the order the catalog version hashes them in). */
export async function publishedInOrder(ex: Executor): Promise<StoredNotice[]> {
  const published = await listNotices(ex, "published");
  return published.sort((a, b) => (a.publishedAt ?? "").localeCompare(b.publishedAt ?? "") || a.id.localeCompare(b.id));
}

/**
 * Before a request that names notices is checked or evaluated: a notice the engine does not know may have been
 * published by another service on the same PostgreSQL database since this one started; the published notices are
 * read again then (a small table), so every service on one database takes what any of them published.
 */
export async function knowNotices(ex: Executor, engine: Engine, ids: Iterable<string | null | undefined>): Promise<void> {
  const known = new Set(engine.catalog.notices.map((n) => n.id));
  for (const id of ids) {
    if (typeof id === "string" && id !== "" && !known.has(id)) {
      await admitStoredNotices(ex, engine);
      return;
    }
  }
}
