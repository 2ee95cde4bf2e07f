// An Excel error value as the function bodies produce it. Kept free of the Office runtime so that the bodies
// run under Node in unit tests; runtime.ts turns each into a CustomFunctions.Error at the boundary.
import type { EngineError } from "../../shared/engine/types.ts";
import type { Lang } from "../../shared/money/format.ts";
import { fieldLabel, localizeZh } from "./labels.ts";

export type ErrorCode = "#VALUE!" | "#N/A" | "#DIV/0!" | "#NUM!" | "#NULL!" | "#NAME?" | "#REF!" | "#SPILL!" | "#CALC!" | "#GETTING_DATA";

export class CellError {
  constructor(
    readonly code: ErrorCode | string,
    readonly message: string,
  ) {}
}

/**
 * The codes a custom function may return (CustomFunctions.ErrorCode without #NAME? and #REF!, which Microsoft
 * documents as input errors only); of these only #VALUE! and #N/A carry a message.
 */
export const RETURNABLE_CODES: ReadonlySet<string> = new Set(["#VALUE!", "#N/A", "#DIV/0!", "#NUM!", "#NULL!"]);
export const MESSAGE_CODES: ReadonlySet<string> = new Set(["#VALUE!", "#N/A"]);

/**
 * An error value Excel passed in: a CustomFunctions.Error (allowErrorForDataTypeAny), its plain wire form, or a
 * data-type error object ({type: "Error", basicValue: "#REF!"}, allowCustomDataForDataTypeAny). Null otherwise.
 */
export function errorCodeOf(value: unknown): string | null {
  if (typeof value !== "object" || value === null) return null;
  const v = value as { code?: unknown; type?: unknown; basicValue?: unknown };
  if (typeof v.code === "string" && v.code.startsWith("#")) return v.code;
  if (v.type === "Error" && typeof v.basicValue === "string" && v.basicValue.startsWith("#")) return v.basicValue;
  return null;
}

const INPUT_HINT: Record<string, { zh: string; en: string }> = {
  "#REF!": { zh: "引用了已删除或无效的单元格，请修正该引用", en: "it refers to a deleted or invalid cell; fix the reference" },
  "#NAME?": { zh: "公式中有 Excel 不认识的名称，请检查拼写或加载项是否已加载", en: "its formula has a name Excel does not know; check the spelling, or that the add-in is loaded" },
  "#GETTING_DATA": { zh: "仍在取数，完成后会自动重算", en: "it is still loading; the cell recalculates when it is done" },
  "#SPILL!": { zh: "其溢出区域被挡住，请清空溢出区域", en: "its spill range is blocked; clear the cells in the way" },
  "#CALC!": { zh: "其公式无法计算", en: "its formula cannot be calculated" },
};

/**
 * An error in an input cell, for the cell whose result depends on it: the same code where a function may return
 * it (so ISNA/IFERROR keep working), else #VALUE!; the message names the input and, for those, what to do.
 */
export function fromInputError(code: string, field: string, lang: Lang): CellError {
  const label = fieldLabel(field, lang);
  const hint = INPUT_HINT[code];
  const zh = hint ? `${label} 的单元格为 ${code}：${hint.zh}` : `${label} 的单元格为 ${code}，请先修正该单元格`;
  const en = hint ? `the ${label} cell is ${code}: ${hint.en}` : `the ${label} cell is ${code}; fix that cell first`;
  return new CellError(RETURNABLE_CODES.has(code) ? code : "#VALUE!", lang === "zh" ? zh : en);
}

/** Unknown, not-in-force and not-computable provisions are "not available" (#N/A); bad inputs are #VALUE!. */
export function fromEngineError(error: EngineError, lang: Lang): CellError {
  const message = lang === "zh" ? localizeZh(error.message.zh) : error.message.en;
  return new CellError(error.code === "invalid_input" ? "#VALUE!" : "#N/A", message);
}

export function valueError(lang: Lang, zh: string, en: string): CellError {
  return new CellError("#VALUE!", lang === "zh" ? zh : en);
}

export function notAvailable(lang: Lang, zh: string, en: string): CellError {
  return new CellError("#N/A", lang === "zh" ? zh : en);
}
