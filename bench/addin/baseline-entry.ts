// The benchmark's baseline, bundled for the same browser page as the add-in: the engine's batch API on a
// Float64Array, and Engine.evaluate for one application, with nothing of Excel's cell handling around them.
import { bundledCatalog } from "../../shared/catalog/bundled.ts";
import { evaluateBatch } from "../../shared/engine/batch.ts";
import { Engine } from "../../shared/engine/engine.ts";

const engine = new Engine(bundledCatalog());

(globalThis as Record<string, unknown>).__baseline = (id: string, amounts: Float64Array, date: string) => {
  const result = evaluateBatch(engine, id, { amounts, date });
  if (!result.ok) throw new Error(result.error.message.en);
  return result.ceilings;
};

/** The engine alone for one application, as a one-formula-per-row ledger asks it (no trace). */
(globalThis as Record<string, unknown>).__engineScalar = (id: string, amount: number, facts: Record<string, number | undefined>, date: string) => {
  const result = engine.evaluate(id, amount, facts, { date, trace: false });
  return result.ok ? result.ceiling : NaN;
};
