// The catalog: every document and provision, validated, indexed by provision ID. Built from YAML texts so
// that Node (reading rules/ from disk) and the browser (bundling the same files) share one code path.
import YAML from "yaml";
import { z } from "zod";
import { readNotice } from "../engine/notices.ts";
import { NoticeError, parseNotice, type Notice } from "./notice.ts";
import { Commitment, CommitmentsFile, Document, type Provision } from "./schema.ts";

export interface CatalogEntry {
  provision: Provision;
  document: Document;
}

export interface Catalog {
  documents: Document[];
  byId: ReadonlyMap<string, CatalogEntry>;
  commitments: Commitment[];
  /** Application notices (rules/notices/), each checked against its document. */
  notices: Notice[];
}

export class CatalogError extends Error {
  constructor(
    readonly file: string,
    readonly issues: string[],
  ) {
    super(`${file}: ${issues.join("; ")}`);
  }
}

function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
}

export function parseDocument(file: string, text: string): Document {
  let data: unknown;
  try {
    data = YAML.parse(text);
  } catch (e) {
    throw new CatalogError(file, [`not valid YAML: ${(e as Error).message}`]);
  }
  const parsed = Document.safeParse(data);
  if (!parsed.success) throw new CatalogError(file, describeIssues(parsed.error));
  return parsed.data;
}

export function parseCommitments(file: string, text: string): Commitment[] {
  const parsed = CommitmentsFile.safeParse(YAML.parse(text));
  if (!parsed.success) throw new CatalogError(file, describeIssues(parsed.error));
  return parsed.data.commitments;
}

/**
 * Builds the catalog from the documents' YAML texts, keyed by file name, the commitments file and the notices'
 * texts (keyed by file name). A notice that names a path its document lacks, or exceeds the document's ceiling,
 * is refused with the path named (NoticeError).
 */
export function buildCatalog(documentTexts: Record<string, string>, commitmentsText?: string, noticeTexts: Record<string, string> = {}): Catalog {
  const documents = Object.entries(documentTexts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([file, text]) => parseDocument(file, text));
  const byId = new Map<string, CatalogEntry>();
  for (const document of documents) {
    for (const provision of document.provisions) {
      if (!provision.id.startsWith(`${document.key}-`)) {
        throw new CatalogError(document.key, [`provision ${provision.id} does not belong to document ${document.key}`]);
      }
      if (byId.has(provision.id)) throw new CatalogError(document.key, [`duplicate provision ID ${provision.id}`]);
      byId.set(provision.id, { provision, document });
    }
  }
  for (const document of documents) checkStacking(document, byId);
  const commitments = commitmentsText === undefined ? [] : parseCommitments("commitments.yaml", commitmentsText);
  const catalog: Catalog = { documents, byId, commitments, notices: [] };
  const notices = Object.entries(noticeTexts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([file, text]) => {
      const notice = parseNotice(file, text);
      const { issues } = readNotice(catalog, notice);
      if (issues.length > 0) throw new NoticeError(file, issues.map((issue) => `${issue.path}: ${issue.message.en}`), issues);
      return notice;
    });
  if (new Set(notices.map((n) => n.id)).size !== notices.length) throw new NoticeError("notices", ["two notices share an ID"]);
  return { ...catalog, notices };
}

/**
 * A stacking group names provisions that exist, at least one of them its document's own (a text states a principle
 * for its own provisions, against others' or among themselves), each once; a provision's own window lies within
 * its document's.
 */
function checkStacking(document: Document, byId: ReadonlyMap<string, CatalogEntry>): void {
  const issues: string[] = [];
  (document.stacking?.sameKind ?? []).forEach((group, n) => {
    const at = `stacking.sameKind.${n}`;
    for (const id of group.provisions) if (!byId.has(id)) issues.push(`${at}: no provision ${id}`);
    if (new Set(group.provisions).size !== group.provisions.length) issues.push(`${at}: a provision is named twice`);
    if (!group.provisions.some((id) => byId.get(id)?.document === document)) issues.push(`${at}: names none of ${document.key}'s own provisions`);
  });
  for (const provision of document.provisions) {
    const window = provision.window;
    if (!window) continue;
    const { start, end } = document.inForce;
    if (window.start > window.end || window.start < start || (end !== null && window.end > end)) {
      issues.push(`${provision.id}.window: ${window.start} to ${window.end} is not within the document's ${start} to ${end ?? "open"}`);
    }
  }
  if (issues.length > 0) throw new CatalogError(document.key, issues);
}
