// Loads the catalog from rules/ on disk (Node: CLI, service, tests). The browser bundles the same files.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildCatalog, type Catalog } from "./catalog.ts";

export const RULES_DIR = fileURLToPath(new URL("../../rules/", import.meta.url));

export function readRuleFiles(rulesDir = RULES_DIR): { documents: Record<string, string>; commitments: string; notices: Record<string, string> } {
  const docDir = path.join(rulesDir, "documents");
  const documents: Record<string, string> = {};
  for (const name of fs.readdirSync(docDir).filter((n) => n.endsWith(".yaml"))) {
    documents[name] = fs.readFileSync(path.join(docDir, name), "utf8");
  }
  const commitmentsPath = path.join(rulesDir, "commitments.yaml");
  const commitments = fs.existsSync(commitmentsPath) ? fs.readFileSync(commitmentsPath, "utf8") : "commitments: []\n";
  // Notices: rules/notices/<id>.yaml; their cases sit in rules/notices/cases/.
  const noticeDir = path.join(rulesDir, "notices");
  const notices: Record<string, string> = {};
  if (fs.existsSync(noticeDir)) {
    for (const name of fs.readdirSync(noticeDir).filter((n) => n.endsWith(".yaml"))) notices[name] = fs.readFileSync(path.join(noticeDir, name), "utf8");
  }
  return { documents, commitments, notices };
}

let cached: Catalog | undefined;

/** The catalog in rules/, loaded and validated once per process. */
export function loadCatalog(): Catalog {
  if (!cached) {
    const files = readRuleFiles();
    cached = buildCatalog(files.documents, files.commitments, files.notices);
  }
  return cached;
}
