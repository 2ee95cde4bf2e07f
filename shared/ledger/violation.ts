// What the ledger check reports: one violation per problem per row, each with a Chinese and an English message.
import type { Text } from "../catalog/schema.ts";

export const VIOLATION_CODES = [
  "unknown_provision",
  "invalid_input",
  "not_in_force",
  "invalid_credit_code",
  "duplicate_id",
  "status_inconsistent",
  "approved_above_ceiling",
  "approved_below_floor",
  "cap_exceeded",
  "paid_above_approved",
  "stacking",
] as const;
export type ViolationCode = (typeof VIOLATION_CODES)[number];

export const VIOLATION_LABEL: Record<ViolationCode, Text> = {
  unknown_provision: { zh: "条款不存在", en: "unknown provision" },
  invalid_input: { zh: "申报数据无效", en: "invalid inputs" },
  not_in_force: { zh: "申请日不在有效期内", en: "not in force on the application date" },
  invalid_credit_code: { zh: "统一社会信用代码无效", en: "invalid credit code" },
  duplicate_id: { zh: "申请编号重复", en: "duplicate application ID" },
  status_inconsistent: { zh: "状态与金额不符", en: "status and amounts disagree" },
  approved_above_ceiling: { zh: "核定金额超过最高可补", en: "approved above the ceiling" },
  approved_below_floor: { zh: "核定金额低于最低额", en: "approved below the floor" },
  cap_exceeded: { zh: "跨行累计超过上限", en: "cap exceeded across rows" },
  paid_above_approved: { zh: "拨付金额超过核定金额", en: "paid above approved" },
  stacking: { zh: "违反叠加原则（同类不重复享受）", en: "stacking forbidden (same kind, not both)" },
};

export interface Violation {
  code: ViolationCode;
  applicationId: string;
  /** The row's position in the input (0-based); the file's row number is index + 2 (after the header). */
  index: number;
  message: Text;
  /** The ledger column at fault: "approved", "paid", "creditCode", "applicationDate", "provisionId", … */
  field?: string;
  /** Other rows the problem involves: the first row with a duplicate ID, the rows that used a cap, the row that stands. */
  related?: string[];
  /** The cap key, for cap_exceeded. */
  capKey?: string;
}
