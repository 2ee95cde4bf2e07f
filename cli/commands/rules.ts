// `subsidy rules`: the catalog, one line per provision, or as JSON.
import type { Command } from "commander";
import { DOCUMENT_KEYS } from "../../shared/catalog/schema.ts";
import { loadCatalog } from "../../shared/catalog/load-node.ts";
import { CliError, parseLang, printJson } from "../output.ts";

export function register(program: Command): void {
  program
    .command("rules")
    .description("列出条款目录 / list the provisions of the catalog")
    .option("--document <key>", `政策文件 / document: ${DOCUMENT_KEYS.join(", ")}`)
    .option("--lang <zh|en>", "输出语言 / output language", "zh")
    .option("--json", "输出 JSON / print a JSON array")
    .action((options: { document?: string; lang?: string; json?: boolean }) => {
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
