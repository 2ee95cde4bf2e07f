// The catalog's building blocks that formulas and documents share: facts, texts, amounts, rates, caps and
// thresholds as the documents write them, each held exactly (fen, basis points). Checked at load.
import { z } from "zod";
import { parseAmountText, parseRateText } from "../money/parse.ts";
import { CAP_SCOPES, FACT_NAMES } from "../vocabulary.ts";

export const FactName = z.enum(FACT_NAMES);
export type FactName = z.infer<typeof FactName>;

export const Text = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });
export type Text = z.infer<typeof Text>;

/** An amount as the text writes it ("2000万元", "1亿元") or a number of yuan; held as fen. */
export const Amount = z
  .union([z.string(), z.number()])
  .transform((value, ctx) => {
    const fen = typeof value === "number" ? parseAmountText(String(value)) : parseAmountText(value);
    if (fen === null) {
      ctx.addIssue({ code: "custom", message: `not an amount: ${JSON.stringify(value)} (write 2000万元, 1亿元 or yuan)` });
      return z.NEVER;
    }
    return fen;
  });

/** A rate as the text writes it ("10%"); held as basis points. */
export const Rate = z.string().transform((value, ctx) => {
  const bp = parseRateText(value);
  if (bp === null) {
    ctx.addIssue({ code: "custom", message: `not a rate: ${JSON.stringify(value)} (write 10%)` });
    return z.NEVER;
  }
  return bp;
});

/** What a rate or threshold applies to: the provision's amount argument, or one of its named facts. */
export const BaseRef = z.union([z.literal("amount"), FactName]);
export type BaseRef = z.infer<typeof BaseRef>;

export const CapScope = z.enum(CAP_SCOPES);
export type CapScope = z.infer<typeof CapScope>;

export const Cap = z.strictObject({
  limit: Amount,
  scope: CapScope,
  /** Provisions that draw on one cap together name the same group (jiulongpo-12b and 12c). */
  group: z.string().regex(/^[a-z0-9-]+$/).optional(),
  /** The words of the source that set this cap. */
  citation: z.string().min(1),
});
export type Cap = z.infer<typeof Cap>;

export const Threshold = z.strictObject({
  on: BaseRef,
  value: Amount,
  /** 以上 / 及以上 / 不低于 include the value; 超过 / 高于 exclude it. */
  inclusive: z.boolean(),
  citation: z.string().min(1),
});
export type Threshold = z.infer<typeof Threshold>;
