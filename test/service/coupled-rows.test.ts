// The write path's read of the rows a change can affect (coupled-rows.ts): on both planners it looks rows up on the
// (credit_code, provision_id) index, never scans the ledger, and returns exactly the rows an in-process filter of
// the enterprises' rows by their coupled provisions keeps.
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDb, type Db } from "../../dashboard/server/db/open.ts";
import type { LedgerRowsTable } from "../../dashboard/server/db/schema.ts";
import { coupledRowsQuery, reachOf } from "../../dashboard/server/ledger/coupled-rows.ts";
import { couplingOf } from "../../shared/ledger/coupling.ts";
import { defaultEngine } from "../../shared/node.ts";
import { describeBackends } from "./backends.ts";
import { insertRecords, plan, scansTable, storedRecord } from "./query-plans.ts";

const engine = defaultEngine();
const coupling = couplingOf(engine);
const INDEX = "ledger_rows_credit_code_provision";

const ENTERPRISES = 2000;
// Coupled groups of several provisions (yubei-2's cap, jiulongpo-1's) and provisions coupled with none, plus one no
// catalog knows.
const PROVISIONS = ["yubei-2", "yubei-2b", "yubei-5", "yubei-6", "jiulongpo-1", "jiulongpo-14", "jiulongpo-2", "chongqing2023-1", "chongqing2023-2", "unknown-9"];
const code = (e: number): string => `91500000MA${String(e).padStart(8, "0")}`;

function record(e: number, p: number): LedgerRowsTable {
  return storedRecord({ application_id: `CR-${String(e).padStart(5, "0")}-${p}`, provision_id: PROVISIONS[p % PROVISIONS.length] as string, credit_code: code(e) });
}

describeBackends("the rows a write re-reads", (backend) => {
  const spec = backend.database("coupled");
  let db: Db;
  beforeAll(async () => {
    db = await openDb(spec);
    // Ten rows an enterprise, one of each provision: enough rows that a scan would cost the planners more.
    const all: LedgerRowsTable[] = [];
    for (let e = 0; e < ENTERPRISES; e++) for (let p = 0; p < PROVISIONS.length; p++) all.push(record(e, p));
    // SQLite is left without statistics, as in service.
    await insertRecords(db, all);
  }, 60_000);
  afterAll(() => db?.close());

  // 50 enterprises, as storeEvaluated reads a statement: most write one provision, some two groups, one every row.
  const touchedRows = Array.from({ length: 50 }, (_, i) => i * 37).flatMap((e, i) => {
    const rows = [{ credit_code: code(e), provision_id: PROVISIONS[i % PROVISIONS.length] as string }];
    if (i % 5 === 0) rows.push({ credit_code: code(e), provision_id: "jiulongpo-14" });
    return rows;
  });
  const whole = [code(1)];
  const reach = reachOf(engine, { rows: touchedRows, creditCodes: whole });

  it("is served by the enterprise-and-provision index, with no scan of the ledger", async () => {
    const lines = await plan(db, coupledRowsQuery(db.k, reach).compile());
    expect(lines.join("\n")).toContain(INDEX);
    expect(scansTable(lines)).toBe(false);
  });

  it("returns exactly the enterprises' rows of the coupled provisions", async () => {
    const codes = [...new Set([...touchedRows.map((r) => r.credit_code), ...whole])];
    const candidates = await db.k.selectFrom("ledger_rows").selectAll().where("credit_code", "in", codes).execute();
    const kept = candidates.filter((r) => {
      if (whole.includes(r.credit_code)) return true;
      return touchedRows.some((t) => t.credit_code === r.credit_code && coupling.of(t.provision_id).includes(r.provision_id));
    });
    const read = await coupledRowsQuery(db.k, reach).execute();
    const ids = (rows: { application_id: string }[]): string[] => rows.map((r) => r.application_id).sort();
    expect(ids(read)).toEqual(ids(kept));
    // Some rows of those enterprises are out of reach, or the test would not tell the two reads apart.
    expect(kept.length).toBeLessThan(candidates.length);
    expect(kept.length).toBeGreaterThan(50);
  });
});
