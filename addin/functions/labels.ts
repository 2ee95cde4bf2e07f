// What the functions' messages call each input, in the display language: the parameter names Excel shows
// (metadata-zh-CN.ts in Chinese, the JSDoc names in English) and the fact names as the ledger table labels its
// columns. One table, so that a message never names an input by an identifier the officer did not type.
import { CAP_SCOPES, scopeLabel } from "../../shared/catalog/cap-scopes.ts";
import { FACT_NAMES, type FactName } from "../../shared/catalog/schema.ts";
import { COLUMN_HEADER } from "../../shared/ledger/columns.ts";
import { TERMS } from "../../shared/terms.ts";
import type { Lang } from "../../shared/money/format.ts";
import { ZH_CN } from "./metadata-zh-CN.ts";

const zhParameter = (name: string): string => ZH_CN.SUBSIDY?.parameters[name]?.name ?? name;

const ZH_LABEL: Record<string, string> = {
  provision: ZH_CN["SUBSIDY"]?.parameters.provision?.name ?? TERMS.provision.zh,
  provisions: ZH_CN["SUBSIDY.BEST"]?.parameters.provisions?.name ?? "条款组",
  amount: zhParameter("amount"),
  facts: zhParameter("facts"),
  awarded: TERMS.awarded.zh,
  ...Object.fromEntries(CAP_SCOPES.map((scope) => [`awarded.${scope}`, `${TERMS.awarded.zh}.${scopeLabel(scope, "zh")}`])),
  notice: TERMS.noticeDocument.zh,
  date: "日期",
  document: ZH_CN["SUBSIDY.RULES"]?.parameters.document?.name ?? TERMS.document.zh,
  district: ZH_CN["SUBSIDY.MATCH"]?.parameters.district?.name ?? "区县",
  ...Object.fromEntries(FACT_NAMES.map((name) => [name, COLUMN_HEADER[name].zh])),
};

/** The input's name in the display language; English uses the identifiers the officer types. */
export function fieldLabel(field: string, lang: Lang): string {
  return lang === "zh" ? (ZH_LABEL[field] ?? field) : field;
}

export function factLabel(name: FactName, lang: Lang): string {
  return fieldLabel(name, lang);
}

const IDENTIFIER = new RegExp(`\\b(${Object.keys(ZH_LABEL).join("|")})\\b`, "g");

/** A Chinese message from shared/ (which names inputs by identifier) with the inputs' Chinese names. */
export function localizeZh(message: string): string {
  return message.replace(IDENTIFIER, (word) => ZH_LABEL[word] ?? word);
}
