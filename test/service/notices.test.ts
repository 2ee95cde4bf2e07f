// Application notices entered through the service, on a real SQLite file and a real PostgreSQL database: a 九龙坡
// clerk drafts one, edits it under If-Match (stale 409, missing 428); another office is refused naming
// `jurisdiction`, a figure above the document's ceiling naming its path; only an admin publishes; once published its
// figures apply to /api/evaluate and to ledger rows naming it, on another service of the same database and after a
// restart too, and the catalog version /api/health reports moves with it on each; a what-if by its ID answers as the
// same overrides written inline; every version is in the notice's history, chained, and `db verify` reports one altered in SQL; notices stored before the history get a first entry.
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { VerifyReport } from "../../dashboard/server/audit/verify.ts";
import { MIGRATIONS, NOTICE_HISTORY_MIGRATION } from "../../dashboard/server/db/migrations.ts";
import { openDb, type Db } from "../../dashboard/server/db/open.ts";
import { catalogVersion } from "../../shared/catalog/version-node.ts";
import { code } from "../ledger/helpers.ts";
import { describeBackends } from "./backends.ts";
import { call, ledgerRow, makeToken, runSubsidy, startService, type Reply, type Service } from "./harness.ts";
import { undoMigrationsAfter } from "./undo-migrations.ts";

interface StoredNotice {
  id: string;
  status: "draft" | "published";
  version: number;
  jurisdiction: string;
  notice: { id: string; document: string; overrides: Record<string, string>; sample: boolean; budget: number | null; budgetFen: number | null };
  createdBy: { tokenId: number | null; name: string };
  publishedBy: { name: string } | null;
}

interface HistoryEntry {
  version: number;
  operation: "created" | "edited" | "published" | "migrated";
  status: "draft" | "published";
  notice: { id: string; title: { zh: string }; budgetFen: number | null };
  changedAt: string;
  changedBy: { tokenId: number | null; name: string };
  prevHash: string;
  hash: string;
}

interface ErrorBody {
  error: { code: string; field: string; message: { zh: string; en: string } };
}

const errorOf = (reply: Reply) => (reply.body as ErrorBody).error;

/** 7% of equipment investment, the enterprise's year capped at 1200万: below the document's 10% and 2000万, unlike the sample file's figures. */
const OVERRIDES = { "jiulongpo-5.rate": "7%", "jiulongpo-5.caps.enterpriseYear": "1200万元" };

const draft = (overrides: Record<string, string> = OVERRIDES, title = "2026年度第二批智能制造项目申报通知（测试）") => ({
  document: "jiulongpo",
  title: { zh: title, en: "2026 second round of intelligent-manufacturing awards (test)" },
  number: "九龙坡经信发〔2026〕12号",
  window: { start: "2026-05-01", end: "2026-06-30" },
  budget: "5000万元",
  overrides,
});

describeBackends("notices entered through the service", (backend) => {
  const dbPath = backend.database("notices");
  let service: Service;
  const t = { clerk: "", admin: "", ybClerk: "", viewer: "" };
  let id = "";
  let publishedVersion = "";

  const start = async () => {
    service = await startService({ dbPath, env: { SUBSIDY_SEED_SAMPLE: "false", SUBSIDY_WHATIF_SLOTS: "1" } });
  };

  beforeAll(async () => {
    t.clerk = await makeToken(dbPath, "clerk", "九龙坡区经信委 李四", "jiulongpo");
    t.admin = await makeToken(dbPath, "admin", "九龙坡区经信委 管理", "jiulongpo");
    t.ybClerk = await makeToken(dbPath, "clerk", "渝北区经信委 张三", "yubei");
    t.viewer = await makeToken(dbPath, "viewer", "市经信委 查看", "all");
    await start();
    // Rows the what-ifs move: jiulongpo-5 applications of two enterprises.
    const rows = [1, 2, 3].map((n) => ledgerRow(`NT-${n}`, n, { provisionId: "jiulongpo-5", amount: n * 100_000_000, creditCode: code(n), applicationDate: "2026-03-10" }));
    expect((await call(service, "PUT", "/api/ledger/rows", { token: t.clerk, json: { rows } })).status).toBe(200);
  }, 180_000);
  afterAll(async () => {
    await service?.stop();
  });

  it("tells each token whether it may draft or publish notices, from the checks the writes make", async () => {
    const may = async (token: string) => ((await call(service, "GET", "/api/session", { token })).body as { may: { draftNotice: boolean; publishNotice: boolean } }).may;
    expect(await may(t.clerk)).toMatchObject({ draftNotice: true, publishNotice: false });
    expect(await may(t.admin)).toMatchObject({ draftNotice: true, publishNotice: true });
    expect(await may(t.viewer)).toMatchObject({ draftNotice: false, publishNotice: false });
  });

  it("saves a clerk's draft with an ID of the service's own, seen by its office and not by another's", async () => {
    const reply = await call(service, "POST", "/api/notices", { token: t.clerk, json: draft() });
    expect(reply.status, reply.text).toBe(201);
    const stored = reply.body as StoredNotice;
    expect(stored).toMatchObject({ status: "draft", version: 1, jurisdiction: "jiulongpo", createdBy: { name: "九龙坡区经信委 李四" }, publishedBy: null, notice: { document: "jiulongpo", overrides: OVERRIDES, sample: false, budget: 50_000_000, budgetFen: 5_000_000_000 } });
    expect(stored.id).toMatch(/^api-jiulongpo-\d+$/);
    expect(stored.notice.id).toBe(stored.id);
    expect(reply.headers.get("etag")).toBe('"1"');
    id = stored.id;

    const ids = async (token: string) => ((await call(service, "GET", "/api/notices", { token })).body as { notices: StoredNotice[] }).notices.map((n) => n.id);
    expect(await ids(t.clerk)).toEqual([id]);
    expect(await ids(t.ybClerk)).toEqual([]);
    expect((await call(service, "GET", `/api/notices/${id}`, { token: t.ybClerk })).status).toBe(404);
    // A draft is not a notice the engine knows: nothing is evaluated under it yet.
    const evaluated = await call(service, "POST", "/api/evaluate", { token: t.clerk, json: { rows: [{ provisionId: "jiulongpo-5", amount: 100_000_000, date: "2026-05-10", notice: id }] } });
    expect((evaluated.body as { results: { ok: boolean; error?: { field: string } }[] }).results[0]).toMatchObject({ ok: false, error: { field: "notice" } });
  });

  it("edits a draft only under If-Match: 428 without it, 409 when stale", async () => {
    const changed = draft(OVERRIDES, "2026年度第二批智能制造项目申报通知（测试，修订）");
    const missing = await call(service, "PUT", `/api/notices/${id}`, { token: t.clerk, json: changed });
    expect(missing.status).toBe(428);
    expect(errorOf(missing)).toMatchObject({ code: "precondition_required", field: "if-match" });

    const edited = await call(service, "PUT", `/api/notices/${id}`, { token: t.clerk, json: changed, headers: { "if-match": '"1"' } });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.body).toMatchObject({ version: 2, status: "draft" });

    const stale = await call(service, "PUT", `/api/notices/${id}`, { token: t.clerk, json: draft(), headers: { "if-match": "1" } });
    expect(stale.status).toBe(409);
    expect(errorOf(stale)).toMatchObject({ code: "version_conflict", field: "if-match" });
    expect(((await call(service, "GET", `/api/notices/${id}`, { token: t.clerk })).body as { version: number }).version).toBe(2);
  });

  it("refuses another office's token naming `jurisdiction`, and a figure above the document's ceiling naming its path", async () => {
    const other = await call(service, "POST", "/api/notices", { token: t.ybClerk, json: draft() });
    expect(other.status).toBe(403);
    expect(errorOf(other)).toMatchObject({ code: "forbidden_jurisdiction", field: "jurisdiction" });

    const above = await call(service, "POST", "/api/notices", { token: t.clerk, json: draft({ "jiulongpo-5.rate": "12%" }) });
    expect(above.status).toBe(422);
    expect(errorOf(above)).toMatchObject({ code: "notice_refused", field: "overrides.jiulongpo-5.rate" });
    expect(errorOf(above).message.zh).toContain("最高");

    const aboveOnEdit = await call(service, "PUT", `/api/notices/${id}`, { token: t.clerk, json: draft({ "jiulongpo-5.caps.enterpriseYear": "3000万元" }), headers: { "if-match": "2" } });
    expect(aboveOnEdit.status).toBe(422);
    expect(errorOf(aboveOnEdit).field).toBe("overrides.jiulongpo-5.caps.enterpriseYear");
    expect(((await call(service, "GET", "/api/notices", { token: t.clerk })).body as { notices: unknown[] }).notices).toHaveLength(1);
  });

  it("answers a what-if by the draft's ID as the same overrides written inline", async () => {
    const byNotice = await call(service, "POST", "/api/whatif", { token: t.clerk, json: { notice: id } });
    const inline = await call(service, "POST", "/api/whatif", { token: t.clerk, json: { overrides: OVERRIDES } });
    expect(byNotice.status, byNotice.text).toBe(200);
    expect(inline.status, inline.text).toBe(200);
    const { notice, ...figures } = byNotice.body as { notice: string | null; total: { difference: { ceilingFen: number } } };
    expect(notice).toBe(id);
    expect(figures).toEqual({ ...(inline.body as object), notice: undefined });
    expect(figures.total.difference.ceilingFen).toBeLessThan(0);
    // Another office's draft is not there for its token.
    const hidden = await call(service, "POST", "/api/whatif", { token: t.ybClerk, json: { notice: id } });
    expect(hidden.status).toBe(404);
    expect(errorOf(hidden).field).toBe("notice");
  });

  it("publishes by an admin only; then /api/evaluate and a ledger row naming it use its figures, and it is fixed", async () => {
    // A second service on the same database, started before the publication: it takes the notice too.
    const second = await startService({ dbPath, env: { SUBSIDY_SEED_SAMPLE: "false" } });
    const before = await health();
    expect(before).toMatchObject({ catalogVersion: catalogVersion(), rulesVersion: catalogVersion(), noticesVersion: null, publishedNotices: [] });
    expect(await health(second)).toEqual(before);
    const byClerk = await call(service, "POST", `/api/notices/${id}/publish`, { token: t.clerk });
    expect(byClerk.status).toBe(403);
    expect(errorOf(byClerk)).toMatchObject({ code: "role_required", field: "authorization" });

    const published = await call(service, "POST", `/api/notices/${id}/publish`, { token: t.admin, headers: { "if-match": "2" } });
    expect(published.status, published.text).toBe(200);
    expect(published.body).toMatchObject({ status: "published", version: 3, publishedBy: { name: "九龙坡区经信委 管理" } });
    // The version moves with the publication, on this service and on the other one of the same database; the rules
    // part, which the builds embed, stays.
    const after = await health();
    expect(after.rulesVersion).toBe(catalogVersion());
    expect(after.noticesVersion).toMatch(/^[0-9a-f]{12}$/);
    expect(after.catalogVersion).toBe(`${catalogVersion()}+${after.noticesVersion}`);
    expect(after.publishedNotices).toEqual([id]);
    expect(await health(second)).toEqual(after);
    publishedVersion = after.catalogVersion;
    // Everyone sees a published notice; nobody changes it.
    expect(((await call(service, "GET", "/api/notices", { token: t.ybClerk })).body as { notices: StoredNotice[] }).notices.map((n) => n.id)).toEqual([id]);
    const edit = await call(service, "PUT", `/api/notices/${id}`, { token: t.admin, json: draft(), headers: { "if-match": "3" } });
    expect(edit.status).toBe(409);
    expect(errorOf(edit)).toMatchObject({ code: "notice_published", field: "status" });

    await expectUnderNotice();
    try {
      await expectUnderNotice(second);
    } finally {
      await second.stop();
    }
    const row = ledgerRow("NT-UNDER", 9, { provisionId: "jiulongpo-5", amount: 100_000_000, creditCode: code(9), applicationDate: "2026-05-10", notice: id });
    const put = await call(service, "PUT", "/api/ledger/rows", { token: t.clerk, json: { rows: [row] } });
    expect(put.status, put.text).toBe(200);
    expect(await storedCeiling("NT-UNDER")).toBe(7_000_000_00);
  });

  it("keeps the published notice in the engine after a restart", async () => {
    await service.stop();
    await start();
    expect((await health()).catalogVersion).toBe(publishedVersion);
    await expectUnderNotice();
    expect(await storedCeiling("NT-UNDER")).toBe(7_000_000_00);
    // A row written after the restart may name it too.
    const row = ledgerRow("NT-AFTER", 10, { provisionId: "jiulongpo-5", amount: 300_000_000, creditCode: code(10), applicationDate: "2026-05-10", notice: id });
    expect((await call(service, "PUT", "/api/ledger/rows", { token: t.clerk, json: { rows: [row] } })).status).toBe(200);
    expect(await storedCeiling("NT-AFTER")).toBe(12_000_000_00);
  }, 120_000);

  it("keeps every version in the notice's history, chained, with the token and the server's time", async () => {
    const reply = await call(service, "GET", `/api/notices/${id}/history`, { token: t.ybClerk });
    expect(reply.status, reply.text).toBe(200);
    const { id: historyOf, versions } = reply.body as { id: string; versions: HistoryEntry[] };
    expect(historyOf).toBe(id);
    expect(versions.map((v) => [v.version, v.operation, v.status, v.changedBy.name])).toEqual([
      [1, "created", "draft", "九龙坡区经信委 李四"],
      [2, "edited", "draft", "九龙坡区经信委 李四"],
      [3, "published", "published", "九龙坡区经信委 管理"],
    ]);
    expect(versions.map((v) => v.notice.title.zh)).toEqual(["2026年度第二批智能制造项目申报通知（测试）", "2026年度第二批智能制造项目申报通知（测试，修订）", "2026年度第二批智能制造项目申报通知（测试，修订）"]);
    expect(versions.every((v) => typeof v.changedBy.tokenId === "number" && !Number.isNaN(Date.parse(v.changedAt)))).toBe(true);
    expect(versions[0]?.changedBy.tokenId).not.toBe(versions[2]?.changedBy.tokenId);
    expect(versions[0]?.prevHash).toBe("");
    expect(versions.slice(1).map((v) => v.prevHash)).toEqual(versions.slice(0, -1).map((v) => v.hash));
    expect(versions[2]?.notice.budgetFen).toBe(5_000_000_000);

    // Another office's draft has no history for a reader of another office, as it has no notice.
    const other = await call(service, "POST", "/api/notices", { token: t.clerk, json: draft(OVERRIDES, "草案：历史不外露") });
    expect(other.status, other.text).toBe(201);
    const otherId = (other.body as StoredNotice).id;
    const hidden = await call(service, "GET", `/api/notices/${otherId}/history`, { token: t.ybClerk });
    expect(hidden.status).toBe(404);
    expect(errorOf(hidden)).toMatchObject({ code: "not_found", field: "id" });
    expect(((await call(service, "GET", `/api/notices/${otherId}/history`, { token: t.clerk })).body as { versions: HistoryEntry[] }).versions.map((v) => v.operation)).toEqual(["created"]);
    expect((await call(service, "GET", "/api/notices/api-jiulongpo-999/history", { token: t.clerk })).status).toBe(404);
    const doc = (await call(service, "GET", "/api/openapi.json")).body as { paths: Record<string, { get?: { responses?: Record<string, unknown> } }> };
    expect(Object.keys(doc.paths["/api/notices/{id}/history"]?.get?.responses ?? {})).toEqual(expect.arrayContaining(["200", "404"]));
  });

  it("has `db verify` report one notice history entry altered in the database, naming the notice and version", async () => {
    const intact = await runSubsidy("db", "verify", "--db", dbPath);
    expect(intact.code, JSON.stringify(intact.json)).toBe(0);
    expect((intact.json as VerifyReport).checked.noticeHistory).toBe(4);

    const original = await withDb(async (db) => (await db.k.selectFrom("notice_history").select("body").where("notice_id", "=", id).where("version", "=", 2).executeTakeFirstOrThrow()).body);
    const altered = original.replace("12号", "13号");
    expect(altered).not.toBe(original);
    await withDb((db) => db.write((trx) => sql`UPDATE notice_history SET body = ${altered} WHERE notice_id = ${id} AND version = 2`.execute(trx)));
    try {
      const broken = await runSubsidy("db", "verify", "--db", dbPath);
      expect(broken.code).toBe(1);
      const report = broken.json as VerifyReport;
      expect(report.breaks).toEqual([expect.objectContaining({ table: "notice_history", noticeId: id, version: 2, reason: "altered" })]);
      expect(report.breaks[0]?.message.zh).toMatch(/改动/);
    } finally {
      await withDb((db) => db.write((trx) => sql`UPDATE notice_history SET body = ${original} WHERE notice_id = ${id} AND version = 2`.execute(trx)));
    }
    expect((await runSubsidy("db", "verify", "--db", dbPath)).code).toBe(0);
  }, 60_000);

  it("gives the notices stored before their history one migrated entry each, which verifies and the next edit extends", async () => {
    await service.stop();
    const before = (MIGRATIONS.find((m) => m.name === NOTICE_HISTORY_MIGRATION)?.version ?? 0) - 1;
    await withDb((db) => db.write((trx) => undoMigrationsAfter(trx, db.kind, before)));
    await start();
    const versions = async (notice: string) => ((await call(service, "GET", `/api/notices/${notice}/history`, { token: t.clerk })).body as { versions: HistoryEntry[] }).versions;
    const migrated = await versions(id);
    expect(migrated.map((v) => [v.version, v.operation, v.status, v.changedBy.name, v.prevHash])).toEqual([[3, "migrated", "published", "九龙坡区经信委 管理", ""]]);
    expect((await runSubsidy("db", "verify", "--db", dbPath)).code).toBe(0);

    const draftId = ((await call(service, "GET", "/api/notices", { token: t.clerk })).body as { notices: StoredNotice[] }).notices.find((n) => n.status === "draft")?.id ?? "";
    const edited = await call(service, "PUT", `/api/notices/${draftId}`, { token: t.clerk, json: draft(OVERRIDES, "草案：迁移后修订"), headers: { "if-match": "1" } });
    expect(edited.status, edited.text).toBe(200);
    const after = await versions(draftId);
    expect(after.map((v) => [v.version, v.operation])).toEqual([
      [1, "migrated"],
      [2, "edited"],
    ]);
    expect(after[1]?.prevHash).toBe(after[0]?.hash);
    const verified = await runSubsidy("db", "verify", "--db", dbPath);
    expect(verified.code, JSON.stringify(verified.json)).toBe(0);
    expect((verified.json as VerifyReport).checked.noticeHistory).toBe(3);
  }, 120_000);

  async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    const db = await openDb(dbPath, { migrate: false });
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  }

  async function health(on: Service = service): Promise<{ catalogVersion: string; rulesVersion: string; noticesVersion: string | null; publishedNotices: string[] }> {
    const { catalogVersion, rulesVersion, noticesVersion, publishedNotices } = (await call(on, "GET", "/api/health")).body as Awaited<ReturnType<typeof health>>;
    return { catalogVersion, rulesVersion, noticesVersion, publishedNotices };
  }

  /** 1亿 at 7% is 700万, 3亿 is held at the notice's 1200万 year cap; without the notice 1000万 and 2000万. */
  async function expectUnderNotice(on: Service = service): Promise<void> {
    const rows = [1e8, 3e8].flatMap((amount) => [
      { provisionId: "jiulongpo-5", amount, date: "2026-05-10", notice: id },
      { provisionId: "jiulongpo-5", amount, date: "2026-05-10" },
    ]);
    const reply = await call(on, "POST", "/api/evaluate", { token: t.viewer, json: { rows } });
    expect(reply.status, reply.text).toBe(200);
    const results = (reply.body as { results: { ceiling: number | null; notice?: { id: string; documentCeiling: number | null } }[] }).results;
    expect(results.map((r) => r.ceiling)).toEqual([7_000_000, 10_000_000, 12_000_000, 20_000_000]);
    expect(results[0]?.notice).toMatchObject({ id, documentCeiling: 10_000_000 });
  }

  /** The ceiling the service stored beside the row (its evaluation in the ledger), read from the database itself. */
  async function storedCeiling(applicationId: string): Promise<number | null> {
    const db = await openDb(dbPath, { migrate: false });
    try {
      const record = await db.k.selectFrom("ledger_rows").select("ceiling_fen").where("application_id", "=", applicationId).executeTakeFirst();
      return record?.ceiling_fen === undefined || record.ceiling_fen === null ? null : Number(record.ceiling_fen);
    } finally {
      await db.close();
    }
  }
});
