// The policy calculator's enterprise profile in the URL (?view=calculator&district=…&date=…&centralFunds=…&amount.yubei-2=…),
// so an enterprise file, a message or a bookmark can open the calculator on one enterprise's figures.
import { FACT_NAMES } from "../../../../shared/vocabulary.ts";
import type { Route } from "./route.ts";

export type FactKey = (typeof FACT_NAMES)[number];

export interface Profile {
  /** The application date, YYYY-MM-DD; absent: today in Chongqing. */
  date?: string;
  /** Facts in yuan, by name. */
  facts: Partial<Record<FactKey, number>>;
  /** The amount a provision is computed on (an investment, a premium), in yuan, by provision ID. */
  amounts: Record<string, number>;
}

const AMOUNT_PREFIX = "amount.";
const ID = /^[a-z0-9]+-[0-9]+[a-z]?$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A yuan figure as typed: finite, not negative, at most to the fen; anything else is dropped. */
export function parseYuan(text: string | null): number | undefined {
  if (text === null || text.trim() === "") return undefined;
  const n = Number(text);
  return Number.isFinite(n) && n >= 0 && n <= 1e13 ? n : undefined;
}

export function parseProfile(q: URLSearchParams): Profile | undefined {
  const profile: Profile = { facts: {}, amounts: {} };
  let any = false;
  const date = q.get("date");
  if (date && DAY.test(date)) {
    profile.date = date;
    any = true;
  }
  for (const name of FACT_NAMES) {
    const v = parseYuan(q.get(name));
    if (v !== undefined) {
      profile.facts[name] = v;
      any = true;
    }
  }
  for (const [key, value] of q) {
    if (!key.startsWith(AMOUNT_PREFIX)) continue;
    const id = key.slice(AMOUNT_PREFIX.length);
    const v = parseYuan(value);
    if (ID.test(id) && v !== undefined) {
      profile.amounts[id] = v;
      any = true;
    }
  }
  return any ? profile : undefined;
}

/** Writes a profile into a query, keys in a fixed order (date, facts, amounts by ID) so equal profiles give equal links. */
export function writeProfile(q: URLSearchParams, profile: Profile | undefined): void {
  if (!profile) return;
  if (profile.date) q.set("date", profile.date);
  for (const name of FACT_NAMES) {
    const v = profile.facts[name];
    if (v !== undefined) q.set(name, String(v));
  }
  for (const id of Object.keys(profile.amounts).sort()) q.set(`${AMOUNT_PREFIX}${id}`, String(profile.amounts[id]));
}

/** The ledger's spelling of each jurisdiction's district, for links into the calculator (the municipality: municipal documents only). */
const DISTRICT_OF = { jiulongpo: "九龙坡区", yubei: "渝北区", chongqing: "重庆市" } as const;

/**
 * The calculator opened on an enterprise: its district (as the ledger writes it, or a jurisdiction code) and any
 * figures known. For the enterprise file and the provision page: `hrefFor(calculatorRoute("九龙坡区"))`.
 */
export function calculatorRoute(district?: string, profile?: Profile): Route {
  const name = district && district in DISTRICT_OF ? DISTRICT_OF[district as keyof typeof DISTRICT_OF] : district;
  return { view: "calculator", filters: name ? { district: name } : {}, ...(profile ? { profile } : {}) };
}
