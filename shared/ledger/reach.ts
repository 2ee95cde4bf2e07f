// Which provisions' ceilings and counted amounts a change of some provisions' figures can move. A row's ceiling
// depends on the row and on what earlier rows of its enterprise drew on the cap accounts on its path; an account is
// one cap key (compile.ts: a provision's own caps, or a `group` several provisions share — a document-level
// enterprise-year cap is written so). So a change reaches its own provisions and, through shared caps, every provision
// naming such a group, taken to a fixed point. Stacking groups and duplicate IDs are not followed: they flag rows
// (cross-row.ts), never move a ceiling or what a row counts.
import type { Catalog } from "../catalog/catalog.ts";
import { catalogParameters } from "../engine/parameters.ts";

/** The provisions whose rows' ceilings and counted amounts a change of `changed` can move, `changed` included, in catalog order. */
export function provisionsReached(catalog: Catalog, changed: Iterable<string>): string[] {
  const groupsOf = new Map<string, Set<string>>();
  const membersOf = new Map<string, Set<string>>();
  for (const p of catalogParameters(catalog)) {
    if (p.group === undefined) continue;
    if (!groupsOf.has(p.provision)) groupsOf.set(p.provision, new Set());
    groupsOf.get(p.provision)?.add(p.group);
    if (!membersOf.has(p.group)) membersOf.set(p.group, new Set());
    membersOf.get(p.group)?.add(p.provision);
  }
  const reached = new Set<string>();
  const todo = [...changed];
  while (todo.length > 0) {
    const id = todo.pop() as string;
    if (reached.has(id)) continue;
    reached.add(id);
    for (const group of groupsOf.get(id) ?? []) for (const next of membersOf.get(group) ?? []) if (!reached.has(next)) todo.push(next);
  }
  return [...catalog.byId.keys()].filter((id) => reached.has(id));
}
