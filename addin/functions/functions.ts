// The SUBSIDY function family. The JSDoc here is the source of functions.json (custom-functions-metadata
// reads it at build time; the zh-CN names and descriptions are in metadata-zh-CN.ts). Each body is a thin
// adapter: read the cells, call shared/engine, return cells. The build appends one CustomFunctions.associate
// call per @customfunction, from the generator's own list, so IDs are written once, here.
// Excel prefixes every name with the manifest's namespace: =CQ.SUBSIDY("jiulongpo-5", D2).
import { CellError } from "./cell-error.ts";
import { bestMatrix, countsAmount, evaluateAlternatives, evaluateCells, explainMatrix, toMatrix } from "./ceiling.ts";
import { addinEngine } from "./engine.ts";
import { readInputs } from "./inputs.ts";
import { matchMatrix } from "./match.ts";
import { cap, findProvision, headroom, rate, readProvisionList, rules, source } from "./lookup.ts";
import { displayLang, scalar, spill } from "./runtime.ts";
import { scalarSubsidy } from "./scalar.ts";
import { CATALOG_VERSION } from "./version.ts";

/**
 * The largest award a provision allows (最高可补), in yuan. A range of amounts spills a result of the same shape.
 * @customfunction SUBSIDY SUBSIDY
 * @helpurl https://localhost:3443/addin/help/SUBSIDY.html
 * @param provision Provision ID, e.g. "jiulongpo-5" (see CQ.SUBSIDY.RULES).
 * @param [amount] The amount the provision is computed on, in yuan (a number, "1,000,000" or "50万"); one cell or a range.
 * @param [facts] Name/value pairs: a fact (centralFunds, municipalFunds, rndGrowth, annualPurchases, insuredValue), "date" (the day whose rules apply), "awarded" (yuan already received within the enterprise-level cap's period) or "awarded.project", "awarded.enterpriseYear" … (within one cap scope), or "notice" (an application notice's ID: its rates and caps apply).
 * @returns The ceiling in yuan; #N/A for an unknown provision, one not in force or with no computable amount; #VALUE! for invalid input.
 */
export function subsidy(provision: string, amount?: unknown[][], facts?: unknown[][][]): unknown[][] {
  const lang = displayLang();
  const fast = scalarSubsidy(addinEngine(), provision, amount, facts, lang);
  if (fast !== undefined) return spill(fast);
  const entry = findProvision(addinEngine(), provision, lang);
  if (entry instanceof CellError) return spill(entry);
  const inputs = readInputs(amount, facts, lang, { counts: countsAmount(addinEngine(), entry.provision.id) });
  if (inputs instanceof CellError) return spill(inputs);
  const results = evaluateCells(addinEngine(), provision, inputs, lang);
  return spill(results instanceof CellError ? results : toMatrix(results, inputs, lang));
}

/**
 * How the ceiling was reached, step by step, in Excel's display language. Given several provisions, which one stands (就高不重复) and why.
 * @customfunction SUBSIDY.EXPLAIN SUBSIDY.EXPLAIN
 * @helpurl https://localhost:3443/addin/help/SUBSIDY.EXPLAIN.html
 * @param provision Provision ID, or several (a range, or text separated by commas) to compare as alternatives.
 * @param [amount] The amount the provision is computed on, in yuan; one cell or a range.
 * @param [facts] Name/value pairs, as for CQ.SUBSIDY.
 * @returns The explanation text, one cell per amount.
 */
export function explain(provision: unknown[][], amount?: unknown[][], facts?: unknown[][][]): unknown[][] {
  const lang = displayLang();
  const ids = readProvisionList(provision, lang);
  if (ids instanceof CellError) return spill(ids);
  const inputs = readInputs(amount, facts, lang, { counts: ids.some((id) => countsAmount(addinEngine(), id)) });
  if (inputs instanceof CellError) return spill(inputs);
  return spill(explainMatrix(addinEngine(), ids, inputs, lang));
}

/**
 * The highest ceiling among alternatives that cannot be combined (就高不重复), in yuan. CQ.SUBSIDY.EXPLAIN with the same arguments says which won.
 * @customfunction SUBSIDY.BEST SUBSIDY.BEST
 * @helpurl https://localhost:3443/addin/help/SUBSIDY.BEST.html
 * @param provisions The alternative provision IDs: a range, or text separated by commas.
 * @param [amount] The amount, in yuan; one cell or a range.
 * @param [facts] Name/value pairs, as for CQ.SUBSIDY; each provision takes the facts it uses.
 * @returns The highest ceiling in yuan.
 */
export function best(provisions: unknown[][], amount?: unknown[][], facts?: unknown[][][]): unknown[][] {
  const lang = displayLang();
  const ids = readProvisionList(provisions, lang);
  if (ids instanceof CellError) return spill(ids);
  const inputs = readInputs(amount, facts, lang, { counts: ids.some((id) => countsAmount(addinEngine(), id)) });
  if (inputs instanceof CellError) return spill(inputs);
  const alternatives = evaluateAlternatives(addinEngine(), ids, inputs, lang);
  return spill(alternatives instanceof CellError ? alternatives : bestMatrix(alternatives, inputs, lang));
}

/**
 * The source of a provision: document number, clause and the verbatim text.
 * @customfunction SUBSIDY.SOURCE SUBSIDY.SOURCE
 * @helpurl https://localhost:3443/addin/help/SUBSIDY.SOURCE.html
 * @param provision Provision ID.
 * @returns Document number, clause and text.
 */
export function sourceText(provision: unknown): string {
  const lang = displayLang();
  const entry = scalar(findProvision(addinEngine(), provision, lang));
  return source(entry, lang);
}

/**
 * A provision's cap in one scope, in yuan.
 * @customfunction SUBSIDY.CAP SUBSIDY.CAP
 * @helpurl https://localhost:3443/addin/help/SUBSIDY.CAP.html
 * @param provision Provision ID.
 * @param [scope] The cap scope (enterpriseYear, project, enterprise, productYear, projectCumulative, award, or 单个企业每年, 单个项目 …); omitted, the enterprise-level cap (else the per-project or per-product one), as a bare "awarded" counts.
 * @param [branch] For a provision with branches, which one: "received" (已获, TRUE: the funds were received) or "otherwise" (未获, FALSE); omitted, the larger.
 * @returns The cap in yuan; #N/A when the text states none in that scope.
 */
export function capOf(provision: unknown, scope?: unknown, branch?: unknown): number {
  const lang = displayLang();
  return scalar(cap(addinEngine(), scalar(findProvision(addinEngine(), provision, lang)), scope, branch, lang));
}

/**
 * The rate a provision applies to the amount, as a fraction (10% is 0.1).
 * @customfunction SUBSIDY.RATE SUBSIDY.RATE
 * @helpurl https://localhost:3443/addin/help/SUBSIDY.RATE.html
 * @param provision Provision ID.
 * @returns The rate; #N/A for a fixed award or when the rate differs by case.
 */
export function rateOf(provision: unknown): number {
  const lang = displayLang();
  return scalar(rate(scalar(findProvision(addinEngine(), provision, lang)), lang));
}

/**
 * The headroom left under a provision's cap in one scope, in yuan: the cap minus what was already received in it.
 * @customfunction SUBSIDY.REMAINING SUBSIDY.REMAINING
 * @helpurl https://localhost:3443/addin/help/SUBSIDY.REMAINING.html
 * @param provision Provision ID.
 * @param awarded Yuan the enterprise already received within the cap's scope and period; one cell or a range.
 * @param [scope] The cap scope, as for CQ.SUBSIDY.CAP; omitted, the enterprise-level cap (else the per-project or per-product one).
 * @param [branch] For a provision with branches, "received" (已获, TRUE) or "otherwise" (未获, FALSE); omitted, the larger.
 * @returns The headroom in yuan, never below 0.
 */
export function remainingOf(provision: unknown, awarded: unknown[][], scope?: unknown, branch?: unknown): unknown[][] {
  const lang = displayLang();
  const entry = findProvision(addinEngine(), provision, lang);
  return spill(entry instanceof CellError ? entry : headroom(addinEngine(), entry, awarded, scope, branch, lang));
}

/**
 * Provision IDs and titles, spilled in two columns, for data-validation drop-downs.
 * @customfunction SUBSIDY.RULES SUBSIDY.RULES
 * @helpurl https://localhost:3443/addin/help/SUBSIDY.RULES.html
 * @param [document] A document key (jiulongpo, yubei, chongqing2023, chongqing2025, chongqing2026); all when omitted.
 * @returns One row per provision: ID, title.
 */
export function ruleList(document?: unknown): unknown[][] {
  const lang = displayLang();
  return spill(rules(addinEngine(), document, lang));
}

/**
 * The policy calculator: every provision an enterprise may claim from its district and facts alone, with its ceiling, highest first. Spills one row per provision: ID, title, ceiling (yuan), floor (yuan).
 * @customfunction SUBSIDY.MATCH SUBSIDY.MATCH
 * @helpurl https://localhost:3443/addin/help/SUBSIDY.MATCH.html
 * @param [district] The enterprise's district: jiulongpo (九龙坡) or yubei (渝北), chongqing for any other (municipal provisions only); all when omitted.
 * @param [facts] Name/value pairs, as for CQ.SUBSIDY: facts (centralFunds …) and "date"; empty or 0 means not given.
 * @returns One row per provision: ID, title, ceiling in yuan (text where the provision states none), floor in yuan.
 */
export function matchOf(district?: unknown, facts?: unknown[][][]): unknown[][] {
  const lang = displayLang();
  return spill(matchMatrix(addinEngine(), district, facts, lang));
}

/**
 * The version of the policy catalog these functions compute with: a hash of the rule files, fixed when the add-in was built. The task pane warns when the service's catalog differs.
 * @customfunction SUBSIDY.VERSION SUBSIDY.VERSION
 * @helpurl https://localhost:3443/addin/help/SUBSIDY.VERSION.html
 * @returns The catalog version, e.g. "3f2a9c01b4de".
 */
export function version(): string {
  return CATALOG_VERSION;
}
