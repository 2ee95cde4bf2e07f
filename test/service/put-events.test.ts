// A batch PUT (the add-in's publish) records the events its rows' changes imply, through the real service on both
// backends, held to the event routes' checks: another office's row is refused (403 jurisdiction) whatever it says;
// approving needs the reviewer (403 naming the field), and not the submitter (403 separation_of_duties) unless the
// office is one person; paid above approved is refused (422), paid lowered (409) or an approved amount overwritten (422) too;
// a raised paid figure is one payment of the difference, dated or marked date not recorded, in the row's history,
// its payments and db verify; a row sent again as stored records nothing; one refused row refuses the batch.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { VerifyReport } from "../../dashboard/server/audit/verify.ts";
import type { DecisionView } from "../../dashboard/server/ledger/decision-events.ts";
import { openDb } from "../../dashboard/server/db/open.ts";
import type { PaymentView } from "../../dashboard/server/ledger/payments.ts";
import { LedgerStore } from "../../dashboard/server/ledger/store.ts";
import { catalogVersion } from "../../shared/catalog/version-node.ts";
import { LedgerRow } from "../../shared/ledger/row.ts";
import { defaultEngine } from "../../shared/node.ts";
import { describeBackends } from "./backends.ts";
import { call, ledgerRow, makeToken, runSubsidy, startService, type Reply, type Service } from "./harness.ts";

interface ErrorBody {
  code: string;
  field: string;
  message: { zh: string; en: string };
  issues?: { field: string }[];
}
const errorOf = (reply: Reply) => (reply.body as { error: ErrorBody }).error;

async function withDb(spec: string, fn: (db: Awaited<ReturnType<typeof openDb>>) => Promise<void>): Promise<void> {
  const db = await openDb(spec);
  try {
    await fn(db);
  } finally {
    await db.close();
  }
}

const yubeiRow = (id: string, overrides: Parameters<typeof ledgerRow>[2] = {}) => ledgerRow(id, 7, { provisionId: "yubei-1", district: "渝北区", ...overrides });

describeBackends("a batch's rows as events", (backend) => {
  const dbPath = backend.database("put-events");
  let service: Service;
  const t = {} as Record<"clerk" | "reviewer" | "payer" | "editor" | "ybEditor", string>;

  beforeAll(async () => {
    t.clerk = await makeToken(dbPath, "clerk", "九龙坡区经信委 经办", "jiulongpo");
    t.reviewer = await makeToken(dbPath, "reviewer", "九龙坡区经信委 审核", "jiulongpo");
    t.payer = await makeToken(dbPath, "payer", "九龙坡区财政局 拨付", "jiulongpo");
    t.editor = await makeToken(dbPath, "editor", "九龙坡区经信委 编辑", "jiulongpo");
    t.ybEditor = await makeToken(dbPath, "editor", "渝北区经信委 一人", "yubei");
    // 渝北 is a one-person office here; 九龙坡 is not.
    service = await startService({ dbPath, env: { SUBSIDY_ONE_PERSON_OFFICES: "yubei" } });
    const jlp = await put(t.clerk, [ledgerRow("PE-1", 1), ledgerRow("PE-2", 2), ledgerRow("PE-3", 3)]);
    expect(jlp.status, jlp.text).toBe(200);
    const yb = await put(t.ybEditor, [yubeiRow("PE-YB")]);
    expect(yb.status, yb.text).toBe(200);
  }, 180_000);
  afterAll(async () => {
    await service?.stop();
  });

  const put = (token: string, rows: unknown[]) => call(service, "PUT", "/api/ledger/rows", { token, json: { rows } });
  const decisions = async (id: string, token = t.editor) => ((await call(service, "GET", `/api/ledger/rows/${id}/decisions`, { token })).body as { decisions: DecisionView[] }).decisions;
  const payments = async (id: string) => (await call(service, "GET", `/api/ledger/rows/${id}/payments`, { token: t.editor })).body as { paid: number; payments: PaymentView[] };
  const versions = async (id: string) =>
    ((await call(service, "GET", `/api/ledger/rows/${id}/history`, { token: t.editor })).body as { versions?: { version: number; changedBy: string; row: { status: string; paid: number | null; paidDate: string | null } }[] }).versions ?? [];
  const approvedPe1 = (overrides: Parameters<typeof ledgerRow>[2] = {}) => ledgerRow("PE-1", 1, { status: "approved", approved: 50_000, ...overrides });

  it("records a new row's submission by the token that PUT it", async () => {
    expect((await decisions("PE-1")).map((d) => [d.event, d.tokenName, d.rowVersion])).toEqual([["submitted", "九龙坡区经信委 经办", 1]]);
  });

  it("refuses a 九龙坡 clerk writing or approving a 渝北 row: 403 naming the row's jurisdiction, nothing recorded", async () => {
    for (const row of [yubeiRow("PE-YB", { note: "改" }), yubeiRow("PE-YB", { status: "approved", approved: 1_000 })]) {
      const reply = await put(t.clerk, [row]);
      expect(reply.status, reply.text).toBe(403);
      expect(errorOf(reply)).toMatchObject({ code: "forbidden_jurisdiction", field: "rows.0.jurisdiction" });
    }
    expect((await decisions("PE-YB", t.ybEditor)).map((d) => d.event)).toEqual(["submitted"]);
  });

  it("refuses a clerk-only token setting status approved: 403 naming the role and the field", async () => {
    const reply = await put(t.clerk, [approvedPe1()]);
    expect(reply.status, reply.text).toBe(403);
    expect(errorOf(reply)).toMatchObject({ code: "role_required", field: "rows.0.status" });
    expect(errorOf(reply).message.zh).toContain("审核");
    expect(errorOf(reply).message.en).toContain("reviewer");
    expect(await decisions("PE-1")).toHaveLength(1);
  });

  it("refuses the submitter approving through PUT (403 separation_of_duties), for a row it entered before or in the same batch", async () => {
    expect((await put(t.editor, [ledgerRow("PE-E", 4)])).status).toBe(200);
    const later = await put(t.editor, [ledgerRow("PE-E", 4, { status: "approved", approved: 1_000 })]);
    expect(later.status, later.text).toBe(403);
    expect(errorOf(later)).toMatchObject({ code: "separation_of_duties", field: "rows.0.status" });
    const atOnce = await put(t.editor, [ledgerRow("PE-E2", 5, { status: "approved", approved: 1_000 })]);
    expect(atOnce.status, atOnce.text).toBe(403);
    expect(errorOf(atOnce)).toMatchObject({ code: "separation_of_duties", field: "rows.0.status" });
    expect(await versions("PE-E2")).toEqual([]);
    expect((await decisions("PE-E")).map((d) => d.event)).toEqual(["submitted"]);
  });

  it("looks up each approved row's own submitter, across ID chunks: by its last submission, else its first version", async () => {
    // 401 rows entered by the clerk (two chunks of IDs); the editor resubmits the last, in the second chunk.
    const ids = Array.from({ length: 401 }, (_, i) => `PE-M-${String(i).padStart(3, "0")}`);
    const entered = await put(t.clerk, ids.map((id, i) => ledgerRow(id, i)));
    expect(entered.status, entered.text).toBe(200);
    const resubmitted = await call(service, "POST", "/api/ledger/rows/PE-M-400/decisions", { token: t.editor, json: { event: "submitted" } });
    expect(resubmitted.status, resubmitted.text).toBe(200);
    // Two rows without events: one whose first version the editor wrote, one written by no token.
    await withDb(dbPath, async (db) => {
      const editor = await db.k.selectFrom("tokens").select("id").where("name", "=", "九龙坡区经信委 编辑").executeTakeFirstOrThrow();
      const store = new LedgerStore(db, defaultEngine(), catalogVersion());
      await store.upsert([LedgerRow.parse(ledgerRow("PE-M-ED", 1))], { tokenId: editor.id, name: "九龙坡区经信委 编辑" }, randomBytes(16).toString("hex"));
      await store.upsert([LedgerRow.parse(ledgerRow("PE-M-NONE", 2))], { tokenId: null, name: "导入" }, randomBytes(16).toString("hex"));
    });
    const all = [...ids, "PE-M-ED", "PE-M-NONE"];
    const approve = (list: string[]) => put(t.editor, list.map((id, i) => ledgerRow(id, i, { status: "approved", approved: 1_000 })));
    const refused = await approve(all);
    expect(refused.status, refused.text).toBe(403);
    expect(errorOf(refused).code).toBe("separation_of_duties");
    expect(errorOf(refused).issues?.map((i) => i.field)).toEqual(["rows.400.status", "rows.401.status"]);
    expect((await decisions("PE-M-000")).map((d) => d.event)).toEqual(["submitted"]);
    const others = all.filter((id) => id !== "PE-M-400" && id !== "PE-M-ED");
    const approved = await approve(others);
    expect(approved.status, approved.text).toBe(200);
    for (const id of ["PE-M-000", "PE-M-399", "PE-M-NONE"]) expect((await decisions(id)).at(-1)).toMatchObject({ event: "approved", tokenName: "九龙坡区经信委 编辑" });
  }, 120_000);

  it("lets the submitter decide in a one-person office, and the decision says it was decided alone", async () => {
    const reply = await put(t.ybEditor, [yubeiRow("PE-YB2", { status: "approved", approved: 1_000 })]);
    expect(reply.status, reply.text).toBe(200);
    expect((await decisions("PE-YB2", t.ybEditor)).map((d) => [d.event, d.decidedAlone, d.amount])).toEqual([
      ["submitted", false, null],
      ["approved", true, 1_000],
    ]);
  });

  it("records a reviewer's approval through PUT as an approved decision of the row's approved amount, with its record", async () => {
    const reply = await put(t.reviewer, [approvedPe1()]);
    expect(reply.status, reply.text).toBe(200);
    const approval = (await decisions("PE-1")).at(-1) as DecisionView;
    expect(approval).toMatchObject({ event: "approved", amount: 50_000, tokenName: "九龙坡区经信委 审核", decidedAlone: false, rowVersion: 2 });
    expect(approval.record?.ceilingFen).toBeGreaterThan(0);
    expect(approval.record?.trace.length).toBeGreaterThan(0);
    // Overwriting the approved amount of an approved row: refused, an approval is an event.
    const changed = await put(t.reviewer, [approvedPe1({ approved: 40_000 })]);
    expect(changed.status, changed.text).toBe(422);
    expect(errorOf(changed)).toMatchObject({ code: "approved_is_event", field: "rows.0.approved" });
  });

  it("refuses paid above approved through PUT (422 naming the row's paid) and records nothing", async () => {
    const reply = await put(t.payer, [approvedPe1({ paid: 60_000, paidDate: "2026-04-01" })]);
    expect(reply.status, reply.text).toBe(422);
    expect(errorOf(reply)).toMatchObject({ code: "paid_above_approved", field: "rows.0.paid" });
    expect((await payments("PE-1")).payments).toEqual([]);
    expect(await versions("PE-1")).toHaveLength(2);
  });

  it("records a raised paid figure as one payment of the difference, in the row's history, its payments and db verify", async () => {
    const reply = await put(t.payer, [approvedPe1({ paid: 20_000, paidDate: "2026-04-01" })]);
    expect(reply.status, reply.text).toBe(200);
    const listed = await payments("PE-1");
    expect(listed.paid).toBe(20_000);
    expect(listed.payments.map((p) => [p.amount, p.date, p.dateRecorded, p.voucher, p.origin, p.tokenName, p.rowVersion])).toEqual([
      [20_000, "2026-04-01", true, null, "ledger", "九龙坡区财政局 拨付", 3],
    ]);
    expect((await versions("PE-1")).at(-1)).toMatchObject({ version: 3, changedBy: "九龙坡区财政局 拨付", row: { paid: 20_000, paidDate: "2026-04-01", status: "approved" } });

    // Raised again without a date: the difference, marked date not recorded, never a guessed day.
    expect((await put(t.payer, [approvedPe1({ paid: 30_000, paidDate: null })])).status).toBe(200);
    expect((await payments("PE-1")).payments.map((p) => [p.amount, p.date, p.dateRecorded])).toEqual([
      [20_000, "2026-04-01", true],
      [10_000, null, false],
    ]);
    // Lowered: refused, payments are not undone by overwriting.
    const lowered = await put(t.payer, [approvedPe1({ paid: 10_000, paidDate: null })]);
    expect(lowered.status, lowered.text).toBe(409);
    expect(errorOf(lowered)).toMatchObject({ code: "paid_below_payments", field: "rows.0.paid" });

    const verified = await runSubsidy("db", "verify", "--db", dbPath);
    expect(verified.code, JSON.stringify(verified.json)).toBe(0);
    expect((verified.json as VerifyReport).checked.payments).toBe(2);
  }, 60_000);

  it("records nothing for a row sent again exactly as stored", async () => {
    const before = { decisions: await decisions("PE-1"), payments: (await payments("PE-1")).payments, versions: await versions("PE-1") };
    const again = await put(t.payer, [approvedPe1({ paid: 30_000, paidDate: null })]);
    expect(again.status, again.text).toBe(200);
    expect(again.body).toMatchObject({ unchanged: 1, updated: 0, inserted: 0 });
    expect({ decisions: await decisions("PE-1"), payments: (await payments("PE-1")).payments, versions: await versions("PE-1") }).toEqual(before);
  });

  it("records a rejection with its reason from the note (422 naming the note without one)", async () => {
    const noReason = await put(t.reviewer, [ledgerRow("PE-2", 2, { status: "rejected" })]);
    expect(noReason.status, noReason.text).toBe(422);
    expect(errorOf(noReason).field).toBe("rows.0.note");
    const rejected = await put(t.reviewer, [ledgerRow("PE-2", 2, { status: "rejected", note: "材料不全" })]);
    expect(rejected.status, rejected.text).toBe(200);
    expect((await decisions("PE-2")).map((d) => [d.event, d.opinion])).toEqual([
      ["submitted", null],
      ["rejected", "材料不全"],
    ]);
  });

  it("refuses the whole batch for one row whose change the decisions route would refuse, naming it by index", async () => {
    const reply = await put(t.reviewer, [ledgerRow("PE-3", 3, { status: "approved", approved: 1_000 }), ledgerRow("PE-2", 2, { status: "approved", approved: 1_000, note: "材料不全" })]);
    expect(reply.status, reply.text).toBe(409);
    expect(errorOf(reply)).toMatchObject({ code: "invalid_transition", field: "rows.1.status" });
    expect(await versions("PE-3")).toHaveLength(1);
    expect((await decisions("PE-3")).map((d) => d.event)).toEqual(["submitted"]);
  });
});
