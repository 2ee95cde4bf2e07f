// Which provisions' rows can change each other's outcome in the ledger: those that share a cap across applications
// (one account for several provisions: yubei-2's per-enterprise cap spans 2, 2b, 2c, 2d) or a stacking group (a
// project may not take both). Every other cross-row effect stays inside one enterprise, so the rows a write can
// affect are its enterprises' rows of the provisions coupled with the ones it writes — for most provisions that
// provision alone (131 groups for the 144 provisions of the five documents).
import type { Engine } from "../engine/engine.ts";
import { kindGroups, provisionPlan } from "./provision-plan.ts";

export interface Coupling {
  /** The provisions coupled with `provisionId` (itself included); an ID the catalog does not know is coupled with none. */
  of(provisionId: string): readonly string[];
}

/** Per engine, with the number of notices it was built over: a notice admitted later (Engine.admitNotice) rebuilds it. */
const built = new WeakMap<Engine, { notices: number; coupling: Coupling }>();

/** The coupling of the engine's catalog: the union of every cap across applications and stacking group it declares, under the documents' figures and every notice's. */
export function couplingOf(engine: Engine): Coupling {
  const known = built.get(engine);
  if (known && known.notices === engine.catalog.notices.length) return known.coupling;
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while ((parent.get(root) ?? root) !== root) root = parent.get(root) as string;
    parent.set(x, root);
    return root;
  };
  const join = (a: string, b: string): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  const kinds = kindGroups(engine.catalog);
  const ids = [...engine.catalog.byId.keys()];
  const link = (id: string, notice: string | null): void => {
    const plan = provisionPlan(engine, id, kinds, notice);
    for (const cap of plan.spanning) join(id, `cap\u0000${cap.key}`);
    for (const kind of plan.kinds) join(id, `kind\u0000${kind.key}`);
  };
  for (const id of ids) link(id, null);
  // A notice changes figures, not which caps exist; its plans are joined too, so that can never be assumed wrongly.
  for (const notice of engine.catalog.notices) for (const id of ids) if (engine.catalog.byId.get(id)?.document.key === notice.document) link(id, notice.id);

  const members = new Map<string, string[]>();
  for (const id of ids) {
    const root = find(id);
    const list = members.get(root);
    if (list) list.push(id);
    else members.set(root, [id]);
  }
  const coupling: Coupling = { of: (id) => (engine.catalog.byId.has(id) ? (members.get(find(id)) as string[]) : [id]) };
  built.set(engine, { notices: engine.catalog.notices.length, coupling });
  return coupling;
}
