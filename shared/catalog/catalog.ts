// The catalog: every document and provision, validated, indexed by provision ID. Built from YAML texts so
// that Node (reading rules/ from disk) and the browser (bundling the same files) share one code path.
import YAML from "yaml";
import { z } from "zod";
import { Commitment, CommitmentsFile, Document, type Provision } from "./schema.ts";

export interface CatalogEntry {
  provision: Provision;
  document: Document;
}

export interface Catalog {
  documents: Document[];
  byId: ReadonlyMap<string, CatalogEntry>;
  commitments: Commitment[];
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

/** Builds the catalog from the documents' YAML texts, keyed by file name, and the commitments file. */
export function buildCatalog(documentTexts: Record<string, string>, commitmentsText?: string): Catalog {
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
  const commitments = commitmentsText === undefined ? [] : parseCommitments("commitments.yaml", commitmentsText);
  return { documents, byId, commitments };
}
