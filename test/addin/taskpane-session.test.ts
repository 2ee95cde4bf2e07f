// The task pane's token logic against the real service (a child process on a real SQLite file): who the token is,
// whether publishing is offered, and the rows of another office found before sending — which the service, sent
// them all the same, refuses with 403 naming rows.N.jurisdiction, as the pane says it would.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addinEngine } from "../../addin/functions/engine.ts";
import { publishRows } from "../../addin/taskpane/logic/publish.ts";
import { fetchSession, foreignRows, publishRefusal, type Session, type SessionState } from "../../addin/taskpane/logic/session.ts";
import { tokenLabel } from "../../shared/ledger/offices.ts";
import { LedgerRow } from "../../shared/ledger/row.ts";
import { ledgerRow, makeLegacyToken, makeToken, startService, tempDir, type Service } from "../service/harness.ts";

const catalog = addinEngine().catalog;
const known = (session: SessionState): Session => {
  if (session.state !== "known") throw new Error(`session ${JSON.stringify(session)}`);
  return session.session;
};

describe("a token's office as the pane shows it", () => {
  it("names the office and the roles in each language", () => {
    expect(tokenLabel({ jurisdiction: "yubei", roles: ["clerk", "reviewer"] }, "zh")).toBe("渝北区 · 经办、审核");
    expect(tokenLabel({ jurisdiction: "yubei", roles: ["clerk", "reviewer"] }, "en")).toBe("Yubei · clerk, reviewer");
    expect(tokenLabel({ jurisdiction: "all", roles: ["viewer"] }, "zh")).toBe("全部兑现主体 · 查看");
    expect(tokenLabel({ jurisdiction: "all", roles: ["viewer"] }, "en")).toBe("all jurisdictions · viewer");
    expect(tokenLabel({ jurisdiction: null, roles: ["clerk", "reviewer", "payer"] }, "zh")).toBe("未限定经办单位 · 经办、审核、拨付");
  });
});

describe("the pane and the service", () => {
  let service: Service;
  const t = {} as Record<"ybClerk" | "jlpClerk" | "jlpReviewer" | "allViewer" | "legacy", string>;

  beforeAll(async () => {
    const dbPath = path.join(tempDir("subsidy-addin-session-"), "subsidy.db");
    t.ybClerk = await makeToken(dbPath, "clerk,reviewer", "渝北区经信委 张三", "yubei");
    t.jlpClerk = await makeToken(dbPath, "clerk", "九龙坡区经信委 李四", "jiulongpo");
    t.jlpReviewer = await makeToken(dbPath, "reviewer", "九龙坡区 审核", "jiulongpo");
    t.allViewer = await makeToken(dbPath, "viewer", "市经信委 查看", "all");
    t.legacy = await makeLegacyToken(dbPath);
    service = await startService({ dbPath });
  });
  afterAll(async () => {
    await service?.stop();
  });

  it("offers publishing to a token that may submit only, and says why not to the others", async () => {
    const yb = await fetchSession(service.url, t.ybClerk);
    expect(known(yb)).toMatchObject({ name: "渝北区经信委 张三", jurisdiction: "yubei", roles: ["clerk", "reviewer"], unscoped: false });
    expect(publishRefusal(yb)).toBeNull();
    expect(publishRefusal(await fetchSession(service.url, t.jlpReviewer))).toBe("publish.needClerk");
    expect(publishRefusal(await fetchSession(service.url, t.allViewer))).toBe("publish.needClerk");
    const legacy = await fetchSession(service.url, t.legacy);
    expect(known(legacy).unscoped).toBe(true);
    expect(publishRefusal(legacy)).toBe("publish.unscoped");
    expect(publishRefusal(await fetchSession(service.url, ""))).toBe("publish.needToken");
  });

  it("reports a token the service refuses with the service's reason, and an unreachable service as such", async () => {
    const refused = await fetchSession(service.url, "sbs_revoked-or-mistyped");
    expect(refused).toMatchObject({ state: "refused" });
    if (refused.state === "refused") {
      expect(refused.message.zh).toContain("令牌无效或已撤销");
      expect(refused.message.en).toContain("unknown or revoked");
    }
    expect(publishRefusal(refused)).toBe("publish.unverified");
    const offline = await fetchSession("http://127.0.0.1:9", t.ybClerk);
    expect(offline.state).toBe("offline");
    expect(publishRefusal(offline)).toBe("publish.unverified");
  });

  it("finds the rows of another office before sending; the service refuses exactly those, naming rows.N.jurisdiction", async () => {
    const rows = [
      LedgerRow.parse(ledgerRow("PANE-JLP-1", 1)),
      LedgerRow.parse(ledgerRow("PANE-YB-1", 2, { provisionId: "yubei-1", district: "渝北区" })),
      LedgerRow.parse(ledgerRow("PANE-JLP-2", 3)),
      LedgerRow.parse(ledgerRow("PANE-CQ-1", 4, { provisionId: "chongqing2025-1" })),
    ];
    const jlp = known(await fetchSession(service.url, t.jlpClerk));
    const foreign = foreignRows(rows, catalog, jlp);
    expect(foreign.map((f) => [f.index, f.applicationId, f.jurisdiction])).toEqual([
      [1, "PANE-YB-1", "yubei"],
      [3, "PANE-CQ-1", "chongqing"],
    ]);
    expect(foreignRows(rows, catalog, { jurisdiction: "all" })).toEqual([]);
    // Sent anyway, the batch is refused whole, each foreign row named.
    const report = await publishRows(rows, { serviceUrl: service.url, token: t.jlpClerk });
    expect(report.chunksStored).toBe(0);
    expect(report.problems.map((p) => [p.index, p.applicationId, p.field])).toEqual(foreign.map((f) => [f.index, f.applicationId, "jurisdiction"]));
    // Without them, the token's own rows go.
    const own = rows.filter((_, i) => !foreign.some((f) => f.index === i));
    expect((await publishRows(own, { serviceUrl: service.url, token: t.jlpClerk })).problems).toEqual([]);
  });
});
