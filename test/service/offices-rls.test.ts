// PostgreSQL refuses a write across offices by itself (row-level security, migration 4), so a bug in the service
// still could not write another office's rows: connected as a non-owner application role, with the office set
// per transaction as db.write sets it, a 九龙坡 transaction can neither insert a 渝北 row, nor change one, nor move
// its own row into 渝北, nor record a 渝北 payment, decision or notice; with no office set, nothing is written at all.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb } from "../../dashboard/server/db/open.ts";
import { LedgerStore } from "../../dashboard/server/ledger/store.ts";
import { LedgerRow } from "../../shared/ledger/row.ts";
import { defaultEngine } from "../../shared/node.ts";
import { admin, backends } from "./backends.ts";
import { call, ledgerRow, makeToken, startService } from "./harness.ts";

const postgres = backends().find((b) => b.kind === "postgres");

describe.skipIf(!postgres)("row-level security of offices [postgres]", () => {
  const url = postgres?.database("offices_rls") ?? "";
  /** A login role that owns nothing, as a production service would connect (roles are the server's, so made unique). */
  const role = `subsidy_app_${randomBytes(4).toString("hex")}`;
  let app: pg.Client;

  /** The suite's database as the application role sees it. */
  function appUrl(): string {
    const as = new URL(url);
    as.username = role;
    as.password = "";
    return as.toString();
  }

  const asOwner = (statement: string): Promise<void> => admin(url, statement);

  beforeAll(async () => {
    const engine = defaultEngine();
    const db = await openDb(url);
    try {
      const store = new LedgerStore(db, engine, "rls-test");
      const rows = [ledgerRow("RLS-JLP"), ledgerRow("RLS-YB", 1, { provisionId: "yubei-1", district: "渝北区" })].map((r) => LedgerRow.parse(r));
      await store.upsert(rows, { tokenId: null, name: "setup" }, "rls-setup");
    } finally {
      await db.close();
    }
    await asOwner(`CREATE ROLE "${role}" LOGIN`);
    await asOwner(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "${role}"`);
    await asOwner(`GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO "${role}"`);
    app = new pg.Client({ connectionString: appUrl() });
    await app.connect();
  });
  afterAll(async () => {
    await app?.end();
    // The grants live in the suite's database, the role in the server: both go before the database is dropped.
    await asOwner(`DROP OWNED BY "${role}"`);
    await asOwner(`DROP ROLE IF EXISTS "${role}"`);
  });

  /** Runs `statement` in one transaction of `office` (as db.write sets it) and rolls back; the error's SQLSTATE, or the rows changed. */
  async function inOffice(office: string | null, statement: string): Promise<{ code?: string; rowCount?: number }> {
    await app.query("BEGIN");
    try {
      if (office !== null) await app.query("SELECT set_config('subsidy.office', $1, true)", [office]);
      const result = await app.query(statement);
      return { rowCount: result.rowCount ?? 0 };
    } catch (e) {
      return { code: (e as { code?: string }).code ?? "?" };
    } finally {
      await app.query("ROLLBACK");
    }
  }

  const insert = (id: string, jurisdiction: string) =>
    `INSERT INTO ledger_rows (application_id, version, data, provision_id, document, jurisdiction, district, enterprise, status, year, sample, updated_at, updated_by)
     VALUES ('${id}', 1, '{}', 'x', null, '${jurisdiction}', 'd', 'e', 'applied', 2026, 0, 'now', 'app')`;

  it("runs as a role that is neither the owner nor exempt from row-level security", async () => {
    const { rows } = await app.query<{ super: boolean; bypass: boolean; forced: boolean }>(
      `SELECT rolsuper AS super, rolbypassrls AS bypass, (SELECT relforcerowsecurity FROM pg_class WHERE relname = 'ledger_rows') AS forced FROM pg_roles WHERE rolname = current_user`,
    );
    expect(rows[0]).toEqual({ super: false, bypass: false, forced: true });
  });

  it("lets a 九龙坡 transaction write 九龙坡 rows only", async () => {
    expect(await inOffice("jiulongpo", insert("RLS-NEW", "jiulongpo"))).toEqual({ rowCount: 1 });
    // 42501: new row violates row-level security policy.
    expect(await inOffice("jiulongpo", insert("RLS-NEW", "yubei"))).toEqual({ code: "42501" });
    // Another office's row is not there to be updated or deleted…
    expect(await inOffice("jiulongpo", "UPDATE ledger_rows SET enterprise = '改' WHERE application_id = 'RLS-YB'")).toEqual({ rowCount: 0 });
    expect(await inOffice("jiulongpo", "DELETE FROM ledger_rows WHERE application_id = 'RLS-YB'")).toEqual({ rowCount: 0 });
    // …nor can its own row be moved into another office.
    expect(await inOffice("jiulongpo", "UPDATE ledger_rows SET jurisdiction = 'yubei' WHERE application_id = 'RLS-JLP'")).toEqual({ code: "42501" });
    expect(await inOffice("jiulongpo", "UPDATE ledger_rows SET enterprise = '改' WHERE application_id = 'RLS-JLP'")).toEqual({ rowCount: 1 });
    // Reads are the service's to scope: the database shows every row.
    expect((await app.query("SELECT count(*)::int AS n FROM ledger_rows")).rows[0]).toEqual({ n: 2 });
  });

  it("confines commitments the same way, lets `all` write everywhere, and refuses everything when no office is set", async () => {
    const commitment = (jurisdiction: string) =>
      `INSERT INTO commitments (jurisdiction, year, version, data, sample, updated_at, updated_by) VALUES ('${jurisdiction}', 2026, 1, '{}', 0, 'now', 'app')`;
    expect(await inOffice("jiulongpo", commitment("yubei"))).toEqual({ code: "42501" });
    expect(await inOffice("yubei", commitment("yubei"))).toEqual({ rowCount: 1 });
    expect(await inOffice("all", insert("RLS-ALL", "yubei"))).toEqual({ rowCount: 1 });
    expect(await inOffice(null, insert("RLS-NONE", "jiulongpo"))).toEqual({ code: "42501" });
    expect(await inOffice(null, commitment("jiulongpo"))).toEqual({ code: "42501" });
  });

  it("confines payment events (migration 6) the same way: a 九龙坡 transaction cannot record a 渝北 payment", async () => {
    const payment = (id: string, jurisdiction: string) =>
      `INSERT INTO ledger_payments (application_id, seq, jurisdiction, amount_fen, paid_on, date_recorded, voucher, origin, row_version, token_id, token_name, recorded_at, prev_hash, hash)
       VALUES ('${id}', 1, '${jurisdiction}', 100, '2026-04-01', 1, 'V-1', 'api', 1, null, 'app', 'now', '', 'h')`;
    expect(await inOffice("jiulongpo", payment("RLS-JLP", "jiulongpo"))).toEqual({ rowCount: 1 });
    expect(await inOffice("jiulongpo", payment("RLS-YB", "yubei"))).toEqual({ code: "42501" });
    expect(await inOffice(null, payment("RLS-JLP", "jiulongpo"))).toEqual({ code: "42501" });
  });

  it("confines decision events (migration 8) the same way: a 九龙坡 transaction cannot record a 渝北 approval", async () => {
    const decision = (id: string, jurisdiction: string) =>
      `INSERT INTO ledger_decisions (application_id, seq, jurisdiction, event, amount_fen, decided_on, opinion, decided_alone, row_version, token_id, token_name, recorded_at, catalog_version, record, prev_hash, hash)
       VALUES ('${id}', 1, '${jurisdiction}', 'approved', 100, '2026-04-01', null, 0, 1, null, 'app', 'now', 'v', '{}', '', 'h')`;
    expect(await inOffice("jiulongpo", decision("RLS-JLP", "jiulongpo"))).toEqual({ rowCount: 1 });
    expect(await inOffice("jiulongpo", decision("RLS-YB", "yubei"))).toEqual({ code: "42501" });
    expect(await inOffice(null, decision("RLS-JLP", "jiulongpo"))).toEqual({ code: "42501" });
  });

  it("confines notices entered through the service (migration 11) the same way: a 九龙坡 transaction cannot draft a 渝北 notice", async () => {
    const notice = (id: string, jurisdiction: string) =>
      `INSERT INTO notices (id, document, jurisdiction, status, body, version, created_at, created_by_token_id, created_by, updated_at, updated_by_token_id, updated_by)
       VALUES ('${id}', '${jurisdiction}', '${jurisdiction}', 'draft', '{}', 1, 'now', null, 'app', 'now', null, 'app')`;
    expect(await inOffice("jiulongpo", notice("api-jiulongpo-1", "jiulongpo"))).toEqual({ rowCount: 1 });
    expect(await inOffice("jiulongpo", notice("api-yubei-1", "yubei"))).toEqual({ code: "42501" });
    expect(await inOffice(null, notice("api-jiulongpo-1", "jiulongpo"))).toEqual({ code: "42501" });
  });

  it("refuses the store's own write across offices when the service's check is bypassed (a bug), as the application role", async () => {
    const db = await openDb(appUrl());
    try {
      const store = new LedgerStore(db, defaultEngine(), "rls-test");
      const yubei = LedgerRow.parse(ledgerRow("RLS-YB", 1, { provisionId: "yubei-1", district: "渝北区", note: "越权" }));
      // No guard: what a service whose check was forgotten would run, in a 九龙坡 token's transaction.
      const write = db.write((trx) => store.upsertIn(trx, [yubei], { tokenId: null, name: "bug" }, "rls-bug"), { office: "jiulongpo" });
      await expect(write).rejects.toMatchObject({ code: "42501" });
      expect((await store.history("RLS-YB")).length).toBe(1);
    } finally {
      await db.close();
    }
  });

  it("serves the API as the application role: each office's writes pass the database's check", async () => {
    const clerk = await makeToken(url, "clerk", "九龙坡区经信委 李四", "jiulongpo");
    const admin = await makeToken(url, "admin", "渝北区 管理", "yubei");
    const service = await startService({ dbPath: appUrl() });
    try {
      const put = await call(service, "PUT", "/api/ledger/rows", { token: clerk, json: { rows: [ledgerRow("RLS-API")] } });
      expect(put.status, put.text).toBe(200);
      const commit = await call(service, "PUT", "/api/commitments", { token: admin, json: { commitments: [{ jurisdiction: "yubei", year: 2027, amount: "1亿元" }] } });
      expect(commit.status, commit.text).toBe(200);
      const foreign = await call(service, "PUT", "/api/ledger/rows", { token: clerk, json: { rows: [ledgerRow("RLS-YB", 1, { provisionId: "yubei-1" })] } });
      expect(foreign.status).toBe(403);
      // An approval through PUT (the clerk's row, the editor's decision event) and a payment: the events and the
      // row's new versions, all under the office's check.
      const editor = await makeToken(url, "editor", "九龙坡区 编辑", "jiulongpo");
      expect((await call(service, "PUT", "/api/ledger/rows", { token: clerk, json: { rows: [ledgerRow("RLS-PAY", 1)] } })).status).toBe(200);
      const approve = await call(service, "PUT", "/api/ledger/rows", { token: editor, json: { rows: [ledgerRow("RLS-PAY", 1, { status: "approved", approved: 1_000 })] } });
      expect(approve.status, approve.text).toBe(200);
      const pay = await call(service, "POST", "/api/ledger/rows/RLS-PAY/payments", { token: editor, json: { amount: 400, date: "2026-04-01", voucher: "RLS-V1" } });
      expect(pay.status, pay.text).toBe(200);
      // A decision: the clerk's row approved by the editor, the event and the row's new version under the check.
      const decided = await call(service, "POST", "/api/ledger/rows/RLS-API/decisions", { token: editor, json: { event: "approved", amount: 100, date: "2026-04-01" } });
      expect(decided.status, decided.text).toBe(200);
    } finally {
      await service.stop();
    }
  }, 120_000);
});
