// A row's 申报批次 (notice) checked on import against the catalog's notices: a notice the catalog does not have, or
// one of another document than the row's provision, refuses the row naming the field, so that a typo in a file is
// corrected before it is published rather than found by the ledger check afterwards.
import type { Catalog } from "../catalog/catalog.ts";
import type { Text } from "../catalog/schema.ts";
import { noticeProblem } from "../engine/notices.ts";

/** What the check reads of the catalog: its notices and which document each provision belongs to. */
export type NoticeCatalog = Pick<Catalog, "notices" | "byId">;

/**
 * Why the row cannot name the notice (the engine's own wording, with the notices the row could name); null when it
 * can. A provision the catalog does not have is the ledger check's to report, not the notice's.
 */
export function noticeOfRowProblem(catalog: NoticeCatalog, noticeId: string, provisionId: string): Text | null {
  const found = noticeProblem(catalog, noticeId, provisionId);
  if (found.notice) return null;
  const document = catalog.byId.get(provisionId)?.document.key;
  // An unknown notice's message lists every notice already; another document's lists the notices of the row's own.
  if (document === undefined || !catalog.notices.some((n) => n.id === noticeId)) return found.error.message;
  const own = catalog.notices.filter((n) => n.document === document).map((n) => n.id).join(", ") || "—";
  return { zh: `${found.error.message.zh}（${document} 的申报通知：${own}）`, en: `${found.error.message.en} (${document}'s notices: ${own})` };
}
