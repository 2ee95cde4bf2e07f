// What the engine returns. Errors are values, never exceptions: every caller (Excel, CLI, API) turns
// them into its own error form.
import type { BaseRef, CapScope, FactName, Text } from "../catalog/schema.ts";
import type { BasisPoints, Fen } from "../money/fen.ts";
import type { AwardedByScope } from "./awarded.ts";

export const ERROR_CODES = ["unknown_provision", "invalid_input", "not_in_force", "not_computable"] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface EngineError {
  code: ErrorCode;
  message: Text;
  /** The input at fault: "amount", a fact name, "date", "awarded", "id". */
  field?: string;
}

/** What decided the ceiling. Numeric codes are what the batch API writes per row. */
export const BOUNDS = ["none", "cap", "headroom", "threshold", "baseLimit"] as const;
export type Bound = (typeof BOUNDS)[number];
export const BOUND_CODE: Record<Bound, number> = { none: 0, cap: 1, headroom: 2, threshold: 3, baseLimit: 4 };
/** Written in the batch API's bound codes for a row that has an error instead of an amount. */
export const ERROR_BOUND_CODE = 255;

/** One cap on the path that produced a ceiling, as the ledger needs it to count what rows consume. */
export interface CapUse {
  /** The cap's identity across rows: its group, or provision ID and position. */
  key: string;
  scope: CapScope;
  limitFen: Fen;
  /** The branch of a `branch` formula the cap lies on (the innermost), or null. */
  branch: "received" | "otherwise" | null;
}

export type TraceStep =
  | { step: "inForce"; date: string; start: string; end: string | null }
  | { step: "roundedInput"; field: string; input: number; fen: Fen }
  | { step: "ignoredAmount"; input: number }
  | {
      /** One awarded figure as given (scope null: bare), the scopes it counted under, the caps on the path it was applied to. */
      step: "awarded";
      scope: CapScope | null;
      fen: Fen;
      scopes: CapScope[];
      appliedTo: CapUse[];
      /** Why it was applied to no cap: the provision has no cap across applications, none of its scopes, or none on the path taken. */
      unused: "noSpanningCap" | "noCapOfScope" | "notOnPath" | null;
      /** The scopes of the provision's caps across applications, for the message when unused. */
      available: CapScope[];
    }
  /** Caps across applications on the path that no awarded figure named: they count nothing received. */
  | { step: "notAwarded"; caps: CapUse[] }
  | { step: "rate"; rate: BasisPoints; of: BaseRef; baseFen: Fen; resultFen: Fen; matching: boolean }
  | { step: "baseLimit"; rate: BasisPoints; of: BaseRef; ofFen: Fen; limitFen: Fen; baseFen: Fen; bound: boolean; citation: string }
  | { step: "fixed"; amountFen: Fen; exact: boolean }
  | { step: "perUnit"; count: number; perUnitFen: Fen; resultFen: Fen }
  | { step: "range"; floorFen: Fen; ceilingFen: Fen }
  | { step: "atLeast"; floorFen: Fen }
  | { step: "branch"; fact: FactName; valueFen: Fen | null; taken: "received" | "otherwise" }
  | { step: "higherOf"; options: { valueFen: Fen | null; skipped: FactName | null }[]; chosen: number }
  | { step: "threshold"; on: BaseRef; valueFen: Fen; thresholdFen: Fen; inclusive: boolean; met: boolean; citation: string }
  | {
      step: "cap";
      key: string;
      scope: CapScope;
      limitFen: Fen;
      awardedFen: Fen;
      headroomFen: Fen;
      beforeFen: Fen | null;
      afterFen: Fen;
      bound: "cap" | "headroom" | null;
      citation: string;
    }
  | {
      step: "notice";
      notice: string;
      title: Text;
      number: string | null;
      sample: boolean;
      window: { start: string; end: string };
      /** Whether the application date falls in the notice's window; outside it the figures still show the round's terms. */
      withinWindow: boolean;
      overrides: NoticeOverride[];
      conditions: Text | null;
      /** What the document alone allows for the same inputs. */
      documentCeilingFen: Fen | null;
    }
  | { step: "result"; ceilingFen: Fen | null; floorFen: Fen | null; bound: Bound };

/** One figure a notice sets (shared/engine/notices.ts), beside the document's: bp for rates, fen for sums. */
export interface NoticeOverride {
  path: string;
  unit: "bp" | "fen";
  documentValue: number;
  noticeValue: number;
}

export interface EvaluationOk {
  ok: true;
  id: string;
  /** The largest award the provision allows, in yuan; null when the text sets only a minimum. */
  ceiling: number | null;
  /** The lower end where the text gives one (a range, a fixed sum, 及以上), in yuan. */
  floor: number | null;
  ceilingFen: Fen | null;
  floorFen: Fen | null;
  unit: "CNY";
  bound: Bound;
  caps: CapUse[];
  trace: TraceStep[];
  /** Under a notice: its figures and what the document alone allows. */
  notice?: { id: string; sample: boolean; overrides: NoticeOverride[]; documentCeilingFen: Fen | null; documentCeiling: number | null };
}

export interface EvaluationFailure {
  ok: false;
  id: string;
  error: EngineError;
}

export type Evaluation = EvaluationOk | EvaluationFailure;

export interface EvaluateOptions {
  /** YYYY-MM-DD; defaults to today in Asia/Shanghai. The window in force is inclusive at both ends. */
  date?: string;
  /**
   * Already received by the same enterprise within a cap's scope and period, in yuan, by scope
   * (`{ enterpriseYear: 85_000_000, project: 0 }`); a bare number counts under the provision's default scopes
   * (its enterprise-level caps, else its per-project or per-product ones: see shared/engine/awarded.ts). A cap
   * whose scope has no figure counts nothing received.
   */
  awarded?: number | Readonly<AwardedByScope>;
  /**
   * The same per cap key, already in fen (whole, not negative) and taken as given: for the ledger, which keeps its
   * accounts in fen. Wins over `awarded`.
   */
  awardedFen?: Readonly<Record<string, number>>;
  /** Record the trace (default true). Bulk callers that only need the amounts turn it off. */
  trace?: boolean;
  /** The ID of an application notice (申报通知) of the provision's document whose figures apply (rules/notices/). */
  notice?: string | null | undefined;
}

export type Facts = Partial<Record<FactName, number | null | undefined>>;
