// Command-line values for amounts and facts, read with the same unit parser as the catalog ("50万", "1,000,000").
import { FACT_NAMES } from "../shared/catalog/schema.ts";
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

export function parseDateArg(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (!isIsoDay(text)) throw new CliError("invalid_input", { zh: `--date 应为 YYYY-MM-DD：${text}`, en: `--date takes YYYY-MM-DD: ${text}` }, "date");
  return text;
}
