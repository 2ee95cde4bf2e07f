// The engine: resolves a provision, checks its inputs and window in force, and runs its compiled formula.
import type { Catalog, CatalogEntry } from "../catalog/catalog.ts";
import { FACT_NAMES, type FactName } from "../catalog/schema.ts";
import { fenFromYuan, yuanFromFen } from "../money/fen.ts";
import { compileFormula, EvalContext, type CompiledFormula } from "./compile.ts";
import { inForce, isIsoDay, todayInShanghai } from "./dates.ts";
import { BOUNDS, type EngineError, type Evaluation, type EvaluateOptions, type Facts, type TraceStep } from "./types.ts";

export interface Resolved {
  entry: CatalogEntry;
  compiled: CompiledFormula;
}

export type Resolution = { ok: true; resolved: Resolved; day: string } | { ok: false; error: EngineError };

const FACT_SET: ReadonlySet<string> = new Set(FACT_NAMES);

function invalid(field: string, zh: string, en: string): EngineError {
  return { code: "invalid_input", field, message: { zh, en } };
}

/** Checks one numeric input: finite and not negative. */
export function checkNumber(field: string, value: unknown): EngineError | null {
  if (typeof value !== "number" || Number.isNaN(value)) return invalid(field, `${field} 不是数字`, `${field} is not a number`);
  if (!Number.isFinite(value)) return invalid(field, `${field} 不是有限数`, `${field} is not a finite number`);
  if (value < 0) return invalid(field, `${field} 不能为负数`, `${field} must not be negative`);
  return null;
}

export class Engine {
  private readonly compiled = new Map<string, CompiledFormula>();

  constructor(readonly catalog: Catalog) {}

  /** Finds a provision and checks the date against its document's window in force. */
  resolve(id: string, date?: string): Resolution {
    const entry = this.catalog.byId.get(typeof id === "string" ? id.trim().toLowerCase() : "");
    if (!entry) {
      return { ok: false, error: { code: "unknown_rule", field: "id", message: { zh: `没有条款 ${id}`, en: `no provision ${id}` } } };
    }
    const day = date ?? todayInShanghai();
    if (!isIsoDay(day)) return { ok: false, error: invalid("date", `日期 ${day} 无效（应为 YYYY-MM-DD）`, `date ${day} is not a valid YYYY-MM-DD day`) };
    const { document } = entry;
    if (!inForce(document, day)) {
      const end = document.inForce.end ?? "";
      return {
        ok: false,
        error: {
          code: "not_in_force",
          field: "date",
          message: {
            zh: `${document.number ?? document.title.zh} 的有效期为 ${document.inForce.start} 至 ${end || "今"}，${day} 不在其内`,
            en: `${entry.provision.id} is in force ${document.inForce.start} to ${end || "open"}; ${day} is outside`,
          },
        },
      };
    }
    let compiled = this.compiled.get(entry.provision.id);
    if (!compiled) {
      compiled = compileFormula(entry.provision.id, entry.provision.formula);
      this.compiled.set(entry.provision.id, compiled);
    }
    if (!compiled.computable) {
      // Run the node once to obtain the reason the data gives.
      const c = new EvalContext();
      compiled.root(c);
      return { ok: false, error: c.error ?? { code: "not_computable", message: { zh: "不可计算", en: "not computable" } } };
    }
    return { ok: true, resolved: { entry, compiled }, day };
  }

  /** The ceiling a provision allows for one application, with the trace of how it was reached. */
  evaluate(id: string, amount?: number | null, facts: Facts = {}, options: EvaluateOptions = {}): Evaluation {
    const resolution = this.resolve(id, options.date);
    if (!resolution.ok) return { ok: false, id, error: resolution.error };
    const { entry, compiled } = resolution.resolved;
    const provision = entry.provision;
    const c = new EvalContext();
    const trace: TraceStep[] = [];
    c.trace = options.trace === false ? null : trace;
    c.caps = [];
    c.trace?.push({ step: "inForce", date: resolution.day, start: entry.document.inForce.start, end: entry.document.inForce.end });
    const fail = (error: EngineError): Evaluation => ({ ok: false, id: provision.id, error });

    if (amount !== undefined && amount !== null) {
      const bad = checkNumber("amount", amount);
      if (bad) return fail(bad);
      if (!compiled.readsAmount) {
        c.trace?.push({ step: "ignoredAmount", input: amount });
      } else if (provision.amount?.unit === "count") {
        if (!Number.isInteger(amount)) return fail(invalid("amount", "数量必须为整数", "the count must be a whole number"));
        c.amount = amount;
      } else {
        const converted = fenFromYuan(amount);
        if (!converted) return fail(invalid("amount", "金额过大", "the amount is too large"));
        if (converted.rounded) c.trace?.push({ step: "roundedInput", field: "amount", input: amount, fen: converted.fen });
        c.amount = converted.fen;
      }
    }

    for (const [name, value] of Object.entries(facts)) {
      if (value === undefined || value === null) continue;
      if (!FACT_SET.has(name) || !compiled.facts.has(name as FactName)) {
        const known = [...compiled.facts].join(", ") || "—";
        return fail(invalid(name, `条款 ${provision.id} 不使用申报要素 ${name}（可用：${known}）`, `${provision.id} takes no fact ${name} (it takes: ${known})`));
      }
      const bad = checkNumber(name, value);
      if (bad) return fail(bad);
      const converted = fenFromYuan(value);
      if (!converted) return fail(invalid(name, `${name} 过大`, `${name} is too large`));
      if (converted.rounded) c.trace?.push({ step: "roundedInput", field: name, input: value, fen: converted.fen });
      c.facts[name as FactName] = converted.fen;
    }

    const awarded = options.awarded;
    if (typeof awarded === "number") {
      const bad = checkNumber("awarded", awarded);
      if (bad) return fail(bad);
      c.awarded = fenFromYuan(awarded)?.fen ?? Infinity;
    } else if (awarded) {
      const byCap: Record<string, number> = {};
      for (const [key, value] of Object.entries(awarded)) {
        const bad = checkNumber("awarded", value);
        if (bad) return fail(bad);
        byCap[key] = fenFromYuan(value)?.fen ?? Infinity;
      }
      c.awardedByCap = byCap;
    }

    const ceilingFen = compiled.root(c);
    if (c.error) return fail(c.error);
    const bound = BOUNDS[c.bound] ?? "none";
    const ceiling = ceilingFen === Infinity ? null : ceilingFen;
    const floor = Number.isNaN(c.floor) ? null : c.floor;
    c.trace?.push({ step: "result", ceilingFen: ceiling, floorFen: floor, bound });
    return {
      ok: true,
      id: provision.id,
      ceiling: ceiling === null ? null : yuanFromFen(ceiling),
      floor: floor === null ? null : yuanFromFen(floor),
      ceilingFen: ceiling,
      floorFen: floor,
      unit: "CNY",
      bound,
      caps: c.caps,
      trace,
    };
  }
}
