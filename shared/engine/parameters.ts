// Parameters by path: every rate, cap, threshold and fixed sum of the catalog has a stable address
// (`jiulongpo-5.rate`, `jiulongpo-5.caps.enterpriseYear`), found by one walk over the formulas, and read or replaced
// by that address. Notices (notices.ts) override figures by path; `subsidy rules --params` lists them.
//
// A path is the provision ID and the parameter's name: rate, match (a matching rate, 配套), baseLimit, fixed, perUnit,
// floor, ceiling, threshold, caps.<scope>. Where a provision has two parameters of one name (jiulongpo-6's two
// enterprise caps, yubei-9's two rates), both are qualified by where they sit: `received` / `otherwise` (a branch's
// arms), `options.<n>` (the n-th method of a 就高 choice), so `jiulongpo-6.received.caps.enterprise`.
import type { Catalog, CatalogEntry } from "../catalog/catalog.ts";
import type { BaseRef, CapScope, Formula, Provision, Text } from "../catalog/schema.ts";
import { kindOf } from "../formula/kinds.ts";
import { formatAsWritten, type Lang } from "../money/format.ts";
import { parseAmountText, parseRateText } from "../money/parse.ts";

export type ParameterName = "rate" | "match" | "baseLimit" | "fixed" | "perUnit" | "floor" | "ceiling" | "threshold" | "cap";

/**
 * What a notice may do with the figure, as the text words it: a ceiling (最高, 不超过, a rate or cap) may be lowered;
 * a floor (50万元—, 及以上) or a threshold (以上) may be raised, a stricter condition; an exact sum (给予15万元) is the
 * text's own and stays.
 */
export type Direction = "ceiling" | "floor" | "threshold" | "exact";

export interface Parameter {
  path: string;
  provision: string;
  name: ParameterName;
  /** Basis points for rates, fen for sums. */
  unit: "bp" | "fen";
  value: number;
  direction: Direction;
  /** What a rate or threshold applies to. */
  of?: BaseRef;
  scope?: CapScope;
  /** A cap shared by several provisions (jiulongpo-12b and 12c). */
  group?: string;
  /** The words of the source that set it, where the formula keeps them (caps, thresholds, base limits). */
  citation?: string;
  /** Where it sits in the formula: keys and positions from the formula's root. */
  at: readonly (string | number)[];
}

export const PARAMETER_LABEL: Record<ParameterName, Text> = {
  rate: { zh: "比例", en: "rate" },
  match: { zh: "配套比例", en: "matching rate" },
  baseLimit: { zh: "计算基数上限比例", en: "limit on the base" },
  fixed: { zh: "奖补金额", en: "sum" },
  perUnit: { zh: "单价", en: "per unit" },
  floor: { zh: "最低额", en: "floor" },
  ceiling: { zh: "最高额", en: "ceiling" },
  threshold: { zh: "门槛", en: "threshold" },
  cap: { zh: "上限", en: "cap" },
};

/** A figure as its kind declares it (shared/formula/*.ts `figures`): `at` from the node, `leaf` the path's last part. */
export type Figure = Omit<Parameter, "path" | "provision"> & { leaf: string };

type Found = Figure & { qualifiers: readonly string[] };

/**
 * The parameters of one formula, in the order the text states them (the walk's order), with their paths: each
 * kind's own figures, then its sub-formulas' at the places the kind names.
 */
export function formulaParameters(id: string, formula: Formula): Parameter[] {
  const found: Found[] = [];
  const visit = (f: Formula, at: readonly (string | number)[], qualifiers: readonly string[]): void => {
    const kind = kindOf(f);
    for (const figure of kind.figures(f)) found.push({ ...figure, qualifiers, at: [...at, ...figure.at] });
    const places = kind.places(f);
    kind.children(f).forEach((child, n) => {
      const place = places[n] as (typeof places)[number];
      visit(child, [...at, ...place.at], [...qualifiers, ...place.qualifiers]);
    });
  };
  visit(formula, [], []);
  const leafCount = new Map<string, number>();
  for (const p of found) leafCount.set(p.leaf, (leafCount.get(p.leaf) ?? 0) + 1);
  const taken = new Set<string>();
  return found.map(({ qualifiers, leaf, ...p }) => {
    let path = (leafCount.get(leaf) ?? 0) > 1 ? [id, ...qualifiers, leaf].join(".") : `${id}.${leaf}`;
    // Two of one name at one place (two caps of one scope on one node): numbered in the text's order.
    for (let n = 2; taken.has(path); n++) path = `${[id, ...qualifiers, leaf].join(".")}.${n}`;
    taken.add(path);
    return { path, provision: id, ...p };
  });
}

/** Every parameter of the catalog, provision by provision in catalog order. */
export function catalogParameters(catalog: Catalog): Parameter[] {
  return [...catalog.byId.values()].flatMap(({ provision }) => formulaParameters(provision.id, provision.formula));
}

const byPath = new WeakMap<Catalog, Map<string, Parameter>>();

/** The parameter at a path; undefined when no provision has one there. */
export function getParameter(catalog: Catalog, path: string): Parameter | undefined {
  let index = byPath.get(catalog);
  if (!index) {
    index = new Map(catalogParameters(catalog).map((p) => [p.path, p]));
    byPath.set(catalog, index);
  }
  return index.get(path);
}

/** The provision the path starts with (its text before the first dot), so that an unknown path can be worded. */
export function provisionOfPath(path: string): string {
  const dot = path.indexOf(".");
  return dot < 0 ? path : path.slice(0, dot);
}

/** A figure as a notice or the command line writes it: "8%" for a rate, "1500万元" or yuan for a sum; null if not one. */
export function parseParameterValue(parameter: Pick<Parameter, "unit">, value: string | number): number | null {
  const text = String(value).trim();
  return parameter.unit === "bp" ? parseRateText(text) : parseAmountText(text);
}

/** A figure as the text would write it: 8%, 1500万元. */
export function formatParameterValue(parameter: Pick<Parameter, "unit">, value: number, lang: Lang): string {
  return parameter.unit === "bp" ? `${value / 100}%` : formatAsWritten(value, lang);
}

/** The formula with the figure (or a cap's citation) at `at` replaced; the original is left as it was. */
export function setInFormula(formula: Formula, at: readonly (string | number)[], value: number | string): Formula {
  const put = (node: unknown, depth: number): unknown => {
    if (depth === at.length) return value;
    const key = at[depth] as string | number;
    if (Array.isArray(node)) return node.map((item, n) => (n === key ? put(item, depth + 1) : item));
    const record = node as Record<string, unknown>;
    if (!(key in record)) throw new Error(`no ${at.slice(0, depth + 1).join(".")} in the formula`);
    return { ...record, [key]: put(record[key], depth + 1) };
  };
  return put(formula, 0) as Formula;
}

/** The value at a path, read. */
export function getValue(catalog: Catalog, path: string): number | undefined {
  return getParameter(catalog, path)?.value;
}

/**
 * The catalog with figures replaced by path (values in the parameter's unit: bp or fen), and, for figures that keep
 * their words (caps, thresholds), the words to show instead. Unchanged provisions and documents are the same
 * objects; changed ones are copies. Throws on a path no provision has: callers validate first.
 */
export function withValues(catalog: Catalog, values: ReadonlyMap<string, number>, citations: ReadonlyMap<string, string> = new Map()): Catalog {
  const formulas = new Map<string, Formula>();
  for (const [path, value] of values) {
    const parameter = getParameter(catalog, path);
    if (!parameter) throw new Error(`no parameter ${path}`);
    const entry = catalog.byId.get(parameter.provision) as CatalogEntry;
    let formula = setInFormula(formulas.get(parameter.provision) ?? entry.provision.formula, parameter.at, value);
    const citation = citations.get(path);
    if (citation !== undefined && parameter.citation !== undefined) formula = setInFormula(formula, [...parameter.at.slice(0, -1), "citation"], citation);
    formulas.set(parameter.provision, formula);
  }
  if (formulas.size === 0) return catalog;
  const documents = catalog.documents.map((document) =>
    document.provisions.some((p) => formulas.has(p.id))
      ? { ...document, provisions: document.provisions.map((p): Provision => (formulas.has(p.id) ? { ...p, formula: formulas.get(p.id) as Formula } : p)) }
      : document,
  );
  const byId = new Map<string, CatalogEntry>();
  for (const document of documents) for (const provision of document.provisions) byId.set(provision.id, { provision, document });
  return { ...catalog, documents, byId };
}

/** The same, one path at a time: `setValue(catalog, "jiulongpo-5.rate", 800)`. */
export function setValue(catalog: Catalog, path: string, value: number): Catalog {
  return withValues(catalog, new Map([[path, value]]));
}
