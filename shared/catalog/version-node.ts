// The catalog's version: a hash of the rule files it is built from. The add-in's build bakes it into the
// functions (CQ.SUBSIDY.VERSION) and the service reports its own (/api/health catalogVersion), so that a workbook
// computed with older rules than the service holds is noticed (Excel may keep old function files for a day).
import { createHash } from "node:crypto";
import { readRuleFiles, RULES_DIR } from "./load-node.ts";

export function catalogVersion(rulesDir = RULES_DIR): string {
  const { documents, commitments } = readRuleFiles(rulesDir);
  const hash = createHash("sha256");
  for (const name of Object.keys(documents).sort()) hash.update(`${name}\0${(documents[name] ?? "").replace(/\r\n/g, "\n")}\0`);
  hash.update(`commitments.yaml\0${commitments.replace(/\r\n/g, "\n")}`);
  return hash.digest("hex").slice(0, 12);
}
