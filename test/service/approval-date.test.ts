// A batch's approval dated the row's approval date (核准日期), through the real service on both backends: the derived
// approved decision takes the row's approvalDate (else the batch's day, as before); an approval date before the
// application, after today, after the row's payment, or on a row not approved is refused naming rows.N.approvalDate;
// an approved row's date is not overwritten; a payment before it is refused; a row without one stores no key.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { DecisionView } from "../../dashboard/server/ledger/decision-events.ts";
import { todayInShanghai } from "../../shared/engine/dates.ts";
import { describeBackends } from "./backends.ts";
import { call, ledgerRow, makeToken, startService, type Reply, type Service } from "./harness.ts";

const errorOf = (reply: Reply) => (reply.body as { error: { code: string; field: string; message: { zh: string; en: string } } }).error;

describeBackends("a batch's approval dated the row's approval date", (backend) => {
  const dbPath = backend.database("approval-date");
  let service: Service;
  const t = {} as Record<"clerk" | "reviewer" | "payer", string>;

  beforeAll(async () => {
    t.clerk = await makeToken(dbPath, "clerk", "九龙坡区经信委 经办", "jiulongpo");
    t.reviewer = await makeToken(dbPath, "reviewer,payer", "九龙坡区经信委 审核", "jiulongpo");
    t.payer = await makeToken(dbPath, "payer", "九龙坡区财政局 拨付", "jiulongpo");
    service = await startService({ dbPath });
    const rows = ["AD-1", "AD-2", "AD-3", "AD-4"].map((id, i) => ledgerRow(id, i + 1));
    const reply = await put(t.clerk, rows);
    expect(reply.status, reply.text).toBe(200);
  }, 180_000);
  afterAll(async () => {
    await service?.stop();
  });

  const put = (token: string, rows: unknown[]) => call(service, "PUT", "/api/ledger/rows", { token, json: { rows } });
  const decisions = async (id: string) => ((await call(service, "GET", `/api/ledger/rows/${id}/decisions`, { token: t.reviewer })).body as { decisions: DecisionView[] }).decisions;
  const lastRow = async (id: string) => {
    const body = (await call(service, "GET", `/api/ledger/rows/${id}/history`, { token: t.reviewer })).body as { versions: { row: Record<string, unknown> }[] };
    return body.versions.at(-1)?.row as Record<string, unknown>;
  };
  const approved = (id: string, n: number, overrides: Parameters<typeof ledgerRow>[2] = {}) => ledgerRow(id, n, { status: "approved", approved: 50_000, ...overrides });

  it("refuses an approval date that is not a day, before the application, after today, after the payment or on a row not approved, naming rows.N.approvalDate", async () => {
    const cases: [unknown, number, string][] = [
      [approved("AD-1", 1, { approvalDate: "2026-02-30" }), 400, "invalid_input"],
      [approved("AD-1", 1, { approvalDate: "2026-03-01" }), 422, "invalid_date"],
      [approved("AD-1", 1, { approvalDate: "2999-01-01" }), 422, "invalid_date"],
      [approved("AD-1", 1, { approvalDate: "2026-04-10", paid: 10_000, paidDate: "2026-04-01" }), 422, "invalid_date"],
      [ledgerRow("AD-1", 1, { approvalDate: "2026-03-20" }), 422, "invalid_input"],
    ];
    for (const [row, status, code] of cases) {
      const reply = await put(t.reviewer, [ledgerRow("AD-4", 4), row]);
      expect(reply.status, reply.text).toBe(status);
      expect(errorOf(reply)).toMatchObject({ code, field: "rows.1.approvalDate" });
    }
    expect(errorOf(await put(t.reviewer, [approved("AD-1", 1, { approvalDate: "2026-03-01" })])).message.zh).toContain("早于申请日期");
    expect((await decisions("AD-1")).map((d) => d.event)).toEqual(["submitted"]);
  });

  it("dates the derived approval the row's approval date, stores the date with the row, and a payment on the same day stands", async () => {
    const reply = await put(t.reviewer, [approved("AD-1", 1, { approvalDate: "2026-03-20", paid: 20_000, paidDate: "2026-03-20" })]);
    expect(reply.status, reply.text).toBe(200);
    expect((await decisions("AD-1")).map((d) => [d.event, d.date, d.amount])).toEqual([
      ["submitted", todayInShanghai(), null],
      ["approved", "2026-03-20", 50_000],
    ]);
    expect(await lastRow("AD-1")).toMatchObject({ status: "approved", approvalDate: "2026-03-20", paid: 20_000 });
  });

  it("dates an approval without an approval date the day of the batch, as before, and stores the row without the key however sent", async () => {
    const reply = await put(t.reviewer, [approved("AD-2", 2, { approvalDate: null })]);
    expect(reply.status, reply.text).toBe(200);
    expect((await decisions("AD-2")).at(-1)).toMatchObject({ event: "approved", date: todayInShanghai() });
    expect("approvalDate" in (await lastRow("AD-2"))).toBe(false);
    const again = await put(t.reviewer, [approved("AD-2", 2)]);
    expect(again.body).toMatchObject({ unchanged: 1, updated: 0, inserted: 0 });
  });

  it("refuses overwriting an approved row's approval date (an approval is an event), and a payment dated before it, by batch or the payments API", async () => {
    for (const approvalDate of ["2026-03-21", null]) {
      const reply = await put(t.reviewer, [approved("AD-1", 1, { approvalDate, paid: 20_000, paidDate: "2026-03-20" })]);
      expect(reply.status, reply.text).toBe(422);
      expect(errorOf(reply)).toMatchObject({ code: "approved_is_event", field: "rows.0.approvalDate" });
    }
    // Stored without an approval date, AD-2 may take no date by overwriting either.
    expect(errorOf(await put(t.reviewer, [approved("AD-2", 2, { approvalDate: "2026-03-20" })]))).toMatchObject({ code: "approved_is_event", field: "rows.0.approvalDate" });

    const early = await put(t.payer, [approved("AD-1", 1, { approvalDate: "2026-03-20", paid: 30_000, paidDate: "2026-03-19" })]);
    expect(early.status, early.text).toBe(422);
    expect(errorOf(early)).toMatchObject({ code: "invalid_date", field: "rows.0.paidDate" });
    expect(errorOf(early).message.en).toContain("before the approval date 2026-03-20");
    const api = await call(service, "POST", "/api/ledger/rows/AD-1/payments", { token: t.payer, json: { amount: 1_000, date: "2026-03-19", voucher: "V-AD-1" } });
    expect(api.status, api.text).toBe(422);
    expect(errorOf(api).field).toContain("date");
    const onTime = await call(service, "POST", "/api/ledger/rows/AD-1/payments", { token: t.payer, json: { amount: 1_000, date: "2026-03-21", voucher: "V-AD-1" } });
    expect(onTime.status, onTime.text).toBe(200);
    expect(await lastRow("AD-1")).toMatchObject({ paid: 21_000, paidDate: "2026-03-21", approvalDate: "2026-03-20" });
  });
});
