// The formula the task pane writes into a cell. Range.formulas takes Excel's invariant (English) names; Excel
// shows the localized name (补贴额) to a Chinese user.
import type { Provision } from "../../../shared/catalog/schema.ts";

export const NAMESPACE = "CQ";

const CELL_REF = /^\$?[A-Za-z]{1,3}\$?[0-9]{1,7}(?::\$?[A-Za-z]{1,3}\$?[0-9]{1,7})?$/;

export function isCellReference(text: string): boolean {
  return CELL_REF.test(text.trim());
}

export interface FormulaInputs {
  /** A cell or range reference for the amount, or a number; blank to omit. */
  amount?: string;
  /** Fact name → reference or number; blank ones are left out. */
  facts?: Record<string, string>;
  /** A reference or YYYY-MM-DD; blank for today. */
  date?: string;
}

function operand(text: string): string | null {
  const t = text.trim();
  if (!t) return null;
  if (isCellReference(t) || /^[0-9]+(\.[0-9]+)?$/.test(t)) return t.toUpperCase();
  return JSON.stringify(t).replace(/\\"/g, '""');
}

export function subsidyFormula(provision: Pick<Provision, "id">, inputs: FormulaInputs = {}): string {
  const args = [JSON.stringify(provision.id)];
  const amount = operand(inputs.amount ?? "");
  const pairs: string[] = [];
  for (const [name, value] of Object.entries(inputs.facts ?? {})) {
    const v = operand(value);
    if (v) pairs.push(JSON.stringify(name), v);
  }
  const date = operand(inputs.date ?? "");
  if (date) pairs.push('"date"', date);
  if (amount || pairs.length) args.push(amount ?? "");
  args.push(...pairs);
  return `=${NAMESPACE}.SUBSIDY(${args.join(", ")})`;
}
