// The ledger row: one application, the data contract shared by the Excel add-in, the service and the dashboard.
import { z } from "zod";
import { FactName } from "../catalog/schema.ts";
import { isIsoDay } from "../engine/dates.ts";
import { STATUSES } from "../vocabulary.ts";

export { STATUSES };
export const Status = z.enum(STATUSES);
export type Status = z.infer<typeof Status>;

export const IsoDay = z.string().refine(isIsoDay, { message: "not a YYYY-MM-DD calendar day" });

/** A yuan amount: finite, not negative, at most two decimals (exact to the fen). */
export const Yuan = z
  .number()
  .finite()
  .nonnegative()
  .max(1e13)
  .refine((v) => Math.round(v * 100) / 100 === v, { message: "must be exact to the fen (at most 2 decimals)" });

export const LedgerRow = z.strictObject({
  applicationId: z.string().trim().min(1).max(64),
  projectId: z.string().trim().min(1).max(64),
  enterprise: z.string().trim().min(1).max(200),
  /** Kept as entered: an invalid code is a violation the ledger check reports, not a reason to lose the row. */
  creditCode: z.string().trim().toUpperCase().min(1).max(32),
  district: z.string().trim().min(1).max(50),
  provisionId: z.string().trim().toLowerCase().min(1).max(40),
  /** The amount the provision is computed on (yuan, or a count); null for provisions that take none. */
  amount: z.number().finite().nonnegative().max(1e13).nullable(),
  facts: z.partialRecord(FactName, Yuan).default({}),
  applicationDate: IsoDay,
  status: Status,
  approved: Yuan.nullable(),
  paid: Yuan.nullable(),
  paidDate: IsoDay.nullable(),
  note: z.string().max(2000).default(""),
});
export type LedgerRow = z.infer<typeof LedgerRow>;
export type LedgerRowInput = z.input<typeof LedgerRow>;
