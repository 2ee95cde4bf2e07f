// Budget commitments in SQLite, one per jurisdiction and year, each change kept as a version.
import type { Commitment } from "../../../shared/catalog/schema.ts";
import type { Db } from "../db/open.ts";
import type { Actor } from "./store.ts";

export interface StoredCommitment {
  commitment: Commitment;
  version: number;
  updatedAt: string;
  updatedBy: string;
}

export function listCommitments(db: Db): StoredCommitment[] {
  const records = db
    .prepare("SELECT data, version, updated_at, updated_by FROM commitments ORDER BY jurisdiction, year")
    .all() as { data: string; version: number; updated_at: string; updated_by: string }[];
  return records.map((r) => ({ commitment: JSON.parse(r.data) as Commitment, version: r.version, updatedAt: r.updated_at, updatedBy: r.updated_by }));
}

/** Upserts commitments; `onlyNew` leaves existing ones alone (seeding never overrides what users entered). */
export function upsertCommitments(db: Db, commitments: readonly Commitment[], actor: Actor, options: { onlyNew?: boolean } = {}): { changed: number } {
  const at = new Date().toISOString();
  const current = db.prepare("SELECT version, data FROM commitments WHERE jurisdiction = ? AND year = ?");
  const write = db.prepare(`
    INSERT INTO commitments (jurisdiction, year, version, data, sample, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (jurisdiction, year) DO UPDATE SET version = excluded.version, data = excluded.data, sample = excluded.sample,
      updated_at = excluded.updated_at, updated_by = excluded.updated_by`);
  const history = db.prepare(
    "INSERT INTO commitments_history (jurisdiction, year, version, data, changed_at, changed_by, sample) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  let changed = 0;
  db.transaction(() => {
    for (const c of commitments) {
      const existing = current.get(c.jurisdiction, c.year) as { version: number; data: string } | undefined;
      const data = JSON.stringify(c);
      if (existing && (options.onlyNew || existing.data === data)) continue;
      const version = (existing?.version ?? 0) + 1;
      const sample = c.sample ? 1 : 0;
      write.run(c.jurisdiction, c.year, version, data, sample, at, actor.name);
      history.run(c.jurisdiction, c.year, version, data, at, actor.name, sample);
      changed++;
    }
  }).immediate();
  return { changed };
}
