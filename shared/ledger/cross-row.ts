// Checks that need the whole ledger: duplicate application IDs, and stacking (a project under two provisions of
// one kind that its document forbids combining). Both name the row that stands, so the result does not depend on
// the order of rows in the file.
import type { Engine } from "../engine/engine.ts";
import { fenOfExactYuan } from "../money/fen.ts";
import { statusIsLive, violation } from "./checks.ts";
import type { EvaluatedRow } from "./evaluate.ts";
import type { Violation } from "./violation.ts";

/** Every row after the first (in ledger order) with an application ID already used. */
export function identityChecks(rows: readonly EvaluatedRow[], order: readonly number[]): Violation[] {
  const first = new Map<string, EvaluatedRow>();
  const out: Violation[] = [];
  for (const i of order) {
    const e = rows[i] as EvaluatedRow;
    const id = e.row.applicationId;
    const earlier = first.get(id);
    if (!earlier) {
      first.set(id, e);
      continue;
    }
    out.push(
      violation(
        "duplicate_id",
        e.row,
        e.index,
        {
          zh: `申请编号 ${id} 重复（首次出现于第 ${earlier.index + 2} 行，${earlier.row.enterprise}）`,
          en: `application ID ${id} is used again (first on row ${earlier.index + 2}, ${earlier.row.enterprise})`,
        },
        { field: "applicationId", related: [id] },
      ),
    );
  }
  return out;
}

/** The value the stacking principle compares: the approved amount once decided, else the ceiling (fen). */
function stakeFen(e: EvaluatedRow): number {
  if ((e.row.status === "approved" || e.row.status === "paid") && e.row.approved !== null) return fenOfExactYuan(e.row.approved);
  return e.ceilingFen ?? e.floorFen ?? 0;
}

export function stackingChecks(engine: Engine, rows: readonly EvaluatedRow[], order: readonly number[]): Violation[] {
  // project → sameKind group → live rows, in ledger order
  const groups = new Map<string, EvaluatedRow[]>();
  const groupOf = new Map<string, { key: string; name: { zh: string; en: string }; principle: "higher" | "newer"; citation: string }>();
  for (const document of engine.catalog.documents) {
    document.stacking.sameKind.forEach((kind, n) => {
      for (const id of kind.provisions) groupOf.set(id, { key: `${document.key}#${n}`, name: kind.name, principle: document.stacking.principle, citation: document.stacking.citation });
    });
  }
  for (const i of order) {
    const e = rows[i] as EvaluatedRow;
    if (!statusIsLive(e.row.status)) continue;
    const group = groupOf.get(e.row.provisionId);
    if (!group) continue;
    const key = `${e.row.creditCode}\u0000${e.row.projectId}\u0000${group.key}`;
    const list = groups.get(key);
    if (list) list.push(e);
    else groups.set(key, [e]);
  }
  const out: Violation[] = [];
  for (const list of groups.values()) {
    if (new Set(list.map((e) => e.row.provisionId)).size < 2) continue;
    const group = groupOf.get((list[0] as EvaluatedRow).row.provisionId);
    if (!group) continue;
    // 就高: the higher stands (ties: the earlier application). 就新: the newer document, then the later application.
    let standing = list[0] as EvaluatedRow;
    for (const e of list.slice(1)) {
      if (group.principle === "higher" ? stakeFen(e) > stakeFen(standing) : e.row.applicationDate >= standing.row.applicationDate) standing = e;
    }
    const principle = group.principle === "higher" ? { zh: "就高不重复", en: "the higher stands, never both" } : { zh: "就新不重复", en: "the newer stands, never both" };
    for (const e of list) {
      if (e.row.provisionId === standing.row.provisionId) continue;
      out.push(
        violation(
          "stacking",
          e.row,
          e.index,
          {
            zh: `项目 ${e.row.projectId} 同时申请同类条款（${group.name.zh}）${e.row.provisionId} 与 ${standing.row.provisionId}；按${principle.zh}原则（${group.citation}），应保留 ${standing.row.applicationId}（${standing.row.provisionId}）`,
            en: `project ${e.row.projectId} claims two provisions of one kind (${group.name.en}), ${e.row.provisionId} and ${standing.row.provisionId}; under "${principle.en}" (${group.citation}) ${standing.row.applicationId} (${standing.row.provisionId}) should stand`,
          },
          { field: "provisionId", related: [standing.row.applicationId] },
        ),
      );
    }
  }
  return out;
}
