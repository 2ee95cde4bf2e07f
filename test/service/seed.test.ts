// startServer (what `npm start` calls) on a fresh database: seeds the sample ledger and commitments, marked
// sample, and creates the first editor token once; `subsidy data remove-sample` takes the sample out for good.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { loadConfig } from "../../dashboard/server/config.ts";
import { openDb } from "../../dashboard/server/db/open.ts";
import { startServer } from "../../dashboard/server/start.ts";
import { DEFAULT_SAMPLE_ROWS, sampleLedger } from "../../shared/ledger/sample.ts";
import { call, ledgerRow, REPO, tempDir } from "./harness.ts";
import { describeBackends } from "./backends.ts";
import { expectYearTotalsEqualGroupBy } from "./year-totals-check.ts";

const run = promisify(execFile);

describeBackends("first run, sample data and its removal", (backend) => {
  // On SQLite in a folder that does not exist yet: the service creates it.
  const dbPath = backend.kind === "sqlite" ? path.join(tempDir(), "nested", "subsidy.db") : backend.database("seed");
  const config = loadConfig({}, { dbPath, port: 0, logLevel: "warn" });

  it("seeds once, gives the first token once, and removes the sample with one command", async () => {
    const first = await startServer(config);
    let token: string;
    try {
      expect(first.firstToken).toMatch(/^sbs_/);
      token = first.firstToken ?? "";
      expect(first.seededRows).toBeGreaterThan(0);
      expect(first.manifestUrl).toBe(`${first.origin}/manifest.xml`);
      const ledger = (await call(first, "GET", "/api/ledger?limit=1")).body as { total: number; rows: { sample: boolean }[] };
      expect(ledger.total).toBe(first.seededRows);
      expect(ledger.rows[0]?.sample).toBe(true);
      const summary = (await call(first, "GET", "/api/summary?by=jurisdiction,year")).body as { sample: boolean; rows: { committed: number | null }[] };
      expect(summary.sample).toBe(true);
      expect(summary.rows.some((r) => r.committed !== null)).toBe(true);
      const commitments = (await call(first, "GET", "/api/commitments")).body as { commitments: { sample: boolean; source: { kind: string } }[] };
      expect(commitments.commitments.some((c) => c.source.kind === "document" && !c.sample)).toBe(true);
      // Every approval of the sample is dated, so none sits in "date not recorded"; the one undated amount is the
      // planted paid-without-a-paid-date row's payment.
      const undated = (await call(first, "GET", "/api/summary?by=jurisdiction,year")).body as { undated: { approved: number; paid: number }[] };
      expect(undated.undated.reduce((s, u) => s + u.approved, 0)).toBe(0);
      // Each approved or paid sample row was submitted on its application day and approved on the sample's approval
      // day, by the sample actor, with the decision record; the year totals follow the events.
      const sample = sampleLedger({ rows: DEFAULT_SAMPLE_ROWS, distinctIds: true });
      const db = await openDb(dbPath);
      try {
        const decisions = await db.k.selectFrom("ledger_decisions").selectAll().orderBy("application_id").orderBy("seq").execute();
        const want = sample.rows.flatMap((row, i) => {
          const day = sample.approvedOn[i];
          return day ? [`${row.applicationId} submitted ${row.applicationDate}`, `${row.applicationId} approved ${day} ${Math.round((row.approved ?? 0) * 100)}`] : [];
        });
        expect(decisions.map((d) => [d.application_id, d.event, d.decided_on, ...(d.event === "approved" ? [Number(d.amount_fen)] : [])].join(" ")).sort()).toEqual(want.sort());
        expect(new Set(decisions.map((d) => `${d.token_id} ${d.token_name}`))).toEqual(new Set(["null sample"]));
        expect(decisions.filter((d) => d.event === "approved").every((d) => d.record !== null)).toBe(true);
        // Submitted before approved, each row's chain in seq order.
        expect(decisions.every((d) => d.seq === (d.event === "submitted" ? 1 : 2))).toBe(true);
        await expectYearTotalsEqualGroupBy(db);
      } finally {
        await db.close();
      }
      // A publish with the first token shows up in the summary. (An application: the token that enters a row may
      // not approve it in the same batch, separation of duties.)
      const published = await call(first, "PUT", "/api/ledger/rows", { token, json: { rows: [ledgerRow("REAL-1", 0)] } });
      expect(published.status).toBe(200);
      const totals = (await call(first, "GET", "/api/summary?by=")).body as { rows: { count: number }[] };
      expect(totals.rows[0]?.count).toBe(first.seededRows + 1);
    } finally {
      await first.close();
    }

    const { stdout } = await run(process.execPath, [path.join(REPO, "bin", "subsidy.mjs"), "data", "remove-sample", "--db", dbPath], { cwd: REPO });
    expect(JSON.parse(stdout).removed.rows).toBe(first.seededRows);
    // The sample's events go with it, and the year totals with them.
    const db = await openDb(dbPath);
    try {
      expect(await db.k.selectFrom("ledger_decisions").select("application_id").distinct().execute()).toEqual([{ application_id: "REAL-1" }]);
      expect(await db.k.selectFrom("ledger_payments").selectAll().execute()).toEqual([]);
      await expectYearTotalsEqualGroupBy(db);
      expect(await db.k.selectFrom("ledger_year_totals").selectAll().execute()).toEqual([]);
    } finally {
      await db.close();
    }

    const second = await startServer(config);
    try {
      expect(second.firstToken).toBeNull();
      expect(second.seededRows).toBe(0);
      const ledger = (await call(second, "GET", "/api/ledger")).body as { total: number; rows: { row: { applicationId: string } }[] };
      expect(ledger.rows.map((r) => r.row.applicationId)).toEqual(["REAL-1"]);
      const commitments = (await call(second, "GET", "/api/commitments")).body as { commitments: { sample: boolean }[] };
      expect(commitments.commitments.every((c) => !c.sample)).toBe(true);
      expect((await call(second, "GET", "/api/summary")).body).toMatchObject({ sample: false });
    } finally {
      await second.close();
    }
  }, 120_000);
});
