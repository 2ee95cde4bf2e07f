// The ledger's columns as files name them: one Chinese and one English header per field, plus the aliases
// officers write. Import reads either language; export writes one.
import { FACT_NAMES, type FactName, type Text } from "../catalog/schema.ts";
import type { Status } from "./row.ts";
import { COLUMN_TERMS, STATUS_TERMS, TERMS } from "../terms.ts";

export const FIELD_NAMES = [
  "applicationId",
  "projectId",
  "enterprise",
  "creditCode",
  "district",
  "provisionId",
  "amount",
  "applicationDate",
  "status",
  "approved",
  "approvalDate",
  "paid",
  "paidDate",
  "note",
  "notice",
] as const;
export type FieldName = (typeof FIELD_NAMES)[number];
export type ColumnName = FieldName | FactName;

export const COLUMN_HEADER: Record<ColumnName, Text> = COLUMN_TERMS;

/** Further headers officers write for the same column. */
const ALIASES: Partial<Record<ColumnName, string[]>> = {
  applicationId: ["申请号", "申报编号", "application", "applicationid", "application_id", "id"],
  projectId: ["项目号", "project", "projectid", "project_id"],
  enterprise: ["企业", "申报企业", "单位名称", "enterprise name", "company"],
  creditCode: ["信用代码", "社会信用代码", "credit code", "creditcode", "uscc", "unified social credit code"],
  district: ["区县", "所属区", "district"],
  provisionId: ["条款编号", "政策条款", "provision", "provisionid", "provision id", "provision_id"],
  amount: ["基数", "计算金额", "amount"],
  applicationDate: ["申报日期", "application date", "applicationdate", "date"],
  status: ["办理状态", "status"],
  approved: ["核定", "核定补助", "approved amount", "approved"],
  approvalDate: ["核定日期", "批准日期", "审批日期", "approved date", "approval day", "date approved"],
  paid: ["拨付", "已拨付金额", "paid amount", "paid"],
  paidDate: ["paid date", "paiddate"],
  note: ["说明", "note", "notes", "remark", "remarks"],
  notice: ["申报通知", "notice id", "notice_id", "application notice"],
  centralFunds: ["中央资金", "中央补助资金"],
  municipalFunds: ["市级资金", "市级专项资金"],
  rndGrowth: ["研发增长额", "当年研发投入增长额"],
  annualPurchases: ["采购额"],
  insuredValue: ["保险金额"],
};

/** Columns an exported, evaluated ledger adds: the importer recognises and skips them. */
export const DERIVED_HEADERS: Text[] = [
  TERMS.jurisdiction,
  TERMS.document,
  TERMS.year,
  TERMS.ceiling,
  TERMS.floor,
  TERMS.bound,
  TERMS.drawn,
  TERMS.verdict,
  TERMS.problems,
  TERMS.trace,
  TERMS.sample,
];
/** The same columns as exports before the one vocabulary headed them: still recognised and skipped. */
const OLD_DERIVED = ["计入上限", "Counted", "Bound"];

/** Header text reduced to what identifies it: no case, spaces, underscores, or a unit in brackets. */
export function normalizeHeader(text: string): { key: string; unit: "元" | "万元" | "亿元" | null } {
  const t = text.normalize("NFKC").trim();
  const unitMatch = /[(（\[]\s*(元|万元|亿元)\s*[)）\]]\s*$/.exec(t);
  const stripped = t.replace(/[(（\[][^)）\]]*[)）\]]\s*$/, "");
  return { key: stripped.toLowerCase().replace(/[\s_\-:：]/g, ""), unit: (unitMatch?.[1] as "元" | "万元" | "亿元" | undefined) ?? null };
}

const LOOKUP = new Map<string, ColumnName>();
for (const name of [...FIELD_NAMES, ...FACT_NAMES] as ColumnName[]) {
  for (const text of [COLUMN_HEADER[name].zh, COLUMN_HEADER[name].en, name, ...(ALIASES[name] ?? [])]) LOOKUP.set(normalizeHeader(text).key, name);
}
const DERIVED = new Set([...DERIVED_HEADERS.flatMap((h) => [h.zh, h.en]), ...OLD_DERIVED].map((h) => normalizeHeader(h).key));

export function columnForHeader(text: string): ColumnName | "derived" | null {
  const { key } = normalizeHeader(text);
  if (key === "") return null;
  return LOOKUP.get(key) ?? (DERIVED.has(key) ? "derived" : null);
}

export const STATUS_LABEL: Record<Status, Text> = STATUS_TERMS;

const STATUS_WORDS: Record<string, Status> = {
  applied: "applied", pending: "applied", 已申请: "applied", 申请中: "applied", 已申报: "applied", 申报中: "applied", 待审核: "applied", 审核中: "applied", 受理: "applied", 已受理: "applied",
  approved: "approved", 已核定: "approved", 核定: "approved", 已批准: "approved", 已审定: "approved", 已审核: "approved", 通过: "approved", 已通过: "approved",
  paid: "paid", 已拨付: "paid", 拨付: "paid", 已兑现: "paid", 已支付: "paid",
  rejected: "rejected", 未通过: "rejected", 不予支持: "rejected", 已驳回: "rejected", 驳回: "rejected", 不通过: "rejected",
  withdrawn: "withdrawn", 已撤回: "withdrawn", 撤回: "withdrawn", 撤销: "withdrawn", 已撤销: "withdrawn",
};

// A Map, not the object: a cell reading "constructor" must not find one of Object's properties.
const STATUS_OF_WORD = new Map<string, Status>(Object.entries(STATUS_WORDS));

export function statusFromText(text: string): Status | null {
  // Most files write one of the words exactly: looking up the text as written first spares the NFKC normalisation.
  return STATUS_OF_WORD.get(text) ?? STATUS_OF_WORD.get(text.normalize("NFKC").trim().toLowerCase()) ?? null;
}
