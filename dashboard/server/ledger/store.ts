// The ledger in the database: current rows plus an append-only history of every version. A batch is one
// transaction, so it is either wholly present or absent, and every write adds a version instead of
// overwriting one.
import { sql } from "kysely";
import type { Engine } from "../../../shared/engine/engine.ts";
import { fenOfExactYuan } from "../../../shared/money/fen.ts";
import { rowJurisdiction } from "../../../shared/ledger/offices.ts";
import type { LedgerRow } from "../../../shared/ledger/row.ts";
import type { StoredOutcome } from "../../../shared/ledger/stored-outcome.ts";
import { CHAIN_START, chainHash } from "../audit/chain.ts";
import { chunks } from "../db/chunks.ts";
import { countAll, type Db, type Executor } from "../db/open.ts";
import type { LedgerHistoryTable, LedgerRowsTable } from "../db/schema.ts";
import { ScansBusy } from "../db/scan-worker.ts";
import { ApiError, type Issue } from "../errors.ts";
import { storedOutcomes, storeEvaluated, yieldToLoop, type StoredRecord } from "./stored-evaluation.ts";
import type { RowChange } from "../auth/permissions.ts";

export interface Actor {
  tokenId: number | null;
  name: string;
}

export interface UpsertResult {
  batchId: string;
  inserted: number;
  updated: number;
  unchanged: number;
  /** The version each row has after the batch, in the batch's order. */
  versions: { applicationId: string; version: number; change: "inserted" | "updated" | "unchanged" }[];
}

/** What upsertIn knows besides its answer (not part of the answer): each of the batch's rows' outcome in the ledger. */
export interface Upserted {
  result: UpsertResult;
  /** By application ID, every row of the batch: those written as just evaluated, those unchanged as now stored. */
  outcomes: ReadonlyMap<string, StoredOutcome>;
}

export const LEDGER_FILTERS = ["jurisdiction", "document", "provision", "district", "year", "status", "enterprise"] as const;
export type LedgerFilter = Partial<Record<(typeof LEDGER_FILTERS)[number], string | number>>;

export const FILTER_COLUMN = {
  jurisdiction: "jurisdiction",
  document: "document",
  provision: "provision_id",
  district: "district",
  year: "year",
  status: "status",
  enterprise: "enterprise",
} as const satisfies Record<(typeof LEDGER_FILTERS)[number], keyof LedgerRowsTable>;

export interface StoredRow {
  row: LedgerRow;
  version: number;
  updatedAt: string;
  updatedBy: string;
  sample: boolean;
}

export interface HistoryEntry {
  version: number;
  operation: "insert" | "update" | "delete";
  row: LedgerRow | null;
  changedAt: string;
  changedBy: string;
  /** The token that wrote this version (null for the sample). */
  tokenId: number | null;
  batchId: string;
  sample: boolean;
  /** The audit chain (audit/chain.ts): the previous version's hash ("" for the first) and this version's. */
  prevHash: string;
  hash: string;
}


/**
 * The row as stored: one JSON text per version, facts in a fixed order so equal rows compare equal. A row without a
 * notice (申报批次) or an approval date (核准日期) has no such key, whether sent with null or without one, as a file
 * without the column reads: re-publishing an exported ledger then leaves every row unchanged.
 */
export function canonicalJson(row: LedgerRow): string {
  const facts: Record<string, number> = {};
  for (const key of Object.keys(row.facts).sort()) {
    const v = row.facts[key as keyof typeof row.facts];
    if (v !== undefined) facts[key] = v;
  }
  // JSON.stringify leaves out an undefined key; a null one is taken out here. Either way the other keys keep their
  // places, so that a row written before the approval date stores as it did.
  if (row.notice === null || row.approvalDate === null) {
    const { notice, approvalDate, ...rest } = row;
    return JSON.stringify({ ...rest, facts, ...(notice == null ? {} : { notice }), ...(approvalDate == null ? {} : { approvalDate }) });
  }
  return JSON.stringify({ ...row, facts });
}

/** Counts a change to what summaries show (rows or commitments), in the writer's transaction: caches compare it. */
export async function bumpRevision(trx: Executor): Promise<void> {
  await trx
    .insertInto("meta")
    .values({ key: "revision", value: "1" })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value: sql<string>`CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT)` }))
    .execute();
}

/** Refuses the batch (409) when a row the client read has changed since: read under the write lock, so it is exact. */
function versionCheck(rows: readonly LedgerRow[], existing: ReadonlyMap<string, { version: number }>, expected: ReadonlyMap<string, number>): void {
  const issues: Issue[] = [];
  rows.forEach((row, i) => {
    const want = expected.get(row.applicationId);
    const have = existing.get(row.applicationId)?.version ?? 0;
    if (want === undefined || want === have) return;
    issues.push({
      field: `rows.${i}`,
      message:
        have === 0
          ? { zh: `${row.applicationId} 尚不存在（预期版本 ${want}）`, en: `${row.applicationId} does not exist (expected version ${want})` }
          : { zh: `${row.applicationId} 已被他人改为第 ${have} 版（预期第 ${want} 版），请重新读取后再改`, en: `${row.applicationId} is now at version ${have}, not ${want}: someone else changed it; read it again first` },
    });
  });
  const first = issues[0];
  if (first) throw new ApiError(409, "version_conflict", first.message, first.field, issues);
}

/**
 * The batch's new versions with their audit hashes (audit/chain.ts), under the write lock: each links to the
 * version before it, stored (read here) or earlier in this batch (a batch may name a row twice).
 */
export async function chainedHistory(trx: Executor, entries: readonly Omit<LedgerHistoryTable, "prev_hash" | "hash">[]): Promise<LedgerHistoryTable[]> {
  const last = new Map<string, { version: number; hash: string }>();
  const inBatch = new Set(entries.map((e) => `${e.version}:${e.application_id}`));
  const stored = entries.filter((e) => e.version > 1 && !inBatch.has(`${e.version - 1}:${e.application_id}`));
  for (const part of chunks(stored)) {
    const heads = await trx
      .selectFrom("ledger_history")
      .select(["application_id", "version", "hash"])
      .where((eb) => eb(eb.refTuple("application_id", "version"), "in", part.map((e) => eb.tuple(e.application_id, e.version - 1))))
      .execute();
    for (const h of heads) last.set(h.application_id, { version: h.version, hash: h.hash });
  }
  return entries.map((entry) => {
    const before = last.get(entry.application_id);
    const prev = before && before.version === entry.version - 1 ? before.hash : CHAIN_START;
    const hash = chainHash("ledger_history", entry, prev);
    last.set(entry.application_id, { version: entry.version, hash });
    return { ...entry, prev_hash: prev, hash };
  });
}

/** A row's outcome columns before its evaluation is stored (storeEvaluated fills them in the same transaction). */
export const NOT_YET_EVALUATED = {
  ceiling_fen: null,
  floor_fen: null,
  bound: null,
  verdict: "unchecked",
  counted_fen: 0,
  error_code: null,
  violations: null,
  evaluated_under: "",
} as const satisfies Partial<LedgerRowsTable>;

/** Rows up to which SQLite counts on the service's thread: about 5 ms at 100k rows. */
const COUNTED_HERE = 100_000;

export class LedgerStore {
  constructor(
    readonly db: Db,
    readonly engine: Engine,
    /** The catalog the stored outcomes are computed under (shared/catalog/version-node.ts). */
    readonly catalogVersion: string,
  ) {}

  /**
   * Changes whenever the ledger or commitments have changed, from this process or another: the stored revision,
   * which every write of rows, outcomes or commitments bumps in its own transaction (bumpRevision), so a reader
   * sees the new stamp exactly when it can see the change.
   */
  async changeStamp(): Promise<string> {
    // Fifty dashboards polling at once would each take a pool connection for this read, and a probe or a write
    // would queue behind them. Requests share a read instead — but only one that started after they arrived, so a
    // request made after a write was acknowledged always reads a stamp committed with it.
    if (!this.stampRead) return this.readStamp();
    this.stampNext ??= this.stampRead.then(
      () => this.readNext(),
      () => this.readNext(),
    );
    return this.stampNext;
  }

  private stampRead: Promise<string> | null = null;
  private stampNext: Promise<string> | null = null;

  private readNext(): Promise<string> {
    this.stampNext = null;
    return this.readStamp();
  }

  private readStamp(): Promise<string> {
    const read = (async () => {
      const row = await this.db.k.selectFrom("meta").select("value").where("key", "=", "revision").executeTakeFirst();
      return row?.value ?? "0";
    })();
    this.stampRead = read;
    const clear = () => {
      if (this.stampRead === read) this.stampRead = null;
    };
    read.then(clear, clear);
    return read;
  }

  /**
   * The rows in the ledger. A count over the whole table takes about 50 ms at 1M rows on SQLite, so a large ledger
   * is counted as a scan, off the event loop (here only when the scans are queued full, so that /api/health still
   * answers); a small one is counted here.
   */
  async count(): Promise<number> {
    const query = this.db.k.selectFrom("ledger_rows").select(countAll.as("n"));
    // A small ledger is counted here, in a few milliseconds, rather than by starting the scan thread for it (the
    // service's first /api/health would wait for that start): the count stops once it passes COUNTED_HERE.
    if (this.db.kind === "sqlite") {
      const few = await sql<{ n: number }>`SELECT count(*) AS n FROM (SELECT 1 FROM ledger_rows LIMIT ${COUNTED_HERE + 1})`.execute(this.db.k);
      const n = Number(few.rows[0]?.n ?? 0);
      if (n <= COUNTED_HERE) return n;
    }
    const rows = await this.db.scan(query.compile()).catch((e: unknown) => {
      if (e instanceof ScansBusy) return query.execute();
      throw e;
    });
    return Number(rows[0]?.n ?? 0);
  }

  /** Writes a batch in its own write transaction; see upsertIn. */
  async upsert(rows: readonly LedgerRow[], actor: Actor, batchId: string, options: { sample?: boolean } = {}): Promise<UpsertResult> {
    return (await this.db.write((trx) => this.upsertIn(trx, rows, actor, batchId, options))).result;
  }

  /**
   * Writes a batch of rows (already validated, application IDs unique within the batch) in the caller's write
   * transaction. Rows equal to their current version are left as they are. The rows' outcomes in the ledger are
   * stored with them, and those of the other rows of the enterprises involved are brought up to date.
   */
  async upsertIn(
    trx: Executor,
    rows: readonly LedgerRow[],
    actor: Actor,
    batchId: string,
    options: {
      sample?: boolean;
      expected?: ReadonlyMap<string, number>;
      /** Sees every row of the batch with its stored version before anything else is checked or written; throws to refuse. */
      guard?: (changes: RowChange[]) => void;
      /**
       * After the guard and the version check, before anything is written: the checks that read the database (the
       * events a batch's changes imply, row-events.ts); throws to refuse.
       */
      checked?: (changes: RowChange[]) => Promise<void>;
      /** The office the transaction writes for (see storeEvaluated). */
      office?: string | null;
    } = {},
  ): Promise<Upserted> {
    const at = new Date().toISOString();
    const sample = options.sample ? 1 : 0;
    const result: UpsertResult = { batchId, inserted: 0, updated: 0, unchanged: 0, versions: [] };
    const existing = new Map<string, { version: number; data: string; jurisdiction: string | null }>();
    const stored = new Map<string, StoredRecord>();
    for (const part of chunks(rows)) {
      const found = await trx
        .selectFrom("ledger_rows")
        .selectAll()
        .where("application_id", "in", part.map((r) => r.applicationId))
        .execute();
      for (const f of found) {
        existing.set(f.application_id, { version: f.version, data: f.data, jurisdiction: f.jurisdiction });
        stored.set(f.application_id, f);
      }
      await yieldToLoop();
    }
    // A row removed earlier (remove-sample) keeps its history: written again, it goes on from its last version.
    const removedVersion = new Map<string, number>();
    const absent = [...new Set(rows.map((r) => r.applicationId).filter((id) => !existing.has(id)))];
    for (const part of chunks(absent)) {
      const last = await trx
        .selectFrom("ledger_history")
        .select((eb) => ["application_id", eb.fn.max("version").as("version")])
        .where("application_id", "in", part)
        .groupBy("application_id")
        .execute();
      for (const l of last) removedVersion.set(l.application_id, Number(l.version));
    }
    // Each row's stored form, made once: the guard and the write compare it with the stored version.
    const datas = rows.map(canonicalJson);
    // Read under the write lock, so the office of a stored row cannot change between the check and the write.
    const changes = (): RowChange[] =>
      rows.map((row, index) => {
        const before = existing.get(row.applicationId);
        return {
          index,
          row,
          jurisdiction: this.jurisdictionOf(row),
          before: before ? { jurisdiction: before.jurisdiction, data: before.data } : null,
          unchanged: before?.data === datas[index],
        };
      });
    const seen = options.guard || options.checked ? changes() : [];
    options.guard?.(seen);
    // By application ID: a batch that names a row twice (the sample's planted duplicate) stores two versions.
    if (options.expected?.size) versionCheck(rows, existing, options.expected);
    if (options.checked) await options.checked(seen);
    const current = new Map<string, LedgerRowsTable>();
    const history: Omit<LedgerHistoryTable, "prev_hash" | "hash">[] = [];
    for (const [index, row] of rows.entries()) {
      const data = datas[index] ?? canonicalJson(row);
      const before = existing.get(row.applicationId);
      if (before && before.data === data) {
        result.unchanged++;
        result.versions.push({ applicationId: row.applicationId, version: before.version, change: "unchanged" });
        continue;
      }
      const version = (before?.version ?? removedVersion.get(row.applicationId) ?? 0) + 1;
      const entry = this.engine.catalog.byId.get(row.provisionId);
      existing.set(row.applicationId, { version, data, jurisdiction: this.jurisdictionOf(row) });
      current.set(row.applicationId, {
        application_id: row.applicationId,
        version,
        data,
        provision_id: row.provisionId,
        document: entry?.document.key ?? null,
        jurisdiction: this.jurisdictionOf(row),
        district: row.district,
        enterprise: row.enterprise,
        status: row.status,
        year: Number(row.applicationDate.slice(0, 4)),
        sample,
        updated_at: at,
        updated_by: actor.name,
        credit_code: row.creditCode,
        approved_fen: row.approved === null ? null : fenOfExactYuan(row.approved),
        paid_fen: row.paid === null ? null : fenOfExactYuan(row.paid),
        // Filled by storeEvaluated below.
        ...NOT_YET_EVALUATED,
      });
      history.push({
        application_id: row.applicationId,
        version,
        data,
        operation: before ? "update" : "insert",
        changed_at: at,
        changed_by: actor.name,
        token_id: actor.tokenId,
        batch_id: batchId,
        sample,
      });
      if (before) result.updated++;
      else result.inserted++;
      result.versions.push({ applicationId: row.applicationId, version, change: before ? "updated" : "inserted" });
    }
    const written = [...current.values()];
    const before = new Map(written.map((r) => [r.application_id, stored.get(r.application_id) ?? null]));
    const { outcomes } = await storeEvaluated(trx, this.engine, this.catalogVersion, { written, before, office: options.office ?? null });
    // Unchanged rows keep their stored outcome, brought up to date above when their enterprise was re-evaluated.
    const unchanged = result.versions.filter((v) => v.change === "unchanged").map((v) => v.applicationId);
    for (const [id, outcome] of await storedOutcomes(trx, unchanged)) outcomes.set(id, outcome);
    const chained = await chainedHistory(trx, history);
    for (const part of chunks(chained)) await trx.insertInto("ledger_history").values(part).execute();
    if (current.size > 0) await bumpRevision(trx);
    return { result, outcomes };
  }

  /** A row's office: its provision's document's jurisdiction (null when the catalog does not know the provision). */
  jurisdictionOf(row: Pick<LedgerRow, "provisionId">): string | null {
    return rowJurisdiction(this.engine.catalog, row);
  }

  /** The stored row's jurisdiction: undefined when there is no such row. */
  async storedJurisdiction(applicationId: string): Promise<string | null | undefined> {
    const r = await this.db.k.selectFrom("ledger_rows").select("jurisdiction").where("application_id", "=", applicationId).executeTakeFirst();
    return r ? r.jurisdiction : undefined;
  }

  async list(filter: LedgerFilter, limit: number, offset: number): Promise<{ total: number; rows: StoredRow[] }> {
    let query = this.db.k.selectFrom("ledger_rows");
    for (const key of LEDGER_FILTERS) {
      const value = filter[key];
      if (value !== undefined) query = query.where(FILTER_COLUMN[key], "=", value);
    }
    const total = await query.select(countAll.as("n")).executeTakeFirst();
    const records = await query
      .select(["data", "version", "updated_at", "updated_by", "sample"])
      .orderBy("application_id")
      .limit(limit)
      .offset(offset)
      .execute();
    return {
      total: Number(total?.n ?? 0),
      rows: records.map((r) => ({ row: JSON.parse(r.data) as LedgerRow, version: r.version, updatedAt: r.updated_at, updatedBy: r.updated_by, sample: r.sample === 1 })),
    };
  }

  /** Every current row, in application-ID order. */
  async all(): Promise<LedgerRow[]> {
    const records = await this.db.k.selectFrom("ledger_rows").select("data").orderBy("application_id").execute();
    return records.map((r) => JSON.parse(r.data) as LedgerRow);
  }

  /** All rows, and those stored as sample data: the dashboard says how much of the ledger is sample. */
  async sampleCounts(): Promise<{ total: number; sample: number }> {
    const row = await this.db.k
      .selectFrom("ledger_rows")
      .select([countAll.as("total"), sql<string | number>`coalesce(sum(sample), 0)`.as("sample")])
      .executeTakeFirst();
    return { total: Number(row?.total ?? 0), sample: Number(row?.sample ?? 0) };
  }

  /**
   * A page of a row's versions, oldest first, after version `after` (keyset: each page costs its own rows, however
   * long the history); `next` is the cursor of the following page, null on the last.
   */
  async historyPage(applicationId: string, page: { limit: number; after?: number }): Promise<{ versions: HistoryEntry[]; next: number | null }> {
    let query = this.db.k
      .selectFrom("ledger_history")
      .select(["version", "operation", "data", "changed_at", "changed_by", "token_id", "batch_id", "sample", "prev_hash", "hash"])
      .where("application_id", "=", applicationId);
    if (page.after !== undefined) query = query.where("version", ">", page.after);
    // One more than asked: whether there is a next page, without counting.
    const records = await query.orderBy("version").limit(page.limit + 1).execute();
    const shown = records.slice(0, page.limit);
    const versions = shown.map((r) => ({
      version: r.version,
      operation: r.operation,
      row: r.data === null ? null : (JSON.parse(r.data) as LedgerRow),
      changedAt: r.changed_at,
      changedBy: r.changed_by,
      tokenId: r.token_id,
      batchId: r.batch_id,
      sample: r.sample === 1,
      prevHash: r.prev_hash,
      hash: r.hash,
    }));
    return { versions, next: records.length > page.limit ? (shown[shown.length - 1]?.version ?? null) : null };
  }

  /** Every version of a row, oldest first (the service's own checks; the API pages with historyPage). */
  async history(applicationId: string): Promise<HistoryEntry[]> {
    const all: HistoryEntry[] = [];
    let after: number | undefined;
    for (;;) {
      const page = await this.historyPage(applicationId, { limit: 1000, ...(after === undefined ? {} : { after }) });
      all.push(...page.versions);
      if (page.next === null) return all;
      after = page.next;
    }
  }
}
