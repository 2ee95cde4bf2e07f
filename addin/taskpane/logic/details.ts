// What the provision browser shows about one provision: source, window in force, inputs, rate and caps.
import type { CatalogEntry } from "../../../shared/catalog/catalog.ts";
import type { Lang } from "../../../shared/money/format.ts";
import { CellError } from "../../functions/cell-error.ts";
import { capLabel, rate, source } from "../../functions/lookup.ts";

export interface ProvisionDetails {
  id: string;
  title: string;
  source: string;
  inForce: string;
  amount: string | null;
  facts: { name: string; meaning: string }[];
  rate: string | null;
  cap: string | null;
  conditions: string | null;
  discretionary: boolean;
}

export function provisionDetails(entry: CatalogEntry, lang: Lang): ProvisionDetails {
  const { provision, document } = entry;
  const r = rate(entry, lang);
  const end = document.inForce.end ?? (lang === "zh" ? "未规定截止日" : "no end date");
  return {
    id: provision.id,
    title: provision.title[lang],
    source: source(entry, lang),
    inForce: `${document.inForce.start} — ${end}`,
    amount: provision.amount ? provision.amount.meaning[lang] : null,
    facts: provision.facts.map((f) => ({ name: f.name, meaning: f.meaning[lang] })),
    rate: r instanceof CellError ? null : `${Math.round(r * 10_000) / 100}%`,
    cap: capLabel(entry, lang),
    conditions: provision.conditions?.[lang] ?? null,
    discretionary: provision.discretionary,
  };
}
