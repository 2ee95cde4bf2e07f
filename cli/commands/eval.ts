// `subsidy eval <id> [amount]`: the ceiling of one application and the steps that produced it.
import type { Command } from "commander";
import { defaultEngine } from "../../shared/node.ts";
import { explainTrace } from "../../shared/engine/explain.ts";
import { formatYuan } from "../../shared/money/format.ts";
import type { Awarded } from "../../shared/engine/awarded.ts";
import { awardedOption } from "../../shared/engine/awarded.ts";
import type { Engine } from "../../shared/engine/engine.ts";
import { collectAwarded, collectFact, parseAmountArg, parseDateArg, type AwardedArgs } from "../inputs.ts";
import { CliError, fromEngineError, parseLang, printJson } from "../output.ts";
import { unknownNotice } from "./unknown-notice.ts";

const NOTICE_DB_HELP = "从该台账数据库读取已发布的申报通知（只读）：SQLite 文件路径或 postgres:// 地址 / read the notices published in this ledger database (read-only): a SQLite file path or a postgres:// URL";

/** The engine's `awarded` from the repeated `--awarded` options (a bare figure beside scoped ones counts under the provision's default scopes). */
export function awardedArg(engine: Engine, id: string, args: AwardedArgs | undefined): Awarded | undefined {
  if (!args) return undefined;
  const option = awardedOption(engine.lookup(id)?.compiled.bareScopes ?? null, args.bare, args.byScope);
  if (option !== undefined && typeof option === "object" && "twice" in option) {
    const field = `awarded.${String(option.twice)}`;
    throw new CliError("invalid_input", { zh: `未注明口径的 --awarded 即 ${field}，与之重复`, en: `--awarded without a scope is ${field} here, which is also given` }, field);
  }
  return option as Awarded | undefined;
}

interface EvalOptions {
  fact: Record<string, number>;
  awarded?: AwardedArgs;
  date?: string;
  notice?: string;
  db?: string;
  lang?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command("eval")
    .description("计算条款的最高可补金额并说明计算过程 / compute a provision's ceiling and explain it")
    .argument("<id>", "条款编号 / provision ID, e.g. jiulongpo-5")
    .argument("[amount]", "计算基数（元，可写 50万）/ the amount in yuan (50万 accepted)")
    .option("--fact <name=value>", "申报要素，可重复 / a fact, repeatable", collectFact, {})
    .option(
      "--awarded <[scope=]yuan>",
      "已获补助，可按口径重复：--awarded enterpriseYear=8500万 --awarded project=0；不注明口径即企业层级上限期间内已获 / already received, repeatable by scope; without a scope, within the enterprise-level cap's period",
      collectAwarded,
    )
    .option("--date <YYYY-MM-DD>", "申请日期（默认今天）/ application date (default today, Asia/Shanghai)")
    .option("--notice <id>", "按申报通知的比例和上限计算（rules/notices/，或 --db 中已发布的）/ use an application notice's rates and caps (rules/notices/, or one published in --db)")
    .option("--db <path|url>", NOTICE_DB_HELP)
    .option("--lang <zh|en>", "输出语言 / output language", "zh")
    .option("--json", "输出 JSON / print one JSON object")
    .action(async (id: string, amountText: string | undefined, options: EvalOptions) => {
      const lang = parseLang(options.lang);
      const engine = defaultEngine();
      // Loaded only with --db: a plain `subsidy eval` should not pay for the database drivers' start-up.
      const admission = options.db === undefined ? null : await (await import("./published-notices.ts")).admitPublishedFrom(engine, options.db);
      if (options.notice !== undefined && !engine.catalog.notices.some((n) => n.id === options.notice)) throw unknownNotice(engine, options.notice, options.db, admission);
      const amount = amountText === undefined ? undefined : parseAmountArg("amount", amountText);
      const awarded = awardedArg(engine, id, options.awarded);
      const date = parseDateArg(options.date);
      const result = engine.evaluate(id, amount, options.fact, {
        ...(date === undefined ? {} : { date }),
        ...(awarded === undefined ? {} : { awarded }),
        ...(options.notice === undefined ? {} : { notice: options.notice }),
      });
      if (!result.ok) throw fromEngineError(result.error);
      const meaning = engine.catalog.byId.get(result.id)?.provision.amount?.meaning[lang];
      const explanation = explainTrace(result.trace, lang, meaning);
      if (options.json) {
        printJson({
          id: result.id,
          amount: result.ceiling,
          floor: result.floor,
          unit: result.unit,
          bound: result.bound,
          explanation,
          ...(result.notice ? { notice: result.notice } : {}),
          trace: result.trace,
        });
        return;
      }
      const headline =
        result.ceilingFen === null
          ? lang === "zh" ? `${result.id}：原文未规定上限，最低 ${formatYuan(result.floorFen ?? 0, lang)}` : `${result.id}: no ceiling stated; at least ${formatYuan(result.floorFen ?? 0, lang)}`
          : lang === "zh" ? `${result.id} 最高可补 ${formatYuan(result.ceilingFen, lang)}` : `${result.id} ceiling: ${formatYuan(result.ceilingFen, lang)}`;
      const notice = result.notice
        ? result.notice.documentCeilingFen === null
          ? ""
          : lang === "zh" ? `（按申报通知 ${result.notice.id}；文件最高 ${formatYuan(result.notice.documentCeilingFen, lang)}）` : ` (under notice ${result.notice.id}; the document allows ${formatYuan(result.notice.documentCeilingFen, lang)})`
        : "";
      process.stdout.write(`${headline}${notice}\n${explanation.map((line) => `  · ${line}`).join("\n")}\n`);
    });
}
