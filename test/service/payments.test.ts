// Payments as events through the real service, on both backends: a payment above the approved amount is refused and
// changes nothing; a 九龙坡 payer cannot pay a 渝北 row (403 naming jurisdiction); two instalments sum into the row's
// paid (a new version each, through the store: history, totals and the payments' own hash chain); a ledger migrated
// from schema 5 gets one payment per paid row, undated ones marked "date not recorded"; db verify finds an altered
// payment.
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { LATEST_VERSION } from "../../dashboard/server/db/migrations.ts";
import { openDb, type Db } from "../../dashboard/server/db/open.ts";
import { removeSample } from "../../dashboard/server/ledger/remove-sample.ts";
import { LedgerStore } from "../../dashboard/server/ledger/store.ts";
import type { VerifyReport } from "../../dashboard/server/audit/verify.ts";
import { catalogVersion } from "../../shared/catalog/version-node.ts";
import { LedgerRow } from "../../shared/ledger/row.ts";
import { defaultEngine } from "../../shared/node.ts";
import { describeBackends } from "./backends.ts";
import { undoMigrationsAfter } from "./undo-migrations.ts";
import { call, ledgerRow, makeToken, runSubsidy, startService, storeRows, STORED_BEFORE_EVENTS, type Reply, type Service } from "./harness.ts";

interface ErrorBody {
  code: string;
  field: string;
  issues?: { field: string }[];
}
const errorOf = (reply: Reply) => (reply.body as { error: ErrorBody }).error;

interface Payments {
  paid: number;
  payments: { seq: number; amount: number; date: string | null; dateRecorded: boolean; voucher: string | null; origin: string; tokenName: string; rowVersion: number; prevHash: string; hash: string }[];
}

const approved = (id: string, overrides: Parameters<typeof ledgerRow>[2] = {}) => ledgerRow(id, 1, { status: "approved", approved: 90_000, ...overrides });

async function withDb<T>(spec: string, fn: (db: Db) => Promise<T>, options: { migrate?: boolean } = {}): Promise<T> {
  const db = await openDb(spec, options);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

describeBackends("payments as events", (backend) => {
  const dbPath = backend.database("payments");
  const old = backend.database("payments-old");
  let service: Service;
  const t = {} as Record<"jlpEditor" | "jlpPayer" | "ybEditor", string>;

  beforeAll(async () => {
    t.jlpEditor = await makeToken(dbPath, "editor", "九龙坡区经信委 编辑", "jiulongpo");
    t.jlpPayer = await makeToken(dbPath, "payer", "九龙坡区财政局 拨付", "jiulongpo");
    t.ybEditor = await makeToken(dbPath, "editor", "渝北区经信委 编辑", "yubei");
    // Approved before this suite: what it tests comes after the approval. (One editor entering and approving a row
    // through PUT is refused now: separation of duties, put-events.test.ts.)
    await storeRows(dbPath, [approved("PAY-1"), approved("PAY-2"), approved("PAY-YB", { provisionId: "yubei-1", district: "渝北区" })]);
    service = await startService({ dbPath });
    const jlp = await call(service, "PUT", "/api/ledger/rows", { token: t.jlpEditor, json: { rows: [ledgerRow("PAY-APPLIED", 3)] } });
    expect(jlp.status, jlp.text).toBe(200);
  }, 180_000);
  afterAll(async () => {
    await service?.stop();
  });

  const pay = (token: string, id: string, body: unknown) => call(service, "POST", `/api/ledger/rows/${id}/payments`, { token, json: body });
  const payments = async (id: string) => (await call(service, "GET", `/api/ledger/rows/${id}/payments`, { token: t.jlpEditor })).body as Payments;
  const versions = async (id: string) => ((await call(service, "GET", `/api/ledger/rows/${id}/history`, { token: t.jlpEditor })).body as { versions: { version: number; changedBy: string; row: { paid: number | null; paidDate: string | null; status: string } }[] }).versions;

  it("refuses a payment above the approved amount (422 naming amount) and changes nothing", async () => {
    const before = await versions("PAY-1");
    const reply = await pay(t.jlpPayer, "PAY-1", { amount: 90_000.01, date: "2026-04-01", voucher: "GK-0001" });
    expect(reply.status, reply.text).toBe(422);
    expect(errorOf(reply)).toMatchObject({ code: "paid_above_approved", field: "amount" });
    expect(await versions("PAY-1")).toEqual(before);
    expect((await payments("PAY-1")).payments).toEqual([]);
  });

  it("refuses a 九龙坡 payer paying a 渝北 row: 403 naming jurisdiction, nothing written", async () => {
    const reply = await pay(t.jlpPayer, "PAY-YB", { amount: 100, date: "2026-04-01", voucher: "GK-0002" });
    expect(reply.status, reply.text).toBe(403);
    expect(errorOf(reply)).toMatchObject({ code: "forbidden_jurisdiction", field: "jurisdiction" });
    const listed = await call(service, "GET", "/api/ledger/rows/PAY-YB/payments", { token: t.ybEditor });
    expect((listed.body as Payments).payments).toEqual([]);
    expect(((await call(service, "GET", "/api/ledger/rows/PAY-YB/history", { token: t.ybEditor })).body as { versions: unknown[] }).versions).toHaveLength(1);
  });

  it("refuses a row not approved (409 status), a clerk without the payer role (403), a bad amount (400), a future date (422)", async () => {
    const applied = await pay(t.jlpPayer, "PAY-APPLIED", { amount: 100, date: "2026-04-01", voucher: "GK-0003" });
    expect(applied.status, applied.text).toBe(409);
    expect(errorOf(applied)).toMatchObject({ code: "not_approved", field: "status" });
    const clerk = await makeToken(dbPath, "clerk", "九龙坡区 经办", "jiulongpo");
    const noRole = await pay(clerk, "PAY-2", { amount: 100, date: "2026-04-01", voucher: "GK-0004" });
    expect(noRole.status, noRole.text).toBe(403);
    expect(errorOf(noRole)).toMatchObject({ code: "role_required", field: "authorization" });
    for (const amount of [0, -5, 1.001]) {
      const bad = await pay(t.jlpPayer, "PAY-2", { amount, date: "2026-04-01", voucher: "GK-0005" });
      expect(bad.status, bad.text).toBe(400);
      expect(errorOf(bad).field).toBe("amount");
    }
    const future = await pay(t.jlpPayer, "PAY-2", { amount: 100, date: "2099-01-01", voucher: "GK-0006" });
    expect(future.status, future.text).toBe(422);
    expect(errorOf(future).field).toBe("date");
    expect((await payments("PAY-2")).payments).toEqual([]);
  });

  it("sums two instalments into the row's paid: a new version each, the latest date, status paid once fully paid", async () => {
    const first = await pay(t.jlpPayer, "PAY-1", { amount: 30_000, date: "2026-04-01", voucher: "GK-1001" });
    expect(first.status, first.text).toBe(200);
    expect((first.body as { rows: unknown[] }).rows).toEqual([{ applicationId: "PAY-1", version: 2, paid: 30_000, paidDate: "2026-04-01", status: "approved" }]);
    // The same voucher again on the row is a receipt entered twice.
    const again = await pay(t.jlpPayer, "PAY-1", { amount: 30_000, date: "2026-04-01", voucher: "GK-1001" });
    expect(again.status, again.text).toBe(409);
    expect(errorOf(again).field).toBe("voucher");
    const second = await pay(t.jlpPayer, "PAY-1", { amount: 60_000, date: "2026-05-02", voucher: "GK-1002" });
    expect(second.status, second.text).toBe(200);

    const listed = await payments("PAY-1");
    expect(listed.paid).toBe(90_000);
    expect(listed.payments.map((p) => [p.seq, p.amount, p.date, p.voucher, p.origin, p.tokenName, p.rowVersion])).toEqual([
      [1, 30_000, "2026-04-01", "GK-1001", "api", "九龙坡区财政局 拨付", 2],
      [2, 60_000, "2026-05-02", "GK-1002", "api", "九龙坡区财政局 拨付", 3],
    ]);
    expect(listed.payments[0]?.prevHash).toBe("");
    expect(listed.payments[1]?.prevHash).toBe(listed.payments[0]?.hash);

    const history = await versions("PAY-1");
    expect(history.map((v) => [v.version, v.row.paid, v.row.paidDate, v.row.status, v.changedBy])).toEqual([
      [1, null, null, "approved", STORED_BEFORE_EVENTS],
      [2, 30_000, "2026-04-01", "approved", "九龙坡区财政局 拨付"],
      [3, 90_000, "2026-05-02", "paid", "九龙坡区财政局 拨付"],
    ]);
    // Fully paid: a further fen is above the approved amount.
    expect((await pay(t.jlpPayer, "PAY-1", { amount: 0.01, date: "2026-05-03", voucher: "GK-1003" })).status).toBe(422);

    // The stored row and the totals the summaries read moved with the versions.
    await withDb(dbPath, async (db) => {
      const row = await db.k.selectFrom("ledger_rows").select(["paid_fen", "status", "version"]).where("application_id", "=", "PAY-1").executeTakeFirstOrThrow();
      expect(row).toEqual({ paid_fen: 9_000_000, status: "paid", version: 3 });
      const totals = await db.k.selectFrom("ledger_totals").select(sql<number>`sum(paid_fen)`.as("paid")).where("jurisdiction", "=", "jiulongpo").executeTakeFirstOrThrow();
      expect(Number(totals.paid)).toBe(9_000_000);
    });
  }, 60_000);

  it("db verify checks the payments' chains and reports one altered payment", async () => {
    const intact = await runSubsidy("db", "verify", "--db", dbPath);
    expect(intact.code, JSON.stringify(intact.json)).toBe(0);
    expect((intact.json as VerifyReport).checked.payments).toBe(2);
    await withDb(dbPath, (db) => db.write((trx) => sql`UPDATE ledger_payments SET amount_fen = 6100000 WHERE application_id = 'PAY-1' AND seq = 2`.execute(trx)));
    const broken = await runSubsidy("db", "verify", "--db", dbPath);
    expect(broken.code).toBe(1);
    expect((broken.json as VerifyReport).breaks).toEqual([expect.objectContaining({ table: "ledger_payments", applicationId: "PAY-1", version: 2, reason: "altered" })]);
    await withDb(dbPath, (db) => db.write((trx) => sql`UPDATE ledger_payments SET amount_fen = 6000000 WHERE application_id = 'PAY-1' AND seq = 2`.execute(trx)));
    expect((await runSubsidy("db", "verify", "--db", dbPath)).code).toBe(0);
  }, 60_000);

  it("makes a paid figure written with the row (outside the events) an event before the next payment, so none is lost from paid", async () => {
    // A PUT records a raised paid figure as a payment itself (put-events.test.ts); a row written straight to the
    // store (a ledger from before events, the sample) carries one without an event.
    await storeRows(dbPath, [approved("PAY-3", { paid: 20_000, paidDate: "2026-03-10" })]);
    const reply = await pay(t.jlpPayer, "PAY-3", { amount: 10_000, date: "2026-04-10", voucher: "GK-3001" });
    expect(reply.status, reply.text).toBe(200);
    const listed = await payments("PAY-3");
    expect(listed.paid).toBe(30_000);
    expect(listed.payments.map((p) => [p.seq, p.amount, p.date, p.dateRecorded, p.voucher, p.origin, p.rowVersion])).toEqual([
      [1, 20_000, "2026-03-10", true, null, "ledger", 1],
      [2, 10_000, "2026-04-10", true, "GK-3001", "api", 2],
    ]);
    expect((await versions("PAY-3")).at(-1)?.row).toMatchObject({ paid: 30_000, paidDate: "2026-04-10", status: "approved" });

    // A batch cannot lower paid: payments are not undone by overwriting (422 naming the row's paid), nothing written.
    const lowered = await call(service, "PUT", "/api/ledger/rows", { token: t.jlpEditor, json: { rows: [approved("PAY-3", { paid: 5_000, paidDate: "2026-03-10" })] } });
    expect(lowered.status, lowered.text).toBe(409);
    expect(errorOf(lowered)).toMatchObject({ code: "paid_below_payments", field: "rows.0.paid" });
    expect((await versions("PAY-3")).at(-1)?.row).toMatchObject({ paid: 30_000 });
    // Lowered outside the API: the next payment is refused naming paid, until the row is reconciled.
    await storeRows(dbPath, [approved("PAY-3", { paid: 5_000, paidDate: "2026-03-10" })]);
    const refused = await pay(t.jlpPayer, "PAY-3", { amount: 1_000, date: "2026-04-11", voucher: "GK-3002" });
    expect(refused.status, refused.text).toBe(409);
    expect(errorOf(refused)).toMatchObject({ code: "paid_below_payments", field: "paid" });
    expect((await payments("PAY-3")).payments).toHaveLength(2);
  });

  it("answers a payment re-sent with its Idempotency-Key with the first answer, recording it once", async () => {
    const send = () => call(service, "POST", "/api/ledger/rows/PAY-2/payments", { token: t.jlpPayer, json: { amount: 1_000, date: "2026-04-20", voucher: "GK-2001" }, headers: { "idempotency-key": "pay-2-first" } });
    const first = await send();
    expect(first.status, first.text).toBe(200);
    const again = await send();
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(first.body);
    expect((await payments("PAY-2")).payments).toHaveLength(1);
  });

  it("migrates each paid row of a schema-5 ledger into one payment; a row without paidDate is marked date not recorded", async () => {
    const row = (id: string, overrides: Parameters<typeof ledgerRow>[2]) => LedgerRow.parse(ledgerRow(id, 2, overrides));
    await withDb(
      old,
      async (db) => {
        const store = new LedgerStore(db, defaultEngine(), catalogVersion());
        await store.upsert(
          [
            row("MIG-DATED", { status: "paid", approved: 50_000, paid: 50_000, paidDate: "2026-06-30" }),
            row("MIG-UNDATED", { status: "paid", approved: 40_000, paid: 12_345.67, paidDate: null }),
            row("MIG-APPROVED", { status: "approved", approved: 40_000 }),
            row("MIG-ZERO", { status: "approved", approved: 40_000, paid: 0 }),
          ],
          { tokenId: null, name: "旧程序" },
          "before-6",
        );
        await store.upsert([row("MIG-SAMPLE", { status: "paid", approved: 30_000, paid: 30_000, paidDate: "2026-06-01" })], { tokenId: null, name: "示例数据" }, "sample", { sample: true });
        // Back to schema 5 as a program of then left it (rows written, no payment events, no later migration): the
        // writes above went through today's store, which knows only the latest schema.
        await db.write(async (trx) => {
          await undoMigrationsAfter(trx, db.kind, 5);
        });
      },
    );
    const migrated = await runSubsidy("db", "migrate", "--db", old);
    expect(migrated.json).toMatchObject({ from: 5, to: LATEST_VERSION });
    await withDb(old, async (db) => {
      const events = await db.k.selectFrom("ledger_payments").select(["application_id", "seq", "amount_fen", "paid_on", "date_recorded", "voucher", "origin", "row_version", "token_id"]).where("application_id", "!=", "MIG-SAMPLE").orderBy("application_id").execute();
      expect(events).toEqual([
        { application_id: "MIG-DATED", seq: 1, amount_fen: 5_000_000, paid_on: "2026-06-30", date_recorded: 1, voucher: null, origin: "migrated", row_version: 1, token_id: null },
        { application_id: "MIG-UNDATED", seq: 1, amount_fen: 1_234_567, paid_on: null, date_recorded: 0, voucher: null, origin: "migrated", row_version: 1, token_id: null },
      ]);
    });
    // The sample's paid figure became a payment too; removing the sample removes it with the row.
    await withDb(old, async (db) => {
      expect((await db.k.selectFrom("ledger_payments").select("application_id").where("application_id", "=", "MIG-SAMPLE").execute()).length).toBe(1);
      expect(await removeSample(db, defaultEngine(), catalogVersion())).toMatchObject({ rows: 1 });
    });
    const verified = await runSubsidy("db", "verify", "--db", old);
    expect(verified.code, JSON.stringify(verified.json)).toBe(0);
    expect((verified.json as VerifyReport).checked.payments).toBe(2);
  }, 120_000);
});
