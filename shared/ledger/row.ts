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
 * Length limits of the text fields, in UTF-16 code units, counted after trimming, the case folding of creditCode and
 * provisionId, and NFC normalisation. The note may be empty.
 */
export const TEXT_LENGTH = {
  applicationId: { min: 1, max: 64 },
  projectId: { min: 1, max: 64 },
  enterprise: { min: 1, max: 200 },
  creditCode: { min: 1, max: 32 },
  district: { min: 1, max: 50 },
  provisionId: { min: 1, max: 40 },
  note: { min: 0, max: 2000 },
  notice: { min: 1, max: 80 },
} as const;
export type TextField = keyof typeof TEXT_LENGTH;

// Text hygiene. Text is stored NFC-normalised, so that an ID typed with a composed character and one pasted with its
// decomposed form (or a CJK compatibility ideograph, which NFC maps to the unified one) are one ID, not two that look
// alike. Refused: control characters (C0, DEL, C1 — a NUL ends a C string, and the others corrupt CSV and terminals),
// except the tab and line break a note may hold (a CR or CRLF in a note is stored as LF); lone surrogates, which are
// no character at all and do not survive UTF-8; and in the fields that identify something (all but the note), the
// invisible format characters — zero-width spaces and joiners, bidirectional overrides, a byte-order mark — which
// make two look-alike IDs differ.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const CONTROL_OR_LINE = /[\u0000-\u001f\u007f-\u009f]/;
const FORMAT = /\p{Cf}/u;
const CONTROL_OR_FORMAT = /[\p{Cc}\p{Cf}]/u;

const SURROGATE = /[\ud800-\udfff]/;

/**
 * Whether the text is made only of characters that are their own NFC form, combine with nothing before them, and
 * that no field refuses: printable ASCII, Latin-1 and the rest below U+0300 (no soft hyphen), CJK punctuation,
 * unified ideographs and full-width forms. Most of a ledger's cells are such text, and skip normalisation and the
 * checks (test/ledger/round-trip.test.ts holds every character of the class to it). A loop, not a regular
 * expression: it runs on most cells of a large file, and a character class over two-byte text costs ten times more.
 */
export function isPlainText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x4e00 ? c <= 0x9fff || (c >= 0xff01 && c <= 0xff5e) : c >= 0x20 && (c <= 0x7e || (c >= 0xa0 && c <= 0x2ff && c !== 0xad) || (c >= 0x3001 && c <= 0x3029))) continue;
    return false;
  }
  return true;
}

/** Whether every surrogate in the text is half of a pair (String.isWellFormed, which not every add-in host has). */
function wellFormed(text: string): boolean {
  if (!SURROGATE.test(text)) return true;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xd800 || unit > 0xdfff) continue;
    const next = text.charCodeAt(i + 1);
    if (unit > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return false;
    i++;
  }
  return true;
}

/** Whether `text` (already trimmed and NFC-normalised) holds nothing the field refuses. */
export function isCleanText(text: string, field: TextField): boolean {
  if (isPlainText(text)) return true;
  if (!wellFormed(text)) return false;
  if (field === "note") return !CONTROL.test(text);
  return !CONTROL_OR_LINE.test(text) && !FORMAT.test(text);
}

/** What is wrong with a text field's value (the first character refused, by code point and position); null when clean. */
export function textProblem(text: string, field: TextField): { zh: string; en: string } | null {
  if (isCleanText(text, field)) return null;
  let position = 0;
  for (let i = 0; i < text.length; i++, position++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff) {
      i++;
      continue;
    }
    const at = `U+${unit.toString(16).toUpperCase().padStart(4, "0")}`;
    if (unit >= 0xd800 && unit <= 0xdfff) return { zh: `第 ${position + 1} 个字符是孤立的代理项 ${at}（不是有效字符）`, en: `character ${position + 1} is a lone surrogate ${at} (not a character)` };
    const ch = text[i] as string;
    if (field === "note" ? CONTROL.test(ch) : CONTROL_OR_FORMAT.test(ch)) {
      const kind = CONTROL_OR_LINE.test(ch) ? { zh: "控制字符", en: "the control character" } : { zh: "不可见的格式字符", en: "the invisible format character" };
      return { zh: `第 ${position + 1} 个字符是${kind.zh} ${at}，不允许`, en: `character ${position + 1} is ${kind.en} ${at}, which is not allowed` };
    }
  }
  return null;
}

/** A note's line breaks as stored: CRLF and CR become LF. */
export function noteLineBreaks(text: string): string {
  return text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
}

/**
 * A text field: trimmed, case-folded where the field is, NFC-normalised (after the fold, which can leave a
 * decomposed character: ǰ → J̌), then its length and characters checked. What it stores reads back as itself.
 */
function textField(field: TextField, fold?: "upper" | "lower") {
  const { min, max } = TEXT_LENGTH[field];
  let schema = z.string().trim();
  if (fold === "upper") schema = schema.toUpperCase();
  if (fold === "lower") schema = schema.toLowerCase();
  schema = schema.normalize("NFC");
  if (field === "note") schema = schema.overwrite(noteLineBreaks);
  return schema
    .min(min)
    .max(max)
    .check((ctx) => {
      const problem = textProblem(ctx.value, field);
      if (problem) ctx.issues.push({ code: "custom", message: problem.en, input: ctx.value, params: { zh: problem.zh } });
    });
}

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

export const LedgerRow = z.strictObject({
  applicationId: textField("applicationId"),
  projectId: textField("projectId"),
  enterprise: textField("enterprise"),
  /** Kept as entered: an invalid code is a violation the ledger check reports, not a reason to lose the row. */
  creditCode: textField("creditCode", "upper"),
  district: textField("district"),
  provisionId: textField("provisionId", "lower"),
  /** The amount the provision is computed on (yuan, or a count); null for provisions that take none. */
  amount: z.number().finite().nonnegative().max(MAX_AMOUNT).nullable(),
  facts: z.partialRecord(FactName, Yuan).default({}),
  applicationDate: IsoDay,
  status: Status,
  approved: Yuan.nullable(),
  paid: Yuan.nullable(),
  paidDate: IsoDay.nullable(),
  note: textField("note").default(""),
  /** 申报批次: the application notice (rules/notices/) whose figures apply to the row; absent or null for the document's own. */
  notice: textField("notice").nullable().optional(),
  /**
   * 核准日期: the day the award was approved, which the approval event a batch derives is dated (row-events.ts);
   * absent or null when not recorded. Last, so that a row without one is keyed as rows were before it.
   */
  approvalDate: IsoDay.nullable().optional(),
});
export type LedgerRow = z.infer<typeof LedgerRow>;
export type LedgerRowInput = z.input<typeof LedgerRow>;
