// The tables an export writes, shared by the CSV and XLSX writers: the ledger (raw, or evaluated with ceilings and
// problems) and a summary. Text cells are made formula-safe here, once, for both formats.
import { FACT_NAMES, type FactName, type Text } from "../catalog/schema.ts";
import { BOUND_LABEL, explainTrace } from "../engine/explain.ts";
import type { Lang } from "../money/format.ts";
import { COLUMN_HEADER, FIELD_NAMES, STATUS_LABEL } from "./columns.ts";
import { COLUMN_TERMS, SUMMARY_TERMS, TERMS, VERDICT_TERMS } from "../terms.ts";
import type { EvaluatedRow, LedgerEvaluation } from "./evaluate.ts";
import type { LedgerRow } from "./row.ts";
import { safeCell } from "./safe-cell.ts";
import { jurisdictionLabel } from "./offices.ts";
import { GROUP_KEYS, type GroupKey, type SummaryRow } from "./summary.ts";
import { VIOLATION_LABEL } from "./violation.ts";

export type OutCell = string | number | null;
export interface Table {
  header: string[];
  rows: OutCell[][];
  /** Column indices holding yuan amounts (an XLSX writer formats them). */
  money: number[];
  /** Column indices holding ratios. */
  ratio?: number[];
}

const text = (value: string): string => safeCell(value);

/** The ledger's own columns (and, given an evaluation, what the check found). Facts appear when any row has one. */
export function ledgerTable(
  rows: readonly LedgerRow[],
  lang: Lang,
  evaluation?: LedgerEvaluation,
  options: { trace?: boolean; sample?: boolean; facts?: readonly FactName[] } = {},
): Table {
  // A table written page by page names its fact columns up front (every page the same).
  const facts = options.facts ?? FACT_NAMES.filter((f) => rows.some((r) => r.facts[f] !== undefined));
  const header = [...FIELD_NAMES.map((f) => COLUMN_HEADER[f][lang]), ...facts.map((f) => COLUMN_HEADER[f][lang])];
  const money = [6, 9, 11, ...facts.map((_, i) => FIELD_NAMES.length + i)];
  if (evaluation) {
    const columns = evaluatedColumns(options.trace === true);
    columns.forEach((c, i) => c.money && money.push(header.length + i));
    header.push(...columns.map((c) => c.header[lang]));
  }
  if (options.sample) header.push(TERMS.sample[lang]);
  const out: OutCell[][] = rows.map((row, i) => {
    const cells: OutCell[] = [
      text(row.applicationId),
      text(row.projectId),
      text(row.enterprise),
      text(row.creditCode),
      text(row.district),
      text(row.provisionId),
      row.amount,
      row.applicationDate,
      STATUS_LABEL[row.status][lang],
      row.approved,
      row.approvalDate ?? null,
      row.paid,
      row.paidDate,
      text(row.note),
      row.notice ? text(row.notice) : null,
      ...facts.map((f: FactName) => row.facts[f] ?? null),
    ];
    const e = evaluation?.rows[i];
    if (e) cells.push(...evaluatedCells(e, lang, options.trace === true));
    if (options.sample) cells.push(lang === "zh" ? "示例数据" : "sample data");
    return cells;
  });
  return { header, rows: out, money };
}

const VERDICT_LABEL: Record<EvaluatedRow["verdict"], Text> = VERDICT_TERMS;

/** One column of what the check found: its header (a term), the fields of the evaluation it shows, its cell. */
export interface EvaluatedColumn {
  header: Text;
  /** The fields the cell reads: a reader of stored rows fetches what these are made of, and nothing else. */
  reads: readonly (keyof EvaluatedRow)[];
  money?: true;
  cell: (e: EvaluatedRow, lang: Lang) => OutCell;
}

function problemsOf(e: EvaluatedRow, lang: Lang): string {
  const problems = e.violations.map((v) => `${VIOLATION_LABEL[v.code][lang]}：${v.message[lang]}`);
  if (e.error && e.violations.length === 0) problems.push(e.error.message[lang]);
  return text(problems.join(lang === "zh" ? "；" : "; "));
}

/** The evaluated columns of a ledger table, in order (the trace last, when asked for). */
export const EVALUATED_COLUMNS: readonly EvaluatedColumn[] = [
  { header: TERMS.jurisdiction, reads: ["jurisdiction"], cell: (e, lang) => (e.jurisdiction ? jurisdictionLabel(e.jurisdiction, lang) : "") },
  { header: TERMS.document, reads: ["document"], cell: (e) => e.document ?? "" },
  { header: TERMS.year, reads: ["year"], cell: (e) => e.year },
  { header: TERMS.ceiling, reads: ["ceiling"], money: true, cell: (e) => e.ceiling },
  { header: TERMS.floor, reads: ["floor"], money: true, cell: (e) => e.floor },
  { header: TERMS.bound, reads: ["bound"], cell: (e, lang) => (e.bound ? BOUND_LABEL[e.bound][lang] : "") },
  { header: TERMS.drawn, reads: ["counted"], money: true, cell: (e) => e.counted },
  { header: TERMS.verdict, reads: ["verdict"], cell: (e, lang) => VERDICT_LABEL[e.verdict][lang] },
  { header: TERMS.problems, reads: ["violations", "error"], cell: problemsOf },
];
export const TRACE_COLUMN: EvaluatedColumn = { header: TERMS.trace, reads: ["trace"], cell: (e, lang) => text(explainTrace(e.trace, lang).join(lang === "zh" ? "；" : "; ")) };
/** The ledger's own columns are made of the row as entered. */
export const OWN_COLUMNS_READ: readonly (keyof EvaluatedRow)[] = ["row"];

const withTrace = [...EVALUATED_COLUMNS, TRACE_COLUMN];
const evaluatedColumns = (trace: boolean): readonly EvaluatedColumn[] => (trace ? withTrace : EVALUATED_COLUMNS);

function evaluatedCells(e: EvaluatedRow, lang: Lang, trace: boolean): OutCell[] {
  return evaluatedColumns(trace).map((c) => c.cell(e, lang));
}

const GROUP_LABEL: Record<GroupKey, Text> = {
  jurisdiction: TERMS.jurisdiction,
  year: TERMS.year,
  document: TERMS.document,
  provision: TERMS.provision,
  district: COLUMN_TERMS.district,
  enterprise: COLUMN_TERMS.enterprise,
  status: COLUMN_TERMS.status,
};

export function groupLabel(key: GroupKey, lang: Lang): string {
  return GROUP_LABEL[key][lang];
}

export function groupValueLabel(key: GroupKey, value: string | number | undefined, lang: Lang): string | number {
  if (value === undefined) return "";
  if (key === "jurisdiction") return jurisdictionLabel(String(value), lang);
  if (key === "status") return STATUS_LABEL[value as keyof typeof STATUS_LABEL]?.[lang] ?? String(value);
  return typeof value === "number" ? value : text(value);
}

const SUMMARY_HEADERS: Text[] = Object.values(SUMMARY_TERMS);

export function summaryTable(rows: readonly SummaryRow[], by: readonly GroupKey[], lang: Lang): Table {
  const keys = GROUP_KEYS.filter((k) => by.includes(k)).sort((a, b) => by.indexOf(a) - by.indexOf(b));
  const header = [...keys.map((k) => GROUP_LABEL[k][lang]), ...SUMMARY_HEADERS.map((h) => h[lang])];
  const n = keys.length;
  const yes = lang === "zh" ? "是" : "yes";
  return {
    header,
    rows: rows.map((r) => [
      ...keys.map((k) => groupValueLabel(k, r.key[k], lang)),
      r.count,
      r.requested,
      r.uncapped,
      r.approved,
      r.paid,
      r.committed,
      r.utilization,
      r.commitmentLeft,
      r.paidRatio,
      r.sample ? yes : "",
    ]),
    money: [n + 1, n + 3, n + 4, n + 5, n + 7],
    ratio: [n + 6, n + 8],
  };
}
