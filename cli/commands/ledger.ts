// `subsidy ledger check | summary | sample`: the award ledger from the command line.
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import YAML from "yaml";
import type { Commitment } from "../../shared/catalog/schema.ts";
import { parseCommitments } from "../../shared/catalog/catalog.ts";
import { defaultEngine } from "../../shared/node.ts";
import { formatPercent, formatScaled, formatYuan, type Lang } from "../../shared/money/format.ts";
import { columnForHeader, STATUS_LABEL } from "../../shared/ledger/columns.ts";
import { parseLedgerCsvBytes, tableToCsv } from "../../shared/ledger/csv.ts";
import { BOUNDS, ERROR_BOUND_CODE } from "../../shared/engine/types.ts";
import { evaluateLedger, VERDICTS, type ColumnarLedger } from "../../shared/ledger/evaluate.ts";
import { groupLabel, groupValueLabel, ledgerTable, summaryTable } from "../../shared/ledger/export-table.ts";
import type { ImportResult } from "../../shared/ledger/import.ts";
import type { LedgerRow } from "../../shared/ledger/row.ts";
import { DEFAULT_SAMPLE_ROWS, SAMPLE_LABEL, sampleLedger } from "../../shared/ledger/sample.ts";
import { GROUP_KEYS, isGroupKey, summarize, totalOf, withDeprecatedNames, type GroupKey, type SummaryRow } from "../../shared/ledger/summary.ts";
import { SUMMARY_TERMS } from "../../shared/terms.ts";
import { encodingChoice, ENCODING_LABEL, type EncodingChoice, type TextEncoding } from "../../shared/ledger/text-encoding.ts";
import { VIOLATION_LABEL } from "../../shared/ledger/violation.ts";
import { readLedgerXlsx, tablesToXlsx, type Sheet } from "../../shared/ledger/xlsx.ts";
import { CliError, parseLang, printJson } from "../output.ts";
import { fileFindings, findingJson, printFindings, type RowPlaces } from "./award-findings.ts";
import { registerPaymentList } from "./payment-list.ts";

const SAMPLE_BANNER = `${SAMPLE_LABEL.zh} / ${SAMPLE_LABEL.en}`;
const ENCODING_OPTION = "CSV 编码：auto（先 UTF-8，再 GBK/GB18030）、utf-8、gbk、gb18030、utf-16le / CSV encoding: auto (UTF-8, else GBK/GB18030), utf-8, gbk, gb18030, utf-16le";

type Format = "csv" | "xlsx";
function formatOf(file: string): Format {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".csv" || ext === ".txt") return "csv";
  if (ext === ".xlsx") return "xlsx";
  throw new CliError("invalid_input", { zh: `只支持 .csv 或 .xlsx 文件：${file}`, en: `only .csv and .xlsx files are supported: ${file}` }, "file");
}

function parseEncoding(text: string | undefined): EncodingChoice {
  const choice = encodingChoice(text ?? "auto");
  if (choice === null) throw new CliError("invalid_input", { zh: `--encoding 只接受 auto、utf-8、gbk、gb18030、utf-16le：${text}`, en: `--encoding takes auto, utf-8, gbk, gb18030 or utf-16le, not ${text}` }, "encoding");
  return choice;
}

interface LedgerFile {
  rows: LedgerRow[];
  sample: boolean;
  /** How a CSV's bytes were decoded; absent for .xlsx. */
  encoding?: TextEncoding;
  /** Each row's number in the file and the columns' headers, for findings that name a cell. */
  at?: RowPlaces;
}

/**
 * Reads a ledger file; a file with any rejected row ends the command with exit 2 and every problem listed. Says on
 * stderr how a CSV was decoded and which columns were not read, so that nothing of the file is left out unsaid.
 */
async function readLedger(file: string, lang: Lang, encodingText?: string): Promise<LedgerFile> {
  const format = formatOf(file);
  const encoding = parseEncoding(encodingText);
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch (e) {
    throw new CliError("invalid_input", { zh: `无法读取文件 ${file}：${(e as Error).message}`, en: `cannot read ${file}: ${(e as Error).message}` }, "file");
  }
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  // A row's 申报批次 is checked against the catalog's notices as the file is read, naming the row and column.
  const options = { notices: defaultEngine().catalog };
  const result: ImportResult = format === "csv" ? parseLedgerCsvBytes(bytes, encoding, options) : await readLedgerXlsx(bytes, options);
  if (result.encoding) {
    const how = encoding === "auto" ? (lang === "zh" ? "自动识别" : "detected") : lang === "zh" ? "按 --encoding" : "as --encoding says";
    process.stderr.write(lang === "zh" ? `${file}：${ENCODING_LABEL[result.encoding]} 编码（${how}）\n` : `${file}: ${ENCODING_LABEL[result.encoding]} (${how})\n`);
  }
  const unknown = result.ignoredColumns.filter((c) => columnForHeader(c) === null);
  if (unknown.length > 0) process.stderr.write(lang === "zh" ? `未识别、未读取的列：${unknown.join("、")}\n` : `columns not recognised, not read: ${unknown.join(", ")}\n`);
  if (!result.ok) rejectFile(file, result, lang);
  const sample = result.ignoredColumns.some((c) => c === SAMPLE_LABEL.zh || c.toLowerCase() === "sample data");
  return { rows: result.rows, sample, ...(result.encoding ? { encoding: result.encoding } : {}), ...(result.at ? { at: result.at } : {}) };
}

function rejectFile(file: string, result: Extract<ImportResult, { ok: false }>, lang: Lang): never {
  const rejected = result.rejectedRows ?? result.problems.length;
  const message =
    lang === "zh"
      ? `${file} 未导入：${rejected > 0 ? `${rejected} 行被拒` : "表头有误"}，整个文件均未导入`
      : `${file} was not imported: ${rejected > 0 ? `${rejected} row(s) rejected` : "the header is wrong"}; nothing from the file was imported`;
  printJson({
    error: {
      code: "rejected_file",
      message,
      field: "file",
      ...(result.encoding ? { encoding: result.encoding } : {}),
      problems: result.problems.map((p) => ({ row: p.row, column: p.column, field: p.field, reason: p.reason[lang] })),
    },
  });
  process.stderr.write(`${lang === "zh" ? "错误" : "error"}: ${message}\n`);
  for (const p of result.problems) {
    process.stderr.write(`  ${lang === "zh" ? `第 ${p.row} 行` : `row ${p.row}`}${p.column ? ` [${p.column}]` : ""}: ${p.reason[lang]}\n`);
  }
  process.exit(2);
}

/** The sample command writes its commitments beside the ledger; a sample ledger's summary uses them when present. */
function sampleCommitmentsFile(ledgerFile: string): string | undefined {
  const candidate = ledgerFile.replace(/\.(csv|xlsx)$/i, "") + ".commitments.yaml";
  return fs.existsSync(candidate) ? candidate : undefined;
}

function commitmentsFor(ledgerFile: string, explicit: string | undefined, sample: boolean, lang: Lang): Commitment[] {
  const file = explicit ?? (sample ? sampleCommitmentsFile(ledgerFile) : undefined);
  if (file !== undefined && explicit === undefined) {
    process.stderr.write(lang === "zh" ? `使用示例预算承诺 ${file}\n` : `using the sample commitments in ${file}\n`);
  }
  return readCommitments(file);
}

function readCommitments(file: string | undefined): Commitment[] {
  const stated = defaultEngine().catalog.commitments;
  if (file === undefined) return stated;
  try {
    return [...stated, ...parseCommitments(file, fs.readFileSync(file, "utf8"))];
  } catch (e) {
    throw new CliError("invalid_input", { zh: `预算承诺文件 ${file} 无效：${(e as Error).message}`, en: `commitments file ${file} is invalid: ${(e as Error).message}` }, "commitments");
  }
}

function parseBy(text: string): GroupKey[] {
  const keys = text.split(/[,，]/).map((k) => k.trim()).filter(Boolean);
  const bad = keys.filter((k) => !isGroupKey(k));
  if (keys.length === 0 || bad.length > 0) {
    throw new CliError("invalid_input", { zh: `--by 只接受 ${GROUP_KEYS.join(",")}：${bad.join(",") || text}`, en: `--by takes ${GROUP_KEYS.join(",")}: ${bad.join(",") || text}` }, "by");
  }
  return keys as GroupKey[];
}

const wan = (yuan: number | null, lang: Lang) => (yuan === null ? "—" : formatScaled(Math.round(yuan * 100), "wan", lang));
const pct = (ratio: number | null) => formatPercent(ratio, "zh");

/** The summary table's heading, in the order printSummary writes a row. */
export function summaryHead(by: readonly GroupKey[], lang: Lang): string[] {
  const t = SUMMARY_TERMS;
  return [...by.map((k) => groupLabel(k, lang)), ...[t.count, t.requested, t.approved, t.paid, t.committed, t.utilization, t.commitmentLeft, t.paidRatio].map((term) => term[lang])];
}

function printSummary(rows: SummaryRow[], by: GroupKey[], lang: Lang): void {
  const zh = lang === "zh";
  const head = summaryHead(by, lang);
  const line = (r: SummaryRow, label?: string) => [
    ...(label === undefined ? by.map((k) => String(groupValueLabel(k, r.key[k], lang) || (zh ? "（未知条款）" : "(unknown provision)"))) : [label, ...by.slice(1).map(() => "")]),
    String(r.count),
    wan(r.requested, lang) + (r.uncapped > 0 ? (zh ? `（另${r.uncapped}笔无上限）` : ` (+${r.uncapped} uncapped)`) : ""),
    wan(r.approved, lang),
    wan(r.paid, lang),
    r.committed === null ? "—" : wan(r.committed, lang) + (r.atLeast ? (zh ? "（至少）" : " (at least)") : "") + (r.sample ? (zh ? "（示例）" : " (sample)") : ""),
    pct(r.utilization),
    wan(r.commitmentLeft, lang),
    pct(r.paidRatio),
  ];
  const table = [head, ...rows.map((r) => line(r)), line(totalOf(rows), zh ? "合计" : "total")];
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
  const widths = head.map((_, i) => Math.max(...table.map((r) => width(r[i] ?? ""))));
  for (const r of table) process.stdout.write(r.map((c, i) => c + " ".repeat((widths[i] ?? 0) - width(c))).join("  ").trimEnd() + "\n");
}

/** Row i's outcome as the check prints it, read from the columns: no EvaluatedRow is built for it. */
function outcomeOf(evaluation: ColumnarLedger, i: number) {
  const { columns } = evaluation;
  const fen = (value: number) => (Number.isNaN(value) ? null : value);
  const bound = columns.bound[i] as number;
  return {
    row: evaluation.input[i] as LedgerRow,
    ceilingFen: fen(columns.ceilingFen[i] as number),
    floorFen: fen(columns.floorFen[i] as number),
    bound: bound === ERROR_BOUND_CODE ? null : (BOUNDS[bound] ?? null),
    countedFen: columns.countedFen[i] as number,
    verdict: VERDICTS[columns.verdict[i] as number] ?? "ok",
    error: evaluation.errorOf(i),
    violations: evaluation.violationsOf(i),
  };
}

/** What `ledger check --json` prints (before the summary): exported for the benchmark of that path. */
export function checkJson(evaluation: ColumnarLedger, lang: Lang, sample: boolean) {
  const yuan = (fen: number | null) => (fen === null ? null : fen / 100);
  return {
    ...(sample ? { label: SAMPLE_BANNER } : {}),
    rows: evaluation.input.map((_, i) => {
      const e = outcomeOf(evaluation, i);
      return {
        row: i + 2,
        applicationId: e.row.applicationId,
        provisionId: e.row.provisionId,
        ...(e.row.notice ? { notice: e.row.notice } : {}),
        status: e.row.status,
        ceiling: yuan(e.ceilingFen),
        floor: yuan(e.floorFen),
        bound: e.bound,
        approved: e.row.approved,
        paid: e.row.paid,
        counted: e.countedFen / 100,
        verdict: e.verdict,
        ...(e.error ? { error: { code: e.error.code, message: e.error.message[lang] } } : {}),
        violations: e.violations.map((v) => v.code),
      };
    }),
    violations: evaluation.violations.map((v) => ({ row: v.index + 2, applicationId: v.applicationId, code: v.code, field: v.field, message: v.message[lang], related: v.related })),
  };
}

interface CheckOptions {
  encoding?: string;
  json?: boolean;
  lang?: string;
  out?: string;
  trace?: boolean;
  commitments?: string;
}
interface SummaryOptions {
  by: string;
  encoding?: string;
  json?: boolean;
  lang?: string;
  out?: string;
  commitments?: string;
}
interface SampleOptions {
  rows: string;
  seed: string;
  out?: string;
  lang?: string;
}

function positiveInt(name: string, text: string, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new CliError("invalid_input", { zh: `--${name} 应为 1 至 ${max} 的整数：${text}`, en: `--${name} takes a whole number from 1 to ${max}: ${text}` }, name);
  return n;
}

async function writeOut(file: string, sheets: Sheet[]): Promise<void> {
  const format = formatOf(file);
  const body = format === "csv" ? tableToCsv((sheets[0] as Sheet).table) : await tablesToXlsx(sheets);
  fs.writeFileSync(file, body);
}

export function register(program: Command): void {
  const ledger = program.command("ledger").description("兑现台账：校验、汇总、示例数据 / the award ledger: check, summarize, sample data");
  registerPaymentList(ledger);

  ledger
    .command("check")
    .description("逐行校验台账（跨行上限、叠加、有效期、信用代码、核准与拨付日期…），有问题时退出码为 1 / check every row, and its approval and payment as events; exit 1 on any violation or event error")
    .argument("<file>", "台账文件 .csv 或 .xlsx / ledger file")
    .option("--json", "输出 JSON / print JSON")
    .option("--out <file>", "导出校验结果 .csv 或 .xlsx / write the checked ledger to .csv or .xlsx")
    .option("--trace", "导出时附计算过程 / include each row's trace in --out")
    .option("--encoding <name>", ENCODING_OPTION, "auto")
    .option("--commitments <file>", "补充预算承诺（YAML）/ further commitments (YAML) for the summary")
    .option("--lang <zh|en>", "输出语言 / output language", "zh")
    .action(async (file: string, options: CheckOptions) => {
      const lang = parseLang(options.lang);
      const zh = lang === "zh";
      const { rows, sample, encoding, at } = await readLedger(file, lang, options.encoding);
      const commitments = commitmentsFor(file, options.commitments, sample, lang);
      const engine = defaultEngine();
      // Each row's award read as the service's events: what it would refuse (errors) and leave undated (warnings).
      const findings = fileFindings(rows, at, lang);
      const evaluation = evaluateLedger(engine, rows, { trace: options.trace === true });
      const by: GroupKey[] = ["jurisdiction", "year"];
      const summary = summarize(evaluation, by, commitments);
      if (options.out) {
        const sheets: Sheet[] = [
          { name: zh ? "台账校验" : "Checked ledger", table: ledgerTable(rows, lang, evaluation, { trace: options.trace === true, sample }), ...(sample ? { banner: SAMPLE_BANNER } : {}) },
          { name: zh ? "汇总" : "Summary", table: summaryTable(summary, by, lang), ...(sample ? { banner: SAMPLE_BANNER } : {}) },
        ];
        await writeOut(options.out, sheets);
      }
      if (options.json) printJson({ ...(encoding ? { encoding } : {}), ...checkJson(evaluation, lang, sample), awardFindings: findings.map((f) => findingJson(f, lang)), summary: summary.map(withDeprecatedNames) });
      else {
        if (sample) process.stdout.write(`【${SAMPLE_BANNER}】\n`);
        const verdicts = { ok: 0, violation: 0, unchecked: 0 };
        const counts = new Map<string, number>();
        for (let i = 0; i < rows.length; i++) {
          const e = outcomeOf(evaluation, i);
          verdicts[e.verdict]++;
          counts.set(e.row.status, (counts.get(e.row.status) ?? 0) + 1);
          const mark = e.verdict === "ok" ? "✓" : e.verdict === "violation" ? "✗" : "?";
          const ceiling = e.error ? e.error.message[lang] : e.ceilingFen === null ? (zh ? "无上限" : "no ceiling") : formatYuan(e.ceilingFen, lang);
          const approved = e.row.approved === null ? "" : `  ${zh ? "核定" : "approved"} ${formatYuan(Math.round(e.row.approved * 100), lang)}`;
          process.stdout.write(`${mark} ${zh ? "第" : "row "}${i + 2}${zh ? "行" : ""}  ${e.row.applicationId}  ${e.row.provisionId}${e.row.notice ? (zh ? `（申报批次 ${e.row.notice}）` : ` (notice ${e.row.notice})`) : ""}  ${STATUS_LABEL[e.row.status][lang]}  ${zh ? "最高可补" : "ceiling"} ${ceiling}${approved}\n`);
        }
        process.stdout.write(zh ? `\n问题 ${evaluation.violations.length} 项：\n` : `\n${evaluation.violations.length} violation(s):\n`);
        for (const v of evaluation.violations) {
          process.stdout.write(`  ${zh ? "第" : "row "}${v.index + 2}${zh ? "行" : ""}  ${v.applicationId}  [${v.code}] ${VIOLATION_LABEL[v.code][lang]}：${v.message[lang]}\n`);
        }
        printFindings(findings, lang, (text) => process.stdout.write(text));
        process.stdout.write(
          zh
            ? `\n共 ${rows.length} 行：${[...counts].map(([s, n]) => `${STATUS_LABEL[s as LedgerRow["status"]].zh} ${n}`).join("，")}；有问题的行 ${verdicts.violation}，无法校验 ${verdicts.unchecked}\n\n`
            : `\n${rows.length} rows: ${[...counts].map(([s, n]) => `${s} ${n}`).join(", ")}; rows with violations ${verdicts.violation}, unchecked ${verdicts.unchecked}\n\n`,
        );
        printSummary(summary, by, lang);
      }
      if (evaluation.violations.length > 0 || findings.some((f) => f.severity === "error")) process.exitCode = 1;
    });

  ledger
    .command("summary")
    .description("按兑现主体、年度等汇总申请、核定、拨付与预算执行 / totals against commitments")
    .argument("<file>", "台账文件 .csv 或 .xlsx / ledger file")
    .option("--by <keys>", `分组，逗号分隔 / group by, comma-separated: ${GROUP_KEYS.join(",")}`, "jurisdiction,year")
    .option("--commitments <file>", "补充预算承诺（YAML，如示例数据的承诺）/ further commitments (YAML), e.g. the sample's")
    .option("--encoding <name>", ENCODING_OPTION, "auto")
    .option("--out <file>", "导出 .csv 或 .xlsx / write to .csv or .xlsx")
    .option("--json", "输出 JSON / print JSON")
    .option("--lang <zh|en>", "输出语言 / output language", "zh")
    .action(async (file: string, options: SummaryOptions) => {
      const lang = parseLang(options.lang);
      const by = parseBy(options.by);
      const { rows, sample, encoding } = await readLedger(file, lang, options.encoding);
      const commitments = commitmentsFor(file, options.commitments, sample, lang);
      const summary = summarize(evaluateLedger(defaultEngine(), rows, { trace: false }), by, commitments);
      if (options.out) await writeOut(options.out, [{ name: lang === "zh" ? "汇总" : "Summary", table: summaryTable(summary, by, lang), ...(sample ? { banner: SAMPLE_BANNER } : {}) }]);
      if (options.json) printJson({ ...(encoding ? { encoding } : {}), ...(sample ? { label: SAMPLE_BANNER } : {}), by, rows: summary.map(withDeprecatedNames), total: withDeprecatedNames(totalOf(summary)) });
      else {
        if (sample) process.stdout.write(`【${SAMPLE_BANNER}】\n`);
        printSummary(summary, by, lang);
      }
    });

  ledger
    .command("sample")
    .description("生成示例台账（确定性，含预置问题）/ write a deterministic sample ledger with planted violations")
    .option("--rows <n>", "行数 / rows", String(DEFAULT_SAMPLE_ROWS))
    .option("--seed <n>", "随机种子 / seed", "1")
    .option("--out <file>", "输出 .csv 或 .xlsx（默认 CSV 到标准输出）/ write .csv or .xlsx (default: CSV on stdout)")
    .option("--lang <zh|en>", "表头语言 / header language", "zh")
    .action(async (options: SampleOptions) => {
      const lang = parseLang(options.lang);
      const zh = lang === "zh";
      const rows = positiveInt("rows", options.rows, 1_000_000);
      const seed = positiveInt("seed", options.seed, 2 ** 31 - 1);
      const sample = sampleLedger({ rows, seed });
      const table = ledgerTable(sample.rows, lang, undefined, { sample: true });
      const plantedTable = {
        header: zh ? ["申请编号", "预置问题", "说明"] : ["Application ID", "Planted violation", "Note"],
        rows: sample.planted.map((p) => [p.applicationId, p.code, p.note[lang]]),
        money: [],
      };
      const commitmentsYaml = YAML.stringify({ commitments: sample.commitments.map((c) => ({ ...c, amount: c.amount / 100 })) });
      if (!options.out) {
        process.stdout.write(tableToCsv(table));
      } else {
        const commitmentTable = {
          header: zh ? ["兑现主体", "年度", "预算承诺（元）", "示例数据"] : ["Jurisdiction", "Year", "Committed (yuan)", "Sample data"],
          rows: sample.commitments.map((c) => [groupValueLabel("jurisdiction", c.jurisdiction, lang), c.year, c.amount / 100, SAMPLE_LABEL[lang]]),
          money: [2],
        };
        await writeOut(options.out, [
          { name: zh ? "台账" : "Ledger", table },
          { name: zh ? "示例预算承诺" : "Sample commitments", table: commitmentTable, banner: SAMPLE_BANNER },
          { name: zh ? "预置问题" : "Planted violations", table: plantedTable, banner: SAMPLE_BANNER },
        ]);
        const commitmentsFile = options.out.replace(/\.(csv|xlsx)$/i, "") + ".commitments.yaml";
        fs.writeFileSync(commitmentsFile, `# ${SAMPLE_BANNER}: sample commitments for the years the documents state none\n` + commitmentsYaml);
        process.stderr.write(
          zh
            ? `【${SAMPLE_BANNER}】已写入 ${options.out}（${sample.rows.length} 行）与示例预算承诺 ${commitmentsFile}\n（check 与 summary 会自动使用同名的示例预算承诺文件）\n`
            : `[${SAMPLE_BANNER}] wrote ${options.out} (${sample.rows.length} rows) and sample commitments ${commitmentsFile}\n(check and summary use the sample commitments file of the same name)\n`,
        );
      }
      process.stderr.write(zh ? `预置问题 ${sample.planted.length} 项：\n` : `${sample.planted.length} planted violation(s):\n`);
      for (const p of sample.planted) process.stderr.write(`  ${p.applicationId}  [${p.code}] ${p.note[lang]}\n`);
    });
}
