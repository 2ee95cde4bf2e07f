// The worked examples and the errors of the help pages, computed at build time by the same function bodies
// Excel calls (under Node, over the catalog in rules/), so a page never shows a result the add-in would not give.
// Examples come from the worked cases in rules/cases/*.yaml.
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { RULES_DIR, loadCatalog } from "../../shared/catalog/load-node.ts";
import { RuleCasesFile, type RuleCase } from "../../shared/catalog/schema.ts";
import { Engine } from "../../shared/engine/engine.ts";
import { fenFromYuan } from "../../shared/money/fen.ts";
import { formatYuan, type Lang } from "../../shared/money/format.ts";
import { CellError } from "../functions/cell-error.ts";
import { bestMatrix, countsAmount, evaluateAlternatives, evaluateCells, explainMatrix, toMatrix } from "../functions/ceiling.ts";
import { readInputs } from "../functions/inputs.ts";
import { fieldLabel } from "../functions/labels.ts";
import { cap, rate, headroom, rules, source } from "../functions/lookup.ts";
import { matchMatrix } from "../functions/match.ts";

export interface Example {
  /** The formula as typed in that language's Excel (function names localized, facts by their local names). */
  formula: Record<Lang, string>;
  result: Record<Lang, string>;
  /** How the result was reached (CQ.SUBSIDY.EXPLAIN's text), or what an error means. */
  why: Record<Lang, string>;
  from: string;
}

export interface CaseGroup {
  document: string;
  examples: Example[];
}

const LANGS: Lang[] = ["zh", "en"];
let engine: Engine | undefined;
const theEngine = () => (engine ??= new Engine(loadCatalog()));

export function readCases(rulesDir = RULES_DIR): { file: string; cases: RuleCase[] }[] {
  const dir = path.join(rulesDir, "cases");
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((file) => ({ file, cases: RuleCasesFile.parse(YAML.parse(fs.readFileSync(path.join(dir, file), "utf8"))).cases }));
}

const quote = (text: string) => `"${text}"`;

export function show(value: unknown, lang: Lang): string {
  if (value instanceof CellError) return `${value.code} ${value.message}`.trim();
  if (typeof value === "number") return Number.isInteger(value * 100) ? formatYuan(fenFromYuan(value)?.fen ?? 0, lang) : String(value);
  return String(value);
}

/** The name/value pairs of a case, in Excel's argument order. */
function pairs(c: RuleCase, lang: Lang): { formula: string[]; cells: unknown[][] } {
  const formula: string[] = [];
  const cells: unknown[][] = [];
  const add = (name: string, label: string, value: unknown, typed: string) => {
    formula.push(quote(label), typed);
    cells.push([[name]], [[value]]);
  };
  if (c.date !== undefined) add("date", fieldLabel("date", lang), c.date, quote(c.date));
  for (const [name, value] of Object.entries(c.facts ?? {})) add(name, fieldLabel(name, lang), value, String(value));
  const awarded = (c as { awarded?: unknown }).awarded;
  if (typeof awarded === "number") add("awarded", fieldLabel("awarded", lang), awarded, String(awarded));
  return { formula, cells };
}

function subsidyExample(c: RuleCase, file: string, names: Record<Lang, string>, explain: boolean): Example {
  const e = theEngine();
  const out = {} as Example;
  out.formula = { zh: "", en: "" };
  out.result = { zh: "", en: "" };
  out.why = { zh: "", en: "" };
  out.from = `rules/cases/${file}: ${c.name}`;
  for (const lang of LANGS) {
    const { formula, cells } = pairs(c, lang);
    const amount = c.amount === undefined ? null : [[c.amount]];
    out.formula[lang] = `=CQ.${names[lang]}(${[quote(c.provision), c.amount === undefined ? "" : String(c.amount), ...formula].join(", ").replace(/, (?=,)/g, ", ")})`;
    const inputs = readInputs(amount, cells, lang, { counts: countsAmount(e, c.provision) });
    if (inputs instanceof CellError) {
      out.result[lang] = show(inputs, lang);
      continue;
    }
    const results = evaluateCells(e, c.provision, inputs, lang);
    const cell = results instanceof CellError ? results : toMatrix(results, inputs, lang)[0]?.[0];
    out.result[lang] = show(cell, lang);
    const text = explain && !(cell instanceof CellError) ? (explainMatrix(e, [c.provision], inputs, lang) as unknown[][])[0]?.[0] : undefined;
    out.why[lang] = typeof text === "string" ? text : "";
  }
  return out;
}

/** CQ.SUBSIDY: every worked case, by document. */
export function subsidyExamples(names: Record<Lang, string>): CaseGroup[] {
  return readCases().map(({ file, cases }) => ({ document: file.replace(/\.yaml$/, ""), examples: cases.map((c) => subsidyExample(c, file, names, true)) }));
}

/** CQ.SUBSIDY.EXPLAIN: one case with a ceiling from each document. */
export function explainExamples(names: Record<Lang, string>): Example[] {
  const picked: Example[] = [];
  for (const { file, cases } of readCases()) {
    const c = cases.find((k) => "ceiling" in k.expect && k.expect.ceiling !== null && k.expect.ceiling > 0);
    if (!c) continue;
    const example = subsidyExample(c, file, names, true);
    picked.push({ ...example, result: example.why, why: { zh: "", en: "" } });
  }
  return picked;
}

/** One-argument lookups (SOURCE, CAP, RATE) over the provisions the cases name, one per document. */
export function lookupExamples(names: Record<Lang, string>, which: "source" | "cap" | "rate"): Example[] {
  const e = theEngine();
  const out: Example[] = [];
  for (const { file, cases } of readCases()) {
    const ids = [...new Set(cases.map((c) => c.provision))];
    for (const id of ids) {
      const entry = e.catalog.byId.get(id);
      if (!entry) continue;
      const value = (lang: Lang) => (which === "source" ? source(entry, lang) : which === "cap" ? cap(theEngine(), entry, undefined, undefined, lang) : rate(entry, lang));
      if (which !== "source" && value("en") instanceof CellError && out.some((x) => x.result.en.startsWith("#"))) continue;
      out.push({
        formula: { zh: `=CQ.${names.zh}("${id}")`, en: `=CQ.${names.en}("${id}")` },
        result: { zh: which === "rate" ? showRate(value("zh")) : show(value("zh"), "zh"), en: which === "rate" ? showRate(value("en")) : show(value("en"), "en") },
        why: { zh: "", en: "" },
        from: `rules/cases/${file}`,
      });
      break;
    }
  }
  return out;
}

function showRate(value: unknown): string {
  return typeof value === "number" ? `${value} (${Math.round(value * 10_000) / 100}%)` : show(value, "en");
}

/** CQ.SUBSIDY.REMAINING: the cases that give an amount already awarded. */
export function remainingExamples(names: Record<Lang, string>): Example[] {
  const e = theEngine();
  const out: Example[] = [];
  for (const { file, cases } of readCases()) {
    for (const c of cases) {
      const awarded = (c as { awarded?: unknown }).awarded;
      const entry = e.catalog.byId.get(c.provision);
      if (typeof awarded !== "number" || !entry) continue;
      const result = (lang: Lang) => {
        const m = headroom(theEngine(), entry, [[awarded]], undefined, undefined, lang);
        return show(m instanceof CellError ? m : m[0]?.[0], lang);
      };
      out.push({
        formula: { zh: `=CQ.${names.zh}("${c.provision}", ${awarded})`, en: `=CQ.${names.en}("${c.provision}", ${awarded})` },
        result: { zh: result("zh"), en: result("en") },
        why: { zh: "", en: "" },
        from: `rules/cases/${file}: ${c.name}`,
      });
    }
  }
  return out.slice(0, 6);
}

export interface ErrorHelp {
  code: string;
  message: Record<Lang, string>;
  todo: Record<Lang, string>;
}

/** What CQ.SUBSIDY shows for one cell: the same path as the function body. */
function subsidyCell(id: string, amount: unknown, pairList: [string, unknown][], lang: Lang): unknown {
  const e = theEngine();
  const cells = pairList.flatMap(([name, value]) => [[[name]], [[value]]]);
  const entry = e.catalog.byId.get(id);
  if (!entry) return new CellError("#N/A", lang === "zh" ? `没有条款 ${id}` : `no provision ${id}`);
  const inputs = readInputs(amount === undefined ? null : [[amount]], cells.length ? cells : null, lang, { counts: countsAmount(e, id) });
  if (inputs instanceof CellError) return inputs;
  const results = evaluateCells(e, id, inputs, lang);
  return results instanceof CellError ? results : toMatrix(results, inputs, lang)[0]?.[0];
}

const DAY: [string, unknown] = ["date", "2026-03-01"];

const INPUT_ERRORS: { run: (lang: Lang) => unknown; todo: Record<Lang, string> }[] = [
  { run: (lang) => subsidyCell("nope-1", 1, [DAY], lang), todo: { zh: "核对条款编号；=CQ.补贴.条款() 列出全部编号", en: "check the provision ID; =CQ.SUBSIDY.RULES() lists them all" } },
  { run: (lang) => subsidyCell("jiulongpo-5", 1_000_000, [["date", "2020-01-01"]], lang), todo: { zh: "核对申请日期：该政策文件在该日不在有效期内；省略日期则按今天计算", en: "check the application date: the document is not in force on it; leave the date out for today" } },
  { run: (lang) => subsidyCell("chongqing2025-1", undefined, [DAY], lang), todo: { zh: "原文未规定金额，由主管部门按程序核定；在台账中直接填写核定金额", en: "the text states no amount; the commission decides it case by case; enter the approved amount in the ledger" } },
  { run: (lang) => subsidyCell("chongqing2023-1", undefined, [DAY], lang), todo: { zh: "原文只规定了下限（“…及以上”）；核定金额由主管部门决定", en: "the text sets only a minimum (“… or more”); the commission decides the amount" } },
  { run: (lang) => subsidyCell("jiulongpo-5", undefined, [DAY], lang), todo: { zh: "填写计算基数（第二个参数），如设备投资额", en: "give the amount the provision is computed on (the second argument), e.g. the equipment investment" } },
  { run: (lang) => subsidyCell("jiulongpo-5", "abc", [DAY], lang), todo: { zh: "金额写成数字，或 \"1,000,000\"、\"50万\" 这样的文本", en: "write the amount as a number, or as text such as \"1,000,000\" or \"50万\"" } },
  { run: (lang) => subsidyCell("jiulongpo-5", -1, [DAY], lang), todo: { zh: "金额不能为负数；核对该单元格", en: "amounts are never negative; check the cell" } },
  { run: (lang) => subsidyCell("jiulongpo-12b", "2.004", [DAY], lang), todo: { zh: "该条款按数量（如车型个数）计算：填写整数，不带“万”", en: "this provision counts (models, units): give a whole number, without 万" } },
  { run: (lang) => subsidyCell("jiulongpo-5", true, [DAY], lang), todo: { zh: "TRUE/FALSE 不是金额；引用存放金额的单元格", en: "TRUE/FALSE is not an amount; refer to the cell that holds the amount" } },
  { run: (lang) => subsidyCell("jiulongpo-5", { type: "Entity", text: "Acme", basicType: "Error", basicValue: "#VALUE!" }, [DAY], lang), todo: { zh: "引用数据类型中的数值字段（如 =A2.金额），而不是整个数据类型", en: "refer to a number field of the data type (e.g. =A2.Amount), not the whole value" } },
  { run: (lang) => subsidyCell("jiulongpo-5", 1_000_000, [DAY, ["municipalFunds", 5]], lang), todo: { zh: "该条款不使用这项要素：删去这一对，或将其留空/为 0（留空或 0 时忽略）", en: "the provision does not use this fact: remove the pair, or leave it empty or 0 (then it is ignored)" } },
  { run: (lang) => subsidyCell("jiulongpo-5", 1_000_000, [DAY, ["colour", 1]], lang), todo: { zh: "要素名称写错：用中文或英文名，如 \"中央财政补助资金\" 或 \"centralFunds\"", en: "the pair's name is not known: use a fact's Chinese or English name, e.g. \"centralFunds\"" } },
  {
    run: (lang) => {
      const r = readInputs([[1], [2]], [[["centralFunds"]], [[1], [2], [3]]], lang);
      return r instanceof CellError ? r : null;
    },
    todo: { zh: "各区域须同样大小（或为单个单元格）；核对区域引用", en: "ranges must have the same size (or be one cell); check the references" },
  },
  {
    run: (lang) => {
      const r = readInputs([[1]], [[["centralFunds"]]], lang);
      return r instanceof CellError ? r : null;
    },
    todo: { zh: "名称与值成对出现：补上缺少的值", en: "names and values come in pairs: add the missing value" },
  },
  { run: (lang) => subsidyCell("jiulongpo-5", 1_000_000, [["date", "2026-02-30"]], lang), todo: { zh: "日期写成 Excel 日期或 YYYY-MM-DD 文本，并核对日期本身", en: "give an Excel date or YYYY-MM-DD text, and check the day exists" } },
  { run: (lang) => subsidyCell("jiulongpo-5", { code: "#REF!" }, [DAY], lang), todo: { zh: "修正被引用的单元格（它本身显示 #REF! 或 #NAME?）；其他单元格照常计算", en: "fix the cell referred to (it shows #REF! or #NAME? itself); the other cells still compute" } },
  { run: (lang) => subsidyCell("jiulongpo-5", { code: "#DIV/0!" }, [DAY], lang), todo: { zh: "输入单元格本身的错误原样返回（#DIV/0!、#NUM!、#NULL!、#N/A）：修正该单元格", en: "an error in an input cell comes back as it is (#DIV/0!, #NUM!, #NULL!, #N/A): fix that cell" } },
];

function collect(items: { run: (lang: Lang) => unknown; todo: Record<Lang, string> }[]): ErrorHelp[] {
  const out: ErrorHelp[] = [];
  for (const item of items) {
    const zh = item.run("zh");
    const en = item.run("en");
    if (!(zh instanceof CellError) || !(en instanceof CellError)) throw new Error(`help: an error example no longer errs: ${show(en, "en")}`);
    out.push({ code: en.code, message: { zh: zh.message, en: en.message }, todo: item.todo });
  }
  return out;
}

/** Every error the functions give, with a real message and what to do, per function ID. */
export function errorHelp(): Record<string, ErrorHelp[]> {
  const e = theEngine();
  const entry = (id: string) => e.catalog.byId.get(id)!;
  const input = collect(INPUT_ERRORS);
  const unknown = input.slice(0, 1);
  const lookup = (run: (lang: Lang) => unknown, todo: Record<Lang, string>) => collect([{ run, todo }]);
  const first = (m: unknown) => (Array.isArray(m) ? m[0]?.[0] : m);
  return {
    SUBSIDY: input,
    "SUBSIDY.EXPLAIN": input,
    "SUBSIDY.BEST": [
      ...input,
      ...collect([
        {
          run: (lang) => {
            const inputs = readInputs([[1_000_000]], [[["date"]], [["2028-06-01"]]], lang);
            const alternatives = inputs instanceof CellError ? inputs : evaluateAlternatives(e, ["jiulongpo-1", "chongqing2025-1"], inputs, lang);
            return alternatives instanceof CellError || inputs instanceof CellError ? alternatives : bestMatrix(alternatives, inputs, lang)[0]?.[0];
          },
          todo: { zh: "所列条款都无法计算：用 CQ.补贴.说明 查看每一条的原因", en: "none of the alternatives computes: CQ.SUBSIDY.EXPLAIN with the same arguments gives each one's reason" },
        },
      ]),
    ],
    "SUBSIDY.SOURCE": unknown,
    "SUBSIDY.CAP": [...unknown, ...lookup((lang) => cap(theEngine(), entry("jiulongpo-1"), undefined, undefined, lang), { zh: "该条款未规定上限：最高可补金额见 CQ.补贴额", en: "the provision states no cap: CQ.SUBSIDY gives its ceiling" })],
    "SUBSIDY.RATE": [...unknown, ...lookup((lang) => rate(entry("jiulongpo-2"), lang), { zh: "该条款为定额或分情形的比例：用 CQ.补贴额 计算", en: "a fixed award, or a rate that differs by case: use CQ.SUBSIDY" })],
    "SUBSIDY.REMAINING": [
      ...unknown,
      ...lookup((lang) => first(headroom(theEngine(), entry("jiulongpo-2"), [[0]], undefined, undefined, lang)), { zh: "该条款没有跨申报的上限，无剩余额度可言", en: "the provision has no cap that spans applications, so there is no headroom to track" }),
      ...lookup((lang) => first(headroom(theEngine(), entry("jiulongpo-5"), [[-1]], undefined, undefined, lang)), { zh: "已获补助不能为负数", en: "the amount already awarded is never negative" }),
    ],
    "SUBSIDY.VERSION": [],
    "SUBSIDY.MATCH": [
      ...collect([
        { run: (lang) => matchMatrix(e, "沙坪坝", null, lang), todo: { zh: "写 九龙坡 或 渝北；其他区县写 重庆，只列市级条款", en: "write jiulongpo or yubei; for any other district write chongqing, for the municipal provisions only" } },
        { run: (lang) => matchMatrix(e, null, [[["centralFunds"]], [[1], [2]]], lang), todo: { zh: "每次匹配一家企业：每项要素给一个单元格，多家企业请逐行写公式", en: "one enterprise per call: one cell per fact; one formula per enterprise for several" } },
        { run: (lang) => matchMatrix(e, null, [[["awarded"]], [[1]]], lang), todo: { zh: "匹配按原文列出上限；已获补助后的剩余额度用 CQ.补贴额 或 CQ.补贴.剩余额度", en: "MATCH lists the texts' ceilings; for what remains after earlier awards use CQ.SUBSIDY or CQ.SUBSIDY.REMAINING" } },
        { run: (lang) => matchMatrix(e, null, [[["date"]], [["2000-01-01"]]], lang), todo: { zh: "核对日期：该日没有有效的政策文件，或所给要素不足以计算任何条款", en: "check the date: no document is in force on it, or the facts given compute no provision" } },
      ]),
      ...input.filter((x) => x.message.en.startsWith("pair ") || x.message.en.startsWith("facts come in pairs")),
    ],
    "SUBSIDY.RULES": lookup((lang) => rules(e, "nowhere", lang), { zh: "政策文件代码写错：可用 jiulongpo、yubei、chongqing2023、chongqing2025、chongqing2026；省略则列出全部", en: "the document key is not known: jiulongpo, yubei, chongqing2023, chongqing2025, chongqing2026; leave it out for all" }),
  };
}

/** CQ.SUBSIDY.MATCH: an enterprise of each district, with the facts the cases give. */
export function matchExamples(names: Record<Lang, string>): Example[] {
  const e = theEngine();
  const profiles: { district: string; facts: [string, number][] }[] = [
    { district: "jiulongpo", facts: [["centralFunds", 5_000_000]] },
    { district: "yubei", facts: [] },
  ];
  return profiles.map(({ district, facts }) => {
    const out = { formula: { zh: "", en: "" }, result: { zh: "", en: "" }, why: { zh: "", en: "" }, from: "rules/cases/jiulongpo.yaml, rules/cases/yubei.yaml" } as Example;
    for (const lang of LANGS) {
      const pairs: unknown[][] = [[["date"]], [["2026-03-01"]], ...facts.flatMap(([n, v]) => [[[n]], [[v]]])];
      const args = [quote(district), quote(fieldLabel("date", lang)), quote("2026-03-01"), ...facts.flatMap(([n, v]) => [quote(fieldLabel(n, lang)), String(v)])];
      out.formula[lang] = `=CQ.${names[lang]}(${args.join(", ")})`;
      const m = matchMatrix(e, district, pairs, lang);
      out.result[lang] = m instanceof CellError ? show(m, lang) : m.slice(0, 4).map((row) => `${String(row[0])} ${String(row[1])}: ${show(row[2], lang)}`).join(lang === "zh" ? "；" : "; ") + (m.length > 4 ? ` … (${m.length})` : "");
    }
    return out;
  });
}
