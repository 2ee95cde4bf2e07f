// One engine per runtime over the catalog Vite bundled from rules/documents/*.yaml.
import { bundledCatalog } from "../../shared/catalog/bundled.ts";
import { Engine } from "../../shared/engine/engine.ts";

let engine: Engine | undefined;

export function addinEngine(): Engine {
  engine ??= new Engine(bundledCatalog());
  return engine;
}
