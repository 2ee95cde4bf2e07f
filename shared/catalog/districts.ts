// Where an enterprise is → the jurisdictions whose documents apply there: its district's own and the municipal ones.
// One table for the add-in's SUBSIDY.MATCH and the dashboard's policy calculator, so both read a district alike.
import type { JURISDICTIONS } from "../vocabulary.ts";

type Applies = readonly (typeof JURISDICTIONS)[number][];
const JIULONGPO: Applies = ["jiulongpo", "chongqing"];
const YUBEI: Applies = ["yubei", "chongqing"];
const MUNICIPAL: Applies = ["chongqing"];

/** What an officer writes for a district (code, short or full name; the ledger writes the full name). */
const DISTRICTS: Readonly<Record<string, Applies>> = {
  jiulongpo: JIULONGPO,
  九龙坡: JIULONGPO,
  九龙坡区: JIULONGPO,
  yubei: YUBEI,
  渝北: YUBEI,
  渝北区: YUBEI,
  // Any other district: the municipal documents only.
  chongqing: MUNICIPAL,
  重庆: MUNICIPAL,
  重庆市: MUNICIPAL,
  市级: MUNICIPAL,
};

/** The jurisdictions whose documents apply in a district, or null when the text names no district we know. */
export function jurisdictionsOfDistrict(text: string): Applies | null {
  const key = text.trim();
  return DISTRICTS[key.toLowerCase()] ?? DISTRICTS[key] ?? null;
}
