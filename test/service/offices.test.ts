// Offices and roles through the real service on both backends: a token of one jurisdiction cannot write another's
// rows or commitments (403 naming the jurisdiction field, whatever else the row says, an update moving a stored row
// included), roles are derived from what a row changes, tokens made before offices are refused for writes, and a
// token of one office reads its office only — unless the read access is open.
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBackends } from "./backends.ts";
import { call, ledgerRow, makeLegacyToken, makeTokens, runSubsidy, startService, type Reply, type Service } from "./harness.ts";

interface ErrorBody {
  code: string;
  field: string;
  message: { zh: string; en: string };
  issues?: { field: string }[];
}

function errorOf(reply: Reply): ErrorBody {
  return (reply.body as { error: ErrorBody }).error;
}

/** A 渝北 row: its provision is in 渝北's document, so the row is 渝北's. */
const yubeiRow = (id: string, overrides: Parameters<typeof ledgerRow>[2] = {}) => ledgerRow(id, 1, { provisionId: "yubei-1", district: "渝北区", ...overrides });

describeBackends("offices and roles", (backend) => {
  const dbPath = backend.database("offices");
  let service: Service;
  let open: Service;
  let t: Record<"jlpClerk" | "jlpReviewer" | "jlpPayer" | "jlpEditor" | "jlpViewer" | "ybEditor" | "ybAdmin" | "all" | "legacy", string>;

  beforeAll(async () => {
    t = {
      ...(await makeTokens(dbPath, {
        jlpClerk: ["clerk", "九龙坡区经信委 李四", "jiulongpo"],
        jlpReviewer: ["reviewer", "九龙坡区经信委 审核", "jiulongpo"],
        jlpPayer: ["payer", "九龙坡区财政局 拨付", "jiulongpo"],
        jlpEditor: ["editor", "九龙坡区 编辑", "jiulongpo"],
        jlpViewer: ["viewer", "九龙坡区 查看", "jiulongpo"],
        ybEditor: ["editor", "渝北区 编辑", "yubei"],
        ybAdmin: ["admin", "渝北区 管理", "yubei"],
        all: ["editor,admin", "市经信委 监督", "all"],
      })),
      legacy: "",
    };
    t.legacy = await makeLegacyToken(dbPath);
    service = await startService({ dbPath });
    // Same database, reads configured open: then no reader is confined.
    open = await startService({ dbPath, env: { SUBSIDY_READ_ACCESS: "open" } });
  });
  afterAll(async () => {
    await service?.stop();
    await open?.stop();
  });

  const put = (token: string, rows: unknown[], extra: Record<string, unknown> = {}) => call(service, "PUT", "/api/ledger/rows", { token, json: { rows, ...extra } });
  const commit = (token: string, commitments: unknown[]) => call(service, "PUT", "/api/commitments", { token, json: { commitments } });
  const versions = async (id: string): Promise<number> => ((await call(service, "GET", `/api/ledger/${id}/history`, { token: t.all })).body as { versions?: unknown[] }).versions?.length ?? 0;

  it("lets each office write its own rows", async () => {
    expect((await put(t.jlpClerk, [ledgerRow("JLP-1"), ledgerRow("JLP-2", 2)])).status).toBe(200);
    expect((await put(t.ybEditor, [yubeiRow("YB-1"), yubeiRow("YB-2")])).status).toBe(200);
  });

  it("refuses a 九龙坡 clerk writing, approving or paying a 渝北 row: 403 naming the row's jurisdiction, nothing written", async () => {
    for (const row of [
      yubeiRow("YB-NEW"),
      yubeiRow("YB-1", { status: "approved", approved: 900_000 }),
      yubeiRow("YB-2", { status: "paid", approved: 900_000, paid: 900_000, paidDate: "2026-05-01" }),
    ]) {
      const reply = await put(t.jlpClerk, [row]);
      expect(reply.status, reply.text).toBe(403);
      expect(errorOf(reply)).toMatchObject({ code: "forbidden_jurisdiction", field: "rows.0.jurisdiction" });
      expect(errorOf(reply).message.zh).toContain("渝北区");
    }
    // One foreign row refuses the whole batch, and each foreign row is listed by index.
    const mixed = await put(t.jlpEditor, [ledgerRow("JLP-3", 3), yubeiRow("YB-3"), yubeiRow("YB-4")]);
    expect(mixed.status).toBe(403);
    expect(errorOf(mixed).field).toBe("rows.1.jurisdiction");
    expect(errorOf(mixed).issues?.map((i) => i.field)).toEqual(["rows.1.jurisdiction", "rows.2.jurisdiction"]);
    expect(await versions("JLP-3")).toBe(0);
    expect(await versions("YB-1")).toBe(1);
    expect(await versions("YB-2")).toBe(1);
  });

  it("refuses an update moving a 渝北 row into 九龙坡 (the stored row's office counts), before any version check", async () => {
    const moved = await put(t.jlpEditor, [ledgerRow("YB-1", 1)], { expectedVersions: { "YB-1": 7 } });
    expect(moved.status, moved.text).toBe(403);
    expect(errorOf(moved)).toMatchObject({ code: "forbidden_jurisdiction", field: "rows.0.jurisdiction" });
    expect(errorOf(moved).message.en).toMatch(/as stored belongs to Yubei/);
    // …and the other way: 渝北 cannot take a 九龙坡 row by giving it a 渝北 provision.
    const taken = await put(t.ybEditor, [yubeiRow("JLP-1")]);
    expect(errorOf(taken)).toMatchObject({ code: "forbidden_jurisdiction", field: "rows.0.jurisdiction" });
    expect(await versions("YB-1")).toBe(1);
    expect(await versions("JLP-1")).toBe(1);
    // An unknown provision belongs to no office: only an `all` token may store it.
    const unknown = await put(t.jlpEditor, [ledgerRow("JLP-X", 0, { provisionId: "nowhere-9" })]);
    expect(errorOf(unknown).field).toBe("rows.0.jurisdiction");
    expect((await put(t.all, [ledgerRow("ALL-X", 0, { provisionId: "nowhere-9" }), yubeiRow("YB-ALL")])).status).toBe(200);
  });

  it("derives the roles a row needs from what it changes: approve needs reviewer, pay needs payer, the application clerk", async () => {
    const approved = ledgerRow("JLP-1", 0, { status: "approved", approved: 80_000 });
    const byClerk = await put(t.jlpClerk, [approved]);
    expect(byClerk.status).toBe(403);
    expect(errorOf(byClerk)).toMatchObject({ code: "role_required", field: "rows.0.status" });
    expect(errorOf(byClerk).message.zh).toContain("审核");
    expect((await put(t.jlpReviewer, [approved])).status).toBe(200);

    // The reviewer may not change the application itself, nor record a payment.
    const amount = await put(t.jlpReviewer, [{ ...approved, amount: 2_000_000 }]);
    expect(errorOf(amount)).toMatchObject({ code: "role_required", field: "rows.0.amount" });
    const paid = { ...approved, status: "paid", paid: 80_000, paidDate: "2026-06-30" };
    expect(errorOf(await put(t.jlpReviewer, [paid]))).toMatchObject({ code: "role_required", field: "rows.0.status" });
    expect(errorOf(await put(t.jlpClerk, [{ ...approved, paid: 10_000 }]))).toMatchObject({ code: "role_required", field: "rows.0.paid" });
    expect((await put(t.jlpPayer, [paid])).status).toBe(200);

    // A payer cannot enter a new application; sending a stored row unchanged needs no step's role.
    expect(errorOf(await put(t.jlpPayer, [ledgerRow("JLP-9", 9)]))).toMatchObject({ code: "role_required", field: "rows.0.applicationId" });
    expect((await put(t.jlpPayer, [paid])).status).toBe(200);
    // The note alone: any of the three.
    expect((await put(t.jlpPayer, [{ ...paid, note: "国库集中支付 凭证 2026-118" }])).status).toBe(200);
    expect(await versions("JLP-1")).toBe(4);
    // A viewer of the office cannot write at all.
    expect(errorOf(await put(t.jlpViewer, [ledgerRow("JLP-8", 8)]))).toMatchObject({ code: "role_required", field: "authorization" });
  });

  it("confines commitments to the admin of their jurisdiction (or of all)", async () => {
    const yubei = { jurisdiction: "yubei", year: 2026, amount: "2亿元" };
    const jiulongpo = { jurisdiction: "jiulongpo", year: 2026, amount: "3亿元" };
    const foreign = await commit(t.ybAdmin, [yubei, jiulongpo]);
    expect(foreign.status).toBe(403);
    expect(errorOf(foreign)).toMatchObject({ code: "forbidden_jurisdiction", field: "commitments.1.jurisdiction" });
    // Another office's commitment is refused for the office before the role: a 九龙坡 editor (no admin) gets the jurisdiction.
    expect(errorOf(await commit(t.jlpEditor, [yubei]))).toMatchObject({ code: "forbidden_jurisdiction", field: "commitments.0.jurisdiction" });
    expect(errorOf(await commit(t.jlpEditor, [jiulongpo]))).toMatchObject({ code: "role_required", field: "authorization" });
    expect((await commit(t.ybAdmin, [yubei])).status).toBe(200);
    expect((await commit(t.all, [jiulongpo, { jurisdiction: "chongqing", year: 2026, amount: "50亿元" }])).status).toBe(200);
  });

  it("refuses a token made before offices for writes, telling it to be re-issued; it still reads", async () => {
    const reply = await put(t.legacy, [ledgerRow("JLP-1")]);
    expect(reply.status).toBe(403);
    expect(errorOf(reply)).toMatchObject({ code: "token_unscoped", field: "authorization" });
    expect(errorOf(reply).message.zh).toContain("重新签发");
    expect(errorOf(reply).message.en).toContain("re-issue");
    expect((await commit(t.legacy, [{ jurisdiction: "yubei", year: 2027, amount: "1亿元" }])).status).toBe(403);
    expect((await call(service, "GET", "/api/ledger", { token: t.legacy })).status).toBe(200);
  });

  it("scopes a 九龙坡 token's reads to 九龙坡: ledger, history, summary, exports, commitments", async () => {
    const ledger = (await call(service, "GET", "/api/ledger?limit=1000", { token: t.jlpViewer })).body as { total: number; rows: { row: { provisionId: string } }[] };
    expect(ledger.rows.map((r) => r.row.provisionId).every((p) => p.startsWith("jiulongpo-"))).toBe(true);
    expect(ledger.total).toBe(2);
    const asked = await call(service, "GET", "/api/ledger?jurisdiction=yubei", { token: t.jlpViewer });
    expect(asked.status).toBe(403);
    expect(errorOf(asked)).toMatchObject({ code: "forbidden_jurisdiction", field: "jurisdiction" });
    expect((await call(service, "GET", "/api/ledger/YB-1/history", { token: t.jlpViewer })).status).toBe(404);
    expect((await call(service, "GET", "/api/ledger/JLP-1/history", { token: t.jlpViewer })).status).toBe(200);

    const summary = (await call(service, "GET", "/api/summary?by=jurisdiction", { token: t.jlpViewer })).body as { rows: unknown[]; totalRows: number | null };
    // Not even the whole ledger's row count.
    expect(summary.totalRows).toBeNull();
    expect(((await call(service, "GET", "/api/summary?by=jurisdiction", { token: t.all })).body as { totalRows: number }).totalRows).toBe(6);
    expect(JSON.stringify(summary.rows)).not.toContain("yubei");
    expect(JSON.stringify(summary.rows)).toContain("jiulongpo");
    const csv = await call(service, "GET", "/api/ledger/export?format=csv&lang=en", { token: t.jlpViewer });
    expect(csv.status).toBe(200);
    expect(csv.text).toContain("JLP-1");
    expect(csv.text).not.toContain("YB-1");
    const commitments = (await call(service, "GET", "/api/commitments", { token: t.jlpViewer })).body as { commitments: { jurisdiction: string }[] };
    expect(commitments.commitments.map((c) => c.jurisdiction)).toEqual(["jiulongpo"]);

    // `all`, and a read from this machine without a token (the default local access admits it), see every office.
    for (const token of [t.all, undefined]) {
      const everything = (await call(service, "GET", "/api/ledger?limit=1000", token ? { token } : {})).body as { total: number };
      expect(everything.total).toBe(6);
    }
  });

  it("does not confine reads when the read access is configured open", async () => {
    const ledger = (await call(open, "GET", "/api/ledger?limit=1000", { token: t.jlpViewer })).body as { total: number };
    expect(ledger.total).toBe(6);
    expect((await call(open, "GET", "/api/ledger/YB-1/history", { token: t.jlpViewer })).status).toBe(200);
    // Writes stay confined whatever the read access.
    expect(errorOf(await call(open, "PUT", "/api/ledger/rows", { token: t.jlpClerk, json: { rows: [yubeiRow("YB-9")] } })).field).toBe("rows.0.jurisdiction");
  });

  it("creates an office's token with the CLI, lists offices and roles, and lists old tokens as unscoped", async () => {
    const created = await runSubsidy("token", "create", "--jurisdiction", "yubei", "--role", "clerk,reviewer", "--name", "渝北区经信委 张三", "--db", dbPath);
    expect(created.code).toBe(0);
    const made = created.json as { token: string; id: number; name: string; jurisdiction: string; roles: string[] };
    expect(made).toMatchObject({ name: "渝北区经信委 张三", jurisdiction: "yubei", roles: ["clerk", "reviewer"] });

    const list = (await runSubsidy("token", "list", "--db", dbPath)).json as { id: number; name: string; jurisdiction: string | null; roles: string[]; unscoped?: { zh: string } }[];
    expect(list.find((x) => x.id === made.id)).toMatchObject({ jurisdiction: "yubei", roles: ["clerk", "reviewer"] });
    expect(list.find((x) => x.id === made.id)?.unscoped).toBeUndefined();
    expect(list.find((x) => x.name === "九龙坡区 编辑")).toMatchObject({ jurisdiction: "jiulongpo", roles: ["clerk", "reviewer", "payer"] });
    const old = list.find((x) => x.name === "旧编辑者令牌");
    expect(old).toMatchObject({ jurisdiction: null, roles: ["clerk", "reviewer", "payer"] });
    expect(old?.unscoped?.zh).toContain("未限定经办单位");

    // The new token works in its office only.
    expect((await put(made.token, [yubeiRow("YB-CLI")])).status).toBe(200);
    expect(errorOf(await put(made.token, [ledgerRow("JLP-CLI")])).field).toBe("rows.0.jurisdiction");

    // A token must name its office; unknown offices and roles are refused with exit 2 naming the option.
    const noOffice = await runSubsidy("token", "create", "--jurisdiction", "shapingba", "--role", "clerk", "--name", "x", "--db", dbPath);
    expect(noOffice).toMatchObject({ code: 2, json: { error: { code: "invalid_input", field: "jurisdiction" } } });
    const noRole = await runSubsidy("token", "create", "--jurisdiction", "yubei", "--role", "clerk,boss", "--name", "x", "--db", dbPath);
    expect(noRole).toMatchObject({ code: 2, json: { error: { code: "invalid_input", field: "role" } } });
  }, 120_000); // four CLI processes, each loading the TypeScript sources on a shared machine
});
