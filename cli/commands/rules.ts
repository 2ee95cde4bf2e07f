// `subsidy rules`: the catalog, one line per provision, or as JSON; with --params, every rate, cap, threshold and
// fixed sum by its path (shared/engine/parameters.ts), and with --notice the figures a notice pays beside them;
// with --notices, the application notices of rules/notices/.
import type { Command } from "commander";
import { DOCUMENT_KEYS } from "../../shared/catalog/schema.ts";
import { loadCatalog } from "../../shared/catalog/load-node.ts";
import { readNotice } from "../../shared/engine/notices.ts";
import { catalogParameters, formatParameterValue, PARAMETER_LABEL, type Parameter } from "../../shared/engine/parameters.ts";
import { formatAsWritten, type Lang } from "../../shared/money/format.ts";
import { CliError, parseLang, printJson } from "../output.ts";

export function register(program: Command): void {
  program
    .command("rules")
    .description("列出条款目录 / list the provisions of the catalog")
    .option("--document <key>", `政策文件 / document: ${DOCUMENT_KEYS.join(", ")}`)
    .option("--lang <zh|en>", "输出语言 / output language", "zh")
    .option("--params", "列出参数路径及数值 / list every parameter by its path")
    .option("--notice <id>", "与 --params 同用：列出申报通知的数值 / with --params: a notice's figures beside the document's")
    .option("--notices", "列出申报通知 / list the application notices")
    .option("--json", "输出 JSON / print a JSON array")
    .action((options: { document?: string; lang?: string; json?: boolean; params?: boolean; notice?: string; notices?: boolean }) => {
      const lang = parseLang(options.lang);
      const catalog = loadCatalog();
      if (options.notices) {
        const notices = catalog.notices.filter((n) => options.document === undefined || n.document === options.document);
        if (options.json) return printJson(notices);
        for (const n of notices) {
          const budget = n.budget === null ? "" : `  ${lang === "zh" ? "预算" : "budget"} ${formatAsWritten(n.budget, lang)}`;
          const sample = n.sample ? (lang === "zh" ? "【示例】" : " [sample]") : "";
          process.stdout.write(`${n.id}  ${n.document}  ${n.window.start} — ${n.window.end}${budget}  ${n.title[lang]}${sample}\n`);
        }
        return;
      }
      const notice = options.notice === undefined ? undefined : catalog.notices.find((n) => n.id === options.notice);
      if (options.notice !== undefined && !notice) {
        const known = catalog.notices.map((n) => n.id).join(", ") || "—";
        throw new CliError("invalid_input", { zh: `没有申报通知 ${options.notice}（可选：${known}）`, en: `no notice ${options.notice} (one of: ${known})` }, "notice");
      }
      if (notice) options.document ??= notice.document;
      if (options.document !== undefined && !catalog.documents.some((d) => d.key === options.document)) {
        throw new CliError(
          "invalid_input",
          { zh: `没有政策文件 ${options.document}（可选：${DOCUMENT_KEYS.join("、")}）`, en: `no document ${options.document} (one of ${DOCUMENT_KEYS.join(", ")})` },
          "document",
        );
      }
      const entries = [...catalog.byId.values()].filter((e) => options.document === undefined || e.document.key === options.document);
      if (options.params) {
        const ids = new Set(entries.map((e) => e.provision.id));
        const figures = notice ? readNotice(catalog, notice).values : new Map<string, number>();
        printParameters(catalogParameters(catalog).filter((p) => ids.has(p.provision)), lang, options.json === true, notice ? figures : undefined);
        return;
      }
      if (options.json) {
        printJson(
          entries.map(({ provision, document }) => ({
            id: provision.id,
            document: document.key,
            clause: provision.clause,
            title: provision.title,
            computable: provision.formula.kind !== "notComputable",
            amount: provision.amount ?? null,
            facts: provision.facts.map((f) => f.name),
            discretionary: provision.discretionary,
          })),
        );
        return;
      }
      for (const { provision } of entries) {
        const mark = provision.formula.kind === "notComputable" ? (lang === "zh" ? "（不可计算）" : " (not computable)") : "";
        process.stdout.write(`${provision.id.padEnd(18)} ${provision.title[lang]}${mark}\n`);
      }
    });
}

/**
 * Parameters as JSON (figures in their unit, bp or fen, and as written) or a table: path, figure, what it is,
 * citation; under a notice, its figure beside the document's (— where it keeps the document's).
 */
function printParameters(parameters: Parameter[], lang: Lang, json: boolean, notice?: ReadonlyMap<string, number>): void {
  if (json) {
    printJson(
      parameters.map(({ at: _at, ...p }) => {
        const set = notice?.get(p.path);
        return { ...p, written: formatParameterValue(p, p.value, lang), label: PARAMETER_LABEL[p.name], ...(set === undefined ? {} : { noticeValue: set, noticeWritten: formatParameterValue(p, set, lang) }) };
      }),
    );
    return;
  }
  const kind = (p: Parameter) => ({ ceiling: { zh: "最高", en: "up to" }, floor: { zh: "不低于", en: "at least" }, threshold: { zh: "条件", en: "condition" }, exact: { zh: "定额", en: "exact" } })[p.direction][lang];
  const noticeCell = (p: Parameter) => {
    const set = notice?.get(p.path);
    return set === undefined ? "—" : formatParameterValue(p, set, lang);
  };
  const rows = parameters.map((p) => [
    p.path,
    formatParameterValue(p, p.value, lang),
    ...(notice ? [noticeCell(p)] : []),
    lang === "zh" ? `${PARAMETER_LABEL[p.name].zh}（${kind(p)}）` : `${PARAMETER_LABEL[p.name].en} (${kind(p)})`,
    p.citation ?? "",
  ]);
  const head = lang === "zh" ? ["参数路径", "文件数值", ...(notice ? ["通知数值"] : []), "含义", "原文"] : ["path", "document", ...(notice ? ["notice"] : []), "what", "source"];
  const last = head.length - 1;
  const widths = head.map((_, c) => Math.max(...[head, ...rows].map((r) => displayWidth(r[c] as string))));
  const line = (r: string[]) => r.map((cell, c) => (c < last ? cell + " ".repeat((widths[c] as number) - displayWidth(cell)) : cell)).join("  ").trimEnd();
  const lines = [line(head), ...rows.map(line)];
  process.stdout.write(`${lines.join("\n")}\n`);
}

/** Columns on a terminal: a CJK character or full-width punctuation takes two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return width;
}
