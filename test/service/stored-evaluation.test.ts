// The outcomes the service stores beside each row, kept by incremental re-evaluation in every write, against a
// whole-ledger evaluateLedger of the rows as they stand, after random sequences of batches (rows inserted, changed,
// moved between enterprises, sample rows removed): every row's outcome, every cap draw, and the totals summaries
// read. On a real SQLite file and a real PostgreSQL database.
import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDb, type Db } from "../../dashboard/server/db/open.ts";
import { removeSample } from "../../dashboard/server/ledger/remove-sample.ts";
import { verifyChains } from "../../dashboard/server/audit/verify.ts";
import { startStalePass } from "../../dashboard/server/ledger/stale-pass.ts";
import { LedgerStore } from "../../dashboard/server/ledger/store.ts";
import { storedOutcomeOf } from "../../dashboard/server/ledger/stored-evaluation.ts";
import { expectYearTotalsEqualGroupBy } from "./year-totals-check.ts";
import { evaluateLedger } from "../../shared/ledger/evaluate.ts";
import { LedgerRow } from "../../shared/ledger/row.ts";
import { outcomesOf } from "../../shared/ledger/stored-outcome.ts";
import { defaultEngine } from "../../shared/node.ts";
import { arbLedger } from "../ledger/arbitrary-ledger.ts";
import { describeBackends } from "./backends.ts";

const engine = defaultEngine();
const VERSION = "test-catalog";
const RUNS = Number(process.env.STORED_RUNS ?? 40);

/** A batch as the API would take it: rows that pass the schema, each application ID once (the last one wins). */
const arbBatch = fc.tuple(arbLedger, fc.boolean()).map(([rows, sample]) => {
  const byId = new Map<string, LedgerRow>();
  for (const r of rows) {
    const parsed = LedgerRow.safeParse(r);
    if (parsed.success) byId.set(parsed.data.applicationId, parsed.data);
  }
  return { rows: [...byId.values()], sample };
});
const arbStep = fc.oneof({ arbitrary: arbBatch, weight: 6 }, { arbitrary: fc.constant("remove-sample" as const), weight: 1 });

async function expectStoredEqualsWhole(db: Db): Promise<void> {
  const records = await db.k.selectFrom("ledger_rows").selectAll().orderBy("application_id").execute();
  const rows = records.map((r) => JSON.parse(r.data) as LedgerRow);
  const whole = outcomesOf(evaluateLedger(engine, rows, { trace: false }));
  expect(records.map(storedOutcomeOf)).toEqual(whole.map((o) => ({ ...o, draws: [] })));
  expect(records.every((r) => r.evaluated_under === VERSION)).toBe(true);

  const draws = await db.k.selectFrom("ledger_cap_draws").selectAll().execute();
  const drawn = draws.map((d) => [d.application_id, d.cap_key, d.scope, d.project_id, d.year, Number(d.drawn_fen)].join("|")).sort();
  const expected = whole.flatMap((o) => o.draws.map((d) => [o.applicationId, d.capKey, d.scope, d.projectId, d.year, d.drawnFen].join("|"))).sort();
  expect(drawn).toEqual(expected);

  // The totals as a plain grouping of the rows and their whole-ledger outcomes.
  const groups = new Map<string, number[]>();
  records.forEach((r, i) => {
    const o = whole[i];
    if (!o) return;
    const key = [r.jurisdiction ?? "", r.document ?? "", r.provision_id, r.district, r.status, r.year].join("|");
    const [count, requested, uncapped, approved, paid, counted] = (groups.get(key) ?? [0, 0, 0, 0, 0, 0]) as [number, number, number, number, number, number];
    const decided = r.status === "approved" || r.status === "paid";
    const row = rows[i] as LedgerRow;
    groups.set(key, [
      count + 1,
      requested + (o.ceilingFen ?? 0),
      uncapped + (o.ceilingFen === null ? 1 : 0),
      approved + (decided ? Math.round((row.approved ?? 0) * 100) : 0),
      paid + (decided ? Math.round((row.paid ?? 0) * 100) : 0),
      counted + o.countedFen,
    ]);
  });
  const totals = await db.k.selectFrom("ledger_totals").selectAll().execute();
  const stored = totals.map((t) => [[t.jurisdiction, t.document, t.provision_id, t.district, t.status, t.year].join("|"), [t.count, t.requested_fen, t.uncapped, t.approved_fen, t.paid_fen, t.counted_fen].map(Number)] as const);
  expect(new Map(stored)).toEqual(groups);
  await expectYearTotalsEqualGroupBy(db);
}


describeBackends("stored evaluation kept by every write", (backend) => {
  const spec = backend.database("stored");
  let db: Db;
  let store: LedgerStore;
  beforeAll(async () => {
    db = await openDb(spec);
    store = new LedgerStore(db, engine, VERSION);
  });
  afterAll(() => db?.close());

  it("equals a whole-ledger evaluation after any sequence of batches", async () => {
    let batches = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(arbStep, { minLength: 1, maxLength: 5 }), async (steps) => {
        await db.write(async (trx) => {
          for (const table of ["ledger_cap_draws", "ledger_totals", "ledger_year_totals", "ledger_history", "ledger_rows"] as const) await sql`DELETE FROM ${sql.table(table)}`.execute(trx);
        });
        for (const step of steps) {
          if (step === "remove-sample") await removeSample(db, engine, VERSION);
          else await store.upsert(step.rows, { tokenId: null, name: "test" }, `batch-${++batches}`, { sample: step.sample });
        }
        await expectStoredEqualsWhole(db);
        // Removing sample rows, and writing their IDs again, keeps every history chain whole.
        expect((await verifyChains(db)).breaks).toEqual([]);
      }),
      { numRuns: RUNS, ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) },
    );
  }, 240_000);

  it("evaluates again, after start, every row stored under another catalog", async () => {
    const rows = fc.sample(arbBatch, { numRuns: 30, seed: 7 }).flatMap((b, n) => b.rows.map((r) => ({ ...r, applicationId: `${r.applicationId}-${n}` })));
    await store.upsert(rows, { tokenId: null, name: "test" }, "before-the-rules-changed");
    const next = new LedgerStore(db, engine, "next-catalog");
    const pass = startStalePass(next);
    expect(await pass.done).toBe(await next.count());
    const records = await db.k.selectFrom("ledger_rows").select("evaluated_under").distinct().execute();
    expect(records).toEqual([{ evaluated_under: "next-catalog" }]);
    // And nothing is left to do for a pass under the same catalog.
    expect(await startStalePass(next).done).toBe(0);
  }, 120_000);
});
