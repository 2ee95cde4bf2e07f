// Reads the rule files in rules/ from disk as texts (Node: CLI, service, tests, builds); parsing is catalog.ts's.
import fs from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "../repo-root.ts";

export const RULES_DIR = path.join(REPO_ROOT, "rules") + path.sep;

export interface RuleFiles {
  documents: Record<string, string>;
  commitments: string;
  notices: Record<string, string>;
}

export function readRuleFiles(rulesDir = RULES_DIR): RuleFiles {
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
