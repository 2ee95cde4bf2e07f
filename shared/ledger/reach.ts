// Which provisions' rows a change of some provisions' figures can move. Caps, stacking and duplicate IDs never reach
// past an enterprise (stored-outcome.ts); within one, a changed provision moves the rows that share a cap account
// with it (a cap with a `group`: one account for every provision naming the group, compile.ts) and the rows of its
// stacking groups (which row stands may follow the ceilings). Taken to a fixed point: a provision reached through a
// stacking group may share a cap with a third.
import type { Catalog } from "../catalog/catalog.ts";
import { catalogParameters } from "../engine/parameters.ts";

/** The provisions whose rows a change of `changed` can move, `changed` included, in catalog order. */
export function provisionsReached(catalog: Catalog, changed: Iterable<string>): string[] {
  const neighbours = new Map<string, Set<string>>();
  const link = (members: readonly string[]): void => {
    for (const a of members) {
      let set = neighbours.get(a);
      if (!set) neighbours.set(a, (set = new Set()));
      for (const b of members) if (b !== a) set.add(b);
    }
  };
  const byGroup = new Map<string, Set<string>>();
  for (const p of catalogParameters(catalog)) {
    if (p.group === undefined) continue;
    let members = byGroup.get(p.group);
    if (!members) byGroup.set(p.group, (members = new Set()));
    members.add(p.provision);
  }
  for (const members of byGroup.values()) link([...members]);
  for (const document of catalog.documents) for (const group of document.stacking?.sameKind ?? []) link(group.provisions);

  const reached = new Set<string>();
  const todo = [...changed];
  while (todo.length > 0) {
    const id = todo.pop() as string;
    if (reached.has(id)) continue;
    reached.add(id);
    for (const next of neighbours.get(id) ?? []) if (!reached.has(next)) todo.push(next);
  }
  return [...catalog.byId.keys()].filter((id) => reached.has(id));
}
