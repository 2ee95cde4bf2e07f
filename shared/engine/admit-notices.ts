// Notices published through the service, admitted to an engine beside the rules/notices/ files: the service at start
// and when another process published one, the add-in once connected, the CLI with --db. One rule for all of them:
// a notice already known is left as it is, one the catalog now refuses (rules/ changed since it was published) is
// reported and left out, never fatal.
import type { Notice } from "../catalog/notice.ts";
import type { Engine } from "./engine.ts";
import type { NoticeIssue } from "./notices.ts";

export interface Admission {
  /** Every notice given that the engine now holds (admitted now or before). */
  admitted: string[];
  refused: { id: string; issues: NoticeIssue[] }[];
}

export function admitNotices(engine: Engine, notices: Iterable<Notice>): Admission {
  const admitted: string[] = [];
  const refused: Admission["refused"] = [];
  for (const notice of notices) {
    // A second service in the same process (tests) shares the engine, and a client loads again on reconnecting.
    if (engine.catalog.notices.some((n) => n.id === notice.id)) {
      admitted.push(notice.id);
      continue;
    }
    const issues = engine.admitNotice(notice);
    if (issues.length === 0) admitted.push(notice.id);
    else refused.push({ id: notice.id, issues });
  }
  return { admitted, refused };
}
