// Budget commitments, one per jurisdiction and year, each change kept as a version.
import type { Commitment } from "../../../shared/catalog/schema.ts";
import { CHAIN_START, chainHash } from "../audit/chain.ts";
import type { Db, Executor } from "../db/open.ts";
import { bumpRevision, type Actor } from "./store.ts";

export interface StoredCommitment {
  commitment: Commitment;
  version: number;
  updatedAt: string;
  updatedBy: string;
}

export async function listCommitments(ex: Executor): Promise<StoredCommitment[]> {
  const records = await ex.selectFrom("commitments").select(["data", "version", "updated_at", "updated_by"]).orderBy("jurisdiction").orderBy("year").execute();
  return records.map((r) => ({ commitment: JSON.parse(r.data) as Commitment, version: r.version, updatedAt: r.updated_at, updatedBy: r.updated_by }));
}

/** Upserts commitments in their own write transaction; see upsertCommitmentsIn. */
/** `office`: the writer's, for PostgreSQL's row-level security (db.write). */
export async function upsertCommitments(db: Db, commitments: readonly Commitment[], actor: Actor, options: { onlyNew?: boolean; office?: string } = {}): Promise<{ changed: number }> {
  return db.write((trx) => upsertCommitmentsIn(trx, commitments, actor, options), { ...(options.office ? { office: options.office } : {}) });
}

/** Upserts commitments in the caller's write transaction; `onlyNew` leaves existing ones alone (seeding never overrides what users entered). */
export async function upsertCommitmentsIn(
  trx: Executor,
  commitments: readonly Commitment[],
  actor: Actor,
  options: { onlyNew?: boolean } = {},
): Promise<{ changed: number }> {
  const at = new Date().toISOString();
  let changed = 0;
  for (const c of commitments) {
    const existing = await trx
      .selectFrom("commitments")
      .select(["version", "data"])
      .where("jurisdiction", "=", c.jurisdiction)
      .where("year", "=", c.year)
      .executeTakeFirst();
    const data = JSON.stringify(c);
    if (existing && (options.onlyNew || existing.data === data)) continue;
    const version = (existing?.version ?? 0) + 1;
    const sample = c.sample ? 1 : 0;
    await trx
      .insertInto("commitments")
      .values({ jurisdiction: c.jurisdiction, year: c.year, version, data, sample, updated_at: at, updated_by: actor.name })
      .onConflict((oc) =>
        oc.columns(["jurisdiction", "year"]).doUpdateSet((eb) => ({
          version: eb.ref("excluded.version"),
          data: eb.ref("excluded.data"),
          sample: eb.ref("excluded.sample"),
          updated_at: eb.ref("excluded.updated_at"),
          updated_by: eb.ref("excluded.updated_by"),
        })),
      )
      .execute();
    const entry = { jurisdiction: c.jurisdiction, year: c.year, version, data, changed_at: at, changed_by: actor.name, token_id: actor.tokenId, sample };
    // The audit chain (audit/chain.ts): linked to the version this one follows, read under the write lock.
    const previous = existing
      ? await trx.selectFrom("commitments_history").select("hash").where("jurisdiction", "=", c.jurisdiction).where("year", "=", c.year).where("version", "=", existing.version).executeTakeFirst()
      : undefined;
    const prev = previous?.hash ?? CHAIN_START;
    await trx
      .insertInto("commitments_history")
      .values({ ...entry, prev_hash: prev, hash: chainHash("commitments_history", entry, prev) })
      .execute();
    changed++;
  }
  if (changed > 0) await bumpRevision(trx);
  return { changed };
}
