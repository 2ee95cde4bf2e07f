// `subsidy rules`: the catalog, one line per provision, or as JSON; with --params, every rate, cap, threshold and
// fixed sum by its path (shared/engine/parameters.ts).
import type { Command } from "commander";
import { DOCUMENT_KEYS } from "../../shared/catalog/schema.ts";
import { loadCatalog } from "../../shared/catalog/load-node.ts";
import { catalogParameters, formatParameterValue, PARAMETER_LABEL, type Parameter } from "../../shared/engine/parameters.ts";
import type { Lang } from "../../shared/money/format.ts";
import { CliError, parseLang, printJson } from "../output.ts";

export function register(program: Command): void {
  program
    .command("rules")
    .description("列出条款目录 / list the provisions of the catalog")
    .option("--document <key>", `政策文件 / document: ${DOCUMENT_KEYS.join(", ")}`)
    .option("--lang <zh|en>", "输出语言 / output language", "zh")
    .option("--params", "列出参数路径及数值 / list every parameter by its path")
    .option("--json", "输出 JSON / print a JSON array")
    .action((options: { document?: string; lang?: string; json?: boolean; params?: boolean }) => {
      const lang = parseLang(options.lang);
      const catalog = loadCatalog();
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
        printParameters(catalogParameters(catalog).filter((p) => ids.has(p.provision)), lang, options.json === true);
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

/** Parameters as JSON (figures in their unit, bp or fen, and as written) or a table: path, figure, what it is, citation. */
function printParameters(parameters: Parameter[], lang: Lang, json: boolean): void {
  if (json) {
    printJson(
      parameters.map(({ at: _at, ...p }) => ({ ...p, written: formatParameterValue(p, p.value, lang), label: PARAMETER_LABEL[p.name] })),
    );
    return;
  }
  const kind = (p: Parameter) => ({ ceiling: { zh: "最高", en: "up to" }, floor: { zh: "不低于", en: "at least" }, threshold: { zh: "门槛", en: "condition" }, exact: { zh: "定额", en: "exact" } })[p.direction][lang];
  const rows = parameters.map((p) => [p.path, formatParameterValue(p, p.value, lang), lang === "zh" ? `${PARAMETER_LABEL[p.name].zh}（${kind(p)}）` : `${PARAMETER_LABEL[p.name].en} (${kind(p)})`, p.citation ?? ""]);
  const head = lang === "zh" ? ["参数路径", "数值", "含义", "原文"] : ["path", "figure", "what", "source"];
  const widths = [0, 1, 2].map((c) => Math.max(...[head, ...rows].map((r) => displayWidth(r[c] as string))));
  const line = (r: string[]) => r.map((cell, c) => (c < 3 ? cell + " ".repeat((widths[c] as number) - displayWidth(cell)) : cell)).join("  ").trimEnd();
  const lines = [line(head), ...rows.map(line)];
  process.stdout.write(`${lines.join("\n")}\n`);
}

/** Columns on a terminal: a CJK character or full-width punctuation takes two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return width;
}
