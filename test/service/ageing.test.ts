// GET /api/summary/ageing through the real service, on both backends: approved-but-unpaid amounts by days since
// approval (0–30, 31–90, over 90; approval date not recorded apart) equal a direct computation from the rows and
// their events, as of two days; the 30/31 and 90/91 day edges; a reader of one office sees its office only (403
// naming jurisdiction for another); a bad asOf is a 400 naming the field.
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDb } from "../../dashboard/server/db/open.ts";
import { ageingSql } from "../../dashboard/server/ledger/ageing.ts";
import type { Ageing } from "../../shared/ledger/ageing.ts";
import type { LedgerRow } from "../../shared/ledger/row.ts";
import { describeBackends } from "./backends.ts";
import { plan } from "./query-plans.ts";
import { call, JIULONGPO_OFFICE, storeRows, ledgerRow, makeTokens, startService, type Service } from "./harness.ts";

const row = (id: string, n: number, overrides: Parameters<typeof ledgerRow>[2] = {}) => ledgerRow(id, n, { applicationDate: "2025-11-10", ...overrides });
const dayMs = 86_400_000;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / dayMs);

/** The buckets computed directly from every row and its events, in fen. */
async function direct(dbPath: string, asOf: string, jurisdiction: string | null): Promise<Record<string, { count: number; fen: number }>> {
  const db = await openDb(dbPath);
  try {
    const rows = await db.k.selectFrom("ledger_rows").selectAll().execute();
    const payments = await db.k.selectFrom("ledger_payments").selectAll().execute();
    const decisions = await db.k.selectFrom("ledger_decisions").selectAll().where("event", "=", "approved").orderBy("seq").execute();
    const out: Record<string, { count: number; fen: number }> = {};
    for (const r of rows) {
      if (!["approved", "paid"].includes(r.status) || jurisdiction !== null && r.jurisdiction !== jurisdiction) continue;
      const approvedOn = decisions.filter((d) => d.application_id === r.application_id).at(-1)?.decided_on ?? null;
      if (approvedOn !== null && approvedOn > asOf) continue;
      const own = payments.filter((p) => p.application_id === r.application_id);
      const all = own.reduce((s, p) => s + Number(p.amount_fen), 0);
      const byDay = own.filter((p) => p.paid_on === null || p.paid_on <= asOf).reduce((s, p) => s + Number(p.amount_fen), 0);
      const paidDate = (JSON.parse(r.data) as LedgerRow).paidDate;
      const beyond = Number(r.paid_fen ?? 0) - all;
      const outstanding = Number(r.approved_fen ?? 0) - byDay - (beyond > 0 && (paidDate === null || paidDate <= asOf) ? beyond : 0);
      if (outstanding <= 0) continue;
      const days = approvedOn === null ? null : daysBetween(approvedOn, asOf);
      const bucket = days === null ? "not-recorded" : days <= 30 ? "0-30" : days <= 90 ? "31-90" : "over-90";
      out[bucket] = { count: (out[bucket]?.count ?? 0) + 1, fen: (out[bucket]?.fen ?? 0) + outstanding };
    }
    return out;
  } finally {
    await db.close();
  }
}

describeBackends("ageing of approved but unpaid awards", (backend) => {
  const dbPath = backend.database("ageing");
  let service: Service;
  let t: Record<keyof typeof JIULONGPO_OFFICE | "ybViewer" | "ybEditor", string>;

  beforeAll(async () => {
    t = await makeTokens(dbPath, { ...JIULONGPO_OFFICE, ybViewer: ["viewer", "渝北区 查看", "yubei"], ybEditor: ["editor", "渝北区 编辑", "yubei"] });
    // Approved with no approval date: rows of a ledger from before events (a batch now records its approvals, dated).
    await storeRows(dbPath, [
      row("AG-BATCH", 20, { status: "approved", approved: 8_000, paid: 5_000, paidDate: null }),
      // Its paid figure (no payment event) dated after 2026-06-30: outstanding as of that day, paid by 2026-11-30.
      row("AG-BATCH-LATE", 22, { status: "paid", approved: 6_000, paid: 6_000, paidDate: "2026-08-01" }),
      row("AG-YB", 21, { provisionId: "yubei-1", district: "渝北区", applicationDate: "2026-03-02", status: "approved", approved: 7_000 }),
    ]);
    service = await startService({ dbPath });
    const ids = ["AG-10", "AG-30", "AG-31", "AG-60", "AG-90", "AG-91", "AG-171", "AG-LATER"];
    const put = await call(service, "PUT", "/api/ledger/rows", { token: t.clerk, json: { rows: ids.map((id, i) => row(id, i)) } });
    expect(put.status, put.text).toBe(200);
    // As of 2026-06-30: 10, 30, 31, 60, 90, 91 and 171 days since approval; one approved after the day.
    const approvals: [string, number, string][] = [
      ["AG-10", 30_000, "2026-06-20"],
      ["AG-30", 1_000, "2026-05-31"],
      ["AG-31", 2_000, "2026-05-30"],
      ["AG-60", 40_000, "2026-05-01"],
      ["AG-90", 3_000, "2026-04-01"],
      ["AG-91", 4_000, "2026-03-31"],
      ["AG-171", 12_000, "2026-01-10"],
      ["AG-LATER", 5_000, "2026-07-10"],
    ];
    for (const [id, amount, date] of approvals) {
      const r = await call(service, "POST", `/api/ledger/rows/${id}/decisions`, { token: t.reviewer, json: { event: "approved", amount, date } });
      expect(r.status, r.text).toBe(200);
    }
    const payments: [string, number, string, string][] = [
      ["AG-10", 10_000, "2026-06-25", "V1"],
      // Paid in full after the day: outstanding as of 2026-06-30, not as of today.
      ["AG-60", 40_000, "2026-07-15", "V2"],
      ["AG-171", 2_000, "2026-02-01", "V3"],
    ];
    for (const [id, amount, date, voucher] of payments) {
      const r = await call(service, "POST", `/api/ledger/rows/${id}/payments`, { token: t.payer, json: { amount, date, voucher } });
      expect(r.status, r.text).toBe(200);
    }
  }, 180_000);
  afterAll(async () => {
    await service?.stop();
  });

  const ageing = async (query: Record<string, string>, token = t.viewer) => call(service, "GET", `/api/summary/ageing?${new URLSearchParams(query)}`, { token });
  const asFen = (a: Ageing) => Object.fromEntries(a.buckets.filter((b) => b.count > 0).map((b) => [b.bucket, { count: b.count, fen: Math.round(b.outstanding * 100) }]));

  it("equals a direct computation, as of a past day and as of a later one, with the 30/31 and 90/91 day edges", async () => {
    const r = await ageing({ jurisdiction: "jiulongpo", asOf: "2026-06-30" });
    expect(r.status, r.text).toBe(200);
    const body = r.body as Ageing;
    expect(body).toMatchObject({ asOf: "2026-06-30", jurisdiction: "jiulongpo", basis: "approval date" });
    expect(asFen(body)).toEqual(await direct(dbPath, "2026-06-30", "jiulongpo"));
    expect(asFen(body)).toEqual({
      "0-30": { count: 2, fen: (20_000 + 1_000) * 100 },
      "31-90": { count: 3, fen: (2_000 + 40_000 + 3_000) * 100 },
      "over-90": { count: 2, fen: (4_000 + 10_000) * 100 },
      "not-recorded": { count: 2, fen: (3_000 + 6_000) * 100 },
    });
    expect(body.total).toEqual({ count: 9, outstanding: 21_000 + 45_000 + 14_000 + 3_000 + 6_000 });
    const later = (await ageing({ jurisdiction: "jiulongpo", asOf: "2026-11-30" })).body as Ageing;
    expect(asFen(later)).toEqual(await direct(dbPath, "2026-11-30", "jiulongpo"));
    expect(later.buckets.find((b) => b.bucket === "over-90")?.count).toBe(7);
    expect(later.buckets.find((b) => b.bucket === "not-recorded")).toMatchObject({ count: 1, outstanding: 3_000 });
  });

  it("is scoped as every read: the whole ledger for `all`, one office for its reader, 403 for another office", async () => {
    const all = (await ageing({ asOf: "2026-06-30" })).body as Ageing;
    expect(asFen(all)).toEqual(await direct(dbPath, "2026-06-30", null));
    expect(all.buckets.find((b) => b.bucket === "not-recorded")).toEqual({ bucket: "not-recorded", count: 3, outstanding: 3_000 + 6_000 + 7_000 });
    const own = (await ageing({ asOf: "2026-06-30" }, t.ybViewer)).body as Ageing;
    expect(own.jurisdiction).toBe("yubei");
    expect(asFen(own)).toEqual({ "not-recorded": { count: 1, fen: 7_000 * 100 } });
    const other = await ageing({ jurisdiction: "jiulongpo" }, t.ybViewer);
    expect(other.status, other.text).toBe(403);
    expect((other.body as { error: { field: string } }).error.field).toBe("jurisdiction");
  });

  it("aggregates over migration 13's indexes: no table scan, no row's JSON read but for a paid figure beyond its payments", async () => {
    const db = await openDb(dbPath);
    try {
      for (const jurisdiction of [null, "jiulongpo"]) {
        // PostgreSQL would read tables this small whole whatever their indexes; at 100k rows it takes these.
        const lines = await plan(db, ageingSql(db.kind, jurisdiction, "2026-06-30").compile(db.k), { pgOff: ["enable_seqscan", "enable_bitmapscan"] });
        const text = lines.join("\n");
        for (const index of ["ledger_rows_decided", "ledger_decisions_approved", "ledger_payments_row_day"]) expect(text, text).toContain(index);
        expect(text, text).not.toMatch(/Seq Scan|^\s*SCAN (r|ledger_rows|l|m|ledger_decisions|ledger_payments)\s*$/m);
      }
    } finally {
      await db.close();
    }
  });

  it("refuses a bad asOf (400 naming it)", async () => {
    const bad = await ageing({ asOf: "2026-02-30" });
    expect(bad.status, bad.text).toBe(400);
    expect((bad.body as { error: { field: string } }).error.field).toBe("asOf");
  });
});
