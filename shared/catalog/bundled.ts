// The catalog for browser bundles (the dashboard's what-if, the add-in's custom functions): Vite inlines the
// same YAML files that Node reads from disk, and buildCatalog validates them the same way.
import { buildCatalog, type Catalog } from "./catalog.ts";

interface ViteImportMeta {
  glob(pattern: string, options: { query: string; import: string; eager: true }): Record<string, string>;
}

const documents = (import.meta as unknown as ViteImportMeta).glob("../../rules/documents/*.yaml", { query: "?raw", import: "default", eager: true });
const notices = (import.meta as unknown as ViteImportMeta).glob("../../rules/notices/*.yaml", { query: "?raw", import: "default", eager: true });
const commitments = (import.meta as unknown as ViteImportMeta).glob("../../rules/commitments.yaml", { query: "?raw", import: "default", eager: true });

let cached: Catalog | undefined;

export function bundledCatalog(): Catalog {
  cached ??= buildCatalog(
    Object.fromEntries(Object.entries(documents).map(([path, text]) => [path.split("/").pop() ?? path, text])),
    Object.values(commitments)[0],
    Object.fromEntries(Object.entries(notices).map(([path, text]) => [path.split("/").pop() ?? path, text])),
  );
  return cached;
}
