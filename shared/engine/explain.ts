// Renders a trace in Chinese or English: one line per step, in the order the engine took them.
import { scopeLabel } from "../catalog/cap-scopes.ts";
import type { BaseRef, CapScope, FactName } from "../catalog/schema.ts";
import { formatAsWritten, formatYuan, type Lang } from "../money/format.ts";
import { explainNoticeStep } from "./explain-notice.ts";
import type { Bound, TraceStep } from "./types.ts";

const FACT_LABEL: Record<FactName, Record<Lang, string>> = {
  centralFunds: { zh: "中央财政补助资金", en: "central funds" },
  municipalFunds: { zh: "市级补助资金", en: "municipal funds" },
  rndGrowth: { zh: "当年研发投入增长额", en: "R&D growth this year" },
  annualPurchases: { zh: "年累计采购额", en: "annual purchases" },
  insuredValue: { zh: "投保金额", en: "insured value" },
};

export const BOUND_LABEL: Record<Bound, Record<Lang, string>> = {
  none: { zh: "按公式计算", en: "the formula" },
  cap: { zh: "上限", en: "a cap" },
  headroom: { zh: "剩余额度", en: "the headroom left" },
  threshold: { zh: "未达门槛", en: "the threshold (not met)" },
  baseLimit: { zh: "计算基数上限", en: "the limit on the base" },
};

export function baseLabel(of: BaseRef, lang: Lang, amountMeaning?: string): string {
  if (of === "amount") return amountMeaning ?? (lang === "zh" ? "计算基数" : "the amount");
  return FACT_LABEL[of][lang];
}

const pct = (bp: number) => `${bp / 100}%`;

/** One line of explanation for a step. `amountMeaning` names the amount argument as the provision defines it. */
export function explainStep(step: TraceStep, lang: Lang, amountMeaning?: string): string {
  const y = (fen: number) => formatYuan(fen, lang);
  const zh = lang === "zh";
  switch (step.step) {
    case "inForce":
      return zh
        ? `有效期 ${step.start} 至 ${step.end ?? "未规定截止日"}，${step.date} 在有效期内`
        : `in force ${step.start} to ${step.end ?? "no end date"}; ${step.date} is within it`;
    case "roundedInput":
      return zh ? `${step.field} ${step.input} 四舍五入到分：${y(step.fen)}` : `${step.field} ${step.input} rounded half-up to the fen: ${y(step.fen)}`;
    case "ignoredAmount":
      return zh ? `本条款不按金额计算，忽略输入的金额 ${step.input}` : `this provision takes no amount; the amount ${step.input} is ignored`;
    case "awarded": {
      const capText = (cap: { scope: CapScope; limitFen: number }) =>
        zh ? `${scopeLabel(cap.scope, lang)}上限 ${formatAsWritten(cap.limitFen, lang)}` : `the cap ${scopeLabel(cap.scope, lang)} of ${y(cap.limitFen)}`;
      const scopes = step.scopes.map((s) => scopeLabel(s, lang)).join(zh ? "、" : ", ");
      const given =
        step.scope !== null
          ? zh ? `已获补助（${scopeLabel(step.scope, lang)}）${y(step.fen)}` : `awarded (${scopeLabel(step.scope, lang)}) ${y(step.fen)}`
          : step.scopes.length > 0
            ? zh ? `已获补助 ${y(step.fen)}（未注明口径，按${scopes}计）` : `awarded ${y(step.fen)} (no scope named: taken as ${scopes})`
            : zh ? `已获补助 ${y(step.fen)}` : `awarded ${y(step.fen)}`;
      const available = step.available.map((s) => scopeLabel(s, lang)).join(zh ? "、" : ", ");
      switch (step.unused) {
        case null:
          return zh ? `${given}，计入${step.appliedTo.map(capText).join("、")}` : `${given}, counted against ${step.appliedTo.map(capText).join(" and ")}`;
        case "noSpanningCap":
          return zh ? `${given} 未使用：本条款没有跨申报累计的上限，每笔单独计算` : `${given} not used: this provision has no cap that spans applications, each award stands alone`;
        case "noCapOfScope":
          return zh ? `${given} 未使用：本条款没有该口径的上限（其上限口径：${available}）` : `${given} not used: this provision has no cap of that scope (its caps: ${available})`;
        case "notOnPath":
          return zh ? `${given} 未使用：所适用情形下没有该口径的上限` : `${given} not used: the case that applies has no cap of that scope`;
      }
      return given;
    }
    case "notAwarded": {
      const parts = step.caps.map((cap) =>
        zh
          ? `${scopeLabel(cap.scope, lang)}上限 ${formatAsWritten(cap.limitFen, lang)} 未给出已获补助，按未获补助计（可填 awarded.${cap.scope}）`
          : `no awarded figure for the cap ${scopeLabel(cap.scope, lang)} of ${y(cap.limitFen)}: counted as nothing received (give awarded.${cap.scope})`,
      );
      return parts.join(zh ? "；" : "; ");
    }
    case "rate": {
      const base = baseLabel(step.of, lang, amountMeaning);
      if (step.matching) return zh ? `按${base} ${y(step.baseFen)} 的 ${pct(step.rate)} 配套：${y(step.resultFen)}` : `matching ${pct(step.rate)} of ${base} ${y(step.baseFen)}: ${y(step.resultFen)}`;
      return zh ? `${base} ${y(step.baseFen)} × ${pct(step.rate)} = ${y(step.resultFen)}` : `${base} ${y(step.baseFen)} × ${pct(step.rate)} = ${y(step.resultFen)}`;
    }
    case "baseLimit": {
      const of = baseLabel(step.of, lang, amountMeaning);
      return step.bound
        ? zh
          ? `计算基数以 ${of} ${y(step.ofFen)} × ${pct(step.rate)} = ${y(step.limitFen)} 为限（${step.citation}），${y(step.baseFen)} 按 ${y(step.limitFen)} 计`
          : `the base is limited to ${pct(step.rate)} of ${of} ${y(step.ofFen)} = ${y(step.limitFen)} (${step.citation}); ${y(step.baseFen)} counts as ${y(step.limitFen)}`
        : zh
          ? `计算基数 ${y(step.baseFen)} 未超过 ${of} 的 ${pct(step.rate)}（${y(step.limitFen)}）`
          : `the base ${y(step.baseFen)} is within ${pct(step.rate)} of ${of} (${y(step.limitFen)})`;
    }
    case "fixed":
      return step.exact
        ? zh ? `定额奖励 ${formatAsWritten(step.amountFen, lang)}` : `a fixed award of ${y(step.amountFen)}`
        : zh ? `最高 ${formatAsWritten(step.amountFen, lang)}` : `up to ${y(step.amountFen)}`;
    case "perUnit":
      return zh ? `${step.count} 个 × ${formatAsWritten(step.perUnitFen, lang)}/个 = ${y(step.resultFen)}` : `${step.count} × ${y(step.perUnitFen)} each = ${y(step.resultFen)}`;
    case "range":
      return zh ? `奖励区间 ${formatAsWritten(step.floorFen, lang)}—${formatAsWritten(step.ceilingFen, lang)}` : `an award between ${y(step.floorFen)} and ${y(step.ceilingFen)}`;
    case "atLeast":
      return zh ? `${formatAsWritten(step.floorFen, lang)}及以上，原文未规定上限` : `at least ${y(step.floorFen)}; the text sets no ceiling`;
    case "branch": {
      const fact = FACT_LABEL[step.fact][lang];
      if (step.taken === "received") return zh ? `已获${fact} ${y(step.valueFen ?? 0)}，按配套方式计算` : `${fact} received (${y(step.valueFen ?? 0)}): the matching method applies`;
      return zh ? `未获${fact}，按另一方式计算` : `no ${fact} received: the other method applies`;
    }
    case "higherOf": {
      const parts = step.options.map((o, i) =>
        o.skipped ? (zh ? `方式${i + 1}：缺少${FACT_LABEL[o.skipped][lang]}，不适用` : `method ${i + 1}: not applicable without ${FACT_LABEL[o.skipped][lang]}`) : `${zh ? "方式" : "method "}${i + 1}: ${y(o.valueFen ?? 0)}`,
      );
      return zh ? `就高不就低：${parts.join("；")}；取方式${step.chosen + 1}` : `the higher method applies: ${parts.join("; ")}; method ${step.chosen + 1} taken`;
    }
    case "threshold": {
      const on = baseLabel(step.on, lang, amountMeaning);
      const rel = step.inclusive ? (zh ? "及以上" : "at or above") : zh ? "超过" : "above";
      if (zh) return `门槛：${on} ${step.inclusive ? "" : "须超过 "}${formatAsWritten(step.thresholdFen, lang)}${step.inclusive ? "及以上" : ""}（${step.citation}）；实际 ${y(step.valueFen)}，${step.met ? "达到" : "未达到，补助为 0"}`;
      return `threshold: ${on} must be ${rel} ${y(step.thresholdFen)} (${step.citation}); it is ${y(step.valueFen)}: ${step.met ? "met" : "not met, so the award is 0"}`;
    }
    case "cap": {
      const scope = scopeLabel(step.scope, lang);
      const limit = formatAsWritten(step.limitFen, lang);
      const head = step.awardedFen > 0 ? (zh ? `，已获 ${y(step.awardedFen)}，剩余 ${y(step.headroomFen)}` : `; ${y(step.awardedFen)} already awarded leaves ${y(step.headroomFen)}`) : "";
      const outcome =
        step.bound === "cap"
          ? zh ? `，封顶为 ${y(step.afterFen)}` : `; capped at ${y(step.afterFen)}`
          : step.bound === "headroom"
            ? zh ? `，受剩余额度限制为 ${y(step.afterFen)}` : `; limited by the headroom to ${y(step.afterFen)}`
            : zh ? "，未触及" : "; not reached";
      return zh ? `上限（${scope}）${limit}（${step.citation}）${head}${outcome}` : `cap (${scope}) ${y(step.limitFen)} (${step.citation})${head}${outcome}`;
    }
    case "notice":
      return explainNoticeStep(step, lang);
    case "result": {
      const by = BOUND_LABEL[step.bound][lang];
      if (step.ceilingFen === null) return zh ? `最高可补：原文未规定上限；最低 ${y(step.floorFen ?? 0)}` : `ceiling: none stated; floor ${y(step.floorFen ?? 0)}`;
      const floor = step.floorFen !== null && step.floorFen !== step.ceilingFen ? (zh ? `，最低 ${y(step.floorFen)}` : `, floor ${y(step.floorFen)}`) : "";
      return zh ? `最高可补 ${y(step.ceilingFen)}${floor}（决定因素：${by}）` : `ceiling ${y(step.ceilingFen)}${floor} (decided by ${by})`;
    }
  }
}

export function explainTrace(trace: readonly TraceStep[], lang: Lang, amountMeaning?: string): string[] {
  return trace.map((step) => explainStep(step, lang, amountMeaning));
}
