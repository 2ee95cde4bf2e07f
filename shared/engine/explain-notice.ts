// The trace's notice step in words: which notice, its window, each figure beside the document's, the conditions it
// sets, and what the document alone allows.
import { formatYuan, type Lang } from "../money/format.ts";
import { formatParameterValue } from "./parameters.ts";
import type { TraceStep } from "./types.ts";

export function explainNoticeStep(step: Extract<TraceStep, { step: "notice" }>, lang: Lang): string {
  const zh = lang === "zh";
  const name = `${step.title[lang]}${step.number ? (zh ? `（${step.number}）` : ` (${step.number})`) : ""}${step.sample ? (zh ? "【示例】" : " [sample]") : ""}`;
  const figures = step.overrides.map((o) => {
    const [now, was] = [formatParameterValue(o, o.noticeValue, lang), formatParameterValue(o, o.documentValue, lang)];
    return zh ? `${o.path} ${now}（文件 ${was}）` : `${o.path} ${now} (document: ${was})`;
  });
  const window = step.withinWindow
    ? ""
    : zh
      ? `；申请日期不在申报时间 ${step.window.start} 至 ${step.window.end} 内`
      : `; the application date is outside the window ${step.window.start} to ${step.window.end}`;
  const document = step.documentCeilingFen === null ? (zh ? "文件未规定上限" : "the document states no ceiling") : zh ? `按文件最高可补 ${formatYuan(step.documentCeilingFen, lang)}` : `the document alone allows ${formatYuan(step.documentCeilingFen, lang)}`;
  const conditions = step.conditions ? (zh ? `；通知条件：${step.conditions.zh}` : `; the notice's conditions: ${step.conditions.en}`) : "";
  if (zh) return `按申报通知 ${name} 执行：${figures.length > 0 ? figures.join("；") : "未调整本条款的数值"}${conditions}；${document}${window}`;
  return `under the notice ${name}: ${figures.length > 0 ? figures.join("; ") : "no figure of this provision changed"}${conditions}; ${document}${window}`;
}
