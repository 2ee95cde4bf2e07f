// How trace lines name the inputs a formula reads.
import type { BaseRef, FactName } from "../catalog/primitives.ts";
import type { Lang } from "../money/format.ts";

export const FACT_LABEL: Record<FactName, Record<Lang, string>> = {
  centralFunds: { zh: "中央财政补助资金", en: "central funds" },
  municipalFunds: { zh: "市级补助资金", en: "municipal funds" },
  rndGrowth: { zh: "当年研发投入增长额", en: "R&D growth this year" },
  annualPurchases: { zh: "年累计采购额", en: "annual purchases" },
  insuredValue: { zh: "投保金额", en: "insured value" },
};

export function baseLabel(of: BaseRef, lang: Lang, amountMeaning?: string): string {
  if (of === "amount") return amountMeaning ?? (lang === "zh" ? "计算基数" : "the amount");
  return FACT_LABEL[of][lang];
}
