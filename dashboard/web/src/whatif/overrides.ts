// A draft notice as the what-if form holds it: the figures of one provision by parameter path
// (shared/engine/parameters.ts), typed as the user writes them — rates in %, sums in 万元 — and turned into the
// overrides POST /api/whatif takes, only those that differ from the document's.
import type { Catalog } from "../../../../shared/catalog/catalog.ts";
import { formulaParameters, getParameter, parseParameterValue, provisionOfPath, type Parameter } from "../../../../shared/engine/parameters.ts";
import { FEN_PER_WAN } from "../../../../shared/money/fen.ts";

export interface Draft {
  /** Switched off: every figure that pays (rates, sums, caps, ceilings) set to 0; thresholds stay. */
  off: boolean;
  /** Text typed per path; absent: the document's figure. */
  typed: Readonly<Record<string, string>>;
}

export const EMPTY_DRAFT: Draft = { off: false, typed: {} };

/** The figures of a provision the form lets the user change, in the text's order. */
export function editableParameters(catalog: Catalog, provisionId: string): Parameter[] {
  const entry = catalog.byId.get(provisionId);
  return entry ? formulaParameters(entry.provision.id, entry.provision.formula) : [];
}

/** A figure as the form shows it: % for a rate, 万元 for a sum. */
export function shownValue(p: Pick<Parameter, "unit" | "value">): string {
  return String(p.unit === "bp" ? p.value / 100 : p.value / FEN_PER_WAN);
}

/** Text in an input → the parameter's unit (bp or fen), or null when it is not a number not below 0. */
export function parseTyped(p: Pick<Parameter, "unit">, text: string): number | null {
  if (text.trim() === "") return null;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) return null;
  return Math.round(n * (p.unit === "bp" ? 100 : FEN_PER_WAN));
}

/** A figure in its unit as a notice writes it: "8%", or yuan. */
function written(p: Pick<Parameter, "unit">, value: number): string {
  return p.unit === "bp" ? `${value / 100}%` : `${value / 100}`;
}

/** The overrides by path; null while some input cannot be read. */
export function overridesOf(parameters: readonly Parameter[], draft: Draft): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (const p of parameters) {
    if (draft.off) {
      if (p.direction !== "threshold") out[p.path] = written(p, 0);
      continue;
    }
    const text = draft.typed[p.path];
    if (text === undefined) continue;
    const value = parseTyped(p, text);
    if (value === null) return null;
    if (value !== p.value) out[p.path] = written(p, value);
  }
  return out;
}

/**
 * A saved notice's overrides back in the form: its provision (the form edits one at a time: the first path's) and
 * each figure as typed. Figures the catalog cannot read are left out, so the form shows the document's there.
 */
export function draftOf(catalog: Catalog, overrides: Readonly<Record<string, string | number>>): { provision: string | null; draft: Draft } {
  const paths = Object.keys(overrides);
  const provision = paths[0] === undefined ? null : provisionOfPath(paths[0]);
  const typed: Record<string, string> = {};
  for (const path of paths) {
    const p = getParameter(catalog, path);
    const value = p && provisionOfPath(path) === provision ? parseParameterValue(p, overrides[path] as string | number) : null;
    if (p && value !== null) typed[path] = shownValue({ unit: p.unit, value });
  }
  return { provision, draft: { off: false, typed } };
}
