// What a ledger evaluation needs to know of each provision a ledger names, worked out once per provision rather
// than once per row: how its rows are evaluated, its window in force as day keys, its caps across rows and its
// stacking group.
import { perProject, spansApplications } from "../catalog/cap-scopes.ts";
import type { Catalog } from "../catalog/catalog.ts";
import type { FactName, Text } from "../catalog/schema.ts";
import type { Engine, Resolved } from "../engine/engine.ts";
import type { CapUse } from "../engine/types.ts";
import { windowOf } from "../engine/dates.ts";
import { dayKey } from "./order.ts";

/**
 * One `sameKind` group: provisions a project may not combine, possibly of several documents, under the principle
 * of the document that declares it (its text states it, in `citation`).
 */
export interface KindGroup {
  key: string;
  name: Text;
  principle: "higher" | "newer";
  citation: string;
}

/**
 * How the rows of a provision are evaluated:
 * - batch: no caps across rows, so a row's ceiling is its own — per provision, in columns (batches.ts);
 * - sequence: caps across rows — one row at a time per enterprise in ledger order (cap-sequence.ts);
 * - alone: unknown or not computable — the engine words why, row by row.
 */
export type EvaluationPath = "batch" | "sequence" | "alone";

export interface ProvisionPlan {
  /** The ID as the ledger spells it. */
  id: string;
  /** The notice (申报批次) its rows are evaluated under, or null for the document's own figures. */
  notice: string | null;
  /** The engine its rows are evaluated on: the notice's (its figures) where one applies, else the ledger's. */
  engine: Engine;
  /** Null when the catalog has no such provision. */
  resolved: Resolved | null;
  path: EvaluationPath;
  /** The window in force as day keys, inclusive; an unknown provision is in force on no day. */
  start: number;
  end: number;
  /** The formula's caps that span rows (every scope but award), in formula order. */
  spanning: readonly CapUse[];
  /** Whether some cap across rows is kept per project, so that rows need their project to find their account. */
  perProject: boolean;
  /** The facts the formula reads. */
  facts: readonly FactName[];
  /** Whether the amount is a count (of models, units …) rather than yuan. */
  count: boolean;
  /** The stacking groups the provision belongs to (chongqing2023-3 is in two), in catalog order. */
  kinds: readonly KindGroup[];
}

/** Every provision's stacking groups, by provision ID. One object per group: rows compare their groups by identity. */
export function kindGroups(catalog: Catalog): Map<string, KindGroup[]> {
  const groupsOf = new Map<string, KindGroup[]>();
  for (const document of catalog.documents) {
    const stacking = document.stacking;
    stacking?.sameKind.forEach((kind, n) => {
      const group: KindGroup = { key: `${document.key}#${n}`, name: kind.name, principle: stacking.principle, citation: stacking.citation };
      for (const id of kind.provisions) groupsOf.set(id, [...(groupsOf.get(id) ?? []), group]);
    });
  }
  return groupsOf;
}

/** A row's plan key: its provision ID as spelled, and its notice where it names one. */
export function planKey(id: string, notice: string | null | undefined): string {
  return notice === null || notice === undefined ? id : `${id}\u0000${notice}`;
}

export function provisionPlan(ledgerEngine: Engine, id: string, kinds: ReadonlyMap<string, readonly KindGroup[]>, notice: string | null = null): ProvisionPlan {
  // Under a notice that does not apply (unknown, another document's), every row is evaluated alone and gets the
  // engine's error naming the field notice.
  const under = notice === null ? null : ledgerEngine.forNotice(notice, id);
  const engine = under && "engine" in under ? under.engine : ledgerEngine;
  const resolved = engine.lookup(id);
  if (!resolved) return { id, notice, engine, resolved, path: "alone", start: Infinity, end: -Infinity, spanning: [], perProject: false, facts: [], count: false, kinds: kinds.get(id) ?? [] };
  const { entry, compiled } = resolved;
  const spanning = compiled.caps.filter((cap) => spansApplications(cap.scope));
  const { start, end } = windowOf(entry);
  return {
    id,
    notice,
    engine,
    resolved,
    path: !compiled.computable || (under !== null && "error" in under) ? "alone" : spanning.length > 0 ? "sequence" : "batch",
    start: dayKey(start),
    end: end === null ? Infinity : dayKey(end),
    spanning,
    perProject: spanning.some((cap) => perProject(cap.scope)),
    facts: [...compiled.facts],
    count: entry.provision.amount?.unit === "count",
    kinds: kinds.get(id) ?? [],
  };
}
