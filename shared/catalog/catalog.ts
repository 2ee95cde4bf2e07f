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
 * The catalog's files parsed and each validated on its own (YAML, then zod): plain data, JSON as it stands, which
 * is what the compiled build stores as dist/catalog.json so that a compiled start parses no YAML.
 */
export interface CatalogData {
  documents: Document[];
  commitments: Commitment[];
  notices: Notice[];
}

/** Parses the documents' YAML texts (keyed by file name), the commitments file and the notices' texts (by file name). */
export function parseCatalogFiles(documentTexts: Record<string, string>, commitmentsText?: string, noticeTexts: Record<string, string> = {}): CatalogData {
  const byName = (texts: Record<string, string>) => Object.entries(texts).sort(([a], [b]) => a.localeCompare(b));
  return {
    documents: byName(documentTexts).map(([file, text]) => parseDocument(file, text)),
    commitments: commitmentsText === undefined ? [] : parseCommitments("commitments.yaml", commitmentsText),
    notices: byName(noticeTexts).map(([file, text]) => parseNotice(file, text)),
  };
}

/**
 * Builds the catalog from the documents' YAML texts, keyed by file name, the commitments file and the notices'
 * texts (keyed by file name). A notice that names a path its document lacks, or exceeds the document's ceiling,
 * is refused with the path named (NoticeError).
 */
export function buildCatalog(documentTexts: Record<string, string>, commitmentsText?: string, noticeTexts: Record<string, string> = {}): Catalog {
  return assembleCatalog(parseCatalogFiles(documentTexts, commitmentsText, noticeTexts));
}

/**
 * Indexes parsed files by provision ID and runs the checks that span files (provision IDs, stacking groups,
 * notices against their documents). Cheap next to parsing; the compiled build runs it on dist/catalog.json too.
 */
export function assembleCatalog(data: CatalogData): Catalog {
  const { documents, commitments } = data;
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
  const catalog: Catalog = { documents, byId, commitments, notices: [] };
  for (const notice of data.notices) {
    const { issues } = readNotice(catalog, notice);
    const file = `${notice.id}.yaml`;
    if (issues.length > 0) throw new NoticeError(file, issues.map((issue) => `${issue.path}: ${issue.message.en}`), issues);
  }
  const notices = data.notices;
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
