// The evaluated ledger and its summaries, computed once per change of the data: a summary request then costs
// a lookup, however many rows the ledger holds.
import type { Commitment } from "../../../shared/catalog/schema.ts";
import type { Engine } from "../../../shared/engine/engine.ts";
import { evaluateLedger, type LedgerEvaluation } from "../../../shared/ledger/evaluate.ts";
import type { Db } from "../db/open.ts";
import { listCommitments } from "./commitments.ts";
import type { LedgerStore } from "./store.ts";

export interface Evaluated {
  evaluation: LedgerEvaluation;
  commitments: Commitment[];
  /** Whether any row or commitment is sample data. */
  sample: boolean;
  computedAt: string;
}

export class EvaluationCache {
  private stamp = "";
  private evaluated: Evaluated | null = null;
  /** Serialized responses keyed by request, valid while the stamp holds. */
  private readonly responses = new Map<string, string>();

  constructor(
    private readonly db: Db,
    private readonly engine: Engine,
    private readonly store: LedgerStore,
  ) {}

  private refresh(): void {
    const stamp = this.store.changeStamp();
    if (stamp === this.stamp && this.evaluated) return;
    const rows = this.store.all();
    const commitments = listCommitments(this.db).map((c) => c.commitment);
    const sampleRows = (this.db.prepare("SELECT EXISTS (SELECT 1 FROM ledger_rows WHERE sample = 1) AS s").get() as { s: number }).s === 1;
    this.evaluated = {
      evaluation: evaluateLedger(this.engine, rows),
      commitments,
      sample: sampleRows || commitments.some((c) => c.sample),
      computedAt: new Date().toISOString(),
    };
    this.stamp = stamp;
    this.responses.clear();
  }

  get(): Evaluated {
    this.refresh();
    if (!this.evaluated) throw new Error("ledger evaluation missing after refresh");
    return this.evaluated;
  }

  /** A response body computed from the current evaluation, reused until the data changes. */
  response(key: string, compute: (evaluated: Evaluated) => string): string {
    const evaluated = this.get();
    let body = this.responses.get(key);
    if (body === undefined) {
      body = compute(evaluated);
      // Bounded: query strings are caller-chosen.
      if (this.responses.size >= 500) this.responses.clear();
      this.responses.set(key, body);
    }
    return body;
  }
}
