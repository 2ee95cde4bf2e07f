// The answer of POST /api/whatif as the view shows it: the service evaluates the affected enterprises where the data
// is (dashboard/server/whatif/), so the browser fetches no rows and runs no engine. Grouped by document, provision
// and year, it is folded here into lines per document and per provision, and the provision's years for the chart.
import { postJson } from "../api/client.ts";

export interface Figures {
  rows: number;
  ceilingFen: number;
  countedFen: number;
  uncapped: number;
}

export interface OverrideStanding {
  path: string;
  unit: "bp" | "fen";
  documentValue: number;
  value: number;
  withinDocument: boolean;
  reason: { zh: string; en: string } | null;
}

export interface WhatIfAnswer {
  by: string[];
  groups: { key: Record<string, string | number>; before: Figures; after: Figures; difference: Figures }[];
  overrides: OverrideStanding[];
  issuable: boolean;
  evaluatedRows: number;
  affectedEnterprises: number;
  reached: string[];
}

export interface Line {
  document: string;
  /** Null: the document's total. */
  provision: string | null;
  before: Figures;
  after: Figures;
}

export interface Comparison {
  /** The documents of the provisions the change reaches, each total then its reached provisions. */
  lines: Line[];
  /** The chosen provision's sum of ceilings per year. */
  byYear: { year: number; before: number; after: number }[];
  answer: WhatIfAnswer;
}

export const BY = ["document", "provision", "year"] as const;

export function fetchWhatIf(overrides: Record<string, string>, signal?: AbortSignal): Promise<WhatIfAnswer> {
  return postJson<WhatIfAnswer>("/api/whatif", { overrides, by: BY }, signal);
}

const zero = (): Figures => ({ rows: 0, ceilingFen: 0, countedFen: 0, uncapped: 0 });
const add = (a: Figures, b: Figures): Figures => ({ rows: a.rows + b.rows, ceilingFen: a.ceilingFen + b.ceilingFen, countedFen: a.countedFen + b.countedFen, uncapped: a.uncapped + b.uncapped });

/** Lines for the chosen provision's document and those of every provision the change reaches. */
export function comparisonOf(answer: WhatIfAnswer, provisionId: string, documentOf: (id: string) => string | undefined): Comparison {
  const shown = new Set([provisionId, ...answer.reached]);
  const documents = new Set([...shown].map(documentOf).filter((d): d is string => d !== undefined));
  const lines = new Map<string, Line>();
  const years = new Map<number, { year: number; before: number; after: number }>();
  const line = (document: string, provision: string | null): Line => {
    const id = `${document}|${provision ?? ""}`;
    let l = lines.get(id);
    if (!l) lines.set(id, (l = { document, provision, before: zero(), after: zero() }));
    return l;
  };
  for (const g of answer.groups) {
    const [document, provision, year] = [String(g.key.document ?? ""), String(g.key.provision ?? ""), Number(g.key.year)];
    if (!documents.has(document)) continue;
    const total = line(document, null);
    total.before = add(total.before, g.before);
    total.after = add(total.after, g.after);
    if (shown.has(provision)) {
      const own = line(document, provision);
      own.before = add(own.before, g.before);
      own.after = add(own.after, g.after);
    }
    if (provision === provisionId) {
      const y = years.get(year) ?? { year, before: 0, after: 0 };
      y.before += g.before.ceilingFen;
      y.after += g.after.ceilingFen;
      years.set(year, y);
    }
  }
  for (const id of shown) {
    const document = documentOf(id);
    if (document !== undefined) line(document, id);
  }
  const order = (l: Line) => [l.document, l.provision === null ? "" : l.provision];
  const sorted = [...lines.values()].sort((a, b) => {
    const [x, y] = [order(a), order(b)];
    return x[0]!.localeCompare(y[0]!) || x[1]!.localeCompare(y[1]!, "en", { numeric: true });
  });
  return { lines: sorted, byYear: [...years.values()].sort((a, b) => a.year - b.year), answer };
}
