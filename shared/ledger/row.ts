// The ledger row: one application, the data contract shared by the Excel add-in, the service and the dashboard.
// The limits are named exports because the importer's fast path (import.ts) checks cells against them without
// running the schema; the schema below is built from the same constants, so the two cannot disagree on a limit.
import { z } from "zod";
import { FactName } from "../catalog/schema.ts";
import { isIsoDay } from "../engine/dates.ts";
import { STATUSES } from "../vocabulary.ts";

export { STATUSES };
export const Status = z.enum(STATUSES);
export type Status = z.infer<typeof Status>;

export const IsoDay = z.string().refine(isIsoDay, { message: "not a YYYY-MM-DD calendar day" });

/** The largest amount, approved or paid figure a row may carry (yuan). */
export const MAX_AMOUNT = 1e13;

/**
 * Length limits of the text fields, in UTF-16 code units, counted after trimming and after the case folding of
 * creditCode and provisionId. The note may be empty (min 0: the schema sets no minimum).
 */
export const TEXT_LENGTH = {
  applicationId: { min: 1, max: 64 },
  projectId: { min: 1, max: 64 },
  enterprise: { min: 1, max: 200 },
  creditCode: { min: 1, max: 32 },
  district: { min: 1, max: 50 },
  provisionId: { min: 1, max: 40 },
  note: { min: 0, max: 2000 },
} as const;
export type TextField = keyof typeof TEXT_LENGTH;

/** Whether a yuan figure is exact to the fen (at most two decimals), as Yuan requires. */
export function isExactToFen(yuan: number): boolean {
  return Math.round(yuan * 100) / 100 === yuan;
}

/** What `z.number().finite().nonnegative().max(MAX_AMOUNT)` accepts, for the importer's fast path. */
export function isAmountInRange(value: number): boolean {
  return value >= 0 && value <= MAX_AMOUNT;
}

/** A yuan amount: finite, not negative, at most two decimals (exact to the fen). */
export const Yuan = z
  .number()
  .finite()
  .nonnegative()
  .max(MAX_AMOUNT)
  .refine(isExactToFen, { message: "must be exact to the fen (at most 2 decimals)" });

const { applicationId, projectId, enterprise, creditCode, district, provisionId, note } = TEXT_LENGTH;

export const LedgerRow = z.strictObject({
  applicationId: z.string().trim().min(applicationId.min).max(applicationId.max),
  projectId: z.string().trim().min(projectId.min).max(projectId.max),
  enterprise: z.string().trim().min(enterprise.min).max(enterprise.max),
  /** Kept as entered: an invalid code is a violation the ledger check reports, not a reason to lose the row. */
  creditCode: z.string().trim().toUpperCase().min(creditCode.min).max(creditCode.max),
  district: z.string().trim().min(district.min).max(district.max),
  provisionId: z.string().trim().toLowerCase().min(provisionId.min).max(provisionId.max),
  /** The amount the provision is computed on (yuan, or a count); null for provisions that take none. */
  amount: z.number().finite().nonnegative().max(MAX_AMOUNT).nullable(),
  facts: z.partialRecord(FactName, Yuan).default({}),
  applicationDate: IsoDay,
  status: Status,
  approved: Yuan.nullable(),
  paid: Yuan.nullable(),
  paidDate: IsoDay.nullable(),
  note: z.string().max(note.max).default(""),
});
export type LedgerRow = z.infer<typeof LedgerRow>;
export type LedgerRowInput = z.input<typeof LedgerRow>;
