// GET /api/session on both backends: each kind of token learns its office, roles and what it may do, from the same
// checks the write routes make (a token told it may submit can, one told it may not is refused); no token or a
// bad one is 401 like every authenticated route, and counts towards the failure limit.
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBackends } from "./backends.ts";
import { call, ledgerRow, makeLegacyToken, makeToken, startService, type Service } from "./harness.ts";

interface Session {
  name: string;
  jurisdiction: string | null;
  roles: string[];
  unscoped: boolean;
  may: { submit: boolean; approve: boolean; pay: boolean; commitments: boolean; draftNotice: boolean; publishNotice: boolean; read: boolean };
}

describeBackends("the token's session", (backend) => {
  const dbPath = backend.database("session");
  let service: Service;
  const t = {} as Record<"ybClerk" | "jlpReviewer" | "allViewer" | "legacy", string>;

  beforeAll(async () => {
    t.ybClerk = await makeToken(dbPath, "clerk,reviewer", "渝北区经信委 张三", "yubei");
    t.jlpReviewer = await makeToken(dbPath, "reviewer", "九龙坡区经信委 审核", "jiulongpo");
    t.allViewer = await makeToken(dbPath, "viewer", "市经信委 查看", "all");
    t.legacy = await makeLegacyToken(dbPath);
    service = await startService({ dbPath, env: { SUBSIDY_AUTH_FAILURE_LIMIT: "3" } });
  });
  afterAll(async () => {
    await service?.stop();
  });

  const session = async (token: string): Promise<Session> => {
    const reply = await call(service, "GET", "/api/session", { token });
    expect(reply.status, reply.text).toBe(200);
    return reply.body as Session;
  };

  it("tells each token its office, roles and what it may do there", async () => {
    expect(await session(t.ybClerk)).toEqual({
      name: "渝北区经信委 张三",
      jurisdiction: "yubei",
      roles: ["clerk", "reviewer"],
      unscoped: false,
      may: { submit: true, approve: true, pay: false, commitments: false, draftNotice: true, publishNotice: false, read: true },
    });
    expect(await session(t.jlpReviewer)).toMatchObject({ jurisdiction: "jiulongpo", roles: ["reviewer"], unscoped: false, may: { submit: false, approve: true, pay: false, commitments: false, draftNotice: false, publishNotice: false, read: true } });
    expect(await session(t.allViewer)).toMatchObject({ jurisdiction: "all", roles: ["viewer"], unscoped: false, may: { submit: false, approve: false, pay: false, commitments: false, draftNotice: false, publishNotice: false, read: true } });
    // An unscoped token shows the roles its old role meant, and may do nothing but read until re-issued.
    expect(await session(t.legacy)).toEqual({
      name: "旧编辑者令牌",
      jurisdiction: null,
      roles: ["clerk", "reviewer", "payer"],
      unscoped: true,
      may: { submit: false, approve: false, pay: false, commitments: false, draftNotice: false, publishNotice: false, read: true },
    });
  });

  it("agrees with the write route: a token that may submit can, the others are refused", async () => {
    const yubeiRow = ledgerRow("SESSION-YB-1", 1, { provisionId: "yubei-1", district: "渝北区" });
    const put = (token: string) => call(service, "PUT", "/api/ledger/rows", { token, json: { rows: [yubeiRow] } });
    expect((await put(t.ybClerk)).status).toBe(200);
    for (const token of [t.allViewer, t.legacy]) expect((await put(token)).status).toBe(403);
    // A reviewer alone may not submit a new row, even of its own office.
    const jlp = await call(service, "PUT", "/api/ledger/rows", { token: t.jlpReviewer, json: { rows: [ledgerRow("SESSION-JLP-1")] } });
    expect(jlp.status, jlp.text).toBe(403);
    expect((jlp.body as { error: { code: string } }).error.code).toBe("role_required");
  });

  it("answers 401 JSON without a token, from this machine too, and with an unknown one; then 429 like every authenticated route", async () => {
    const none = await call(service, "GET", "/api/session");
    expect(none.status).toBe(401);
    expect(none.headers.get("content-type")).toMatch(/^application\/json/);
    expect(none.headers.get("www-authenticate")).toContain("Bearer");
    expect(none.body).toMatchObject({ error: { code: "unauthorized", field: "authorization" } });
    const bad = await call(service, "GET", "/api/session", { token: "sbs_not-a-token" });
    expect(bad.status).toBe(401);
    expect((bad.body as { error: { message: { zh: string; en: string } } }).error.message.en).toContain("unknown or revoked");
    const malformed = await call(service, "GET", "/api/session", { headers: { authorization: "Basic abc" } });
    expect(malformed.status).toBe(401);
    // Three failures allowed (limit 3): the next is throttled, and a valid token from the same address still answers.
    const throttled = await call(service, "GET", "/api/session", { token: "sbs_guess" });
    expect(throttled.status).toBe(429);
    expect((throttled.body as { error: { code: string } }).error.code).toBe("too_many_auth_failures");
    expect((await session(t.allViewer)).jurisdiction).toBe("all");
  });

  it("is in the OpenAPI document with its error responses", async () => {
    const doc = (await call(service, "GET", "/api/openapi.json")).body as { paths: Record<string, { get?: { responses?: Record<string, unknown> } }> };
    const responses = doc.paths["/api/session"]?.get?.responses ?? {};
    expect(Object.keys(responses)).toEqual(expect.arrayContaining(["200", "401", "429", "500"]));
    expect(JSON.stringify(responses["200"])).toContain("unscoped");
  });
});
