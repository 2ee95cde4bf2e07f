// The calculator's answer for one profile: shared/engine's matchReport over the bundled catalog, kept to the
// documents that apply in the enterprise's district. Runs in the browser (this module is in the view's lazy chunk:
// the engine and catalog never join the first download), so a change of a figure answers at once without the service.
import { bundledCatalog } from "../../../../shared/catalog/bundled.ts";
import type { CatalogEntry } from "../../../../shared/catalog/catalog.ts";
import { jurisdictionsOfDistrict } from "../../../../shared/catalog/districts.ts";
import { todayInShanghai } from "../../../../shared/engine/dates.ts";
import { Engine } from "../../../../shared/engine/engine.ts";
import { matchReport, type Exclusion, type MatchResult } from "../../../../shared/engine/match.ts";
import type { Profile } from "../lib/calc-profile.ts";

let engine: Engine | null = null;
export function calculatorEngine(): Engine {
  engine ??= new Engine(bundledCatalog());
  return engine;
}

export interface CalculatorReport {
  date: string;
  /** The jurisdictions whose documents were read; null: every document (no district given). */
  jurisdictions: readonly string[] | null;
  /** A district given that the table does not know: read as any other district, the municipal documents only. */
  unknownDistrict: boolean;
  matched: (MatchResult & { entry: CatalogEntry })[];
  excluded: (Exclusion & { entry: CatalogEntry })[];
}

export function calculate(profile: Profile | undefined, district: string | undefined): CalculatorReport {
  const e = calculatorEngine();
  const date = profile?.date ?? todayInShanghai();
  const known = district ? jurisdictionsOfDistrict(district) : null;
  const jurisdictions = district ? (known ?? jurisdictionsOfDistrict("chongqing")) : null;
  const report = matchReport(e, profile?.facts ?? {}, date, profile?.amounts ?? {});
  const withEntry = <T extends { id: string }>(r: T) => ({ ...r, entry: e.catalog.byId.get(r.id)! });
  const applies = (r: { entry: CatalogEntry }) => jurisdictions === null || jurisdictions.includes(r.entry.document.jurisdiction);
  return {
    date,
    jurisdictions,
    unknownDistrict: Boolean(district) && known === null,
    matched: report.matched.map(withEntry).filter(applies),
    excluded: report.excluded.map(withEntry).filter(applies),
  };
}
