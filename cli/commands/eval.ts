// `subsidy eval <id> [amount]`: the ceiling of one application and the steps that produced it.
import type { Command } from "commander";
import { defaultEngine } from "../../shared/node.ts";
import { explainTrace } from "../../shared/engine/explain.ts";
import { formatYuan } from "../../shared/money/format.ts";
import { collectFact, parseAmountArg, parseDateArg } from "../inputs.ts";
import { fromEngineError, parseLang, printJson } from "../output.ts";

interface EvalOptions {
  fact: Record<string, number>;
  awarded?: string;
  date?: string;
  notice?: string;
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
    .option("--awarded <yuan>", "同一上限范围内已获补助 / already awarded within the cap's scope")
    .option("--date <YYYY-MM-DD>", "申请日期（默认今天）/ application date (default today, Asia/Shanghai)")
    .option("--notice <id>", "按申报通知的比例和上限计算（rules/notices/）/ use an application notice's rates and caps")
    .option("--lang <zh|en>", "输出语言 / output language", "zh")
    .option("--json", "输出 JSON / print one JSON object")
    .action((id: string, amountText: string | undefined, options: EvalOptions) => {
      const lang = parseLang(options.lang);
      const engine = defaultEngine();
      const amount = amountText === undefined ? undefined : parseAmountArg("amount", amountText);
      const awarded = options.awarded === undefined ? undefined : parseAmountArg("awarded", options.awarded);
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
