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

export function searchProvisions(catalog: Catalog, query: string, limit = 50): CatalogEntry[] {
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
