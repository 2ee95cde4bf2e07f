// The catalog's version: a hash of the rule files it is built from (documents, commitments, notices). The add-in's build bakes it into the
// functions (CQ.SUBSIDY.VERSION) and the service reports its own (/api/health catalogVersion), so that a workbook
// computed with older rules than the service holds is noticed (Excel may keep old function files for a day).
// The compiled build stores it with dist/catalog.json, which is used only while rules/ still hashes the same.
import { createHash } from "node:crypto";
import type { Notice } from "./notice.ts";
import { canonicalNotice } from "./notices-version.ts";
import { readRuleFiles, RULES_DIR, type RuleFiles } from "./rule-files-node.ts";

export function catalogVersion(rulesDir = RULES_DIR): string {
  return versionOfRuleFiles(readRuleFiles(rulesDir));
}

/** The version of rule files already read (hashing texts is cheap; parsing them is what costs). */
export function versionOfRuleFiles({ documents, commitments, notices }: RuleFiles): string {
  const hash = createHash("sha256");
  const file = (name: string, text: string) => hash.update(`${name}\0${text.replace(/\r\n/g, "\n")}\0`);
  for (const name of Object.keys(documents).sort()) file(`documents/${name}`, documents[name] ?? "");
  file("commitments.yaml", commitments);
  // A notice changes what is paid as much as a document does.
  for (const name of Object.keys(notices).sort()) file(`notices/${name}`, notices[name] ?? "");
  return hash.digest("hex").slice(0, 12);
}

/** The published notices' part of the version (notices-version.ts): null when none is published. */
export function versionOfPublishedNotices(inPublicationOrder: readonly Notice[]): string | null {
  if (inPublicationOrder.length === 0) return null;
  const hash = createHash("sha256");
  for (const notice of inPublicationOrder) hash.update(`${canonicalNotice(notice)}\0`);
  return hash.digest("hex").slice(0, 12);
}
