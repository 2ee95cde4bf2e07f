// The shape of the policy catalog (rules/documents/*.yaml), checked at load. The formula vocabulary is
// closed: every node kind below is interpreted by shared/engine; nothing in the data is ever executed.
import { z } from "zod";
import { parseAmountText, parseRateText } from "../money/parse.ts";
import { CAP_SCOPES, DOCUMENT_KEYS, FACT_NAMES, JURISDICTIONS } from "../vocabulary.ts";

export { CAP_SCOPES, DOCUMENT_KEYS, FACT_NAMES, JURISDICTIONS };

export const FactName = z.enum(FACT_NAMES);
export type FactName = z.infer<typeof FactName>;

export const DocumentKey = z.enum(DOCUMENT_KEYS);
export type DocumentKey = z.infer<typeof DocumentKey>;

export const Jurisdiction = z.enum(JURISDICTIONS);
export type Jurisdiction = z.infer<typeof Jurisdiction>;

export const Text = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });
export type Text = z.infer<typeof Text>;

const IsoDate = z.iso.date();

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

export type Formula =
  | { kind: "rate"; rate: number; of: BaseRef; baseLimit?: { rate: number; of: BaseRef; citation: string } | undefined }
  | { kind: "match"; rate: number; of: BaseRef }
  | { kind: "fixed"; amount: number; exact: boolean }
  | { kind: "perUnit"; amount: number; of: BaseRef }
  | { kind: "range"; floor: number; ceiling: number }
  | { kind: "atLeast"; floor: number }
  | { kind: "branch"; fact: FactName; received: Formula; otherwise: Formula }
  | { kind: "higherOf"; options: Formula[] }
  | { kind: "threshold"; threshold: Threshold; then: Formula }
  | { kind: "capped"; caps: Cap[]; of: Formula }
  | { kind: "notComputable"; reason: Text };

type FormulaInput =
  | { kind: "rate"; rate: string; of: BaseRef; baseLimit?: { rate: string; of: BaseRef; citation: string } | undefined }
  | { kind: "match"; rate: string; of: BaseRef }
  | { kind: "fixed"; amount: string | number; exact?: boolean | undefined }
  | { kind: "perUnit"; amount: string | number; of: BaseRef }
  | { kind: "range"; floor: string | number; ceiling: string | number }
  | { kind: "atLeast"; floor: string | number }
  | { kind: "branch"; fact: FactName; received: FormulaInput; otherwise: FormulaInput }
  | { kind: "higherOf"; options: FormulaInput[] }
  | { kind: "threshold"; threshold: z.input<typeof Threshold>; then: FormulaInput }
  | { kind: "capped"; caps: z.input<typeof Cap>[]; of: FormulaInput }
  | { kind: "notComputable"; reason: Text };

export const Formula: z.ZodType<Formula, FormulaInput> = z.lazy(() =>
  z.discriminatedUnion("kind", [
    z.strictObject({
      kind: z.literal("rate"),
      rate: Rate,
      of: BaseRef,
      /** A limit on the base itself: chongqing2023-11 counts the premium only up to 3% of the insured value. */
      baseLimit: z.strictObject({ rate: Rate, of: BaseRef, citation: z.string().min(1) }).optional(),
    }),
    /** A rate applied to higher-level funds (配套): computed as a rate, worded as matching. */
    z.strictObject({ kind: z.literal("match"), rate: Rate, of: BaseRef }),
    /** A fixed award; `exact` when the text grants the sum itself (给予15万元), not "up to" (最高). */
    z.strictObject({ kind: z.literal("fixed"), amount: Amount, exact: z.boolean().default(false) }),
    z.strictObject({ kind: z.literal("perUnit"), amount: Amount, of: BaseRef }),
    z.strictObject({ kind: z.literal("range"), floor: Amount, ceiling: Amount }),
    /** An open-ended minimum (100万元及以上): a floor and no ceiling. */
    z.strictObject({ kind: z.literal("atLeast"), floor: Amount }),
    /** Takes `received` when the fact is given and above zero, else `otherwise`. */
    z.strictObject({ kind: z.literal("branch"), fact: FactName, received: Formula, otherwise: Formula }),
    /** The higher of alternative methods (就高不就低); an option whose fact is not given is skipped. */
    z.strictObject({ kind: z.literal("higherOf"), options: z.array(Formula).min(2) }),
    z.strictObject({ kind: z.literal("threshold"), threshold: Threshold, then: Formula }),
    z.strictObject({ kind: z.literal("capped"), caps: z.array(Cap).min(1), of: Formula }),
    z.strictObject({ kind: z.literal("notComputable"), reason: Text }),
  ]),
) as unknown as z.ZodType<Formula, FormulaInput>;

export const AmountUnit = z.enum(["yuan", "count"]);
export type AmountUnit = z.infer<typeof AmountUnit>;

export const Provision = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+-[0-9]+[a-z]?$/),
  clause: z.string().min(1),
  title: Text,
  /** The verbatim sentence(s) of the source this provision encodes. */
  citation: z.string().min(1),
  /** What the amount argument means; absent when the provision takes none (a fixed award). */
  amount: z.strictObject({ meaning: Text, unit: AmountUnit }).optional(),
  facts: z
    .array(z.strictObject({ name: FactName, meaning: Text }))
    .default([]),
  beneficiary: Text,
  /** 择优: awarded selectively, so the ceiling is a maximum, not an entitlement. */
  discretionary: z.boolean(),
  /** Conditions of eligibility the text states and the formula does not compute. */
  conditions: Text.optional(),
  formula: Formula,
  notes: Text.optional(),
});
export type Provision = z.infer<typeof Provision>;

export const StackingPrinciple = z.enum(["higher", "newer"]);
export type StackingPrinciple = z.infer<typeof StackingPrinciple>;

export const Document = z.strictObject({
  key: DocumentKey,
  title: Text,
  number: z.string().nullable(),
  issuer: Text,
  jurisdiction: Jurisdiction,
  issued: IsoDate,
  inForce: z.strictObject({
    start: IsoDate,
    end: IsoDate.nullable(),
    citation: z.string().min(1).optional(),
    note: Text.optional(),
  }),
  stacking: z.strictObject({
    principle: StackingPrinciple,
    citation: z.string().min(1),
    /** Provisions of one kind that a project may not combine; the principle says which one stands. */
    sameKind: z.array(z.strictObject({ name: Text, provisions: z.array(z.string()).min(2) })).default([]),
  }),
  source: z.strictObject({ file: z.string().regex(/^[a-z0-9]+\.txt$/), url: z.string().optional() }),
  provisions: z.array(Provision).min(1),
});
export type Document = z.infer<typeof Document>;

export const CommitmentSource = z.union([
  z.strictObject({ kind: z.literal("document"), document: DocumentKey, citation: z.string().min(1) }),
  z.strictObject({ kind: z.literal("entered"), enteredBy: z.string().min(1), enteredAt: z.iso.datetime({ offset: true }) }),
]);

/**
 * A commitment is a ceiling (预算上限: a budget awards must stay within) or a floor (至少投入: a sum the jurisdiction
 * undertakes to spend at least). Absent means ceiling; see commitmentKind.
 */
export const CommitmentKind = z.enum(["ceiling", "floor"]);
export type CommitmentKind = z.infer<typeof CommitmentKind>;

export const Commitment = z.strictObject({
  jurisdiction: Jurisdiction,
  year: z.number().int().min(2000).max(2100),
  amount: Amount,
  kind: CommitmentKind.optional(),
  /** The earlier spelling of kind: floor (至少), still read from stored commitments and requests. */
  atLeast: z.boolean().default(false),
  source: CommitmentSource,
  sample: z.boolean().default(false),
  note: Text.optional(),
});
export type Commitment = z.infer<typeof Commitment>;

export { commitmentKind } from "./commitment-kind.ts";

export const CommitmentsFile = z.strictObject({ commitments: z.array(Commitment) });

/** One data case beside the catalog: inputs and the amount worked out by hand from the source text. */
export const RuleCase = z.strictObject({
  provision: z.string(),
  name: z.string().min(1),
  amount: z.number().optional(),
  facts: z.partialRecord(FactName, z.number()).default({}),
  awarded: z.number().optional(),
  date: IsoDate.optional(),
  expect: z.union([
    z.strictObject({
      ceiling: z.number().nullable(),
      floor: z.number().nullable().optional(),
      bound: z.enum(["none", "cap", "headroom", "threshold", "baseLimit"]).optional(),
    }),
    z.strictObject({ error: z.enum(["unknown_rule", "invalid_input", "not_in_force", "not_computable"]) }),
  ]),
  why: z.string().min(1),
});
export type RuleCase = z.infer<typeof RuleCase>;
export const RuleCasesFile = z.strictObject({ cases: z.array(RuleCase).min(1) });
