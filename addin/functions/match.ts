// SUBSIDY.MATCH: the policy calculator in a cell. An enterprise's district and facts in; every provision it may
// claim on the day, with its ceiling, out: the same shared/engine match() the dashboard's calculator uses, kept to
// the documents of the enterprise's district and the municipal ones.
import { jurisdictionsOfDistrict } from "../../shared/catalog/districts.ts";
import type { Jurisdiction } from "../../shared/catalog/schema.ts";
import type { Engine } from "../../shared/engine/engine.ts";
import { match } from "../../shared/engine/match.ts";
import type { Facts } from "../../shared/engine/types.ts";
import { fenFromYuan } from "../../shared/money/fen.ts";
import { formatYuan, type Lang } from "../../shared/money/format.ts";
import { CellError, notAvailable, valueError } from "./cell-error.ts";
import type { Matrix } from "./cells.ts";
import { readText } from "./cells.ts";
import { readInputs, type CellInputs } from "./inputs.ts";

function jurisdictions(district: unknown, lang: Lang): Set<Jurisdiction> | null | CellError {
  const text = readText(district, "district", lang);
  if (text === null || text instanceof CellError) return text;
  const found = jurisdictionsOfDistrict(text);
  if (found) return new Set(found);
  return valueError(
    lang,
    `没有区县 ${text}：可用 九龙坡、渝北；其他区县写 重庆（仅市级条款）；留空则列出全部`,
    `no district ${text}: jiulongpo or yubei; for any other district write chongqing (municipal provisions only); leave it empty for all`,
  );
}

function profile(inputs: CellInputs, lang: Lang): Facts | CellError {
  if (inputs.n !== 1) return valueError(lang, "每次匹配一家企业：各要素请给单个单元格", "one enterprise per call: give each fact as one cell");
  const error = inputs.errors.get(0);
  if (error) return error;
  if (inputs.awarded) return valueError(lang, "匹配不使用已获补助：请用 CQ.补贴额 计算剩余额度内的金额", "MATCH takes no amount already awarded: use CQ.SUBSIDY for what the headroom allows");
  const facts: Facts = {};
  for (const [name, column] of Object.entries(inputs.facts) as [keyof Facts, Float64Array][]) {
    const v = column[0] ?? NaN;
    // 0 is an empty cell as some hosts pass it; no provision awards anything on a fact of 0.
    if (v === v && v !== 0) facts[name] = v;
  }
  return facts;
}

/** One row per provision the enterprise may claim, highest ceiling first: ID, title, ceiling (yuan), floor (yuan). */
export function matchMatrix(engine: Engine, district: unknown, pairs: unknown, lang: Lang): Matrix | CellError {
  const where = jurisdictions(district, lang);
  if (where instanceof CellError) return where;
  const inputs = readInputs(null, pairs, lang);
  if (inputs instanceof CellError) return inputs;
  const facts = profile(inputs, lang);
  if (facts instanceof CellError) return facts;
  const out: Matrix = [];
  for (const { id, evaluation } of match(engine, facts, inputs.date)) {
    const entry = engine.catalog.byId.get(id);
    if (!entry || (where && !where.has(entry.document.jurisdiction))) continue;
    const floor = evaluation.floor === null ? "" : evaluation.floor;
    const ceiling =
      evaluation.ceiling === null
        ? lang === "zh"
          ? `未规定上限（最低 ${formatYuan(fenFromYuan(evaluation.floor ?? 0)?.fen ?? 0, lang)}）`
          : `no ceiling stated (at least ${formatYuan(fenFromYuan(evaluation.floor ?? 0)?.fen ?? 0, lang)})`
        : evaluation.ceiling;
    out.push([entry.provision.id, entry.provision.title[lang], ceiling, floor]);
  }
  if (out.length === 0) return notAvailable(lang, "按所给要素和日期，没有可直接计算金额的条款", "no provision yields an amount from these facts on this day");
  return out;
}
