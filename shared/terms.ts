// The product's words, in Chinese and English: the glossary's concepts (../glossary.md) and the ledger's columns.
// Every label table (ledger and export headers, violation labels, the CLI summary, the payment list, the dashboard's
// term entries, the add-in's input names) reads this file, so one concept has one name on every surface. Free of
// any library: the dashboard's first download imports it.
import { scaleLabel, type AmountScale } from "./money/format.ts";

export interface Term {
  zh: string;
  en: string;
}

/** The glossary's concepts, and the words the product builds on them. */
export const TERMS = {
  document: { zh: "政策文件", en: "Document" },
  jurisdiction: { zh: "兑现主体", en: "Jurisdiction" },
  /** The jurisdiction a token belongs to (or `all`): the glossary's office, what token messages and options name. */
  office: { zh: "经办单位", en: "Office" },
  provision: { zh: "条款", en: "Provision" },
  amount: { zh: "计算基数", en: "Amount" },
  fact: { zh: "申报要素", en: "Fact" },
  rate: { zh: "比例", en: "Rate" },
  cap: { zh: "上限", en: "Cap" },
  capGroup: { zh: "共享上限", en: "Cap group" },
  capScope: { zh: "上限口径", en: "Cap scope" },
  threshold: { zh: "门槛", en: "Threshold" },
  ceiling: { zh: "最高可补", en: "Ceiling" },
  floor: { zh: "最低额", en: "Floor" },
  awarded: { zh: "已获补助", en: "Awarded" },
  /** Cap minus awarded: what Excel's CQ.REMAINING returns. */
  headroom: { zh: "剩余额度", en: "Headroom" },
  /** What a row takes from the caps it falls under (approved, else its ceiling while pending). */
  drawn: { zh: "占用上限", en: "Drawn" },
  inForce: { zh: "有效期", en: "In force" },
  stacking: { zh: "叠加原则", en: "Stacking principle" },
  ledger: { zh: "兑现台账", en: "Ledger" },
  ledgerRow: { zh: "台账行", en: "Ledger row" },
  application: { zh: "申请", en: "Application" },
  approved: { zh: "核定金额", en: "Approved" },
  paid: { zh: "拨付金额", en: "Paid" },
  commitment: { zh: "预算承诺", en: "Commitment" },
  /** Commitment minus approved: a summary's, never a cap's (that is headroom). */
  commitmentLeft: { zh: "剩余承诺", en: "Commitment left" },
  utilization: { zh: "预算执行率", en: "Utilization" },
  paidRatio: { zh: "拨付率", en: "Paid ÷ approved" },
  trace: { zh: "计算过程", en: "Trace" },
  /** What decided a ceiling: the formula, a cap, the headroom, a threshold. */
  bound: { zh: "决定因素", en: "Decided by" },
  /** The application notice (申报通知) a row was applied under, as the ledger's column names it. */
  notice: { zh: "申报批次", en: "Notice" },
  noticeDocument: { zh: "申报通知", en: "Application notice" },
  catalogVersion: { zh: "规则版本", en: "Catalog version" },
  year: { zh: "年度", en: "Year" },
  verdict: { zh: "校验结果", en: "Verdict" },
  problems: { zh: "问题", en: "Problems" },
  sample: { zh: "示例数据", en: "Sample data" },
  rows: { zh: "笔数", en: "Rows" },
  paymentList: { zh: "拨付清单", en: "Payment list" },
} as const satisfies Record<string, Term>;
export type TermName = keyof typeof TERMS;

/** The ledger's own columns (a row's fields, then its facts), as files and screens head them. */
export const COLUMN_TERMS = {
  applicationId: { zh: "申请编号", en: "Application ID" },
  projectId: { zh: "项目编号", en: "Project ID" },
  enterprise: { zh: "企业名称", en: "Enterprise" },
  creditCode: { zh: "统一社会信用代码", en: "Credit code" },
  district: { zh: "所属区县", en: "District" },
  provisionId: TERMS.provision,
  amount: TERMS.amount,
  applicationDate: { zh: "申请日期", en: "Application date" },
  status: { zh: "状态", en: "Status" },
  approved: TERMS.approved,
  approvalDate: { zh: "核准日期", en: "Approval date" },
  paid: TERMS.paid,
  paidDate: { zh: "拨付日期", en: "Paid date" },
  note: { zh: "备注", en: "Note" },
  notice: TERMS.notice,
  centralFunds: { zh: "中央财政补助资金", en: "centralFunds" },
  municipalFunds: { zh: "市级补助资金", en: "municipalFunds" },
  rndGrowth: { zh: "研发投入增长额", en: "rndGrowth" },
  annualPurchases: { zh: "年累计采购额", en: "annualPurchases" },
  insuredValue: { zh: "投保金额", en: "insuredValue" },
} as const satisfies Record<string, Term>;
export type ColumnTermName = keyof typeof COLUMN_TERMS;

/** A ledger row's status. */
export const STATUS_TERMS = {
  applied: { zh: "已申请", en: "Applied" },
  approved: { zh: "已核定", en: "Approved" },
  paid: { zh: "已拨付", en: "Paid" },
  rejected: { zh: "未通过", en: "Rejected" },
  withdrawn: { zh: "已撤回", en: "Withdrawn" },
} as const satisfies Record<string, Term>;

/** What decided a ceiling (the trace's `bound`), as "决定因素：…" / "decided by …" completes it. */
export const BOUND_TERMS = {
  none: { zh: "按公式计算", en: "the formula" },
  cap: { zh: "上限", en: "a cap" },
  headroom: { zh: TERMS.headroom.zh, en: "the headroom left" },
  threshold: { zh: "未达门槛", en: "the threshold (not met)" },
  baseLimit: { zh: "计算基数上限", en: "the limit on the base" },
} as const satisfies Record<string, Term>;

/** The ledger check's violations, one label per code. */
export const VIOLATION_TERMS = {
  unknown_provision: { zh: "条款不存在", en: "unknown provision" },
  invalid_input: { zh: "申请数据无效", en: "invalid inputs" },
  not_in_force: { zh: "申请日不在有效期内", en: "not in force on the application date" },
  invalid_credit_code: { zh: "统一社会信用代码无效", en: "invalid credit code" },
  duplicate_id: { zh: "申请编号重复", en: "duplicate application ID" },
  status_inconsistent: { zh: "状态与金额不符", en: "status and amounts disagree" },
  approved_above_ceiling: { zh: "核定金额超过最高可补", en: "approved above the ceiling" },
  approved_below_floor: { zh: "核定金额低于最低额", en: "approved below the floor" },
  cap_exceeded: { zh: "跨行累计超过上限", en: "cap exceeded across rows" },
  paid_above_approved: { zh: "拨付金额超过核定金额", en: "paid above approved" },
  stacking: { zh: "违反叠加原则（同类不重复享受）", en: "stacking forbidden (same kind, not both)" },
} as const satisfies Record<string, Term>;

/** An evaluated row's verdict. */
export const VERDICT_TERMS = {
  ok: { zh: "通过", en: "ok" },
  violation: { zh: "有问题", en: "violation" },
  unchecked: { zh: "无法校验", en: "unchecked" },
} as const satisfies Record<string, Term>;

/** A ledger summary's figures, as its export and the CLI head them. */
export const SUMMARY_TERMS = {
  count: TERMS.rows,
  requested: { zh: "申请额（最高可补合计）", en: "Requested (sum of ceilings)" },
  uncapped: { zh: "无上限笔数", en: "Rows without a ceiling" },
  approved: TERMS.approved,
  paid: TERMS.paid,
  committed: TERMS.commitment,
  utilization: TERMS.utilization,
  commitmentLeft: TERMS.commitmentLeft,
  paidRatio: TERMS.paidRatio,
  sample: { zh: "承诺为示例数据", en: "Sample commitment" },
} as const satisfies Record<string, Term>;

/** The payment list's columns (拨付清单), in their order. */
export const PAYMENT_LIST_TERMS = {
  number: { zh: "序号", en: "No." },
  applicationId: COLUMN_TERMS.applicationId,
  jurisdiction: TERMS.jurisdiction,
  enterprise: COLUMN_TERMS.enterprise,
  creditCode: COLUMN_TERMS.creditCode,
  documentNumber: { zh: "政策文件文号", en: "Document number" },
  provision: TERMS.provision,
  date: { zh: "核定日期（无核定记录的为申请日期）", en: "Approval date (application date where none is recorded)" },
  dateBasis: { zh: "日期类别", en: "Date is" },
  approved: { zh: `${TERMS.approved.zh}（元）`, en: `${TERMS.approved.en} (yuan)` },
  paid: { zh: "已拨付金额（元）", en: "Paid so far (yuan)" },
  toPay: { zh: "本次应拨付金额（元）", en: "To pay (yuan)" },
  toPayCapitals: { zh: "应拨付金额大写", en: "To pay in capitals (大写)" },
} as const satisfies Record<string, Term>;

/** A term in one language, with the unit a money column shows (the shared formatter's scale: 元, 亿元, million yuan …). */
export function termIn(term: Term, lang: "zh" | "en", unit?: AmountScale): string {
  if (unit === undefined) return term[lang];
  const label = scaleLabel(unit, lang);
  return lang === "zh" ? `${term.zh}（${label}）` : `${term.en} (${label})`;
}
