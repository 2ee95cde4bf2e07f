// Loads the catalog from rules/ on disk (Node: CLI, service, tests). The browser bundles the same files.
// A compiled build (build/compile.ts) also carries the catalog already parsed, dist/catalog.json, stamped with the
// version of rules/ it was parsed from: used while rules/ hashes the same, so that a compiled start parses no YAML.
import fs from "node:fs";
import path from "node:path";
import { BUNDLE_DIR } from "../repo-root.ts";
import { assembleCatalog, parseCatalogFiles, type Catalog, type CatalogData } from "./catalog.ts";
import { readRuleFiles, type RuleFiles } from "./rule-files-node.ts";
import { versionOfRuleFiles } from "./version-node.ts";

export { readRuleFiles, RULES_DIR } from "./rule-files-node.ts";

/** The prebuilt catalog's file name, beside the compiled bundles. */
export const PREBUILT_CATALOG = "catalog.json";

export interface PrebuiltCatalog {
  catalogVersion: string;
  data: CatalogData;
}

/** The prebuilt catalog of these rule files, as build/compile.ts writes it. */
export function prebuildCatalog(files: RuleFiles = readRuleFiles()): PrebuiltCatalog {
  return { catalogVersion: versionOfRuleFiles(files), data: parseCatalogFiles(files.documents, files.commitments, files.notices) };
}

/**
 * The catalog data in `bundleDir`'s catalog.json when it was built from these very files; otherwise null, with a
 * warning on stderr (the build is stale: the YAML is read instead, so the answer is still right, only slower).
 */
export function readPrebuiltCatalog(bundleDir: string, files: RuleFiles): CatalogData | null {
  const file = path.join(bundleDir, PREBUILT_CATALOG);
  const wanted = versionOfRuleFiles(files);
  const prebuilt = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as PrebuiltCatalog) : null;
  if (prebuilt?.catalogVersion === wanted) return prebuilt.data;
  const found = prebuilt?.catalogVersion ?? null;
  process.stderr.write(
    found === null
      ? `警告：编译版本缺少 ${file}，改为读取 rules/ 的 YAML；请运行 npm run build / warning: ${file} is missing, reading the YAML in rules/ instead; run npm run build\n`
      : `警告：${file} 的条款库版本 ${found} 与 rules/ 的 ${wanted} 不一致（编译版本已过期），改为读取 YAML；请运行 npm run build / warning: ${file} holds catalog ${found} but rules/ is ${wanted} (the build is stale), reading the YAML instead; run npm run build\n`,
  );
  return null;
}

/**
 * Rewrites `bundleDir`'s catalog.json from rules/ when it is missing or stale (`subsidy demo` from a compiled build,
 * after a YAML edit: the next start reads JSON again). Returns whether it wrote.
 */
export function refreshPrebuiltCatalog(bundleDir: string): boolean {
  const files = readRuleFiles();
  const file = path.join(bundleDir, PREBUILT_CATALOG);
  const current = fs.existsSync(file) && (JSON.parse(fs.readFileSync(file, "utf8")) as PrebuiltCatalog).catalogVersion === versionOfRuleFiles(files);
  if (current) return false;
  fs.writeFileSync(file, JSON.stringify(prebuildCatalog(files)));
  return true;
}

let cached: Catalog | undefined;

/** The catalog in rules/, loaded and validated once per process. */
export function loadCatalog(): Catalog {
  if (!cached) {
    const files = readRuleFiles();
    const prebuilt = BUNDLE_DIR === null ? null : readPrebuiltCatalog(BUNDLE_DIR, files);
    cached = assembleCatalog(prebuilt ?? parseCatalogFiles(files.documents, files.commitments, files.notices));
  }
  return cached;
}
