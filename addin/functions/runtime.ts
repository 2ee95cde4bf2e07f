// The boundary with Office's custom-functions runtime: the display language, and CellError → CustomFunctions.Error.
// The runtime script (office.js in Excel, custom-functions-runtime.js in the browser test) defines the global.
import type { Lang } from "../../shared/money/format.ts";
import { CellError, MESSAGE_CODES, RETURNABLE_CODES } from "./cell-error.ts";

interface CustomFunctionsGlobal {
  Error: new (code: string, message?: string) => Error;
}

function runtime(): CustomFunctionsGlobal {
  const cf = (globalThis as { CustomFunctions?: CustomFunctionsGlobal }).CustomFunctions;
  if (!cf) throw new Error("the Office custom-functions runtime is not loaded");
  return cf;
}

let officeLang: Lang | undefined;

/** Office's display language (the workbook UI's), else the browser's: Chinese for any zh, English for every other. */
export function displayLang(): Lang {
  // Office restarts the add-in when the display language changes: once read from Office, it holds.
  if (officeLang) return officeLang;
  const office = (globalThis as { Office?: { context?: { displayLanguage?: string } } }).Office;
  let tag: string | undefined;
  try {
    tag = office?.context?.displayLanguage;
  } catch {
    tag = undefined;
  }
  if (typeof tag === "string" && tag) return (officeLang = toLang(tag));
  return (browserLang ??= toLang((globalThis as { navigator?: { language?: string } }).navigator?.language ?? "zh-CN"));
}

let browserLang: Lang | undefined;

function toLang(tag: string): Lang {
  return tag.toLowerCase().startsWith("zh") ? "zh" : "en";
}

/**
 * Only codes a function may return leave the add-in (an input-only code would be one Excel does not document
 * for output), and a message only where Excel shows one (#VALUE!, #N/A).
 */
function toExcelError(error: CellError): Error {
  const cf = runtime();
  const code = RETURNABLE_CODES.has(error.code) ? error.code : "#VALUE!";
  return new cf.Error(code, MESSAGE_CODES.has(code) && error.message ? error.message : undefined);
}

/** A whole-call failure is thrown, so that the cell shows the error and its message. */
export function scalar<T>(value: T | CellError): T {
  if (value instanceof CellError) throw toExcelError(value);
  return value;
}

/** A spilled result: each bad cell carries its own error; a lone bad cell is thrown like a scalar. */
export function spill(value: unknown[][] | CellError): unknown[][] {
  if (value instanceof CellError) throw toExcelError(value);
  const only = value.length === 1 && value[0]?.length === 1 ? value[0][0] : undefined;
  if (only instanceof CellError) throw toExcelError(only);
  for (const row of value) {
    for (let c = 0; c < row.length; c++) {
      const cell = row[c];
      if (cell instanceof CellError) row[c] = toExcelError(cell);
    }
  }
  return value;
}
