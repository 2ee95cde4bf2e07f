// The engine: resolves a provision, checks its inputs and window in force, and runs its compiled formula.
import type { Catalog, CatalogEntry } from "../catalog/catalog.ts";
import type { Notice } from "../catalog/notice.ts";
import { CAP_SCOPES, spansApplications, type CapScope } from "../catalog/cap-scopes.ts";
import { FACT_NAMES, type FactName } from "../catalog/schema.ts";
import { fenFromYuan, plainFen, yuanFromFen } from "../money/fen.ts";
import { compileFormula, EvalContext, type CompiledFormula } from "./compile.ts";
import { inForce, isIsoDay, todayInShanghai, windowOf } from "./dates.ts";
import { noticeCatalog, noticeProblem, readNotice, withNoticeStep, type NoticeIssue } from "./notices.ts";
import { BOUNDS, type CapUse, type EngineError, type Evaluation, type EvaluateOptions, type Facts, type TraceStep } from "./types.ts";

export interface Resolved {
  entry: CatalogEntry;
  compiled: CompiledFormula;
  /** The last day the provision was found available on (valid, in force, computable): bulk callers repeat it. */
  availableOn?: string;
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

const SCOPE_SET: ReadonlySet<string> = new Set(CAP_SCOPES);

/** What the trace says of each awarded figure given: the caps on the path it was applied to, or why none. */
function awardedSteps(figures: [CapScope | null, number][], compiled: CompiledFormula, onPath: readonly CapUse[]): TraceStep[] {
  const spanning = compiled.caps.filter((cap) => spansApplications(cap.scope));
  const available = [...new Set(spanning.map((cap) => cap.scope))];
  const named = new Set<CapScope>();
  const steps: TraceStep[] = figures.map(([scope, fen]) => {
    const scopes = scope === null ? [...compiled.bareScopes] : [scope];
    for (const s of scopes) named.add(s);
    const appliedTo = [...new Set(onPath)].filter((cap) => spansApplications(cap.scope) && scopes.includes(cap.scope));
    const unused =
      appliedTo.length > 0 ? null : spanning.length === 0 ? "noSpanningCap" : spanning.some((cap) => scopes.includes(cap.scope)) ? "notOnPath" : "noCapOfScope";
    return { step: "awarded", scope, fen, scopes, appliedTo, unused, available };
  });
  const missing = [...new Set(onPath)].filter((cap) => spansApplications(cap.scope) && !named.has(cap.scope));
  if (missing.length > 0) steps.push({ step: "notAwarded", caps: missing });
  return steps;
}

/** The trace of every evaluation that records none: shared, so bulk callers allocate one array less per call. */
const NO_TRACE: TraceStep[] = Object.freeze([]) as unknown as TraceStep[];

function unknownProvision(id: string): EngineError {
  return { code: "unknown_provision", field: "id", message: { zh: `没有条款 ${id}`, en: `no provision ${id}` } };
}

/**
 * A yuan input (checked: a number, finite, not negative) in fen: as it prints when that is to the fen, without
 * allocating; else rounded half-up, with a trace step saying so. Null when too large to be exact.
 */
function inputFen(c: EvalContext, field: string, yuan: number): number | null {
  const plain = plainFen(yuan);
  if (!Number.isNaN(plain)) return plain;
  const converted = fenFromYuan(yuan);
  if (!converted) return null;
  if (converted.rounded) c.trace?.push({ step: "roundedInput", field, input: yuan, fen: converted.fen });
  return converted.fen;
}

function failure(id: string, error: EngineError): Evaluation {
  return { ok: false, id, error };
}

export class Engine {
  private readonly compiled = new Map<string, CompiledFormula>();
  /** Provisions by the ID as callers spell it: a ledger names the same few provisions a million times. */
  private readonly byCallerId = new Map<string, Resolved>();
  /** One context for every evaluation: evaluations are synchronous and never nest, and it saves an allocation per call. */
  private readonly context = new EvalContext();
  /** Per notice, the engine over the catalog with its figures (notices.ts). */
  private readonly underNotice = new Map<string, Engine>();

  constructor(readonly catalog: Catalog) {}

  /** The provision and its compiled formula, whatever the date; null when the ID is unknown. */
  lookup(id: string): Resolved | null {
    const cached = typeof id === "string" ? this.byCallerId.get(id) : undefined;
    if (cached) return cached;
    const entry = this.catalog.byId.get(typeof id === "string" ? id.trim().toLowerCase() : "");
    if (!entry) return null;
    let compiled = this.compiled.get(entry.provision.id);
    if (!compiled) {
      compiled = compileFormula(entry.provision.id, entry.provision.formula);
      this.compiled.set(entry.provision.id, compiled);
    }
    const resolved = { entry, compiled };
    // Bounded: IDs come from user input, and each spelling is one entry.
    if (this.byCallerId.size < 10_000) this.byCallerId.set(id, resolved);
    return resolved;
  }

  /** Why the provision cannot be evaluated on the day (validity of the day, window in force, computability); null when it can. */
  private unavailable(resolved: Resolved, day: string): EngineError | null {
    if (day === resolved.availableOn) return null;
    if (!isIsoDay(day)) return invalid("date", `日期 ${day} 无效（应为 YYYY-MM-DD）`, `date ${day} is not a valid YYYY-MM-DD day`);
    const { entry, compiled } = resolved;
    const { document } = entry;
    if (!inForce(entry, day)) {
      const window = windowOf(entry);
      const end = window.end ?? "";
      const own = entry.provision.window ? `${entry.provision.id}（${entry.provision.window.citation}）` : "";
      return {
        code: "not_in_force",
        field: "date",
        message: {
          zh: `${document.number ?? document.title.zh}${own} 的有效期为 ${window.start} 至 ${end || "今"}，${day} 不在其内`,
          en: `${entry.provision.id} is in force ${window.start} to ${end || "open"}; ${day} is outside`,
        },
      };
    }
    if (!compiled.computable) {
      // Run the node once to obtain the reason the data gives.
      const c = new EvalContext();
      compiled.root(c);
      return c.error ?? { code: "not_computable", message: { zh: "不可计算", en: "not computable" } };
    }
    resolved.availableOn = day;
    return null;
  }

  /** Finds a provision and checks the date against its document's window in force. */
  resolve(id: string, date?: string): Resolution {
    const resolved = this.lookup(id);
    if (!resolved) return { ok: false, error: unknownProvision(id) };
    const day = date ?? todayInShanghai();
    const error = this.unavailable(resolved, day);
    if (error) return { ok: false, error };
    return { ok: true, resolved, day };
  }

  /**
   * The engine over the catalog with a notice's figures (notices.ts), for a provision of the notice's document: bulk
   * callers (the add-in's batch) evaluate on it directly. An unknown notice, or one of another document, is an error.
   */
  forNotice(noticeId: string, provisionId: string): { engine: Engine; notice: Notice } | { error: EngineError } {
    const found = noticeProblem(this.catalog, noticeId, this.lookup(provisionId)?.entry.provision.id ?? provisionId);
    if (!found.notice) return { error: found.error };
    const notice = found.notice;
    let engine = this.underNotice.get(notice.id);
    if (!engine) {
      engine = new Engine(noticeCatalog(this.catalog, notice));
      this.underNotice.set(notice.id, engine);
    }
    return { engine, notice };
  }

  /**
   * Admits a notice that did not come from rules/notices/ (one published through the service), checked against its
   * document as a file's is (notices.ts readNotice): added to this engine's catalog, so that evaluations and ledger
   * rows may name it from now on. Returns the issues that refuse it (an ID the catalog has already is one); nothing
   * is admitted then.
   */
  admitNotice(notice: Notice): NoticeIssue[] {
    if (this.catalog.notices.some((n) => n.id === notice.id)) {
      return [{ path: "id", message: { zh: `已有申报通知 ${notice.id}`, en: `there is a notice ${notice.id} already` } }];
    }
    const { issues } = readNotice(this.catalog, notice);
    // The catalog's own list: every reader of it (the ledger's import check, coupling, /api/provisions) sees it.
    if (issues.length === 0) this.catalog.notices.push(notice);
    return issues;
  }

  /** The same evaluation with a notice's figures, its trace setting them beside the document's. */
  private evaluateUnderNotice(noticeId: string, id: string, amount: number | null | undefined, facts: Facts, options: EvaluateOptions): Evaluation {
    const found = this.forNotice(noticeId, id);
    if ("error" in found) return failure(id, found.error);
    const plain = { ...options, notice: undefined };
    const result = found.engine.evaluate(id, amount, facts, plain);
    if (!result.ok) return result;
    const document = this.evaluate(id, amount, facts, { ...plain, trace: false });
    return withNoticeStep(result, found.notice, this.catalog, options.date ?? todayInShanghai(), document.ok ? document.ceilingFen : null);
  }

  /** The ceiling a provision allows for one application, with the trace of how it was reached. */
  evaluate(id: string, amount?: number | null, facts: Facts = {}, options: EvaluateOptions = {}): Evaluation {
    if (options.notice !== undefined && options.notice !== null) return this.evaluateUnderNotice(options.notice, id, amount, facts, options);
    const resolved = this.lookup(id);
    if (!resolved) return failure(id, unknownProvision(id));
    const day = options.date ?? todayInShanghai();
    const unavailable = this.unavailable(resolved, day);
    if (unavailable) return failure(id, unavailable);
    const { entry, compiled } = resolved;
    const provision = entry.provision;
    const c = this.context;
    c.clear();
    const trace: TraceStep[] = options.trace === false ? NO_TRACE : [];
    c.trace = options.trace === false ? null : trace;
    const caps: CapUse[] = [];
    c.caps = caps;
    if (c.trace) c.trace.push({ step: "inForce", date: day, ...windowOf(entry) });

    if (amount !== undefined && amount !== null) {
      const bad = checkNumber("amount", amount);
      if (bad) return failure(provision.id, bad);
      if (!compiled.readsAmount) {
        c.trace?.push({ step: "ignoredAmount", input: amount });
      } else if (provision.amount?.unit === "count") {
        if (!Number.isInteger(amount)) return failure(provision.id, invalid("amount", "数量必须为整数", "the count must be a whole number"));
        c.amount = amount;
      } else {
        const fen = inputFen(c, "amount", amount);
        if (fen === null) return failure(provision.id, invalid("amount", "金额过大", "the amount is too large"));
        c.amount = fen;
      }
    }

    // for…in rather than Object.keys: no array per call (facts are plain records, with nothing inherited).
    for (const name in facts) {
      const value = facts[name as FactName];
      if (value === undefined || value === null) continue;
      if (!FACT_SET.has(name) || !compiled.facts.has(name as FactName)) {
        const known = [...compiled.facts].join(", ") || "—";
        return failure(provision.id, invalid(name, `条款 ${provision.id} 不使用申报要素 ${name}（可用：${known}）`, `${provision.id} takes no fact ${name} (it takes: ${known})`));
      }
      const bad = checkNumber(name, value);
      if (bad) return failure(provision.id, bad);
      const fen = inputFen(c, name, value);
      if (fen === null) return failure(provision.id, invalid(name, `${name} 过大`, `${name} is too large`));
      c.facts[name as FactName] = fen;
    }

    const awarded = options.awarded;
    /** The figures as given, for the trace: scope (null: bare) and fen. */
    let figures: [CapScope | null, number][] | null = null;
    if (options.awardedFen) {
      c.awardedByCap = options.awardedFen;
    } else if (typeof awarded === "number") {
      const bad = checkNumber("awarded", awarded);
      if (bad) return failure(provision.id, bad);
      const fen = fenFromYuan(awarded)?.fen ?? Infinity;
      for (const scope of compiled.bareScopes) c.awardedByScope[scope] = fen;
      if (c.trace) figures = [[null, fen]];
    } else if (awarded) {
      for (const key in awarded) {
        const value = awarded[key as CapScope];
        if (value === undefined) continue;
        const field = `awarded.${key}`;
        if (!SCOPE_SET.has(key) || !spansApplications(key as CapScope)) {
          // A cap on each award counts nothing received before: no figure belongs to it.
          const known = CAP_SCOPES.filter(spansApplications).join(", ");
          return failure(provision.id, invalid(field, `没有上限口径 ${key}（可用：${known}）`, `no cap scope ${key} (scopes: ${known})`));
        }
        const bad = checkNumber(field, value);
        if (bad) return failure(provision.id, bad);
        const fen = fenFromYuan(value)?.fen ?? Infinity;
        c.awardedByScope[key as CapScope] = fen;
        if (c.trace) (figures ??= []).push([key as CapScope, fen]);
      }
    }

    const awardedAt = trace.length;
    const ceilingFen = compiled.root(c);
    if (c.error) return failure(provision.id, c.error);
    if (figures) trace.splice(awardedAt, 0, ...awardedSteps(figures, compiled, caps));
    const bound = BOUNDS[c.bound] ?? "none";
    const ceiling = ceilingFen === Infinity ? null : ceilingFen;
    const floor = Number.isNaN(c.floor) ? null : c.floor;
    c.trace?.push({ step: "result", ceilingFen: ceiling, floorFen: floor, bound });
    // Let go of the caller's objects: the context outlives the call.
    c.trace = null;
    c.caps = null;
    c.awardedByCap = null;
    return {
      ok: true,
      id: provision.id,
      ceiling: ceiling === null ? null : yuanFromFen(ceiling),
      floor: floor === null ? null : yuanFromFen(floor),
      ceilingFen: ceiling,
      floorFen: floor,
      unit: "CNY",
      bound,
      caps,
      trace,
    };
  }
}
