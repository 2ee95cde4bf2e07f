// The ledger in SQLite: current rows plus an append-only history of every version. A batch is one
// transaction, so it is either wholly present or absent, and every write adds a version instead of
// overwriting one.
import type { Catalog } from "../../../shared/catalog/catalog.ts";
import type { LedgerRow } from "../../../shared/ledger/row.ts";
import type { Db } from "../db/open.ts";

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

export const LEDGER_FILTERS = ["jurisdiction", "document", "provision", "district", "year", "status", "enterprise"] as const;
export type LedgerFilter = Partial<Record<(typeof LEDGER_FILTERS)[number], string | number>>;

const FILTER_COLUMN: Record<(typeof LEDGER_FILTERS)[number], string> = {
  jurisdiction: "jurisdiction",
  document: "document",
  provision: "provision_id",
  district: "district",
  year: "year",
  status: "status",
  enterprise: "enterprise",
};

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
  batchId: string;
  sample: boolean;
}

/** The row as stored: one JSON text per version, facts in a fixed order so equal rows compare equal. */
export function canonicalJson(row: LedgerRow): string {
  const facts: Record<string, number> = {};
  for (const key of Object.keys(row.facts).sort()) {
    const v = row.facts[key as keyof typeof row.facts];
    if (v !== undefined) facts[key] = v;
  }
  return JSON.stringify({ ...row, facts });
}

export class LedgerStore {
  /** Bumped on every write through this store; with SQLite's data_version it tells caches when to recompute. */
  private writes = 0;
  private readonly stmt;

  constructor(
    readonly db: Db,
    private readonly catalog: Catalog,
  ) {
    this.stmt = {
      current: db.prepare("SELECT version, data FROM ledger_rows WHERE application_id = ?"),
      upsert: db.prepare(`
        INSERT INTO ledger_rows (application_id, version, data, provision_id, document, jurisdiction, district, enterprise, status, year, sample, updated_at, updated_by)
        VALUES (@applicationId, @version, @data, @provisionId, @document, @jurisdiction, @district, @enterprise, @status, @year, @sample, @at, @by)
        ON CONFLICT (application_id) DO UPDATE SET
          version = excluded.version, data = excluded.data, provision_id = excluded.provision_id, document = excluded.document,
          jurisdiction = excluded.jurisdiction, district = excluded.district, enterprise = excluded.enterprise,
          status = excluded.status, year = excluded.year, sample = excluded.sample,
          updated_at = excluded.updated_at, updated_by = excluded.updated_by`),
      history: db.prepare(`
        INSERT INTO ledger_history (application_id, version, data, operation, changed_at, changed_by, token_id, batch_id, sample)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      historyOf: db.prepare(
        "SELECT version, operation, data, changed_at, changed_by, batch_id, sample FROM ledger_history WHERE application_id = ? ORDER BY version",
      ),
      all: db.prepare("SELECT data FROM ledger_rows ORDER BY application_id"),
      count: db.prepare("SELECT count(*) AS n FROM ledger_rows"),
      dataVersion: db.prepare("PRAGMA data_version"),
    };
  }

  /** Changes whenever the ledger or commitments may have changed, from this process or another. */
  changeStamp(): string {
    const dv = (this.stmt.dataVersion.get() as { data_version: number }).data_version;
    return `${this.writes}:${dv}`;
  }

  noteWrite(): void {
    this.writes++;
  }

  count(): number {
    return (this.stmt.count.get() as { n: number }).n;
  }

  /**
   * Writes a batch of rows (already validated, application IDs unique within the batch) in the caller's
   * transaction or its own. Rows equal to their current version are left as they are.
   */
  upsert(rows: readonly LedgerRow[], actor: Actor, batchId: string, options: { sample?: boolean } = {}): UpsertResult {
    const at = new Date().toISOString();
    const sample = options.sample ? 1 : 0;
    const result: UpsertResult = { batchId, inserted: 0, updated: 0, unchanged: 0, versions: [] };
    const run = (): void => {
      for (const row of rows) {
        const data = canonicalJson(row);
        const existing = this.stmt.current.get(row.applicationId) as { version: number; data: string } | undefined;
        if (existing && existing.data === data) {
          result.unchanged++;
          result.versions.push({ applicationId: row.applicationId, version: existing.version, change: "unchanged" });
          continue;
        }
        const version = (existing?.version ?? 0) + 1;
        const entry = this.catalog.byId.get(row.provisionId);
        this.stmt.upsert.run({
          applicationId: row.applicationId,
          version,
          data,
          provisionId: row.provisionId,
          document: entry?.document.key ?? null,
          jurisdiction: entry?.document.jurisdiction ?? null,
          district: row.district,
          enterprise: row.enterprise,
          status: row.status,
          year: Number(row.applicationDate.slice(0, 4)),
          sample,
          at,
          by: actor.name,
        });
        const operation = existing ? "update" : "insert";
        this.stmt.history.run(row.applicationId, version, data, operation, at, actor.name, actor.tokenId, batchId, sample);
        if (existing) result.updated++;
        else result.inserted++;
        result.versions.push({ applicationId: row.applicationId, version, change: existing ? "updated" : "inserted" });
      }
    };
    if (this.db.inTransaction) run();
    else this.db.transaction(run).immediate();
    if (result.inserted + result.updated > 0) this.writes++;
    return result;
  }

  list(filter: LedgerFilter, limit: number, offset: number): { total: number; rows: StoredRow[] } {
    const where: string[] = [];
    const params: (string | number)[] = [];
    for (const key of LEDGER_FILTERS) {
      const value = filter[key];
      if (value === undefined) continue;
      where.push(`${FILTER_COLUMN[key]} = ?`);
      params.push(value);
    }
    const clause = where.length ? `WHERE ${where.join(" AND ")}` : "";
    const total = (this.db.prepare(`SELECT count(*) AS n FROM ledger_rows ${clause}`).get(...params) as { n: number }).n;
    const records = this.db
      .prepare(`SELECT data, version, updated_at, updated_by, sample FROM ledger_rows ${clause} ORDER BY application_id LIMIT ? OFFSET ?`)
      .all(...params, limit, offset) as { data: string; version: number; updated_at: string; updated_by: string; sample: number }[];
    return {
      total,
      rows: records.map((r) => ({ row: JSON.parse(r.data) as LedgerRow, version: r.version, updatedAt: r.updated_at, updatedBy: r.updated_by, sample: r.sample === 1 })),
    };
  }

  /** Every current row, in application-ID order. */
  all(): LedgerRow[] {
    return (this.stmt.all.all() as { data: string }[]).map((r) => JSON.parse(r.data) as LedgerRow);
  }

  history(applicationId: string): HistoryEntry[] {
    const records = this.stmt.historyOf.all(applicationId) as {
      version: number;
      operation: HistoryEntry["operation"];
      data: string | null;
      changed_at: string;
      changed_by: string;
      batch_id: string;
      sample: number;
    }[];
    return records.map((r) => ({
      version: r.version,
      operation: r.operation,
      row: r.data === null ? null : (JSON.parse(r.data) as LedgerRow),
      changedAt: r.changed_at,
      changedBy: r.changed_by,
      batchId: r.batch_id,
      sample: r.sample === 1,
    }));
  }
}
