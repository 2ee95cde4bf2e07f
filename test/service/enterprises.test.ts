// 一企一档 over HTTP on both backends: search by name and credit-code prefix (LIKE's wildcards taken literally), the
// enterprise file's figures against shared evaluateLedger/summarize over the same rows, the headroom under each cap
// across applications against the stored draws and the catalog's cap, the 400/404 answers, and office scoping.
import { afterAll, beforeAll, expect, it } from "vitest";
import { scopeLabel } from "../../shared/catalog/cap-scopes.ts";
import { completeCreditCode } from "../../shared/ledger/credit-code.ts";
import { evaluateLedger } from "../../shared/ledger/evaluate.ts";
import { LedgerRow, type LedgerRowInput } from "../../shared/ledger/row.ts";
import { outcomesOf } from "../../shared/ledger/stored-outcome.ts";
import { summarize, totalOf, withDeprecatedNames } from "../../shared/ledger/summary.ts";
import { defaultEngine } from "../../shared/node.ts";
import type { EnterpriseFile, EnterpriseHit } from "../../shared/ledger/enterprise-file.ts";
import { describeBackends } from "./backends.ts";
import { call, ledgerRow, makeToken, startService, storeRows, type Reply, type Service } from "./harness.ts";

const engine = defaultEngine();
const A = completeCreditCode("91500107MA5U4LG1")!;
const B = completeCreditCode("91500112MA60YB01")!;
const C = completeCreditCode("91500107MA5U4LG2")!;
const NAME_A = "重庆甲子精密制造有限公司";
const NAME_B = "重庆渝北乙丑科技有限公司";
// LIKE's wildcards in a name: a search for them must find this one only.
const NAME_C = "重庆100%_丙寅材料有限公司";

const jlp = (id: string, overrides: Partial<LedgerRowInput>) => ledgerRow(id, 0, { enterprise: NAME_A, creditCode: A, ...overrides });
const yb = (id: string, overrides: Partial<LedgerRowInput>) => ledgerRow(id, 0, { enterprise: NAME_B, creditCode: B, district: "渝北区", ...overrides });

const ROWS: LedgerRowInput[] = [
  // jiulongpo-3: 20% of R&D spend, 2000万元 per enterprise per year: the second 2026 row meets the cap's remainder.
  jlp("E-A1", { provisionId: "jiulongpo-3", amount: 60_000_000, applicationDate: "2026-02-10", status: "paid", approved: 12_000_000, paid: 6_000_000.5, paidDate: "2026-04-01" }),
  jlp("E-A2", { provisionId: "jiulongpo-3", amount: 50_000_000, applicationDate: "2026-05-10", status: "approved", approved: 7_000_000, paid: null }),
  jlp("E-A3", { provisionId: "jiulongpo-3", amount: 10_000_000, applicationDate: "2025-12-10", status: "applied" }),
  jlp("E-A4", { provisionId: "jiulongpo-1", amount: 3_000_000, applicationDate: "2026-03-02", status: "rejected" }),
  // A renamed enterprise keeps its credit code: the file lists both names, the commonest first.
  jlp("E-A5", { provisionId: "jiulongpo-1", enterprise: "重庆甲子精密制造股份有限公司", amount: 2_000_000, applicationDate: "2026-07-01", status: "approved", approved: 100_000.25, paid: null }),
  // yubei-4b: 20% of project investment, 200万元 per project; yubei-4c: 10%, 300万元 per enterprise.
  yb("E-B1", { provisionId: "yubei-4b", projectId: "YB-P1", amount: 6_000_000, applicationDate: "2026-03-01", status: "approved", approved: 1_200_000, paid: null }),
  yb("E-B2", { provisionId: "yubei-4b", projectId: "YB-P1", amount: 6_000_000, applicationDate: "2026-04-01", status: "applied" }),
  yb("E-B3", { provisionId: "yubei-4c", amount: 10_000_000, applicationDate: "2026-05-01", status: "paid", approved: 1_000_000, paid: 1_000_000, paidDate: "2026-06-01" }),
  ledgerRow("E-C1", 0, { enterprise: NAME_C, creditCode: C, provisionId: "jiulongpo-1", applicationDate: "2026-03-05" }),
];
const PARSED = ROWS.map((r) => LedgerRow.parse(r));
const rowsOf = (code: string) => PARSED.filter((r) => r.creditCode === code);

const errorOf = (reply: Reply) => (reply.body as { error: { code: string; field: string } }).error;

describeBackends("enterprise file (一企一档)", (backend) => {
  const dbPath = backend.database("enterprises");
  let service: Service;
  let open: Service | undefined;
  const t = {} as Record<"all" | "jlp" | "yb", string>;

  beforeAll(async () => {
    t.all = await makeToken(dbPath, "editor", "市经信委", "all");
    t.jlp = await makeToken(dbPath, "viewer", "九龙坡区 查看", "jiulongpo");
    t.yb = await makeToken(dbPath, "viewer", "渝北区 查看", "yubei");
    // Approved before this suite (stored as a ledger from before events holds them): a PUT holds an approval to
    // separation of duties now (put-events.test.ts), which is not what this suite tests.
    await storeRows(dbPath, ROWS);
    service = await startService({ dbPath });
  }, 120_000);
  afterAll(async () => {
    await service?.stop();
    await open?.stop();
  });

  const search = async (q: string, token?: string): Promise<EnterpriseHit[]> => {
    const reply = await call(service, "GET", `/api/enterprises?q=${encodeURIComponent(q)}`, token ? { token } : {});
    expect(reply.status, reply.text).toBe(200);
    return (reply.body as { enterprises: EnterpriseHit[] }).enterprises;
  };

  it("finds an enterprise by part of its name and by the start of its credit code, with its rows and amounts", async () => {
    const byName = await search("甲子精密");
    expect(byName).toEqual([{ creditCode: A, enterprise: NAME_A, jurisdictions: ["jiulongpo"], rows: 5, approved: 19_100_000.25, paid: 6_000_000.5 }]);
    // Lower case, as typed: credit codes are held upper case.
    expect((await search(A.slice(0, 12).toLowerCase())).map((h) => h.creditCode)).toEqual([A, C].sort());
    expect((await search(B.slice(0, 8))).map((h) => h.creditCode)).toEqual([B]);
    // The middle of a credit code is no prefix.
    expect(await search(A.slice(4, 14))).toEqual([]);
    // The amounts as GET /api/summary gives them for the same rows.
    const summary = await call(service, "GET", `/api/summary?by=enterprise&enterprise=${encodeURIComponent(NAME_B)}`);
    const [row] = (summary.body as { rows: { approved: number; paid: number; count: number }[] }).rows;
    const [hit] = await search("乙丑");
    expect([hit?.rows, hit?.approved, hit?.paid]).toEqual([row?.count, row?.approved, row?.paid]);
  });

  it("takes %, _ and \\ in q as themselves, and refuses an empty or overlong q naming it", async () => {
    expect((await search("%")).map((h) => h.creditCode)).toEqual([C]);
    expect((await search("0%_丙")).map((h) => h.creditCode)).toEqual([C]);
    expect(await search("_乙")).toEqual([]);
    expect(await search("\\")).toEqual([]);
    for (const q of ["", "   ", "x".repeat(81)]) {
      const reply = await call(service, "GET", `/api/enterprises?q=${encodeURIComponent(q)}`);
      expect([reply.status, errorOf(reply).field]).toEqual([400, "q"]);
    }
    const missing = await call(service, "GET", "/api/enterprises");
    expect([missing.status, errorOf(missing).field]).toEqual([400, "q"]);
  });

  it("files every application with its stored evaluation, totals equal to summarize() of the same rows (approvals without a date apart)", async () => {
    const reply = await call(service, "GET", `/api/enterprises/${A.toLowerCase()}`);
    expect(reply.status, reply.text).toBe(200);
    const file = reply.body as EnterpriseFile;
    expect([file.creditCode, file.enterprise, file.names, file.districts, file.jurisdictions]).toEqual([A, NAME_A, [NAME_A, "重庆甲子精密制造股份有限公司"], ["九龙坡区"], ["jiulongpo"]]);

    const rows = rowsOf(A);
    const evaluation = evaluateLedger(engine, rows, { trace: false });
    const outcomes = new Map(outcomesOf(evaluation).map((o) => [o.applicationId, o]));
    expect(file.applications.map((a) => a.applicationId)).toEqual(["E-A3", "E-A1", "E-A4", "E-A2", "E-A5"]);
    for (const a of file.applications) {
      const o = outcomes.get(a.applicationId)!;
      const row = rows.find((r) => r.applicationId === a.applicationId)!;
      expect(a, a.applicationId).toMatchObject({
        provision: row.provisionId,
        document: engine.catalog.byId.get(row.provisionId)!.document.key,
        year: Number(row.applicationDate.slice(0, 4)),
        status: row.status,
        amount: row.amount,
        ceiling: o.ceilingFen === null ? null : o.ceilingFen / 100,
        approved: row.approved,
        paid: row.paid,
        verdict: o.verdict,
        violations: o.violations,
      });
    }
    // The cap's remainder: 2000万 − 1200万 drawn by E-A1.
    expect(file.applications.find((a) => a.applicationId === "E-A2")?.ceiling).toBe(8_000_000);

    const want = summarize(evaluation, ["document", "year"], []);
    // These rows were approved before events (storeRows): their approvals have no date, so no year holds them; the
    // file lists them under `undated` and its total, like a summary without a year key, counts them. Their paid
    // figures count in their paidDate's year, here the application's.
    expect(file.totals).toEqual(want.map((r) => withDeprecatedNames({ ...r, approved: 0, paidRatio: null })));
    expect(file.undated).toEqual([{ key: { document: "jiulongpo" }, approved: 19_100_000.25, paid: 0 }]);
    expect(file.total).toEqual(withDeprecatedNames(totalOf(want)));
    expect(file.total).toMatchObject({ count: 5, approved: 19_100_000.25, paid: 6_000_000.5 });
  });

  it("shows the headroom under each cap across applications: the catalog's cap less what the rows drew", async () => {
    for (const code of [A, B]) {
      const file = (await call(service, "GET", `/api/enterprises/${code}`)).body as EnterpriseFile;
      const draws = new Map<string, { drawn: number; ids: string[] }>();
      for (const o of outcomesOf(evaluateLedger(engine, rowsOf(code), { trace: false }))) {
        for (const d of o.draws) {
          const id = JSON.stringify([d.capKey, d.scope, d.projectId, d.year]);
          const acc = draws.get(id) ?? { drawn: 0, ids: [] };
          acc.drawn += d.drawnFen;
          acc.ids.push(o.applicationId);
          draws.set(id, acc);
        }
      }
      expect(file.caps.map((c) => JSON.stringify([c.capKey, c.scope, c.projectId, c.year])).sort()).toEqual([...draws.keys()].sort());
      for (const cap of file.caps) {
        const d = draws.get(JSON.stringify([cap.capKey, cap.scope, cap.projectId, cap.year]))!;
        expect(cap.drawn, cap.capKey).toBe(d.drawn / 100);
        expect([...cap.applications].sort()).toEqual([...d.ids].sort());
        expect(cap.label).toEqual({ zh: scopeLabel(cap.scope, "zh"), en: scopeLabel(cap.scope, "en") });
        expect(cap.headroom).toBe(Math.max(0, cap.cap! - cap.drawn));
      }
    }
    const a = ((await call(service, "GET", `/api/enterprises/${A}`)).body as EnterpriseFile).caps;
    // jiulongpo-3's 2026 account: 1200万 paid-and-approved row counted at its approval, then E-A2's 700万; 2025: the
    // an application not yet decided counts its ceiling (1000万 × 20% = 200万).
    expect(a.filter((c) => c.provisions.includes("jiulongpo-3")).map((c) => [c.scope, c.year, c.cap, c.drawn, c.headroom])).toEqual(
      expect.arrayContaining([["enterpriseYear", 2026, 20_000_000, 19_000_000, 1_000_000], ["enterpriseYear", 2025, 20_000_000, 2_000_000, 18_000_000]]),
    );
    const b = ((await call(service, "GET", `/api/enterprises/${B}`)).body as EnterpriseFile).caps;
    const project = b.find((c) => c.scope === "project");
    // Per project: 120万 approved, then the second application's ceiling (the 80万 left); headroom 0, never negative.
    expect([project?.projectId, project?.cap, project?.drawn, project?.headroom, project?.label.zh]).toEqual(["YB-P1", 2_000_000, 2_000_000, 0, "单个项目"]);
    expect(b.find((c) => c.scope === "enterprise")).toMatchObject({ cap: 3_000_000, drawn: 1_000_000, headroom: 2_000_000, label: { zh: "单个企业", en: "per enterprise" } });
  });

  it("answers 404 naming creditCode for an unknown enterprise, and for one outside the reader's office", async () => {
    const unknown = await call(service, "GET", "/api/enterprises/91500000000000000X");
    expect([unknown.status, errorOf(unknown).code, errorOf(unknown).field]).toEqual([404, "not_found", "creditCode"]);
    // A token of 渝北 cannot read a 九龙坡 enterprise, nor find it.
    const hidden = await call(service, "GET", `/api/enterprises/${A}`, { token: t.yb });
    expect([hidden.status, errorOf(hidden).field]).toEqual([404, "creditCode"]);
    expect(hidden.text).toBe(unknown.text.replaceAll("91500000000000000X", A));
    expect(await search("甲子", t.yb)).toEqual([]);
    expect((await search("乙丑", t.yb)).map((h) => h.creditCode)).toEqual([B]);
    expect((await call(service, "GET", `/api/enterprises/${B}`, { token: t.yb })).status).toBe(200);
    expect((await call(service, "GET", `/api/enterprises/${B}`, { token: t.jlp })).status).toBe(404);
    expect((await call(service, "GET", `/api/enterprises/${A}`, { token: t.jlp })).status).toBe(200);
    expect((await call(service, "GET", `/api/enterprises/${A}`, { token: "sbs_not-a-token" })).status).toBe(401);
  });

  it("lets any office read every enterprise when reads are open", async () => {
    open = await startService({ dbPath, env: { SUBSIDY_READ_ACCESS: "open" } });
    const reply = await call(open, "GET", `/api/enterprises/${A}`, { token: t.yb });
    expect(reply.status).toBe(200);
    expect((reply.body as EnterpriseFile).total.count).toBe(5);
  }, 120_000);

  it("declares both routes in the OpenAPI document with their error responses", async () => {
    const doc = (await call(service, "GET", "/api/openapi.json")).body as { paths: Record<string, { get?: { responses: Record<string, unknown>; parameters?: { name: string }[] } }> };
    const searchOp = doc.paths["/api/enterprises"]?.get;
    const fileOp = doc.paths["/api/enterprises/{creditCode}"]?.get;
    expect(Object.keys(searchOp?.responses ?? {})).toEqual(expect.arrayContaining(["400", "401", "421", "429", "500"]));
    expect(searchOp?.parameters?.map((p) => p.name)).toEqual(["q"]);
    expect(Object.keys(fileOp?.responses ?? {})).toEqual(expect.arrayContaining(["400", "401", "404", "421", "429", "500"]));
    expect(fileOp?.parameters?.map((p) => p.name)).toEqual(["creditCode"]);
  });
});
