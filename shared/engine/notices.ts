// Application notices (申报通知) against their documents, and evaluation under one. 九龙坡's text: "具体补贴比例及条件以
// 申报通知为准" — each round's notice sets the rates, caps and conditions actually paid, within the document's
// ceilings. A notice is checked once, when the catalog is built: every override names a parameter of its own
// document and moves it only the way the text allows (parameters.ts, Direction). Evaluating under a notice runs the
// same engine on the catalog with the notice's figures, and the trace sets each beside the document's.
import type { Catalog } from "../catalog/catalog.ts";
import type { Notice } from "../catalog/notice.ts";
import type { Text } from "../catalog/schema.ts";
import { yuanFromFen } from "../money/fen.ts";
import { formatParameterValue, formulaParameters, getParameter, parseParameterValue, provisionOfPath, withValues, type Parameter } from "./parameters.ts";
import type { EngineError, Evaluation, NoticeOverride } from "./types.ts";

/** One reason a notice is refused, naming the path (or field) at fault. */
export interface NoticeIssue {
  path: string;
  message: Text;
}

const show = (p: Parameter, value: number) => ({ zh: formatParameterValue(p, value, "zh"), en: formatParameterValue(p, value, "en") });

/** The notice's overrides read against the document: figures in the parameter's unit, or the issues that refuse them. */
export function readNotice(catalog: Catalog, notice: Notice): { values: Map<string, number>; issues: NoticeIssue[] } {
  const issues: NoticeIssue[] = [];
  const values = new Map<string, number>();
  const refuse = (path: string, zh: string, en: string) => issues.push({ path, message: { zh, en } });
  const document = catalog.documents.find((d) => d.key === notice.document);
  if (!document) refuse("document", `没有政策文件 ${notice.document}`, `no document ${notice.document}`);
  if (notice.window.start > notice.window.end) refuse("window", `申报时间 ${notice.window.start} 晚于 ${notice.window.end}`, `the window starts ${notice.window.start}, after its end ${notice.window.end}`);
  if (document && (notice.window.end < document.inForce.start || (document.inForce.end !== null && notice.window.start > document.inForce.end))) {
    refuse("window", `申报时间不在 ${document.number ?? document.title.zh} 的有效期内`, `the window lies outside ${document.key}'s time in force`);
  }
  for (const [path, written] of Object.entries(notice.overrides)) {
    const at = `overrides.${path}`;
    const entry = catalog.byId.get(provisionOfPath(path));
    if (!entry || entry.document.key !== notice.document) {
      refuse(at, `${provisionOfPath(path)} 不是 ${notice.document} 的条款`, `${provisionOfPath(path)} is not a provision of ${notice.document}`);
      continue;
    }
    const parameter = getParameter(catalog, path);
    if (!parameter) {
      const known = formulaParameters(entry.provision.id, entry.provision.formula).map((p) => p.path).join(", ") || "—";
      refuse(at, `${entry.provision.id} 没有参数 ${path}（可用：${known}）`, `${entry.provision.id} has no parameter ${path} (it has: ${known})`);
      continue;
    }
    const value = parseParameterValue(parameter, written);
    if (value === null) {
      refuse(at, `${JSON.stringify(written)} 不是${parameter.unit === "bp" ? "比例（如 8%）" : "金额（如 1500万元）"}`, `${JSON.stringify(written)} is not ${parameter.unit === "bp" ? "a rate (write 8%)" : "an amount (write 1500万元)"}`);
      continue;
    }
    const [was, now] = [show(parameter, parameter.value), show(parameter, value)];
    const source = parameter.citation ? `（${parameter.citation}）` : "";
    if (parameter.direction === "ceiling" && value > parameter.value) {
      refuse(at, `${now.zh} 超过文件规定的最高 ${was.zh}${source}；申报通知只能调低`, `${now.en} is above the document's ceiling of ${was.en}; a notice may only lower it`);
    } else if ((parameter.direction === "floor" || parameter.direction === "threshold") && value < parameter.value) {
      const what = parameter.direction === "floor" ? ["最低额", "floor"] : ["门槛", "threshold"];
      refuse(at, `${now.zh} 低于文件规定的${what[0]} ${was.zh}${source}；申报通知只能从严`, `${now.en} is below the document's ${what[1]} of ${was.en}; a notice may only make it stricter`);
    } else if (parameter.direction === "exact" && value !== parameter.value) {
      refuse(at, `文件规定定额 ${was.zh}，申报通知不能改变`, `the document grants exactly ${was.en}; a notice may not change it`);
    } else {
      values.set(path, value);
    }
  }
  // A cap several provisions share (jiulongpo-12b, 12c) is one figure: overridden for all of them or none.
  const byGroup = new Map<string, Parameter[]>();
  for (const p of document ? document.provisions.flatMap((prov) => formulaParameters(prov.id, prov.formula)) : []) {
    if (p.group) byGroup.set(p.group, [...(byGroup.get(p.group) ?? []), p]);
  }
  for (const [group, members] of byGroup) {
    const set = new Set(members.map((p) => (values.has(p.path) ? values.get(p.path) : p.value)));
    if (members.some((p) => values.has(p.path)) && set.size > 1) {
      const paths = members.map((p) => p.path).join(", ");
      refuse(`overrides.${members[0]?.path}`, `共享上限 ${group} 须对 ${paths} 设同一数值`, `the shared cap ${group} must be set to one figure for ${paths}`);
    }
  }
  for (const id of Object.keys(notice.conditions)) {
    if (catalog.byId.get(id)?.document.key !== notice.document) refuse(`conditions.${id}`, `${id} 不是 ${notice.document} 的条款`, `${id} is not a provision of ${notice.document}`);
  }
  if (issues.length > 0) return { values, issues };
  // A range's floor stays at most its ceiling, as the notice leaves them (paths differ only in the last name).
  const applied = withValues(catalog, values);
  for (const path of values.keys()) {
    const name = getParameter(catalog, path)?.name;
    if (name !== "floor" && name !== "ceiling") continue;
    const stem = path.slice(0, path.lastIndexOf("."));
    const [floor, ceiling] = [getParameter(applied, `${stem}.floor`), getParameter(applied, `${stem}.ceiling`)];
    if (floor && ceiling && floor.value > ceiling.value) {
      const [f, c] = [show(floor, floor.value), show(ceiling, ceiling.value)];
      refuse(`overrides.${path}`, `最低额 ${f.zh} 高于最高额 ${c.zh}`, `the floor ${f.en} is above the ceiling ${c.en}`);
    }
  }
  return { values, issues };
}

/**
 * The catalog with the notice's figures: what an application under the notice is evaluated on. A cap or threshold
 * the notice sets is cited as the notice's, beside the document's words, so that a trace never shows the document's
 * sentence over the notice's figure.
 */
export function noticeCatalog(catalog: Catalog, notice: Notice): Catalog {
  const { values } = readCached(catalog, notice);
  const citations = new Map<string, string>();
  for (const [path, value] of values) {
    const p = getParameter(catalog, path) as Parameter;
    if (p.citation) citations.set(path, `申报通知 ${notice.number ?? notice.id}：${formatParameterValue(p, value, "zh")}；文件：${p.citation}`);
  }
  return withValues(catalog, values, citations);
}

/** readNotice once per catalog and notice: every evaluation under a notice sets its figures in the trace. */
const readOnce = new WeakMap<Catalog, WeakMap<Notice, ReturnType<typeof readNotice>>>();
function readCached(catalog: Catalog, notice: Notice): ReturnType<typeof readNotice> {
  let byNotice = readOnce.get(catalog);
  if (!byNotice) readOnce.set(catalog, (byNotice = new WeakMap()));
  let read = byNotice.get(notice);
  if (!read) byNotice.set(notice, (read = readNotice(catalog, notice)));
  return read;
}

/** The notice's figures for one provision, each beside the document's. */
export function overridesFor(catalog: Catalog, notice: Notice, provision: string): NoticeOverride[] {
  const { values } = readCached(catalog, notice);
  return [...values]
    .filter(([path]) => provisionOfPath(path) === provision)
    .map(([path, value]) => {
      const p = getParameter(catalog, path) as Parameter;
      return { path, unit: p.unit, documentValue: p.value, noticeValue: value };
    });
}

export function noticeError(field: string, zh: string, en: string): EngineError {
  return { code: "invalid_input", field, message: { zh, en } };
}

/** Why a notice cannot be applied to a provision (unknown, another document's); null when it can. */
export function noticeProblem(catalog: Pick<Catalog, "notices" | "byId">, noticeId: string, provisionId: string): { notice: Notice; error: null } | { notice: null; error: EngineError } {
  const notice = catalog.notices.find((n) => n.id === noticeId);
  if (!notice) {
    const known = catalog.notices.map((n) => n.id).join(", ") || "—";
    return { notice: null, error: noticeError("notice", `没有申报通知 ${noticeId}（可选：${known}）`, `no notice ${noticeId} (one of: ${known})`) };
  }
  const entry = catalog.byId.get(provisionId);
  if (entry && entry.document.key !== notice.document) {
    return { notice: null, error: noticeError("notice", `申报通知 ${notice.id} 适用于 ${notice.document}，不适用于 ${entry.provision.id}`, `notice ${notice.id} is for ${notice.document}, not ${entry.provision.id}`) };
  }
  return { notice, error: null };
}

/**
 * Adds the notice's step to an evaluation under it: the notice, its window, each figure beside the document's, its
 * conditions, and the ceiling the document alone allows for the same inputs.
 */
export function withNoticeStep(result: Evaluation, notice: Notice, catalog: Catalog, day: string, documentCeilingFen: number | null): Evaluation {
  if (!result.ok) return result;
  const overrides = overridesFor(catalog, notice, result.id);
  const step = {
    step: "notice" as const,
    notice: notice.id,
    title: notice.title,
    number: notice.number,
    sample: notice.sample,
    window: notice.window,
    withinWindow: day >= notice.window.start && day <= notice.window.end,
    overrides,
    conditions: notice.conditions[result.id] ?? null,
    documentCeilingFen,
  };
  // After the window in force; a trace not recorded is the engine's shared frozen empty one.
  if (!Object.isFrozen(result.trace)) result.trace.splice(Math.min(1, result.trace.length), 0, step);
  return { ...result, notice: { id: notice.id, sample: notice.sample, overrides, documentCeilingFen, documentCeiling: documentCeilingFen === null ? null : yuanFromFen(documentCeilingFen) } };
}
