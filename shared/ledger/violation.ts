// What the ledger check reports: one violation per problem per row, each with a Chinese and an English message.
import type { Text } from "../catalog/schema.ts";
import { VIOLATION_TERMS } from "../terms.ts";

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

export const VIOLATION_LABEL: Record<ViolationCode, Text> = VIOLATION_TERMS;

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
