// A provision under changed rules: its rates and caps replaced, or the provision switched off (awarding nothing).
// Positions follow parametersOf() in shared/engine/describe.ts, which the form lists them by.
import type { Catalog } from "../../../../shared/catalog/catalog.ts";
import type { Formula } from "../../../../shared/catalog/schema.ts";

export interface Change {
  off: boolean;
  /** New rate per position, in basis points; undefined keeps the current one. */
  rates: (number | undefined)[];
  /** New cap limit per position, in fen. */
  caps: (number | undefined)[];
}

export function isNoChange(change: Change): boolean {
  return !change.off && change.rates.every((r) => r === undefined) && change.caps.every((c) => c === undefined);
}

export function modifyFormula(formula: Formula, change: Change): Formula {
  if (change.off) return { kind: "fixed", amount: 0, exact: true };
  let rateAt = 0;
  let capAt = 0;
  const walk = (f: Formula): Formula => {
    switch (f.kind) {
      case "rate": {
        const rate = change.rates[rateAt++] ?? f.rate;
        if (!f.baseLimit) return { ...f, rate };
        return { ...f, rate, baseLimit: { ...f.baseLimit, rate: change.rates[rateAt++] ?? f.baseLimit.rate } };
      }
      case "match":
        return { ...f, rate: change.rates[rateAt++] ?? f.rate };
      case "branch":
        return { ...f, received: walk(f.received), otherwise: walk(f.otherwise) };
      case "higherOf":
        return { ...f, options: f.options.map(walk) };
      case "threshold":
        return { ...f, then: walk(f.then) };
      case "capped": {
        const caps = f.caps.map((cap) => ({ ...cap, limit: change.caps[capAt++] ?? cap.limit }));
        return { ...f, caps, of: walk(f.of) };
      }
      default:
        return f;
    }
  };
  return walk(formula);
}

/** The catalog with one provision's formula changed; everything else is shared with the original. */
export function catalogWith(catalog: Catalog, provisionId: string, change: Change): Catalog {
  const entry = catalog.byId.get(provisionId);
  if (!entry) return catalog;
  const provision = { ...entry.provision, formula: modifyFormula(entry.provision.formula, change) };
  const byId = new Map(catalog.byId);
  byId.set(provisionId, { ...entry, provision });
  return { ...catalog, byId };
}
