// Command-line values for amounts and facts, read with the same unit parser as the catalog ("50万", "1,000,000").
import { CAP_SCOPES, spansApplications } from "../shared/catalog/cap-scopes.ts";
import { FACT_NAMES } from "../shared/catalog/schema.ts";
import { awardedNamed, type AwardedByScope } from "../shared/engine/awarded.ts";
import { parseAmountText } from "../shared/money/parse.ts";
import { yuanFromFen } from "../shared/money/fen.ts";
import { isIsoDay } from "../shared/engine/dates.ts";
import { CliError } from "./output.ts";

export function parseAmountArg(field: string, text: string): number {
  const fen = parseAmountText(text);
  if (fen === null) {
    throw new CliError("invalid_input", { zh: `${field} 不是有效金额：${text}`, en: `${field} is not a valid amount: ${text}` }, field);
  }
  return yuanFromFen(fen);
}

/** Collects repeated `--fact name=value` options into a facts record. */
export function collectFact(pair: string, facts: Record<string, number>): Record<string, number> {
  const eq = pair.indexOf("=");
  const name = eq > 0 ? pair.slice(0, eq).trim() : "";
  if (!(FACT_NAMES as readonly string[]).includes(name)) {
    throw new CliError(
      "invalid_input",
      { zh: `--fact 应为 名称=金额，名称为 ${FACT_NAMES.join("、")} 之一：${pair}`, en: `--fact takes name=value with name one of ${FACT_NAMES.join(", ")}: ${pair}` },
      "fact",
    );
  }
  return { ...facts, [name]: parseAmountArg(name, pair.slice(eq + 1)) };
}

/** Repeated `--awarded` options as collected: a bare figure and figures by scope. */
export interface AwardedArgs {
  bare?: number;
  byScope: AwardedByScope;
}

/** Collects repeated `--awarded [scope=]value` options (scope: enterpriseYear, awarded.project, 单个项目 …). */
export function collectAwarded(text: string, collected: AwardedArgs = { byScope: {} }): AwardedArgs {
  const eq = text.indexOf("=");
  const scopes = CAP_SCOPES.filter(spansApplications).join(", ");
  if (eq < 0) {
    if (collected.bare !== undefined) throw new CliError("invalid_input", { zh: "--awarded 未注明口径的金额只能给一次", en: "--awarded without a scope may be given once" }, "awarded");
    return { ...collected, bare: parseAmountArg("awarded", text) };
  }
  const named = awardedNamed(text.slice(0, eq), true);
  if (!named || named === "unknownScope" || named.scope === null) {
    throw new CliError(
      "invalid_input",
      { zh: `--awarded 应为 口径=金额，口径为 ${scopes} 之一：${text}`, en: `--awarded takes scope=value with scope one of ${scopes}: ${text}` },
      "awarded",
    );
  }
  const field = `awarded.${named.scope}`;
  if (collected.byScope[named.scope] !== undefined) throw new CliError("invalid_input", { zh: `${field} 重复给出`, en: `${field} is given twice` }, field);
  return { ...collected, byScope: { ...collected.byScope, [named.scope]: parseAmountArg(field, text.slice(eq + 1)) } };
}

export function parseDateArg(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (!isIsoDay(text)) throw new CliError("invalid_input", { zh: `--date 应为 YYYY-MM-DD：${text}`, en: `--date takes YYYY-MM-DD: ${text}` }, "date");
  return text;
}
