// Paid by the year a payment is made, approved by the year of approval, through the real service on both backends:
// rows applied in November 2025 are approved across 2025 and 2026 and paid in instalments across the two years; in every
// grouping the dashboard reads (overview, year, drill-down by document / provision / district / enterprise, the
// enterprise file) a year's paid figure equals the SQL sum of the payments dated in it, and its approved figure the
// approvals decided in it (a batch's approval is decided the day of the batch). A paid figure written with the row
// counts in its paidDate's year; one without a date is reported apart as not recorded, never in a guessed year. The
// maintained year totals equal their GROUP BY.
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDb, type Db } from "../../dashboard/server/db/open.ts";
import { evaluateLedger } from "../../shared/ledger/evaluate.ts";
import { DEFAULT_SAMPLE_ROWS, sampleLedger } from "../../shared/ledger/sample.ts";
import { summarize } from "../../shared/ledger/summary.ts";
import { fenOfExactYuan } from "../../shared/money/fen.ts";
import { defaultEngine } from "../../shared/node.ts";
import { describeBackends } from "./backends.ts";
import { call, JIULONGPO_OFFICE, ledgerRow, makeTokens, startService, type Service } from "./harness.ts";
import { expectYearTotalsEqualGroupBy } from "./year-totals-check.ts";

interface Summary {
  basis: Record<string, string>;
  rows: { key: Record<string, string | number>; count: number; approved: number; paid: number }[];
  undated: { key: Record<string, string>; approved: number; paid: number }[];
}

async function withDb<T>(spec: string, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDb(spec);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

const CREDIT = "91500107MA5U4LGX4U";

// The dashboard tests compare the seeded sample's approved figures with summarize(), which counts an approval in its
// application's year: that is honest only because each sample approval falls in its application's year, held here.
it("the sample ledger's approvals by approval year equal summarize()'s approved by application year", () => {
  const sample = sampleLedger({ rows: DEFAULT_SAMPLE_ROWS, distinctIds: true });
  const byApprovalYear = new Map<string, number>();
  const engine = defaultEngine();
  sample.rows.forEach((row, i) => {
    const day = sample.approvedOn[i] ?? null;
    const decided = row.status === "approved" || row.status === "paid";
    expect(day === null, row.applicationId).toBe(!decided);
    if (day === null) return;
    expect(day >= row.applicationDate && day.slice(0, 4) === row.applicationDate.slice(0, 4), row.applicationId).toBe(true);
    if (row.paidDate !== null) expect(day <= row.paidDate, row.applicationId).toBe(true);
    const key = `${engine.catalog.byId.get(row.provisionId)?.document.jurisdiction ?? ""}|${day.slice(0, 4)}`;
    byApprovalYear.set(key, (byApprovalYear.get(key) ?? 0) + fenOfExactYuan(row.approved ?? 0));
  });
  const summarized = summarize(evaluateLedger(engine, sample.rows, { trace: false }), ["jurisdiction", "year"], []);
  const byApplicationYear = new Map(summarized.filter((r) => r.approved !== 0).map((r) => [`${r.key.jurisdiction}|${r.key.year}`, Math.round(r.approved * 100)]));
  expect(byApprovalYear.size).toBeGreaterThan(3);
  expect(new Map([...byApprovalYear].filter(([, fen]) => fen !== 0))).toEqual(byApplicationYear);
});
const applied2025 = (id: string, n: number, overrides: Parameters<typeof ledgerRow>[2] = {}) => ledgerRow(id, n, { applicationDate: "2025-11-10", ...overrides });

describeBackends("paid by payment year, approved by approval year", (backend) => {
  const dbPath = backend.database("paid-years");
  let service: Service;
  let t: Record<keyof typeof JIULONGPO_OFFICE, string>;

  beforeAll(async () => {
    t = await makeTokens(dbPath, JIULONGPO_OFFICE);
    service = await startService({ dbPath });
    const rows = [
      applied2025("PY-1", 1),
      applied2025("PY-2", 2, { district: "九龙坡区西彭镇" }),
      applied2025("PY-3", 3),
      // Entered by the clerk, decided by the editor's batch below: one token may not submit and approve a row.
      applied2025("PY-BATCH", 4),
      applied2025("PY-UNDATED", 5),
    ];
    const put = await call(service, "PUT", "/api/ledger/rows", { token: t.clerk, json: { rows } });
    expect(put.status, put.text).toBe(200);
    const batch = [
      // Approved and paid in the row itself (a batch): approved the day of the batch; paid dated by the row's paidDate.
      applied2025("PY-BATCH", 4, { status: "approved", approved: 50_000, paid: 20_000, paidDate: "2025-12-01" }),
      // Paid with no date recorded: reported apart, in no year.
      applied2025("PY-UNDATED", 5, { status: "approved", approved: 8_000, paid: 5_000, paidDate: null }),
    ];
    const written = await call(service, "PUT", "/api/ledger/rows", { token: t.editor, json: { rows: batch } });
    expect(written.status, written.text).toBe(200);
    const decide = async (id: string, amount: number, date: string) => {
      const r = await call(service, "POST", `/api/ledger/rows/${id}/decisions`, { token: t.reviewer, json: { event: "approved", amount, date } });
      expect(r.status, r.text).toBe(200);
    };
    await decide("PY-1", 30_000, "2025-12-20");
    await decide("PY-2", 40_000, "2026-01-10");
    await decide("PY-3", 12_000, "2026-02-03");
  }, 180_000);
  afterAll(async () => {
    await service?.stop();
  });

  const pay = async (id: string, amount: number, date: string, voucher: string) => {
    const r = await call(service, "POST", `/api/ledger/rows/${id}/payments`, { token: t.payer, json: { amount, date, voucher } });
    expect(r.status, r.text).toBe(200);
  };
  const summary = async (query: Record<string, string>) => {
    const r = await call(service, "GET", `/api/summary?${new URLSearchParams(query)}`, { token: t.viewer });
    expect(r.status, r.text).toBe(200);
    return r.body as Summary;
  };
  /** Yuan of the payments dated in the year, summed by SQL. */
  const paymentsIn = (year: number) =>
    withDb(dbPath, async (db) => {
      const r = await db.k.selectFrom("ledger_payments").select(sql<string | number | null>`sum(amount_fen)`.as("fen")).where("paid_on", "like", `${year}-%`).executeTakeFirstOrThrow();
      return Number(r.fen ?? 0) / 100;
    });
  /** Yuan approved by the approvals decided in the year (each row approved once here). */
  const approvalsIn = (year: number) =>
    withDb(dbPath, async (db) => {
      const r = await db.k.selectFrom("ledger_decisions").select(sql<string | number | null>`sum(amount_fen)`.as("fen")).where("event", "=", "approved").where("decided_on", "like", `${year}-%`).executeTakeFirstOrThrow();
      return Number(r.fen ?? 0) / 100;
    });
  const sum = (rows: Summary["rows"], f: (r: Summary["rows"][number]) => number) => Math.round(rows.reduce((s, r) => s + f(r) * 100, 0)) / 100;

  /** Every grouping the dashboard reads, for one year: each one's paid and approved sums. */
  async function figuresOf(year: number): Promise<{ view: string; paid: number; approved: number }[]> {
    const out: { view: string; paid: number; approved: number }[] = [];
    const keyed = (view: string, rows: Summary["rows"]) => out.push({ view, paid: sum(rows, (r) => r.paid), approved: sum(rows, (r) => r.approved) });
    keyed("overview by=jurisdiction,year", (await summary({ by: "jurisdiction,year" })).rows.filter((r) => r.key.year === year));
    keyed("by=year", (await summary({ by: "year" })).rows.filter((r) => r.key.year === year));
    for (const by of ["document", "provision", "district", "enterprise", "status"]) keyed(`year=${year} by=${by}`, (await summary({ by, year: String(year) })).rows);
    keyed(`by=enterprise,year`, (await summary({ by: "enterprise,year" })).rows.filter((r) => r.key.year === year));
    keyed(`enterprise filter, year=${year} by=provision`, (await summary({ by: "provision", year: String(year), enterprise: "重庆测试制造有限公司1" })).rows);
    const file = await call(service, "GET", `/api/enterprises/${CREDIT}`, { token: t.viewer });
    expect(file.status, file.text).toBe(200);
    keyed("enterprise file", (file.body as { totals: Summary["rows"] }).totals.filter((r) => r.key.year === year));
    return out;
  }

  it("states its basis, and answers the enterprise paths (no 500)", async () => {
    const s = await summary({ by: "enterprise,year" });
    expect(s.basis).toEqual({ count: "application date", requested: "application date", approved: "approval date", paid: "payment date" });
    expect((await summary({ by: "district", enterprise: "重庆测试制造有限公司1", year: "2025" })).rows.length).toBeGreaterThan(0);
  });

  it("counts a paid figure written with the row in its paidDate's year, and one without a date apart", async () => {
    const byYear = await summary({ by: "year" });
    expect(byYear.rows.find((r) => r.key.year === 2025)?.paid).toBe(20_000);
    // Only the paid figure without a date is undated: the batch's approvals are dated the day of the batch.
    expect(byYear.undated).toEqual([{ key: {}, approved: 0, paid: 5_000 }]);
    // Without a year the undated amounts are in the figures (and said to be).
    const all = await summary({ by: "jurisdiction" });
    expect(all.rows.map((r) => [r.key.jurisdiction, r.approved, r.paid])).toEqual([["jiulongpo", 30_000 + 40_000 + 12_000 + 50_000 + 8_000, 25_000]]);
    expect(all.undated).toEqual([{ key: { jurisdiction: "jiulongpo" }, approved: 0, paid: 5_000 }]);
  });

  it("in every view, a year's paid equals the payments dated in it and its approved the approvals decided in it", async () => {
    await pay("PY-1", 10_000, "2025-12-28", "GK-1");
    await pay("PY-1", 20_000, "2026-02-01", "GK-2");
    await pay("PY-2", 15_000, "2026-03-01", "GK-3");
    // The batch's paid figure becomes its own event (dated its paidDate) before this one.
    await pay("PY-BATCH", 10_000, "2026-02-02", "GK-4");
    expect(await paymentsIn(2025)).toBe(30_000);
    expect(await paymentsIn(2026)).toBe(45_000);
    for (const year of [2025, 2026]) {
      const [paid, approved] = [await paymentsIn(year), await approvalsIn(year)];
      const figures = await figuresOf(year);
      for (const f of figures.filter((f) => !f.view.startsWith("enterprise filter"))) {
        expect({ view: f.view, paid: f.paid, approved: f.approved }).toEqual({ view: f.view, paid, approved });
      }
      // The drill-down filtered to one enterprise: 重庆测试制造有限公司1 holds PY-1 alone.
      const one = figures.find((f) => f.view.startsWith("enterprise filter"));
      expect(one).toMatchObject({ paid: year === 2025 ? 10_000 : 20_000, approved: year === 2025 ? 30_000 : 0 });
    }
    // The rows applied in 2025 are still counted in 2025.
    const byYear = await summary({ by: "year" });
    expect(byYear.rows.map((r) => [r.key.year, r.count])).toEqual([[2025, 5], [2026, 0]]);
    await withDb(dbPath, expectYearTotalsEqualGroupBy);
  });
});
