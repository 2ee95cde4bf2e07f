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
  /** Rows stored as sample data, and all rows: the dashboard says how much of the ledger is sample. */
  sampleRows: number;
  totalRows: number;
  computedAt: string;
}

export class EvaluationCache {
  private stamp = "";
  /** The refresh under way, shared by the requests that arrive meanwhile. */
  private refreshing: Promise<void> | null = null;
  private evaluated: Evaluated | null = null;
  /** Serialized responses keyed by request, valid while the stamp holds. */
  private readonly responses = new Map<string, string>();

  constructor(
    private readonly db: Db,
    private readonly engine: Engine,
    private readonly store: LedgerStore,
  ) {}

  private async refresh(): Promise<void> {
    const seen = await this.store.changeStamp();
    if (seen === this.stamp && this.evaluated) return;
    // A refresh already under way may have read the ledger before a write this request has seen acknowledged:
    // after it, one that starts now. Never more than that, so that steady writes cannot keep a reader waiting.
    if (this.refreshing) await this.refreshing;
    if (seen === this.stamp && this.evaluated) return;
    this.refreshing ??= this.store.changeStamp().then((stamp) => this.recompute(stamp)).finally(() => (this.refreshing = null));
    await this.refreshing;
  }

  private async recompute(stamp: string): Promise<void> {
    const rows = await this.store.all();
    const commitments = (await listCommitments(this.db.k)).map((c) => c.commitment);
    const counts = await this.store.sampleCounts();
    this.evaluated = {
      evaluation: evaluateLedger(this.engine, rows),
      commitments,
      sample: counts.sample > 0 || commitments.some((c) => c.sample),
      sampleRows: counts.sample,
      totalRows: counts.total,
      computedAt: new Date().toISOString(),
    };
    this.stamp = stamp;
    this.responses.clear();
  }

  async get(): Promise<Evaluated> {
    await this.refresh();
    if (!this.evaluated) throw new Error("ledger evaluation missing after refresh");
    return this.evaluated;
  }

  /** A response body computed from the current evaluation, reused until the data changes. */
  async response(key: string, compute: (evaluated: Evaluated) => string): Promise<string> {
    const evaluated = await this.get();
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
