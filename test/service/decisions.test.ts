// Decisions as events through the real service, on both backends: a reviewer cannot approve what their own token
// submitted (403 separation_of_duties) unless the office is configured one-person (then allowed, and the event says
// it was decided alone); a 九龙坡 clerk cannot approve a 渝北 row (403 naming jurisdiction); an approval above the
// stored ceiling is refused and changes nothing; an approval stores the ceiling and trace it was decided on, which a
// later change of the row's outcome leaves as they were; rejections, withdrawals and resubmissions set the status
// through the store; the payment list holds the approval date to the cut-off; db verify finds an altered decision.
import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { VerifyReport } from "../../dashboard/server/audit/verify.ts";
import { LATEST_VERSION, MIGRATIONS } from "../../dashboard/server/db/migrations.ts";
import { openDb, type Db } from "../../dashboard/server/db/open.ts";
import { createToken } from "../../dashboard/server/auth/tokens.ts";
import { recordDecisionIn } from "../../dashboard/server/ledger/decisions.ts";
import { removeSample } from "../../dashboard/server/ledger/remove-sample.ts";
import { startStalePass } from "../../dashboard/server/ledger/stale-pass.ts";
import { LedgerStore } from "../../dashboard/server/ledger/store.ts";
import { catalogVersion } from "../../shared/catalog/version-node.ts";
import type { DecisionView } from "../../dashboard/server/ledger/decision-events.ts";
import { LedgerRow } from "../../shared/ledger/row.ts";
import { defaultEngine } from "../../shared/node.ts";
import { describeBackends } from "./backends.ts";
import { undoMigrationsAfter } from "./undo-migrations.ts";
import { call, ledgerRow, makeToken, runSubsidy, startService, storeRows, type Reply, type Service } from "./harness.ts";

interface ErrorBody {
  code: string;
  field: string;
}
const errorOf = (reply: Reply) => (reply.body as { error: ErrorBody }).error;

async function withDb<T>(spec: string, fn: (db: Db) => Promise<T>, options: { migrate?: boolean } = {}): Promise<T> {
  const db = await openDb(spec, options);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

const yubeiRow = (id: string) => ledgerRow(id, 7, { provisionId: "yubei-1", district: "渝北区" });

describeBackends("decisions as events", (backend) => {
  const dbPath = backend.database("decisions");
  const old = backend.database("decisions-old");
  const sampled = backend.database("decisions-sample");
  let service: Service;
  const t = {} as Record<"jlpEditor" | "jlpClerk" | "jlpReviewer" | "ybEditor", string>;

  beforeAll(async () => {
    t.jlpEditor = await makeToken(dbPath, "editor", "九龙坡区经信委 编辑", "jiulongpo");
    t.jlpClerk = await makeToken(dbPath, "clerk", "九龙坡区经信委 经办", "jiulongpo");
    t.jlpReviewer = await makeToken(dbPath, "reviewer", "九龙坡区经信委 审核", "jiulongpo");
    t.ybEditor = await makeToken(dbPath, "editor", "渝北区经信委 一人", "yubei");
    // Approved before events (no decision event): the payment list's application-date case below. Through PUT an
    // approval is an event now (put-events.test.ts).
    await storeRows(dbPath, [ledgerRow("DEC-OLD", 4, { status: "approved", approved: 50_000 })]);
    // 渝北 is a one-person office here; 九龙坡 is not.
    service = await startService({ dbPath, env: { SUBSIDY_ONE_PERSON_OFFICES: "yubei" } });
    const jlp = await call(service, "PUT", "/api/ledger/rows", {
      token: t.jlpEditor,
      json: { rows: [ledgerRow("DEC-1", 1), ledgerRow("DEC-2", 2), ledgerRow("DEC-3", 3), ledgerRow("DEC-STALE", 6)] },
    });
    expect(jlp.status, jlp.text).toBe(200);
    const yb = await call(service, "PUT", "/api/ledger/rows", { token: t.ybEditor, json: { rows: [yubeiRow("DEC-YB")] } });
    expect(yb.status, yb.text).toBe(200);
  }, 180_000);
  afterAll(async () => {
    await service?.stop();
  });

  const decide = (token: string, id: string, body: unknown) => call(service, "POST", `/api/ledger/rows/${id}/decisions`, { token, json: body });
  const decisions = async (id: string, token = t.jlpEditor) => ((await call(service, "GET", `/api/ledger/rows/${id}/decisions`, { token })).body as { decisions: DecisionView[] }).decisions;
  const versions = async (id: string, token = t.jlpEditor) =>
    ((await call(service, "GET", `/api/ledger/rows/${id}/history`, { token })).body as { versions: { version: number; changedBy: string; row: { status: string; approved: number | null } }[] }).versions;
  const ceilingFen = (id: string) => withDb(dbPath, async (db) => Number((await db.k.selectFrom("ledger_rows").select("ceiling_fen").where("application_id", "=", id).executeTakeFirstOrThrow()).ceiling_fen));

  it("refuses a reviewer approving their own submission (403 separation_of_duties), by event or by the row's first version", async () => {
    const submitted = await decide(t.jlpEditor, "DEC-1", { event: "submitted", date: "2026-03-05" });
    expect(submitted.status, submitted.text).toBe(200);
    // The row was already applied: the event records who submitted it, the row keeps its version.
    expect((submitted.body as { row: unknown }).row).toEqual({ applicationId: "DEC-1", version: 1, status: "applied", approved: null, approvalDate: null });
    const own = await decide(t.jlpEditor, "DEC-1", { event: "approved", amount: 10_000 });
    expect(own.status, own.text).toBe(403);
    expect(errorOf(own)).toMatchObject({ code: "separation_of_duties", field: "authorization" });
    // Submitted by the PUT that entered it (its submitted event): the same token.
    const rejectOwn = await decide(t.jlpEditor, "DEC-2", { event: "rejected", opinion: "材料不全" });
    expect(rejectOwn.status, rejectOwn.text).toBe(403);
    expect(errorOf(rejectOwn).code).toBe("separation_of_duties");
    // The PUT that entered each row recorded its submission; the second DEC-1 one is the event above.
    expect((await decisions("DEC-1")).map((d) => d.event)).toEqual(["submitted", "submitted"]);
    expect((await decisions("DEC-2")).map((d) => [d.event, d.tokenName])).toEqual([["submitted", "九龙坡区经信委 编辑"]]);
    expect(await versions("DEC-1")).toHaveLength(1);
  });

  it("lets the submitter decide in an office configured one-person, and marks the decision as decided alone", async () => {
    expect((await decide(t.ybEditor, "DEC-YB", { event: "submitted" })).status).toBe(200);
    const alone = await decide(t.ybEditor, "DEC-YB", { event: "approved", amount: 1_000, opinion: "一人办公，自审" });
    expect(alone.status, alone.text).toBe(200);
    const listed = await decisions("DEC-YB", t.ybEditor);
    expect(listed.map((d) => [d.event, d.decidedAlone, d.tokenName])).toEqual([
      // The PUT's, then the event route's.
      ["submitted", false, "渝北区经信委 一人"],
      ["submitted", false, "渝北区经信委 一人"],
      ["approved", true, "渝北区经信委 一人"],
    ]);
  });

  it("refuses a 九龙坡 clerk or reviewer approving a 渝北 row: 403 naming jurisdiction, nothing written", async () => {
    await call(service, "PUT", "/api/ledger/rows", { token: t.ybEditor, json: { rows: [yubeiRow("DEC-YB2")] } });
    for (const token of [t.jlpClerk, t.jlpReviewer]) {
      const reply = await decide(token, "DEC-YB2", { event: "approved", amount: 1_000 });
      expect(reply.status, reply.text).toBe(403);
      expect(errorOf(reply)).toMatchObject({ code: "forbidden_jurisdiction", field: "jurisdiction" });
    }
    // Only the submission the PUT that entered it recorded.
    expect((await decisions("DEC-YB2", t.ybEditor)).map((d) => d.event)).toEqual(["submitted"]);
    expect(await versions("DEC-YB2", t.ybEditor)).toHaveLength(1);
    // A scoped reader of another office sees no such row.
    expect((await call(service, "GET", "/api/ledger/rows/DEC-YB2/decisions", { token: t.jlpReviewer })).status).toBe(404);
  });

  it("refuses an approval above the stored ceiling (422 naming amount) and changes nothing", async () => {
    const ceiling = await ceilingFen("DEC-1");
    expect(ceiling).toBeGreaterThan(0);
    const before = await versions("DEC-1");
    const reply = await decide(t.jlpReviewer, "DEC-1", { event: "approved", amount: (ceiling + 1) / 100 });
    expect(reply.status, reply.text).toBe(422);
    expect(errorOf(reply)).toMatchObject({ code: "approved_above_ceiling", field: "amount" });
    expect(await versions("DEC-1")).toEqual(before);
    expect((await decisions("DEC-1")).map((d) => d.event)).toEqual(["submitted", "submitted"]);
  });

  it("approves through the store (a new version, status and amount) and keeps the ceiling and trace it was decided on", async () => {
    const ceiling = await ceilingFen("DEC-1");
    const row = LedgerRow.parse(ledgerRow("DEC-1", 1));
    const traceThen = JSON.parse(JSON.stringify(defaultEngine().evaluate(row.provisionId, row.amount, row.facts, { date: row.applicationDate }))) as { trace: unknown[] };
    const reply = await decide(t.jlpReviewer, "DEC-1", { event: "approved", amount: ceiling / 100, date: "2026-04-15", opinion: "同意。\r\n按上限核定" });
    expect(reply.status, reply.text).toBe(200);
    expect((reply.body as { row: unknown }).row).toEqual({ applicationId: "DEC-1", version: 2, status: "approved", approved: ceiling / 100, approvalDate: "2026-04-15" });
    const history = await versions("DEC-1");
    expect(history.map((v) => [v.version, v.row.status, v.row.approved, v.changedBy])).toEqual([
      [1, "applied", null, "九龙坡区经信委 编辑"],
      [2, "approved", ceiling / 100, "九龙坡区经信委 审核"],
    ]);
    const approval = (await decisions("DEC-1")).at(-1) as DecisionView;
    expect(approval).toMatchObject({ event: "approved", amount: ceiling / 100, date: "2026-04-15", opinion: "同意。\n按上限核定", decidedAlone: false, rowVersion: 2 });
    expect(approval.record).toMatchObject({ ceilingFen: ceiling, verdict: "ok" });
    expect(approval.record?.trace).toEqual(traceThen.trace);
    expect(approval.record?.trace.length).toBeGreaterThan(0);
    expect(approval.catalogVersion).toMatch(/\S/);

    // The row's outcome changes afterwards (its amount halved): the decision record stays what it was decided on.
    const changed = await call(service, "PUT", "/api/ledger/rows", { token: t.jlpEditor, json: { rows: [ledgerRow("DEC-1", 1, { amount: 500_100, status: "approved", approved: ceiling / 100, approvalDate: "2026-04-15" })] } });
    expect(changed.status, changed.text).toBe(200);
    expect(await ceilingFen("DEC-1")).toBeLessThan(ceiling);
    // And the ledger is evaluated again under another catalog version: the record still names the one decided under.
    const evaluatedAgain = await withDb(dbPath, async (db) => {
      await startStalePass(new LedgerStore(db, defaultEngine(), "another-catalog")).done;
      return (await db.k.selectFrom("ledger_rows").select("evaluated_under").where("application_id", "=", "DEC-1").executeTakeFirstOrThrow()).evaluated_under;
    });
    expect(evaluatedAgain).toBe("another-catalog");
    const after = (await decisions("DEC-1")).at(-1) as DecisionView;
    expect(after.record).toEqual(approval.record);
    expect(after.record?.evaluatedUnder).toBe(approval.catalogVersion);
    expect(after.hash).toBe(approval.hash);
  });

  it("evaluates a row the stale pass has not reached under the catalog in force before approving it", async () => {
    // DEC-STALE was evaluated again under "another-catalog" above, which is not the service's.
    const reply = await decide(t.jlpReviewer, "DEC-STALE", { event: "approved", amount: 1_000 });
    expect(reply.status, reply.text).toBe(200);
    const approval = (await decisions("DEC-STALE")).at(-1) as DecisionView;
    expect(approval.record?.evaluatedUnder).toBe(approval.catalogVersion);
    expect(approval.catalogVersion).not.toBe("another-catalog");
  });

  it("rejects (a reason needed), withdraws and resubmits, each by its role, each setting the row's status", async () => {
    const noReason = await decide(t.jlpReviewer, "DEC-2", { event: "rejected" });
    expect(noReason.status, noReason.text).toBe(400);
    expect(errorOf(noReason).field).toBe("opinion");
    const control = await decide(t.jlpReviewer, "DEC-2", { event: "rejected", opinion: "坏\u0000字符" });
    expect(control.status, control.text).toBe(400);
    expect(errorOf(control).field).toBe("opinion");
    const amountOnReject = await decide(t.jlpReviewer, "DEC-2", { event: "rejected", opinion: "不符", amount: 5 });
    expect(errorOf(amountOnReject).field).toBe("amount");
    const future = await decide(t.jlpReviewer, "DEC-2", { event: "rejected", opinion: "不符", date: "2099-01-01" });
    expect(future.status, future.text).toBe(422);
    expect(errorOf(future).field).toBe("date");
    const rejected = await decide(t.jlpReviewer, "DEC-2", { event: "rejected", opinion: "不符合申报条件" });
    expect(rejected.status, rejected.text).toBe(200);
    expect((rejected.body as { row: { status: string } }).row).toMatchObject({ status: "rejected", approvalDate: null });
    // A rejected row has had no approval: it keeps no approval date (a batch refuses one on it).
    expect("approvalDate" in ((await versions("DEC-2")).at(-1)?.row ?? {})).toBe(false);
    // Nothing further to decide on a rejected row but a resubmission.
    expect((await decide(t.jlpReviewer, "DEC-2", { event: "approved", amount: 1 })).status).toBe(409);

    // A reviewer may not submit nor withdraw (the clerk's steps); the clerk may.
    const notClerkSubmit = await decide(t.jlpReviewer, "DEC-3", { event: "submitted" });
    expect(notClerkSubmit.status, notClerkSubmit.text).toBe(403);
    expect(errorOf(notClerkSubmit)).toMatchObject({ code: "role_required", field: "authorization" });
    const notClerk = await decide(t.jlpReviewer, "DEC-3", { event: "withdrawn" });
    expect(notClerk.status, notClerk.text).toBe(403);
    expect(errorOf(notClerk)).toMatchObject({ code: "role_required", field: "authorization" });
    expect((await decide(t.jlpClerk, "DEC-3", { event: "withdrawn", opinion: "企业申请撤回" })).status).toBe(200);
    const again = await decide(t.jlpClerk, "DEC-3", { event: "submitted" });
    expect(again.status, again.text).toBe(200);
    expect((await versions("DEC-3")).map((v) => [v.row.status, "approvalDate" in v.row])).toEqual([["applied", false], ["withdrawn", false], ["applied", false]]);
    // Resubmitted by the clerk: now the clerk is the submitter, and the editor (who wrote the first version) may approve.
    expect((await decide(t.jlpEditor, "DEC-3", { event: "approved", amount: 100 })).status).toBe(200);
    expect((await decisions("DEC-3")).map((d) => [d.event, d.tokenName])).toEqual([
      ["submitted", "九龙坡区经信委 编辑"],
      ["withdrawn", "九龙坡区经信委 经办"],
      ["submitted", "九龙坡区经信委 经办"],
      ["approved", "九龙坡区经信委 编辑"],
    ]);
  });

  it("holds the approval date to the payment list's cut-off where a row has one, else the application date, and says which", async () => {
    type Entry = { applicationId: string; date: string; dateBasis: string };
    const list = async (cutoff: string) =>
      ((await call(service, "GET", `/api/payment-list?jurisdiction=jiulongpo&cutoff=${cutoff}&format=json`, { token: t.jlpEditor })).body as { entries: Entry[] }).entries.map((e) => [e.applicationId, e.date, e.dateBasis]);
    // DEC-1 applied 2026-03-02, approved 2026-04-15; DEC-OLD approved by a batch, no event.
    expect(await list("2026-04-01")).toEqual([["DEC-OLD", "2026-03-02", "applied"]]);
    const today = (await list("2099-12-31")).map(([id, , basis]) => [id, basis]);
    expect(today).toEqual([
      ["DEC-1", "approved"],
      ["DEC-3", "approved"],
      ["DEC-OLD", "applied"],
      ["DEC-STALE", "approved"],
    ]);
    expect((await list("2026-04-15"))[0]).toEqual(["DEC-1", "2026-04-15", "approved"]);
  });

  it("dates the row's approval date (核准日期) the approval's decision date, held as a batch holds it, and a batch or payment then keeps to it", async () => {
    await call(service, "PUT", "/api/ledger/rows", { token: t.jlpClerk, json: { rows: [ledgerRow("DEC-DATE", 8), ledgerRow("DEC-DATE-2", 9)] } });
    // Before the application (2026-03-02) or after today: refused naming date, worded as the batch words it, nothing written.
    for (const date of ["2026-03-01", "2099-01-01"]) {
      const reply = await decide(t.jlpReviewer, "DEC-DATE", { event: "approved", amount: 1_000, date });
      expect(reply.status, reply.text).toBe(422);
      expect(errorOf(reply)).toMatchObject({ code: "invalid_date", field: "date" });
      expect((reply.body as { error: { message: { zh: string } } }).error.message.zh).toContain("核准日期");
    }
    expect(await versions("DEC-DATE")).toHaveLength(1);
    const reply = await decide(t.jlpReviewer, "DEC-DATE", { event: "approved", amount: 1_000, date: "2026-03-20" });
    expect(reply.status, reply.text).toBe(200);
    expect((reply.body as { row: unknown }).row).toMatchObject({ status: "approved", approvalDate: "2026-03-20" });
    expect((await versions("DEC-DATE")).at(-1)?.row).toMatchObject({ status: "approved", approved: 1_000, approvalDate: "2026-03-20" });
    // The batch now holds the date as its own: sent as stored it is unchanged; another date is an overwrite, refused.
    const same = await call(service, "PUT", "/api/ledger/rows", { token: t.jlpReviewer, json: { rows: [ledgerRow("DEC-DATE", 8, { status: "approved", approved: 1_000, approvalDate: "2026-03-20" })] } });
    expect(same.body).toMatchObject({ unchanged: 1 });
    const other = await call(service, "PUT", "/api/ledger/rows", { token: t.jlpReviewer, json: { rows: [ledgerRow("DEC-DATE", 8, { status: "approved", approved: 1_000, approvalDate: "2026-03-21" })] } });
    expect(errorOf(other)).toMatchObject({ code: "approved_is_event", field: "rows.0.approvalDate" });
    // A payment dated before it is refused, as for a batch's approval date.
    const early = await call(service, "POST", "/api/ledger/rows/DEC-DATE/payments", { token: t.jlpEditor, json: { amount: 100, date: "2026-03-19", voucher: "V-DEC-DATE" } });
    expect(early.status, early.text).toBe(422);
    expect(errorOf(early)).toMatchObject({ code: "invalid_date", field: "date" });
    // Without a date the approval, and the row, are dated today in Shanghai.
    const today = await decide(t.jlpReviewer, "DEC-DATE-2", { event: "approved", amount: 1_000 });
    expect(today.status, today.text).toBe(200);
    expect((await versions("DEC-DATE-2")).at(-1)?.row).toMatchObject({ approvalDate: (await decisions("DEC-DATE-2")).at(-1)?.date });
  });

  it("answers a decision re-sent with its Idempotency-Key with the first answer, recording it once", async () => {
    await call(service, "PUT", "/api/ledger/rows", { token: t.jlpClerk, json: { rows: [ledgerRow("DEC-KEY", 5)] } });
    const send = () => call(service, "POST", "/api/ledger/rows/DEC-KEY/decisions", { token: t.jlpReviewer, json: { event: "approved", amount: 500, date: "2026-04-20" }, headers: { "idempotency-key": "dec-key-1" } });
    const first = await send();
    expect(first.status, first.text).toBe(200);
    const again = await send();
    expect(again.status, again.text).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(first.body);
    // The PUT's submission and the approval, once.
    expect((await decisions("DEC-KEY")).map((d) => d.event)).toEqual(["submitted", "approved"]);
    expect(await versions("DEC-KEY")).toHaveLength(2);
  });

  it("migrates a schema-7 ledger to 8 inventing nothing: no events for the rows that exist, their status as their data says", async () => {
    await withDb(
      old,
      async (db) => {
        await db.write(async (trx) => {
          // eslint-disable-next-line @typescript-eslint/no-explicit-any
          const any = trx as Kysely<any>;
          await any.schema.createTable("schema_migrations").addColumn("version", "integer", (c) => c.primaryKey()).addColumn("name", "text", (c) => c.notNull()).addColumn("applied_at", "text", (c) => c.notNull()).execute();
          for (const m of MIGRATIONS) {
            await m.up(any, db.kind);
            await any.insertInto("schema_migrations").values({ version: m.version, name: m.name, applied_at: "2026-11-01T00:00:00.000Z" }).execute();
          }
        });
        const store = new LedgerStore(db, defaultEngine(), catalogVersion());
        const rows = [ledgerRow("OLD-APPROVED", 1, { status: "approved", approved: 40_000 }), ledgerRow("OLD-REJECTED", 2, { status: "rejected" }), ledgerRow("OLD-APPLIED", 3)];
        await store.upsert(rows.map((r) => LedgerRow.parse(r)), { tokenId: null, name: "旧程序" }, "before-8");
        // Back to schema 7 as a program of then left it: the write above went through today's store, which knows
        // only the latest schema (its tables after 7 are dropped, empty of events as a schema-7 ledger is).
        await db.write(async (trx) => {
          await undoMigrationsAfter(trx, db.kind, 7);
        });
      },
      { migrate: false },
    );
    const migrated = await runSubsidy("db", "migrate", "--db", old);
    expect(migrated.json).toMatchObject({ from: 7, to: LATEST_VERSION });
    await withDb(old, async (db) => {
      expect(await db.k.selectFrom("ledger_decisions").selectAll().execute()).toEqual([]);
      expect(await db.k.selectFrom("ledger_rows").select(["application_id", "status"]).orderBy("application_id").execute()).toEqual([
        { application_id: "OLD-APPLIED", status: "applied" },
        { application_id: "OLD-APPROVED", status: "approved" },
        { application_id: "OLD-REJECTED", status: "rejected" },
      ]);
    });
    const verified = await runSubsidy("db", "verify", "--db", old);
    expect(verified.code, JSON.stringify(verified.json)).toBe(0);
    expect((verified.json as VerifyReport).checked.decisions).toBe(0);
  }, 120_000);

  it("removes a sample row's decisions with it (a submission leaves the row, and its sample mark, as it was)", async () => {
    await withDb(sampled, async (db) => {
      const store = new LedgerStore(db, defaultEngine(), catalogVersion());
      await store.upsert([LedgerRow.parse(ledgerRow("SAMPLE-1", 1))], { tokenId: null, name: "示例数据" }, "sample", { sample: true });
      const clerk = await db.write((trx) => createToken(trx, { jurisdiction: "jiulongpo", roles: ["clerk"], name: "经办" }));
      await db.write((trx) => recordDecisionIn(trx, store, clerk.info, "SAMPLE-1", { event: "submitted" }, []));
      expect(await db.k.selectFrom("ledger_decisions").select("event").execute()).toEqual([{ event: "submitted" }]);
      expect(await removeSample(db, defaultEngine(), catalogVersion())).toMatchObject({ rows: 1 });
      expect(await db.k.selectFrom("ledger_decisions").select("event").execute()).toEqual([]);
    });
    const verified = await runSubsidy("db", "verify", "--db", sampled);
    expect(verified.code, JSON.stringify(verified.json)).toBe(0);
  }, 60_000);

  it("db verify checks the decisions' chains and reports one altered decision", async () => {
    const intact = await runSubsidy("db", "verify", "--db", dbPath);
    expect(intact.code, JSON.stringify(intact.json)).toBe(0);
    // The 12 decisions recorded through the decisions route, and the submissions of the 9 rows PUT entered.
    expect((intact.json as VerifyReport).checked.decisions).toBe(21);
    // DEC-1's approval: after the PUT's submission and the route's.
    await withDb(dbPath, (db) => db.write((trx) => sql`UPDATE ledger_decisions SET opinion = '同意' WHERE application_id = 'DEC-1' AND seq = 3`.execute(trx)));
    const broken = await runSubsidy("db", "verify", "--db", dbPath);
    expect(broken.code).toBe(1);
    expect((broken.json as VerifyReport).breaks).toEqual([expect.objectContaining({ table: "ledger_decisions", applicationId: "DEC-1", version: 3, reason: "altered" })]);
  }, 60_000);
});
