// The part of the catalog version that covers the notices published through the service (rules/ covers the files):
// each published notice's canonical content, in publication order, hashed. The service reports it beside the rules
// hash the builds embed, so a client can tell "built from other rules" (rebuild) from "the service has published
// notices I have not loaded" (connect, or reload).
import type { Notice } from "./notice.ts";

/** The version the service reports: the rules hash alone while nothing is published, else `<rules>+<notices>`. */
export function combinedCatalogVersion(rules: string, notices: string | null): string {
  return notices === null ? rules : `${rules}+${notices}`;
}

/** The notice as one text, keys sorted at every level, so the same notice always hashes the same. */
export function canonicalNotice(notice: Notice): string {
  return JSON.stringify(sorted(notice));
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
  );
}
