// Whether an evaluation has its results in columns (evaluateLedger's), rather than only row objects. Judged by its
// shape, not by instanceof, so that the summaries (which the dashboard's first view bundles) need not load the
// whole evaluator to ask.
import type { ColumnarLedger, LedgerEvaluation } from "./evaluate.ts";

export function isColumnar(evaluation: LedgerEvaluation): evaluation is ColumnarLedger {
  const e = evaluation as Partial<ColumnarLedger>;
  return e.columns !== undefined && typeof e.rowAt === "function" && typeof e.violationsOf === "function";
}
