// The ledger_totals table kept by deltas: every write subtracts the parts of the rows it rewrites as they were
// stored and adds them as they are now, in the writer's transaction, so the totals always equal a GROUP BY over
// ledger_rows (test/service/stored-evaluation.test.ts holds them to it).
import { sql } from "kysely";
import { chunks } from "../db/chunks.ts";
import type { Executor } from "../db/open.ts";
import type { LedgerRowsTable, LedgerTotalsTable } from "../db/schema.ts";

/** What of a stored row the totals read. */
export type TotalsPart = Pick<LedgerRowsTable, "jurisdiction" | "document" | "provision_id" | "district" | "status" | "year" | "ceiling_fen" | "approved_fen" | "paid_fen" | "counted_fen">;

/** The statuses whose rows count as approved (and paid) in the totals. */
export const DECIDED: ReadonlySet<string> = new Set(["approved", "paid"]);

export class TotalsDelta {
  private readonly groups = new Map<string, LedgerTotalsTable>();

  /** Adds (sign 1) or subtracts (sign -1) one row's part. */
  add(part: TotalsPart, sign: 1 | -1): void {
    const key = { jurisdiction: part.jurisdiction ?? "", document: part.document ?? "", provision_id: part.provision_id, district: part.district, status: part.status, year: part.year };
    // Joined, not JSON: this runs twice for every row a batch rewrites. Text fields never hold NUL (refused on input).
    const id = `${key.jurisdiction}\u0000${key.document}\u0000${key.provision_id}\u0000${key.district}\u0000${key.status}\u0000${key.year}`;
    let group = this.groups.get(id);
    if (!group) {
      group = { ...key, count: 0, requested_fen: 0, uncapped: 0, approved_fen: 0, paid_fen: 0, counted_fen: 0 };
      this.groups.set(id, group);
    }
    const decided = DECIDED.has(part.status);
    group.count += sign;
    if (part.ceiling_fen === null) group.uncapped += sign;
    else group.requested_fen += sign * part.ceiling_fen;
    group.counted_fen += sign * part.counted_fen;
    if (decided) {
      group.approved_fen += sign * (part.approved_fen ?? 0);
      group.paid_fen += sign * (part.paid_fen ?? 0);
    }
  }

  /** Moves one row's part from what was stored (null: nothing) to what is stored now (null: removed). */
  move(before: TotalsPart | null, after: TotalsPart | null): void {
    if (before) this.add(before, -1);
    if (after) this.add(after, 1);
  }

  async apply(trx: Executor): Promise<void> {
    const changed = [...this.groups.values()].filter((g) => g.count !== 0 || g.requested_fen !== 0 || g.uncapped !== 0 || g.approved_fen !== 0 || g.paid_fen !== 0 || g.counted_fen !== 0);
    for (const part of chunks(changed)) {
      await trx
        .insertInto("ledger_totals")
        .values(part)
        .onConflict((oc) =>
          oc.columns(["jurisdiction", "document", "provision_id", "district", "status", "year"]).doUpdateSet({
            count: sql`ledger_totals.count + excluded.count`,
            requested_fen: sql`ledger_totals.requested_fen + excluded.requested_fen`,
            uncapped: sql`ledger_totals.uncapped + excluded.uncapped`,
            approved_fen: sql`ledger_totals.approved_fen + excluded.approved_fen`,
            paid_fen: sql`ledger_totals.paid_fen + excluded.paid_fen`,
            counted_fen: sql`ledger_totals.counted_fen + excluded.counted_fen`,
          }),
        )
        .execute();
    }
    if (changed.length > 0) await trx.deleteFrom("ledger_totals").where("count", "=", 0).execute();
    this.groups.clear();
  }
}
