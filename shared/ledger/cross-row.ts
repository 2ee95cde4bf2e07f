// Checks that need the whole ledger: duplicate application IDs, and stacking (a project under two provisions of
// one kind that its document forbids combining). Both name the row that stands, chosen in ledger order, so the
// result does not depend on the order of rows in the file.
import type { Fen } from "../money/fen.ts";
import { violation } from "./checks.ts";
import type { LedgerRow } from "./row.ts";
import { isDecided, isLive, type LedgerInput } from "./ledger-input.ts";
import type { KindGroup, ProvisionPlan } from "./provision-plan.ts";
import { hashText, sameKeyGroups } from "./row-keys.ts";
import type { Violation } from "./violation.ts";

/** Compares two rows (by index) in ledger order. */
type Compare = (a: number, b: number) => number;

/** Every row after the first (in ledger order) with an application ID already used. */
export function identityChecks(input: LedgerInput, compare: Compare): Violation[] {
  const { rows, idHash } = input;
  const id = (i: number) => (rows[i] as LedgerRow).applicationId;
  const every = input.allocate.int32(rows.length);
  for (let i = 0; i < rows.length; i++) every[i] = i;
  const out: Violation[] = [];
  for (const group of sameKeyGroups(every, (i) => idHash[i] as number, (a, b) => id(a) === id(b), input.allocate)) {
    group.sort(compare);
    const first = group[0] as number;
    const earlier = rows[first] as LedgerRow;
    for (const i of group.slice(1)) {
      const row = rows[i] as LedgerRow;
      out.push(
        violation(
          "duplicate_id",
          row,
          i,
          {
            zh: `申请编号 ${row.applicationId} 重复（首次出现于第 ${first + 2} 行，${earlier.enterprise}）`,
            en: `application ID ${row.applicationId} is used again (first on row ${first + 2}, ${earlier.enterprise})`,
          },
          { field: "applicationId", related: [row.applicationId] },
        ),
      );
    }
  }
  return out;
}

/**
 * Live rows of one project under two provisions of one `sameKind` group (a row is in each group its provision is
 * in). `ceilingFen` and `floorFen` are the rows' evaluated ceiling and floor (NaN for none): the stake 就高 compares
 * before a decision.
 */
export function stackingChecks(input: LedgerInput, ceilingFen: Float64Array, floorFen: Float64Array, compare: Compare): Violation[] {
  const { rows, plans, provision, enterprise, projectHash } = input;
  const planOf = (i: number) => plans[provision[i] as number] as ProvisionPlan;
  // One entry per live row and group it is in: rowOf[e] and groupOf[e].
  const rowOf: number[] = [];
  const groupOf: KindGroup[] = [];
  for (let i = 0; i < rows.length; i++) {
    const kinds = planOf(i).kinds;
    if (kinds.length === 0 || !isLive(input.status[i] as number)) continue;
    for (const group of kinds) {
      rowOf.push(i);
      groupOf.push(group);
    }
  }
  const row = (i: number) => rows[i] as LedgerRow;
  const entries = Int32Array.from(rowOf, (_, e) => e);
  const projects = sameKeyGroups(
    entries,
    (e) => hashText((groupOf[e] as KindGroup).key, (projectHash[rowOf[e] as number] as number) ^ Math.imul(enterprise[rowOf[e] as number] as number, 0x9e3779b1)),
    (a, b) => {
      const [x, y] = [rowOf[a] as number, rowOf[b] as number];
      return groupOf[a] === groupOf[b] && enterprise[x] === enterprise[y] && row(x).projectId === row(y).projectId;
    },
    input.allocate,
  );
  // The value 就高 compares: the approved amount once decided, else the ceiling (fen).
  const stakeFen = (i: number): Fen => {
    const approved = input.approvedFen[i] as number;
    if (isDecided(input.status[i] as number) && !Number.isNaN(approved)) return approved;
    const ceiling = ceilingFen[i] as number;
    const floor = floorFen[i] as number;
    return Number.isNaN(ceiling) ? (Number.isNaN(floor) ? 0 : floor) : ceiling;
  };
  const issued = (i: number) => planOf(i).resolved?.entry.document.issued ?? "";
  const out: Violation[] = [];
  for (const members of projects) {
    const group = groupOf[members[0] as number] as KindGroup;
    const list = members.map((e) => rowOf[e] as number).sort(compare);
    if (new Set(list.map((i) => row(i).provisionId)).size < 2) continue;
    // 就高: the higher stands (ties: the earlier application). 就新: the newer document, then the later application.
    let standing = list[0] as number;
    for (const i of list.slice(1)) {
      const newer = issued(i) > issued(standing) || (issued(i) === issued(standing) && row(i).applicationDate >= row(standing).applicationDate);
      if (group.principle === "higher" ? stakeFen(i) > stakeFen(standing) : newer) standing = i;
    }
    const stands = row(standing);
    const principle = group.principle === "higher" ? { zh: "就高不重复", en: "the higher stands, never both" } : { zh: "就新不重复", en: "the newer stands, never both" };
    for (const i of list) {
      const r = row(i);
      if (r.provisionId === stands.provisionId) continue;
      out.push(
        violation(
          "stacking",
          r,
          i,
          {
            zh: `项目 ${r.projectId} 同时申请同类条款（${group.name.zh}）${r.provisionId} 与 ${stands.provisionId}；按${principle.zh}原则（${group.citation}），应保留 ${stands.applicationId}（${stands.provisionId}）`,
            en: `project ${r.projectId} claims two provisions of one kind (${group.name.en}), ${r.provisionId} and ${stands.provisionId}; under "${principle.en}" (${group.citation}) ${stands.applicationId} (${stands.provisionId}) should stand`,
          },
          { field: "provisionId", related: [stands.applicationId] },
        ),
      );
    }
  }
  return out;
}
