// The shape of the policy catalog (rules/documents/*.yaml), checked at load. The formula vocabulary is
// closed: every node kind is one file of shared/formula; nothing in the data is ever executed.
import { z } from "zod";
import { Formula } from "../formula/kinds.ts";
import { CAP_SCOPES, DOCUMENT_KEYS, FACT_NAMES, JURISDICTIONS } from "../vocabulary.ts";
import { Amount, CapScope, FactName, Text } from "./primitives.ts";

export { CAP_SCOPES, DOCUMENT_KEYS, FACT_NAMES, JURISDICTIONS };
export { Amount, BaseRef, Cap, CapScope, FactName, Rate, Text, Threshold } from "./primitives.ts";
// Each formula kind is one file under shared/formula (its schema, evaluation, trace); the union is their table's.
export { Formula } from "../formula/kinds.ts";

export const DocumentKey = z.enum(DOCUMENT_KEYS);
export type DocumentKey = z.infer<typeof DocumentKey>;

export const Jurisdiction = z.enum(JURISDICTIONS);
export type Jurisdiction = z.infer<typeof Jurisdiction>;

const IsoDate = z.iso.date();

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
  /**
   * A window narrower than the document's, where the provision's own words set one (yubei-3: "三年内遴选"): the
   * provision is in force only on days inside both.
   */
  window: z.strictObject({ start: IsoDate, end: IsoDate, citation: z.string().min(1) }).optional(),
  formula: Formula,
  notes: Text.optional(),
});
export type Provision = z.infer<typeof Provision>;

export const StackingPrinciple = z.enum(["higher", "newer"]);
export type StackingPrinciple = z.infer<typeof StackingPrinciple>;

/**
 * Provisions of one kind that a project may not combine; the principle of the document that declares the group says
 * which one stands. A group may name provisions of other documents where the text speaks of them (渝经信规范〔2026〕1号:
 * "与本市其他同类政策…就新、不重复"), and names at least one of its own.
 */
export const StackingGroup = z.strictObject({
  name: Text,
  provisions: z.array(z.string()).min(2),
  /** How the group was read from the text: why these provisions are of one kind. */
  notes: Text.optional(),
});
export type StackingGroup = z.infer<typeof StackingGroup>;

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
  /**
   * The stacking principle the text states, with its verbatim sentence; absent where the text states none (no
   * principle is supplied by default: chongqing2023, chongqing2025).
   */
  stacking: z
    .strictObject({
      principle: StackingPrinciple,
      citation: z.string().min(1),
      sameKind: z.array(StackingGroup).default([]),
    })
    .optional(),
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
  /** Already received: bare (the provision's default scopes) or by scope, as EvaluateOptions takes it. */
  awarded: z.union([z.number(), z.partialRecord(CapScope, z.number())]).optional(),
  date: IsoDate.optional(),
  expect: z.union([
    z.strictObject({
      ceiling: z.number().nullable(),
      floor: z.number().nullable().optional(),
      bound: z.enum(["none", "cap", "headroom", "threshold", "baseLimit"]).optional(),
    }),
    z.strictObject({ error: z.enum(["unknown_provision", "invalid_input", "not_in_force", "not_computable"]) }),
  ]),
  why: z.string().min(1),
});
export type RuleCase = z.infer<typeof RuleCase>;
export const RuleCasesFile = z.strictObject({ cases: z.array(RuleCase).min(1) });
