// One row at a time in ledger order, each row's ceiling after what earlier rows consumed of the caps on its path,
// and then its own consumption. Both the whole-ledger evaluation (per enterprise) and the row-at-a-time
// LedgerEvaluator (the sample generator's) step through rows with this; reference.ts defines what they compute.
import type { Engine } from "../engine/engine.ts";
import type { CapUse, Evaluation, Facts } from "../engine/types.ts";
import type { Fen } from "../money/fen.ts";
import { CapAccounts, type AccountOwner } from "./cap-accounts.ts";
import type { CapContext, CapState } from "./checks.ts";
import { countedFenOf, type LedgerInput } from "./ledger-input.ts";
import { dayText, yearOfDayKey } from "./order.ts";
import type { ProvisionPlan } from "./provision-plan.ts";
import type { LedgerRow } from "./row.ts";

/** What a step found; one object, reused from step to step. */
export interface StepResult {
  evaluation: Evaluation;
  /** What the row counts against the caps on its path. */
  countedFen: Fen;
  /**
   * Set when the row's approved amount is above its ceiling and earlier rows consumed some cap on its path: what
   * each of those caps had consumed, and the row's ceiling were it alone — so the check can tell a cap used up
   * across rows from an award above the row's own ceiling.
   */
  caps: CapContext | null;
}

/** A provision's caps across rows as the accounts number them, and the engine option that carries their use. */
interface Spanning {
  caps: readonly CapUse[];
  numbers: number[];
  awardedFen: Record<string, Fen>;
}

const NO_FACTS: Facts = Object.freeze({});

export class CapSequence {
  readonly accounts: CapAccounts;
  private readonly spanning: (Spanning | undefined)[] = [];
  /** Per spanning cap of the row being stepped: its account (-1: none yet). */
  private readonly found: number[] = [];
  private readonly owner: AccountOwner = { enterprise: 0, year: 0, row: 0, projectHash: 0 };
  /** The engine options of the row being stepped: one object for all rows (the engine keeps nothing of it). */
  private readonly request: { date: string; awardedFen: Readonly<Record<string, Fen>> | undefined; trace: boolean };
  private readonly result: StepResult = { evaluation: null as unknown as Evaluation, countedFen: 0, caps: null };

  constructor(
    readonly engine: Engine,
    readonly input: LedgerInput,
    trace: boolean,
  ) {
    const rows = input.rows;
    this.accounts = new CapAccounts((a, b) => (rows[a] as LedgerRow).projectId === (rows[b] as LedgerRow).projectId, input.allocate);
    this.request = { date: "", awardedFen: undefined, trace };
  }

  private spanningOf(p: number, plan: ProvisionPlan): Spanning {
    let s = this.spanning[p];
    if (!s) {
      s = { caps: plan.spanning, numbers: plan.spanning.map((cap) => this.accounts.capNumber(cap.key)), awardedFen: {} };
      this.spanning[p] = s;
    }
    return s;
  }

  /** Evaluates row i after what earlier rows consumed; with `consume`, the row then consumes its counted amount. */
  step(i: number, consume: boolean): StepResult {
    const { input, accounts, owner, found, request } = this;
    const p = input.provision[i] as number;
    const plan = input.plans[p] as ProvisionPlan;
    const spanning = plan.spanning.length > 0 ? this.spanningOf(p, plan) : null;
    const day = input.day[i] as number;
    if (spanning) {
      owner.enterprise = input.enterprise[i] as number;
      owner.year = yearOfDayKey(day);
      owner.row = i;
      owner.projectHash = input.projectHash[i] as number;
      for (let k = 0; k < spanning.caps.length; k++) {
        const cap = spanning.caps[k] as CapUse;
        const account = accounts.find(spanning.numbers[k] as number, cap.scope, owner, consume);
        found[k] = account;
        spanning.awardedFen[cap.key] = accounts.fen(account);
      }
      request.awardedFen = spanning.awardedFen;
    } else request.awardedFen = undefined;

    // A row whose inputs the engine takes as given is evaluated from the columns, without reading the row object:
    // in ledger order rows come scattered over memory. Its day is the day key's text, one string per day.
    const plain = input.plain[i] === 1 && !request.trace && plan.resolved !== null && day >= plan.start && day <= plan.end;
    let evaluation: Evaluation;
    if (plain) {
      const amount = input.amount[i] as number;
      request.date = dayText(day);
      evaluation = plan.engine.evaluate(plan.id, Number.isNaN(amount) ? null : amount, input.hasFacts[i] === 1 ? (input.rows[i] as LedgerRow).facts : NO_FACTS, request);
    } else {
      const row = input.rows[i] as LedgerRow;
      request.date = row.applicationDate;
      // Under a notice through the ledger's engine, so that the trace sets the notice's figures beside the document's.
      evaluation = this.engine.evaluate(row.provisionId, row.amount, row.facts, row.notice ? { ...request, notice: row.notice } : request);
    }
    request.awardedFen = undefined;

    const result = this.result;
    result.evaluation = evaluation;
    result.caps = null;
    result.countedFen = 0;
    if (!evaluation.ok) return result;
    const ceilingFen = evaluation.ceilingFen ?? NaN;
    const counted = countedFenOf(input.status[i] as number, input.approvedFen[i] as number, input.paidFen[i] as number, ceilingFen, evaluation.floorFen ?? NaN);
    result.countedFen = counted;
    if (!spanning) return result;

    const approvedFen = input.approvedFen[i] as number;
    if (approvedFen > ceilingFen && this.consumedOnPath(evaluation.caps, spanning)) result.caps = this.context(i, evaluation.caps, spanning);
    if (consume && counted > 0) {
      for (const cap of evaluation.caps) {
        const k = spanning.caps.indexOf(cap);
        if (k >= 0) accounts.consume(found[k] as number, counted, i);
      }
    }
    return result;
  }

  /** Whether earlier rows consumed any cap across rows on the path. The engine reports the compiled CapUse objects. */
  private consumedOnPath(path: readonly CapUse[], spanning: Spanning): boolean {
    for (const cap of path) {
      const k = spanning.caps.indexOf(cap);
      if (k >= 0 && this.accounts.fen(this.found[k] as number) > 0) return true;
    }
    return false;
  }

  private context(i: number, path: readonly CapUse[], spanning: Spanning): CapContext {
    const rows = this.input.rows;
    const row = rows[i] as LedgerRow;
    const alone = this.engine.evaluate(row.provisionId, row.amount, row.facts, { date: row.applicationDate, awarded: {}, trace: false, notice: row.notice });
    const accounts: CapState[] = [];
    for (const cap of path) {
      const k = spanning.caps.indexOf(cap);
      if (k < 0) continue;
      const account = this.found[k] as number;
      accounts.push({ cap, consumedFen: this.accounts.fen(account), users: this.accounts.users(account).map((r) => (rows[r] as LedgerRow).applicationId) });
    }
    return { accounts, singleCeilingFen: alone.ok ? alone.ceilingFen : null };
  }
}
