// `subsidy explain <id>`: what a provision says and what the catalog reads from it.
import type { Command } from "commander";
import { loadCatalog } from "../../shared/catalog/load-node.ts";
import { parametersOf } from "../../shared/engine/describe.ts";
import { scopeLabel } from "../../shared/catalog/cap-scopes.ts";
import { baseLabel } from "../../shared/engine/explain.ts";
import { formatAsWritten } from "../../shared/money/format.ts";
import type { BaseRef } from "../../shared/catalog/schema.ts";
import { CliError, parseLang, printJson } from "../output.ts";

export function register(program: Command): void {
  program
    .command("explain")
    .description("条款原文、参数与有效期 / a provision's source text, parameters and dates in force")
    .argument("<id>", "条款编号 / provision ID")
    .option("--lang <zh|en>", "输出语言 / output language", "zh")
    .option("--json", "输出 JSON / print JSON")
    .action((id: string, options: { lang?: string; json?: boolean }) => {
      const lang = parseLang(options.lang);
      const entry = loadCatalog().byId.get(id.trim().toLowerCase());
      if (!entry) throw new CliError("unknown_provision", { zh: `没有条款 ${id}`, en: `no provision ${id}` }, "id");
      const { provision, document } = entry;
      if (options.json) {
        printJson({ id: provision.id, document: { key: document.key, number: document.number, title: document.title, inForce: document.inForce }, provision });
        return;
      }
      const zh = lang === "zh";
      const p = parametersOf(provision.formula);
      const meaning = provision.amount?.meaning[lang];
      const lines = [
        `${provision.id}  ${provision.title[lang]}`,
        `${zh ? "文件" : "document"}: ${document.number ?? document.title[lang]}${zh ? " 第" : ", clause "}${provision.clause}${zh ? "条" : ""}`,
        `${zh ? "有效期" : "in force"}: ${document.inForce.start} — ${document.inForce.end ?? (zh ? "未规定截止日" : "no end date")}`,
        `${zh ? "原文" : "source"}: ${provision.citation}`,
        ...(meaning ? [`${zh ? "计算基数" : "amount"}: ${meaning}${provision.amount?.unit === "count" ? (zh ? "（个数）" : " (a count)") : zh ? "（元）" : " (yuan)"}`] : []),
        ...p.rates.map((r) => `${zh ? (r.matching ? "配套比例" : "比例") : r.matching ? "matching rate" : "rate"}: ${r.rate / 100}% × ${baseLabel(r.of as BaseRef, lang, meaning)}`),
        ...p.thresholds.map((t) => `${zh ? "门槛" : "threshold"}: ${baseLabel(t.on as BaseRef, lang, meaning)} ${t.inclusive ? "≥" : ">"} ${formatAsWritten(t.valueFen, lang)}`),
        ...p.fixed.map((f) => `${zh ? (f.exact ? "定额" : "最高") : f.exact ? "fixed" : "up to"}: ${formatAsWritten(f.amountFen, lang)}`),
        ...p.perUnit.map((u) => `${zh ? "每个" : "per unit"}: ${formatAsWritten(u.amountFen, lang)}`),
        ...p.ranges.map((r) => `${zh ? "区间" : "range"}: ${formatAsWritten(r.floorFen, lang)} — ${r.ceilingFen === null ? (zh ? "不设上限" : "no ceiling") : formatAsWritten(r.ceilingFen, lang)}`),
        ...p.caps.map((c) => `${zh ? "上限" : "cap"} (${scopeLabel(c.scope, lang)}${c.group ? (zh ? "，共享 " : ", shared ") + c.group : ""}): ${formatAsWritten(c.limit, lang)}`),
        ...(provision.formula.kind === "notComputable" ? [`${zh ? "不可计算" : "not computable"}: ${provision.formula.reason[lang]}`] : []),
        ...(provision.conditions ? [`${zh ? "条件" : "conditions"}: ${provision.conditions[lang]}`] : []),
        `${zh ? "择优" : "discretionary"}: ${provision.discretionary ? (zh ? "是" : "yes") : zh ? "否" : "no"}`,
        ...(provision.notes ? [`${zh ? "说明" : "note"}: ${provision.notes[lang]}`] : []),
      ];
      process.stdout.write(lines.join("\n") + "\n");
    });
}
