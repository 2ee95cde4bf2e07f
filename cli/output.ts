// How every `subsidy` command reports: results on stdout, errors as one JSON object on stdout with exit code 2
// (so scripts can parse them), and a readable line on stderr for people.
import type { Lang } from "../shared/money/format.ts";
import type { EngineError } from "../shared/engine/types.ts";
import type { ErrorCode } from "../shared/error-codes.ts";

export class CliError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly messages: { zh: string; en: string },
    readonly field?: string,
  ) {
    super(messages.en);
  }
}

export function fromEngineError(error: EngineError): CliError {
  return new CliError(error.code, error.message, error.field);
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + "\n");
}

/** Prints the error in the JSON form the CLI promises and exits 2. */
export function failAndExit(error: CliError, lang: Lang): never {
  const body: { error: { code: string; message: string; field?: string } } = { error: { code: error.code, message: error.messages[lang] } };
  if (error.field) body.error.field = error.field;
  process.stdout.write(JSON.stringify(body) + "\n");
  process.stderr.write(`${lang === "zh" ? "错误" : "error"}: ${error.messages[lang]}\n`);
  process.exit(2);
}

export function parseLang(value: string | undefined): Lang {
  if (value === undefined || value === "zh" || value === "zh-CN") return "zh";
  if (value === "en") return "en";
  throw new CliError("invalid_input", { zh: `--lang 只接受 zh 或 en：${value}`, en: `--lang takes zh or en, not ${value}` }, "lang");
}
