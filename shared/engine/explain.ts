// Renders a trace in Chinese or English: one line per step, in the order the engine took them. A formula kind's
// own steps are worded in its file (shared/formula); the steps around them here.
import { scopeLabel, type CapScope } from "../catalog/cap-scopes.ts";
import { explainKindStep } from "../formula/kinds.ts";
import { formatAsWritten, formatYuan, type Lang } from "../money/format.ts";
import { explainNoticeStep } from "./explain-notice.ts";
import type { Bound, TraceStep } from "./types.ts";
import { BOUND_TERMS } from "../terms.ts";

export { baseLabel } from "../formula/labels.ts";

export const BOUND_LABEL: Record<Bound, Record<Lang, string>> = BOUND_TERMS;

/** One line of explanation for a step. `amountMeaning` names the amount argument as the provision defines it. */
export function explainStep(step: TraceStep, lang: Lang, amountMeaning?: string): string {
  const y = (fen: number) => formatYuan(fen, lang);
  const zh = lang === "zh";
  const own = explainKindStep(step, { lang, zh, y, amountMeaning });
  if (own !== null) return own;
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
    case "notice":
      return explainNoticeStep(step, lang);
    case "result": {
      const by = BOUND_LABEL[step.bound][lang];
      if (step.ceilingFen === null) return zh ? `最高可补：原文未规定上限；最低 ${y(step.floorFen ?? 0)}` : `ceiling: none stated; floor ${y(step.floorFen ?? 0)}`;
      const floor = step.floorFen !== null && step.floorFen !== step.ceilingFen ? (zh ? `，最低 ${y(step.floorFen)}` : `, floor ${y(step.floorFen)}`) : "";
      return zh ? `最高可补 ${y(step.ceilingFen)}${floor}（决定因素：${by}）` : `ceiling ${y(step.ceilingFen)}${floor} (decided by ${by})`;
    }
  }
  // Every step is worded by its kind or above; a step without words shows its name rather than nothing.
  return step.step;
}

export function explainTrace(trace: readonly TraceStep[], lang: Lang, amountMeaning?: string): string[] {
  return trace.map((step) => explainStep(step, lang, amountMeaning));
}
