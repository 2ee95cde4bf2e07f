// An Excel error value as the function bodies produce it. Kept free of the Office runtime so that the bodies
// run under Node in unit tests; functions.ts turns each into a CustomFunctions.Error at the boundary.
import type { EngineError } from "../../shared/engine/types.ts";
import type { Lang } from "../../shared/money/format.ts";

export type ErrorCode = "#VALUE!" | "#N/A" | "#DIV/0!" | "#NUM!" | "#NULL!" | "#NAME?" | "#REF!" | "#SPILL!" | "#CALC!" | "#GETTING_DATA";

export class CellError {
  constructor(
    readonly code: ErrorCode | string,
    readonly message: string,
  ) {}
}

/** An error value Excel passed in (CustomFunctions.Error, or the plain object form): anything with a "#…" code. */
export function isErrorValue(value: unknown): value is { code: string; message?: string } {
  return typeof value === "object" && value !== null && typeof (value as { code?: unknown }).code === "string" && (value as { code: string }).code.startsWith("#");
}

/** Unknown, not-in-force and not-computable provisions are "not available" (#N/A); bad inputs are #VALUE!. */
export function fromEngineError(error: EngineError, lang: Lang): CellError {
  return new CellError(error.code === "invalid_input" ? "#VALUE!" : "#N/A", error.message[lang]);
}

export function valueError(lang: Lang, zh: string, en: string): CellError {
  return new CellError("#VALUE!", lang === "zh" ? zh : en);
}

export function notAvailable(lang: Lang, zh: string, en: string): CellError {
  return new CellError("#N/A", lang === "zh" ? zh : en);
}
