// The receipts import (拨付回单) through the real service on both backends: a file with one unknown application ID
// changes nothing; a file with several bad rows is refused with every one listed by its field (unknown ID, another
// office's row, above approved, a bad date, an unreadable amount), nothing recorded; a good file — CSV as Chinese
// Excel saves it (BOM, CRLF, Chinese headers) or JSON rows — records every payment in one transaction, a row paid
// twice in the file getting one new version with the sum.
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBackends } from "./backends.ts";
import { call, ledgerRow, makeToken, startService, storeRows, type Reply, type Service } from "./harness.ts";

interface ErrorBody {
  code: string;
  field: string;
  issues?: { field: string; message: { zh: string; en: string } }[];
}
const errorOf = (reply: Reply) => (reply.body as { error: ErrorBody }).error;

const csv = (lines: string[]) => "\ufeff" + lines.join("\r\n") + "\r\n";

describeBackends("receipts import", (backend) => {
  const dbPath = backend.database("receipts");
  let service: Service;
  const t = {} as Record<"jlpEditor" | "jlpPayer" | "jlpClerk" | "ybEditor", string>;

  beforeAll(async () => {
    t.jlpEditor = await makeToken(dbPath, "editor", "九龙坡区 编辑", "jiulongpo");
    t.jlpPayer = await makeToken(dbPath, "payer", "九龙坡区财政局 拨付", "jiulongpo");
    t.jlpClerk = await makeToken(dbPath, "clerk", "九龙坡区 经办", "jiulongpo");
    t.ybEditor = await makeToken(dbPath, "editor", "渝北区 编辑", "yubei");
    const rows = [
      ledgerRow("REC-1", 1, { status: "approved", approved: 100_000 }),
      ledgerRow("REC-2", 2, { status: "approved", approved: 50_000 }),
      ledgerRow("REC-APPLIED", 3),
    ];
    // Approved before this suite (stored as a ledger from before events holds them): a PUT holds an approval to
    // separation of duties now (put-events.test.ts), which is not what this suite tests.
    await storeRows(dbPath, [...rows, ledgerRow("REC-YB", 1, { provisionId: "yubei-1", district: "渝北区", status: "approved", approved: 10_000 })]);
    service = await startService({ dbPath });
  }, 180_000);
  afterAll(async () => {
    await service?.stop();
  });

  const importCsv = (token: string, text: string) => call(service, "POST", "/api/payments/receipts", { token, body: text, headers: { "content-type": "text/csv; charset=utf-8" } });
  const paymentCount = async () => {
    let n = 0;
    for (const id of ["REC-1", "REC-2", "REC-APPLIED"]) n += ((await call(service, "GET", `/api/ledger/rows/${id}/payments`, { token: t.jlpEditor })).body as { payments: unknown[] }).payments.length;
    return n;
  };
  const version = async (id: string) => ((await call(service, "GET", `/api/ledger/rows/${id}/history`, { token: t.jlpEditor })).body as { versions: unknown[] }).versions.length;

  it("refuses a receipts file with one unknown application ID: 422 naming its row, nothing recorded", async () => {
    const reply = await importCsv(t.jlpPayer, csv(["申请编号,金额,日期,凭证号", "REC-1,30000,2026-04-01,GK-R-1", "REC-NOPE,1000,2026-04-01,GK-R-2", "REC-2,20000,2026-04-02,GK-R-3"]));
    expect(reply.status, reply.text).toBe(422);
    expect(errorOf(reply)).toMatchObject({ code: "receipts_refused", field: "rows.1.applicationId" });
    expect(errorOf(reply).issues?.map((i) => i.field)).toEqual(["rows.1.applicationId"]);
    expect(await paymentCount()).toBe(0);
    expect([await version("REC-1"), await version("REC-2")]).toEqual([1, 1]);
  });

  it("lists every row it cannot record with its field, and records none", async () => {
    const reply = await importCsv(
      t.jlpPayer,
      csv([
        "Application ID,Amount,Date,Voucher",
        "REC-1,30000,2026-04-01,GK-R-10",
        "REC-YB,100,2026-04-01,GK-R-11",
        "REC-2,50000.01,2026-04-01,GK-R-12",
        "REC-1,100,2026-02-30,GK-R-13",
        "REC-1,五十万,2026-04-01,GK-R-14",
        "REC-APPLIED,100,2026-04-01,GK-R-15",
        "REC-UNKNOWN,100,2026-04-01,GK-R-16",
      ]),
    );
    expect(reply.status, reply.text).toBe(422);
    expect(errorOf(reply).issues?.map((i) => i.field)).toEqual(["rows.1.jurisdiction", "rows.2.amount", "rows.3.date", "rows.4.amount", "rows.5.status", "rows.6.applicationId"]);
    expect(await paymentCount()).toBe(0);
  });

  it("needs the payer role (403) and refuses a file without its columns (422 header)", async () => {
    const clerk = await importCsv(t.jlpClerk, csv(["申请编号,金额,日期,凭证号", "REC-1,100,2026-04-01,GK-R-20"]));
    expect(clerk.status, clerk.text).toBe(403);
    expect(errorOf(clerk)).toMatchObject({ code: "role_required", field: "authorization" });
    const headless = await importCsv(t.jlpPayer, csv(["申请编号,金额,日期", "REC-1,100,2026-04-01"]));
    expect(headless.status, headless.text).toBe(422);
    expect(errorOf(headless).field).toBe("header");
    expect(await paymentCount()).toBe(0);
  });

  it("records every payment of a good file in one transaction: CSV as Chinese Excel saves it, then JSON rows", async () => {
    const reply = await importCsv(t.jlpPayer, csv(["申请编号,拨付金额,拨付日期,凭证号", "REC-1,\"30,000.00\",2026/4/1,GK-R-30", "REC-2,5万,2026-04-02,GK-R-31", "REC-1,20000,2026-04-03,GK-R-32"]));
    expect(reply.status, reply.text).toBe(200);
    const body = reply.body as { recorded: number; rows: { applicationId: string; version: number; paid: number; paidDate: string; status: string }[]; payments: { applicationId: string; seq: number; origin: string }[] };
    expect(body.recorded).toBe(3);
    expect(body.rows).toEqual([
      { applicationId: "REC-1", version: 2, paid: 50_000, paidDate: "2026-04-03", status: "approved" },
      { applicationId: "REC-2", version: 2, paid: 50_000, paidDate: "2026-04-02", status: "paid" },
    ]);
    expect(body.payments.map((p) => [p.applicationId, p.seq, p.origin])).toEqual([
      ["REC-1", 1, "receipts"],
      ["REC-2", 1, "receipts"],
      ["REC-1", 2, "receipts"],
    ]);

    const json = await call(service, "POST", "/api/payments/receipts", { token: t.jlpPayer, json: { rows: [{ applicationId: "REC-1", amount: 50_000, date: "2026-05-01", voucher: "GK-R-40" }] } });
    expect(json.status, json.text).toBe(200);
    expect((json.body as { rows: { paid: number; status: string }[] }).rows).toEqual([expect.objectContaining({ paid: 100_000, status: "paid" })]);
    // A voucher already used on a row is a receipt entered twice.
    const twice = await call(service, "POST", "/api/payments/receipts", { token: t.jlpPayer, json: { rows: [{ applicationId: "REC-1", amount: 1, date: "2026-05-01", voucher: "GK-R-40" }] } });
    expect(twice.status).toBe(422);
    expect(errorOf(twice).issues?.map((i) => i.field)).toEqual(["rows.0.voucher"]);
    expect(await paymentCount()).toBe(4);
  });
});
