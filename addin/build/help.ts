// One help page per function (the metadata's helpUrl), zh-CN first then English, generated from the same
// metadata Excel reads, so the page never disagrees with the function's tooltip.
import type { FunctionMetadata, Metadata } from "./metadata.ts";

const escape = (text: string) => text.replace(/[&<>"]/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[ch] ?? ch);

function section(f: FunctionMetadata, lang: "zh-CN" | "en"): string {
  const params = f.parameters
    .map((p) => `<li><code>${escape(p.name)}</code>${p.optional ? (lang === "en" ? " (optional)" : "（可选）") : ""}${p.repeating ? (lang === "en" ? " (repeating)" : "（可重复）") : ""}: ${escape(p.description ?? "")}</li>`)
    .join("");
  return `<section lang="${lang}"><h2>=CQ.${escape(f.name)}(${f.parameters.map((p) => escape(p.name)).join(", ")})</h2><p>${escape(f.description ?? "")}</p><ul>${params}</ul></section>`;
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escape(title)}</title><style>body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.6}code{background:#f3f2f1;padding:0 .2em}</style></head><body>${body}</body></html>`;
}

export function helpPages(en: Metadata, zh: Metadata): Record<string, string> {
  const pages: Record<string, string> = {};
  const index: string[] = [];
  for (const f of en.functions) {
    const z = zh.functions.find((g) => g.id === f.id) ?? f;
    pages[`help/${f.id}.html`] = page(`CQ.${z.name} / CQ.${f.name}`, `<h1>CQ.${escape(z.name)} · CQ.${escape(f.name)}</h1>${section(z, "zh-CN")}${section(f, "en")}<p><a href="index.html">全部函数 / all functions</a></p>`);
    index.push(`<li><a href="${escape(f.id)}.html">CQ.${escape(z.name)} · CQ.${escape(f.name)}</a> — ${escape(z.description ?? "")}</li>`);
  }
  pages["help/index.html"] = page(
    "补贴函数 / Subsidy functions",
    `<h1>补贴函数 · Subsidy functions</h1><p>Excel 会在函数名前加命名空间 CQ，例如 <code>=CQ.补贴额("jiulongpo-5", D2)</code>。Excel prefixes every name with the namespace CQ: <code>=CQ.SUBSIDY("jiulongpo-5", D2)</code>.</p><ul>${index.join("")}</ul>`,
  );
  return pages;
}
