// SUBSIDY.SOURCE, .CAP, .RATE, .REMAINING and .RULES: what the catalog says about a provision, without inputs.
import type { CatalogEntry } from "../../shared/catalog/catalog.ts";
import { CAP_SCOPES } from "../../shared/catalog/cap-scopes.ts";
import { DOCUMENT_KEYS, type Cap, type Formula } from "../../shared/catalog/schema.ts";
import { walk } from "../../shared/formula/kinds.ts";
import { branchNamed, capInScope, headroomInScope, scopeArgument, type CapAnswer, type CapQuery, type CapQueryFailure } from "../../shared/engine/caps-by-scope.ts";
import type { Engine } from "../../shared/engine/engine.ts";
import { scopeLabel } from "../../shared/catalog/cap-scopes.ts";
import { fenFromYuan, yuanFromFen } from "../../shared/money/fen.ts";
import { formatYuan, type Lang } from "../../shared/money/format.ts";
import { CellError, notAvailable, valueError } from "./cell-error.ts";
import { asMatrix, cellAt, readAmount, readText, shapeOf, type Matrix } from "./cells.ts";

export function findProvision(engine: Engine, id: unknown, lang: Lang): CatalogEntry | CellError {
  const text = readText(id, "provision", lang);
  if (text instanceof CellError) return text;
  if (text === null) return valueError(lang, "缺少条款编号", "the provision ID is missing");
  return engine.catalog.byId.get(text.toLowerCase()) ?? notAvailable(lang, `没有条款 ${text}`, `no provision ${text}`);
}

/** Provision IDs from a range, or from one cell listing them separated by commas (、，, ;). */
export function readProvisionList(value: unknown, lang: Lang): string[] | CellError {
  const ids: string[] = [];
  for (const row of asMatrix(value)) {
    for (const cell of row) {
      const text = readText(cell, "provision", lang);
      if (text instanceof CellError) return text;
      if (text !== null) ids.push(...text.split(/[,，、;；\s]+/).filter(Boolean));
    }
  }
  if (ids.length === 0) return valueError(lang, "缺少条款编号", "no provision ID given");
  return ids;
}

function caps(formula: Formula): Cap[] {
  const found: Cap[] = [];
  walk(formula, (node) => {
    if (node.kind === "capped") found.push(...node.caps);
  });
  return found;
}

export function source(entry: CatalogEntry, lang: Lang): string {
  const { document, provision } = entry;
  const number = document.number ?? document.title[lang];
  return lang === "zh" ? `${number} 第${provision.clause}条：${provision.citation}` : `${number}, clause ${provision.clause}: ${provision.citation}`;
}

/** The scope and branch arguments of CAP and REMAINING, read into the engine's query. */
function capQuery(scope: unknown, branch: unknown, lang: Lang): CapQuery | CellError {
  const scopeText = readText(scope);
  if (scopeText instanceof CellError) return scopeText;
  const branchText = typeof branch === "boolean" ? branch : readText(branch);
  if (branchText instanceof CellError) return branchText;
  const s = scopeArgument(scopeText);
  const b = branchNamed(branchText);
  if (s === "unknown") {
    const scopes = CAP_SCOPES.join(lang === "zh" ? "、" : ", ");
    return valueError(lang, `上限口径无效：${String(scope)}；可用：${scopes}`, `not a cap scope: ${String(scope)}; scopes: ${scopes}`);
  }
  if (b === "unknown") return valueError(lang, `情形无效：${String(branch)}；可用：已获、未获（received、otherwise）`, `not a branch: ${String(branch)}; branches: received, otherwise`);
  return { scope: s ?? undefined, branch: b ?? undefined };
}

function answer(result: CapAnswer, lang: Lang): number | CellError {
  return result.ok ? yuanFromFen(result.fen) : failed(result, lang);
}

function failed(result: CapQueryFailure, lang: Lang): CellError {
  return result.kind === "invalid" ? valueError(lang, result.message.zh, result.message.en) : notAvailable(lang, result.message.zh, result.message.en);
}

/** The cap in a scope (default: the scope a bare awarded figure counts under) and branch, in yuan. */
export function cap(engine: Engine, entry: CatalogEntry, scope: unknown, branch: unknown, lang: Lang): number | CellError {
  const query = capQuery(scope, branch, lang);
  if (query instanceof CellError) return query;
  const compiled = engine.lookup(entry.provision.id)?.compiled;
  if (!compiled) return notAvailable(lang, `没有条款 ${entry.provision.id}`, `no provision ${entry.provision.id}`);
  return answer(capInScope(entry.provision.id, compiled, query), lang);
}

/** The rate applied to the amount (else to a fact), as a fraction (10% → 0.1). */
export function rate(entry: CatalogEntry, lang: Lang): number | CellError {
  const onAmount = new Set<number>();
  const any = new Set<number>();
  walk(entry.provision.formula, (node) => {
    if (node.kind === "rate" || node.kind === "match") {
      any.add(node.rate);
      if (node.of === "amount") onAmount.add(node.rate);
    }
  });
  const rates = onAmount.size > 0 ? onAmount : any;
  const [only] = rates;
  if (rates.size === 1 && only !== undefined) return only / 10_000;
  const id = entry.provision.id;
  if (rates.size === 0) return notAvailable(lang, `${id} 不按比例计算`, `${id} is not computed as a rate`);
  const list = [...rates].map((bp) => `${bp / 100}%`).join(lang === "zh" ? "、" : ", ");
  return notAvailable(lang, `${id} 的比例因情形而异：${list}`, `${id} applies different rates by case: ${list}`);
}

/** Headroom left under the cap in a scope (defaulting as awarded does) and branch, per awarded cell, in yuan. */
export function headroom(engine: Engine, entry: CatalogEntry, awarded: unknown, scope: unknown, branch: unknown, lang: Lang): Matrix | CellError {
  const query = capQuery(scope, branch, lang);
  if (query instanceof CellError) return query;
  const id = entry.provision.id;
  const compiled = engine.lookup(id)?.compiled;
  if (!compiled) return notAvailable(lang, `没有条款 ${id}`, `no provision ${id}`);
  // Asked once with nothing awarded, so that a provision without such a cap answers with one error, not one per cell.
  const none = headroomInScope(id, compiled, 0, query);
  if (!none.ok) return failed(none, lang);
  const matrix = asMatrix(awarded);
  const { rows, cols } = shapeOf(matrix);
  const out: Matrix = [];
  for (let r = 0; r < rows; r++) {
    const row: unknown[] = [];
    for (let c = 0; c < cols; c++) {
      const v = readAmount("awarded", cellAt(matrix, r, c), lang);
      if (v instanceof CellError) row.push(v);
      else if (v < 0) row.push(valueError(lang, "已获补助不能为负数", "awarded must not be negative"));
      else {
        const fen = fenFromYuan(v === v ? v : 0)?.fen;
        row.push(fen === undefined ? valueError(lang, "已获补助过大", "awarded is too large") : answer(headroomInScope(id, compiled, fen, query), lang));
      }
    }
    out.push(row);
  }
  return out;
}

/** The scope of the tightest cap, for messages and the task pane. */
export function capLabel(entry: CatalogEntry, lang: Lang): string | null {
  const found = caps(entry.provision.formula);
  if (found.length === 0) return null;
  const tightest = found.reduce((a, b) => (b.limit < a.limit ? b : a));
  return `${scopeLabel(tightest.scope, lang)} ${formatYuan(tightest.limit, lang)}`;
}

/** [id, title] rows for every provision, or those of one document, in catalog order. */
export function rules(engine: Engine, documentKey: unknown, lang: Lang): Matrix | CellError {
  const key = readText(documentKey, "document", lang);
  if (key instanceof CellError) return key;
  const wanted = key?.toLowerCase() ?? null;
  if (wanted !== null && !(DOCUMENT_KEYS as readonly string[]).includes(wanted)) {
    return notAvailable(lang, `没有政策文件 ${key}（可用：${DOCUMENT_KEYS.join("、")}）`, `no document ${key} (documents: ${DOCUMENT_KEYS.join(", ")})`);
  }
  const out: Matrix = [];
  for (const document of engine.catalog.documents) {
    if (wanted !== null && document.key !== wanted) continue;
    for (const provision of document.provisions) out.push([provision.id, provision.title[lang]]);
  }
  if (out.length === 0) return notAvailable(lang, `政策文件 ${key} 尚未收录`, `document ${key} is not in the catalog yet`);
  return out;
}
