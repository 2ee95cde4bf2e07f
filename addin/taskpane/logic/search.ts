// The provision browser's search: by ID ("jiulongpo-5", "jlp 5" is not guessed), or by words of the title,
// citation or conditions in Chinese or English. Every word must match; ID matches rank first.
import type { Catalog, CatalogEntry } from "../../../shared/catalog/catalog.ts";

function haystack(entry: CatalogEntry): string {
  const { provision, document } = entry;
  return [provision.id, provision.title.zh, provision.title.en, provision.citation, provision.conditions?.zh, provision.conditions?.en, provision.beneficiary.zh, provision.beneficiary.en, provision.amount?.meaning.zh, provision.amount?.meaning.en, ...provision.facts.flatMap((f) => [f.name, f.meaning.zh, f.meaning.en]), document.title.zh, document.title.en, document.number]
    .filter(Boolean)
    .join("\n")
    .toLowerCase();
}

/** Every match (the catalog is small: a pane that hides provisions hides an office's own). */
export function searchProvisions(catalog: Catalog, query: string, limit = Infinity): CatalogEntry[] {
  const words = query.toLowerCase().normalize("NFKC").split(/[\s,，、]+/).filter(Boolean);
  const entries = [...catalog.byId.values()];
  if (words.length === 0) return entries.slice(0, limit);
  const scored: { entry: CatalogEntry; score: number }[] = [];
  for (const entry of entries) {
    const text = haystack(entry);
    if (!words.every((w) => text.includes(w))) continue;
    const id = entry.provision.id;
    const score = words.some((w) => id === w) ? 0 : words.some((w) => id.startsWith(w)) ? 1 : 2;
    scored.push({ entry, score });
  }
  return scored.sort((a, b) => a.score - b.score).slice(0, limit).map((s) => s.entry);
}

export interface ProvisionGroup {
  key: string;
  title: { zh: string; en: string };
  number: string | null;
  entries: CatalogEntry[];
}

/** Matches grouped by document, in catalog order, each group with its own entries (and so its count). */
export function groupByDocument(catalog: Catalog, entries: CatalogEntry[]): ProvisionGroup[] {
  const groups = new Map<string, ProvisionGroup>();
  for (const document of catalog.documents) groups.set(document.key, { key: document.key, title: document.title, number: document.number ?? null, entries: [] });
  for (const entry of entries) groups.get(entry.document.key)?.entries.push(entry);
  return [...groups.values()].filter((g) => g.entries.length > 0);
}
