// One help page per function (the metadata's helpUrl), zh-CN first then English: the signature and parameters
// from the same metadata Excel reads (so the page never disagrees with the tooltip), worked examples from
// rules/cases/ and every error with what to do, both computed by the function bodies at build time.
import type { Lang } from "../../shared/money/format.ts";
import { errorHelp, explainExamples, lookupExamples, matchExamples, remainingExamples, subsidyExamples, type CaseGroup, type ErrorHelp, type Example } from "./help-examples.ts";
import type { FunctionMetadata, Metadata } from "./metadata.ts";

const escape = (text: string) => text.replace(/[&<>"]/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[ch] ?? ch);

const T = {
  optional: { zh: "（可选）", en: " (optional)" },
  repeating: { zh: "（可重复）", en: " (repeating)" },
  parameters: { zh: "参数", en: "Parameters" },
  examples: { zh: "示例", en: "Examples" },
  errors: { zh: "错误及处理", en: "Errors and what to do" },
  formula: { zh: "公式", en: "Formula" },
  result: { zh: "结果", en: "Result" },
  why: { zh: "计算过程", en: "How" },
  code: { zh: "错误", en: "Error" },
  message: { zh: "提示", en: "Message" },
  todo: { zh: "处理办法", en: "What to do" },
  from: { zh: "出处", en: "From" },
  noErrors: { zh: "此函数不返回错误。", en: "This function returns no error." },
  cases: { zh: "以下示例来自 rules/cases/ 中按原文手算的案例，结果由加载项本身计算。", en: "These examples are the worked cases of rules/cases/, read off the texts by hand; the results are computed by the add-in itself." },
} satisfies Record<string, Record<Lang, string>>;

function exampleTable(examples: Example[], lang: Lang, withWhy: boolean): string {
  if (examples.length === 0) return "";
  const head = `<tr><th>${T.formula[lang]}</th><th>${T.result[lang]}</th>${withWhy ? `<th>${T.why[lang]}</th>` : ""}<th>${T.from[lang]}</th></tr>`;
  const rows = examples.map((x) => `<tr><td><code>${escape(x.formula[lang])}</code></td><td>${escape(x.result[lang])}</td>${withWhy ? `<td>${escape(x.why[lang])}</td>` : ""}<td><small>${escape(x.from)}</small></td></tr>`);
  return `<table>${head}${rows.join("")}</table>`;
}

function casesSection(groups: CaseGroup[], lang: Lang): string {
  return `<p>${T.cases[lang]}</p>${groups.map((g) => `<details${g.document === "jiulongpo" ? " open" : ""}><summary>${escape(g.document)} (${g.examples.length})</summary>${exampleTable(g.examples, lang, true)}</details>`).join("")}`;
}

function errorTable(errors: ErrorHelp[], lang: Lang): string {
  if (errors.length === 0) return `<p>${T.noErrors[lang]}</p>`;
  const rows = errors.map((e) => `<tr><td><code>${escape(e.code)}</code></td><td>${escape(e.message[lang])}</td><td>${escape(e.todo[lang])}</td></tr>`);
  return `<table><tr><th>${T.code[lang]}</th><th>${T.message[lang]}</th><th>${T.todo[lang]}</th></tr>${rows.join("")}</table>`;
}

interface Extras {
  examples: (lang: Lang) => string;
  errors: ErrorHelp[];
}

function section(f: FunctionMetadata, lang: Lang, extras: Extras): string {
  const tag = lang === "zh" ? "zh-CN" : "en";
  const params = f.parameters
    .map((p) => `<li><code>${escape(p.name)}</code>${p.optional ? T.optional[lang] : ""}${p.repeating ? T.repeating[lang] : ""}: ${escape(p.description ?? "")}</li>`)
    .join("");
  const examples = extras.examples(lang);
  return (
    `<section lang="${tag}"><h2>=CQ.${escape(f.name)}(${f.parameters.map((p) => escape(p.name)).join(", ")})</h2><p>${escape(f.description ?? "")}</p>` +
    `<h3>${T.parameters[lang]}</h3><ul>${params}</ul>` +
    (examples ? `<h3>${T.examples[lang]}</h3>${examples}` : "") +
    `<h3>${T.errors[lang]}</h3>${errorTable(extras.errors, lang)}</section>`
  );
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escape(title)}</title><style>body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem;line-height:1.6}code{background:#f3f2f1;padding:0 .2em}table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #c8c6c4;padding:.25rem .5rem;vertical-align:top;text-align:left}summary{cursor:pointer;font-weight:600}</style></head><body>${body}</body></html>`;
}

function extrasFor(id: string, names: Record<Lang, string>, errors: Record<string, ErrorHelp[]>): Extras {
  const errs = errors[id] ?? [];
  switch (id) {
    case "SUBSIDY": {
      const groups = subsidyExamples(names);
      return { examples: (lang) => casesSection(groups, lang), errors: errs };
    }
    case "SUBSIDY.EXPLAIN": {
      const examples = explainExamples(names);
      return { examples: (lang) => exampleTable(examples, lang, false), errors: errs };
    }
    case "SUBSIDY.SOURCE":
    case "SUBSIDY.CAP":
    case "SUBSIDY.RATE": {
      const examples = lookupExamples(names, id === "SUBSIDY.SOURCE" ? "source" : id === "SUBSIDY.CAP" ? "cap" : "rate");
      return { examples: (lang) => exampleTable(examples, lang, false), errors: errs };
    }
    case "SUBSIDY.REMAINING": {
      const examples = remainingExamples(names);
      return { examples: (lang) => exampleTable(examples, lang, false), errors: errs };
    }
    case "SUBSIDY.MATCH": {
      const examples = matchExamples(names);
      return { examples: (lang) => exampleTable(examples, lang, false), errors: errs };
    }
    default:
      return { examples: () => "", errors: errs };
  }
}

export function helpPages(en: Metadata, zh: Metadata): Record<string, string> {
  const pages: Record<string, string> = {};
  const index: string[] = [];
  const errors = errorHelp();
  for (const f of en.functions) {
    const z = zh.functions.find((g) => g.id === f.id) ?? f;
    const extras = extrasFor(f.id, { zh: z.name, en: f.name }, errors);
    pages[`help/${f.id}.html`] = page(
      `CQ.${z.name} / CQ.${f.name}`,
      `<h1>CQ.${escape(z.name)} · CQ.${escape(f.name)}</h1>${section(z, "zh", extras)}${section(f, "en", extras)}<p><a href="index.html">全部函数 / all functions</a></p>`,
    );
    index.push(`<li><a href="${escape(f.id)}.html">CQ.${escape(z.name)} · CQ.${escape(f.name)}</a> — ${escape(z.description ?? "")} ${escape(f.description ?? "")}</li>`);
  }
  pages["help/index.html"] = page(
    "补贴函数 / Subsidy functions",
    `<h1>补贴函数 · Subsidy functions</h1><p>Excel 会在函数名前加命名空间 CQ，例如 <code>=CQ.补贴额("jiulongpo-5", D2)</code>。Excel prefixes every name with the namespace CQ: <code>=CQ.SUBSIDY("jiulongpo-5", D2)</code>.</p><ul>${index.join("")}</ul>`,
  );
  return pages;
}
