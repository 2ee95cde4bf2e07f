// The publish answer names, per row of the batch, what the ledger checks find, so Excel can show it at once;
// a clean batch gets none, a replayed batch carries the same warnings, and findings across rows (a cap drawn by
// rows of one enterprise, in this batch or with rows already stored) are named with the rows they involve.
import { afterAll, beforeAll, expect, it } from "vitest";
import { completeCreditCode } from "../../shared/ledger/credit-code.ts";
import { describeBackends } from "./backends.ts";
import { call, ledgerRow, makeToken, startService, type Service } from "./harness.ts";

interface Warning {
  applicationId: string;
  index: number;
  code: string;
  message: { zh: string; en: string };
  related?: string[];
  capKey?: string;
}

/** A valid credit code no other row of these tests uses. */
const CAPPED_CODE = completeCreditCode("91500107MA777777") as string;

describeBackends("publish warnings", (backend) => {
  const dbPath = backend.database("warnings");
  let service: Service;
  let token: string;
  let clerk: string;

  beforeAll(async () => {
    token = await makeToken(dbPath, "editor", "officer Wang");
    clerk = await makeToken(dbPath, "clerk", "officer Zhao");
    service = await startService({ dbPath });
  });
  afterAll(async () => {
    await service?.stop();
  });

  const put = (rows: unknown[], headers: Record<string, string> = {}) => call(service, "PUT", "/api/ledger/rows", { token, json: { rows }, headers });
  /**
   * Rows the batch approves are submitted first by another officer: a PUT records its rows' events, and the one who
   * submitted a row may not approve it (separation of duties, put-events.test.ts).
   */
  const submitFirst = async (rows: ReturnType<typeof ledgerRow>[]) => {
    const reply = await call(service, "PUT", "/api/ledger/rows", { token: clerk, json: { rows: rows.map((r) => ({ ...r, status: "applied", approved: null, paid: null, paidDate: null })) } });
    expect(reply.status, reply.text).toBe(200);
  };

  it("names each row the checks flag, with its code, its place in the batch and a message in both languages", async () => {
    // jiulongpo-1 allows at most the amount (100% of prior-year R&D spend); the document is in force 2025-11-04 – 2027-12-31.
    const rows = [
      ledgerRow("W-CLEAN", 1),
      ledgerRow("W-ABOVE", 2, { status: "approved", amount: 1_000_000, approved: 1_000_000.01 }),
      ledgerRow("W-EARLY", 3, { applicationDate: "2024-06-30" }),
      ledgerRow("W-UNKNOWN", 4, { provisionId: "jiulongpo-99" }),
    ];
    await submitFirst([rows[1] as ReturnType<typeof ledgerRow>]);
    const reply = await put(rows);
    expect(reply.status).toBe(200);
    const body = reply.body as { inserted: number; updated: number; warnings: Warning[] };
    // W-ABOVE was submitted first.
    expect([body.inserted, body.updated]).toEqual([3, 1]);
    expect(body.warnings.map((w) => [w.applicationId, w.index, w.code])).toEqual([
      ["W-ABOVE", 1, "approved_above_ceiling"],
      ["W-EARLY", 2, "not_in_force"],
      ["W-UNKNOWN", 3, "unknown_provision"],
    ]);
    for (const w of body.warnings) {
      expect(w.message.zh).toMatch(/\p{Script=Han}/u);
      expect(w.message.en.length).toBeGreaterThan(0);
    }
    // The rows are stored all the same: warnings are findings, not refusals.
    const listed = (await call(service, "GET", "/api/ledger?limit=10")).body as { total: number };
    expect(listed.total).toBe(4);
  });

  it("answers a clean batch with no warnings, and only for the batch's rows", async () => {
    const ok2 = ledgerRow("W-OK-2", 12, { status: "approved", approved: 1_000_000 });
    await submitFirst([ok2]);
    const reply = await put([ledgerRow("W-OK-1", 11), ok2]);
    expect(reply.status).toBe(200);
    // The flagged rows of the earlier batch are still in the ledger, but not in this answer.
    expect((reply.body as { warnings: Warning[] }).warnings).toEqual([]);
  });

  it("gives a replayed batch the same warnings", async () => {
    const rows = [ledgerRow("W-REPLAY", 21, { provisionId: "no-such-provision" })];
    const first = await put(rows, { "idempotency-key": "warnings-replay-1" });
    const again = await put(rows, { "idempotency-key": "warnings-replay-1" });
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    for (const reply of [first, again]) {
      expect((reply.body as { warnings: Warning[] }).warnings.map((w) => [w.applicationId, w.index, w.code])).toEqual([["W-REPLAY", 0, "unknown_provision"]]);
    }
  });

  it("names a cap exceeded across rows of one enterprise, in the batch and with rows already stored", async () => {
    // jiulongpo-7b: at most 10万元 a year per enterprise. Its own enterprise, so no earlier row draws on the cap.
    const capped = (id: string, n: number, approved: number) => ledgerRow(id, n, { provisionId: "jiulongpo-7b", creditCode: CAPPED_CODE, enterprise: "重庆跨行测试有限公司", status: "approved", approved });
    await submitFirst([capped("W-CAP-1", 31, 60_000), capped("W-CAP-2", 32, 60_000), capped("W-CAP-3", 33, 10_000)]);
    const first = await put([capped("W-CAP-1", 31, 60_000), capped("W-CAP-2", 32, 60_000)]);
    expect(first.status).toBe(200);
    const inBatch = (first.body as { warnings: Warning[] }).warnings;
    expect(inBatch.map((w) => [w.applicationId, w.index, w.code])).toEqual([["W-CAP-2", 1, "cap_exceeded"]]);
    expect(inBatch[0]?.related).toContain("W-CAP-1");
    expect(inBatch[0]?.capKey).toBeTruthy();
    // A later batch of one row is checked with the rows already stored, not alone.
    const later = await put([capped("W-CAP-3", 33, 10_000)]);
    const withStored = (later.body as { warnings: Warning[] }).warnings;
    expect(withStored.map((w) => [w.applicationId, w.index, w.code])).toEqual([["W-CAP-3", 0, "cap_exceeded"]]);
    expect(withStored[0]?.related).toEqual(expect.arrayContaining(["W-CAP-1"]));
    // The first batch sent again, unchanged (no key, so no replay): its rows' warnings are those stored.
    const again = await put([capped("W-CAP-1", 31, 60_000), capped("W-CAP-2", 32, 60_000)]);
    expect((again.body as { unchanged: number }).unchanged).toBe(2);
    expect((again.body as { warnings: Warning[] }).warnings.map((w) => [w.applicationId, w.index, w.code])).toEqual([["W-CAP-2", 1, "cap_exceeded"]]);
  });

  it("documents the warnings in the route's OpenAPI answer", async () => {
    const doc = (await call(service, "GET", "/api/openapi.json")).body as { paths: Record<string, unknown> };
    const put200 = JSON.stringify((doc.paths["/api/ledger/rows"] as { put: { responses: Record<string, unknown> } }).put.responses["200"]);
    expect(put200).toContain("warnings");
    expect(put200).toContain("approved_above_ceiling");
  });
});
