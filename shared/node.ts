// The engine over the catalog in rules/, for Node callers (CLI, service, tests).
import { loadCatalog } from "./catalog/load-node.ts";
import { Engine } from "./engine/engine.ts";

let engine: Engine | undefined;

export function defaultEngine(): Engine {
  engine ??= new Engine(loadCatalog());
  return engine;
}
