// The API as a client sees it: upsert with history and idempotency, filters and paging, summary and
// commitments, evaluate, provisions, exports, OpenAPI, the static files and manifest rewriting, and a graceful
// shutdown that finishes a batch still arriving.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { todayInShanghai } from "../../shared/engine/dates.ts";
import { call, ledgerRow, makeToken, startService, tempDir, type Service } from "./harness.ts";
import { describeBackends } from "./backends.ts";

const PUBLIC_ORIGIN = "https://subsidy.cq.example.gov.cn";

describeBackends("ledger service API", (backend) => {
  const dir = tempDir();
  const dbPath = backend.database("api");
  const webDist = path.join(dir, "web");
  const addinDist = path.join(dir, "addin");
  let service: Service;
  let token: string;
  let clerk: string;

  beforeAll(async () => {
    fs.mkdirSync(path.join(webDist, "assets"), { recursive: true });
    fs.writeFileSync(path.join(webDist, "index.html"), "<!doctype html><title>看板</title><div id=root></div>");
    fs.writeFileSync(path.join(webDist, "assets", "app-1234.js"), "console.log(1)");
    fs.mkdirSync(addinDist, { recursive: true });
    fs.writeFileSync(path.join(addinDist, "taskpane.html"), "<!doctype html><title>任务窗格</title>");
    fs.writeFileSync(
      path.join(addinDist, "manifest.xml"),
      `<OfficeApp><SourceLocation DefaultValue="https://localhost:3000/taskpane.html"/><IconUrl DefaultValue="https://localhost:3000/addin/icon-32.png"/>` +
        `<bt:Url id="Functions.Script.Url" DefaultValue="https://localhost:3000/functions.js"/><AppDomain>https://localhost:3000</AppDomain></OfficeApp>`,
    );
    token = await makeToken(dbPath, "editor,admin", "officer Li");
    clerk = await makeToken(dbPath, "clerk", "officer Zhao");
    service = await startService({ dbPath, env: { SUBSIDY_PUBLIC_ORIGIN: PUBLIC_ORIGIN, SUBSIDY_WEB_DIST: webDist, SUBSIDY_ADDIN_DIST: addinDist } });
  });
  afterAll(async () => {
    await service?.stop();
  });

  const put = (rows: unknown[], headers: Record<string, string> = {}) => call(service, "PUT", "/api/ledger/rows", { token, json: { rows }, headers });
  /**
   * Rows a later batch approves or pays are submitted first by another officer: a PUT records its rows' events, and
   * the one who submitted a row may not approve it (separation of duties, put-events.test.ts).
   */
  const submitFirst = async (rows: ReturnType<typeof ledgerRow>[]) => {
    const reply = await call(service, "PUT", "/api/ledger/rows", { token: clerk, json: { rows: rows.map((r) => ({ ...r, status: "applied", approved: null, paid: null, paidDate: null })) } });
    expect(reply.status, reply.text).toBe(200);
    return reply;
  };

  it("upserts by application ID, keeps every version, and skips unchanged rows", async () => {
    const first = await submitFirst([ledgerRow("A-1"), ledgerRow("A-2", 1, { district: "渝北区", provisionId: "yubei-1" })]);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ inserted: 2, updated: 0, unchanged: 0 });
    const second = await put([ledgerRow("A-1", 0, { status: "approved", approved: 99_999.99 }), ledgerRow("A-2", 1, { district: "渝北区", provisionId: "yubei-1" })]);
    expect(second.body).toMatchObject({ inserted: 0, updated: 1, unchanged: 1 });
    const history = (await call(service, "GET", "/api/ledger/A-1/history")).body as {
      versions: { version: number; operation: string; changedBy: string; batchId: string; row: { status: string; approved: number | null } }[];
    };
    expect(history.versions.map((v) => [v.version, v.operation, v.row.status, v.row.approved])).toEqual([
      [1, "insert", "applied", null],
      [2, "update", "approved", 99_999.99],
    ]);
    // Submitted by one officer, approved by another.
    expect(history.versions.map((v) => v.changedBy)).toEqual(["officer Zhao", "officer Li"]);
    expect(history.versions[1]?.batchId).toBe((second.body as { batchId: string }).batchId);
    // The batch ID is the server's own, distinct from the request ID it echoes.
    expect((second.body as { batchId: string }).batchId).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.headers.get("x-request-id")).not.toBe((second.body as { batchId: string }).batchId);
  });

  it("pages a row's history by version (limit, after, next) under both paths, with its audit chain; bad paging is 400 naming the field", async () => {
    for (let n = 1; n <= 5; n++) expect((await put([ledgerRow("H-1", 0, { note: `第${n}版` })])).status).toBe(200);
    type Page = { applicationId: string; next: number | null; versions: { version: number; prevHash: string; hash: string; row: { note: string } }[] };
    const first = (await call(service, "GET", "/api/ledger/H-1/history?limit=2")).body as Page;
    expect(first.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(first.next).toBe(2);
    const second = (await call(service, "GET", `/api/ledger/rows/H-1/history?limit=2&after=${first.next}`)).body as Page;
    expect(second).toMatchObject({ applicationId: "H-1", next: 4 });
    expect(second.versions.map((v) => v.row.note)).toEqual(["第3版", "第4版"]);
    const last = (await call(service, "GET", "/api/ledger/rows/H-1/history?limit=2&after=4")).body as Page;
    expect(last.versions.map((v) => v.version)).toEqual([5]);
    expect(last.next).toBeNull();
    // Each version links to the one before it, across pages.
    const all = [...first.versions, ...second.versions, ...last.versions];
    expect(all[0]?.prevHash).toBe("");
    expect(all.slice(1).map((v) => v.prevHash)).toEqual(all.slice(0, -1).map((v) => v.hash));
    // The default page holds them all; past the end is an empty last page, not a missing row.
    expect(((await call(service, "GET", "/api/ledger/rows/H-1/history")).body as Page).versions).toHaveLength(5);
    const past = await call(service, "GET", "/api/ledger/H-1/history?after=5");
    expect(past.status).toBe(200);
    expect(past.body).toMatchObject({ versions: [], next: null });
    expect((await call(service, "GET", "/api/ledger/rows/NO-SUCH/history?after=1")).status).toBe(404);
    for (const [query, field] of [["limit=0", "limit"], ["limit=1001", "limit"], ["limit=x", "limit"], ["after=-1", "after"], ["after=1.5", "after"]] as const) {
      const bad = await call(service, "GET", `/api/ledger/rows/H-1/history?${query}`);
      expect(bad.status, query).toBe(400);
      expect((bad.body as { error: { field: string } }).error.field, query).toBe(field);
    }
  });

  it("rejects a whole batch when one row is invalid, naming that row's field", async () => {
    const reply = await put([ledgerRow("B-1"), ledgerRow("B-2", 0, { approved: 10.005 })]);
    expect(reply.status).toBe(400);
    expect((reply.body as { error: { field: string; message: { zh: string } } }).error).toMatchObject({ field: "rows.1.approved" });
    expect((await call(service, "GET", "/api/ledger/B-1/history")).status).toBe(404);
  });

  it("replays a batch re-sent with its Idempotency-Key and refuses the key for another batch", async () => {
    const rows = [ledgerRow("I-1", 0, { note: "first" })];
    const first = await put(rows, { "idempotency-key": "excel-2026-03-02-001" });
    const again = await put(rows, { "idempotency-key": "excel-2026-03-02-001" });
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(first.body);
    const other = await put([ledgerRow("I-1", 0, { note: "changed" })], { "idempotency-key": "excel-2026-03-02-001" });
    expect(other.status).toBe(422);
    expect((other.body as { error: { field: string } }).error.field).toBe("idempotency-key");
    const history = (await call(service, "GET", "/api/ledger/I-1/history")).body as { versions: unknown[] };
    expect(history.versions).toHaveLength(1);
  });

  it("filters and pages the ledger", async () => {
    const rows = Array.from({ length: 25 }, (_, i) => ledgerRow(`F-${String(i).padStart(2, "0")}`, i, { status: i % 5 === 0 ? "paid" : "applied", ...(i % 5 === 0 ? { approved: 1000, paid: 1000, paidDate: "2026-04-01" } : {}) }));
    await submitFirst(rows);
    expect((await put(rows)).status).toBe(200);
    const paid = (await call(service, "GET", "/api/ledger?status=paid&jurisdiction=jiulongpo&year=2026&limit=2&offset=1")).body as {
      total: number;
      rows: { row: { applicationId: string } }[];
    };
    expect(paid.total).toBe(5);
    expect(paid.rows.map((r) => r.row.applicationId)).toEqual(["F-05", "F-10"]);
    const yubei = (await call(service, "GET", "/api/ledger?document=yubei&district=" + encodeURIComponent("渝北区"))).body as { total: number };
    expect(yubei.total).toBe(1);
    const byEnterprise = (await call(service, "GET", "/api/ledger?enterprise=" + encodeURIComponent("重庆测试制造有限公司3"))).body as { total: number };
    expect(byEnterprise.total).toBe(1);
  });

  it("summarizes with utilization against commitments, and sees new publishes at once", async () => {
    const commit = await call(service, "PUT", "/api/commitments", {
      token,
      json: { commitments: [{ jurisdiction: "jiulongpo", year: 2026, amount: "5000万元", note: { zh: "测试", en: "test" } }] },
    });
    expect(commit.status).toBe(200);
    const commitments = (await call(service, "GET", "/api/commitments")).body as { commitments: { jurisdiction: string; amount: number; amountFen: number; source: { kind: string; enteredBy: string } }[] };
    expect(commitments.commitments).toContainEqual(expect.objectContaining({ jurisdiction: "jiulongpo", amount: 50_000_000, amountFen: 5_000_000_000, source: expect.objectContaining({ kind: "entered", enteredBy: "officer Li" }) }));

    type Summary = {
      rows: { key: { jurisdiction?: string; year?: number; status?: string }; count: number; approved: number; committed: number | null; utilization: number | null }[];
      undated: { key: { jurisdiction?: string }; approved: number }[];
    };
    // Approved by the year of approval: these rows were approved by a batch, which decides them the day of the batch
    // (today in Shanghai), so their approvals count in this year and none is undated.
    const thisYear = Number(todayInShanghai().slice(0, 4));
    const undatedOf = (s: Summary) => s.undated.find((u) => u.key.jurisdiction === "jiulongpo")?.approved ?? 0;
    const approvedIn = (s: Summary, year: number) => s.rows.find((r) => r.key.jurisdiction === "jiulongpo" && r.key.year === year)?.approved ?? 0;
    const before = (await call(service, "GET", "/api/summary?by=jurisdiction,year")).body as Summary;
    const row = before.rows.find((r) => r.key.jurisdiction === "jiulongpo" && r.key.year === 2026);
    expect(row?.committed).toBe(50_000_000);
    expect(approvedIn(before, thisYear)).toBeCloseTo(99_999.99 + 5 * 1000, 2);
    expect(undatedOf(before)).toBe(0);
    expect(row?.utilization).toBeCloseTo((row?.approved ?? NaN) / 50_000_000, 12);
    // commitmentLeft (剩余承诺), and `remaining`, its name before, for one release.
    const left = row as unknown as { commitmentLeft: number; remaining: number } | undefined;
    expect(left?.commitmentLeft).toBeCloseTo(50_000_000 - (row?.approved ?? 0), 2);
    expect(left?.remaining).toBe(left?.commitmentLeft);

    await submitFirst([ledgerRow("S-1")]);
    expect((await put([ledgerRow("S-1", 0, { status: "approved", approved: 20_000 })])).status).toBe(200);
    const after = (await call(service, "GET", "/api/summary?by=jurisdiction,year")).body as Summary;
    const updated = after.rows.find((r) => r.key.jurisdiction === "jiulongpo" && r.key.year === 2026);
    expect(updated?.count).toBe((row?.count ?? 0) + 1);
    expect(approvedIn(after, thisYear)).toBeCloseTo(approvedIn(before, thisYear) + 20_000, 2);
    expect(undatedOf(after)).toBe(0);
    // Without a year key the approvals are counted, whatever their date.
    const whole = (await call(service, "GET", "/api/summary?by=jurisdiction")).body as Summary;
    const everyYear = after.rows.filter((r) => r.key.jurisdiction === "jiulongpo").reduce((sum, r) => sum + Math.round(r.approved * 100), 0) / 100;
    expect(whole.rows.find((r) => r.key.jurisdiction === "jiulongpo")?.approved).toBeCloseTo(everyYear, 2);

    const byStatus = (await call(service, "GET", "/api/summary?by=status&jurisdiction=yubei")).body as Summary;
    expect(byStatus.rows.map((r) => r.key.status)).toEqual(["applied"]);
  });

  it("evaluates a batch with ceilings, traces and per-row errors", async () => {
    const reply = await call(service, "POST", "/api/evaluate", {
      json: { rows: [{ provisionId: "jiulongpo-1", amount: 1_000_000, date: "2026-03-02" }, { provisionId: "nope-1" }], explain: true },
    });
    expect(reply.status).toBe(200);
    const [ok, bad] = (reply.body as { results: { ok: boolean; ceiling?: number; explanation?: { zh: string[] }; error?: { code: string } }[] }).results;
    expect(ok?.ok).toBe(true);
    expect(typeof ok?.ceiling).toBe("number");
    expect(ok?.explanation?.zh.length).toBeGreaterThan(0);
    expect(bad).toMatchObject({ ok: false, error: { code: "unknown_provision" } });
  });

  it("evaluates under an application notice, naming the field of a notice that does not apply", async () => {
    const reply = await call(service, "POST", "/api/evaluate", {
      json: {
        rows: [
          { provisionId: "jiulongpo-5", amount: 300_000_000, date: "2026-03-15", notice: "jiulongpo-2026-1-sample" },
          { provisionId: "yubei-2", amount: 1, date: "2026-03-15", notice: "jiulongpo-2026-1-sample" },
        ],
      },
    });
    expect(reply.status).toBe(200);
    const [ok, bad] = (reply.body as { results: Record<string, unknown>[] }).results;
    expect(ok).toMatchObject({ ok: true, ceiling: 15_000_000, notice: { id: "jiulongpo-2026-1-sample", documentCeiling: 20_000_000 } });
    expect(bad).toMatchObject({ ok: false, error: { code: "invalid_input", field: "notice" } });
  });

  it("lists provisions and shows one", async () => {
    const list = (await call(service, "GET", "/api/provisions?document=yubei")).body as { provisions: { id: string; document: string }[] };
    expect(list.provisions.length).toBeGreaterThan(0);
    expect(list.provisions.every((p) => p.document === "yubei")).toBe(true);
    const one = (await call(service, "GET", "/api/provisions/JIULONGPO-1")).body as { id: string; citation: string; formula: unknown };
    expect(one.id).toBe("jiulongpo-1");
    expect(one.citation.length).toBeGreaterThan(0);
    expect((await call(service, "GET", "/api/provisions/jiulongpo-999")).status).toBe(404);
    const five = (await call(service, "GET", "/api/provisions/jiulongpo-5")).body as { paths: { path: string }[]; notices: { id: string; overrides: unknown[] }[] };
    expect(five.paths.map((p) => p.path)).toEqual(["jiulongpo-5.caps.enterpriseYear", "jiulongpo-5.match", "jiulongpo-5.rate"]);
    expect(five.notices).toMatchObject([{ id: "jiulongpo-2026-1-sample", overrides: [{ path: "jiulongpo-5.rate", documentValue: 1000, noticeValue: 800 }, { path: "jiulongpo-5.caps.enterpriseYear" }] }]);
  });

  it("exports the ledger and a summary as CSV and .xlsx with no cell starting a formula", async () => {
    expect((await put([ledgerRow("X-1", 0, { enterprise: "=HYPERLINK(\"http://evil\")", note: "+1+1" })])).status).toBe(200);
    const csv = await call(service, "GET", "/api/ledger/export?format=csv&lang=zh");
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(csv.headers.get("content-disposition")).toMatch(/attachment/);
    expect(csv.text).toContain("'=HYPERLINK");
    expect(csv.text).not.toMatch(/(^|,)"?[=+@-]/m);
    const res = await fetch(`${service.url}/api/summary/export?format=xlsx&by=jurisdiction,year&lang=en`);
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.worksheets[0];
    expect(sheet?.rowCount).toBeGreaterThan(1);
    const ledgerXlsx = await fetch(`${service.url}/api/ledger/export?format=xlsx&jurisdiction=jiulongpo`);
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(await ledgerXlsx.arrayBuffer());
    const cells: string[] = [];
    wb2.worksheets[0]?.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value))));
    expect(cells.some((c) => c.startsWith("'=HYPERLINK"))).toBe(true);
    expect(cells.filter((c) => /^[=+@]/.test(c))).toEqual([]);
  });

  it("publishes its OpenAPI document", async () => {
    const doc = (await call(service, "GET", "/api/openapi.json")).body as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toMatch(/^3\./);
    for (const p of ["/api/health", "/api/provisions", "/api/provisions/{id}", "/api/evaluate", "/api/ledger/rows", "/api/ledger", "/api/summary", "/api/commitments", "/api/ledger/{applicationId}/history", "/api/ledger/rows/{applicationId}/history", "/api/ledger/export", "/api/summary/export"]) {
      expect(doc.paths[p], p).toBeDefined();
    }
    expect(JSON.stringify(doc.paths["/api/ledger/rows"])).toContain("applicationId");
    // A summary row's `remaining` is documented as deprecated, beside the commitmentLeft that replaces it.
    const summaryRow = (JSON.parse(JSON.stringify(doc.paths["/api/summary"])) as { get: { responses: Record<string, { content: Record<string, { schema: { properties: { rows: { items: { properties: Record<string, { deprecated?: boolean }> } } } } }> }> } }).get.responses["200"]?.content["application/json"]?.schema.properties.rows.items.properties;
    expect(summaryRow?.remaining?.deprecated).toBe(true);
    expect(summaryRow?.commitmentLeft).toBeDefined();
    // The paged history declares its errors like every route: bad paging, no token, no such row, throttled.
    const history = doc.paths["/api/ledger/rows/{applicationId}/history"]?.get as { responses?: Record<string, unknown>; parameters?: { name: string }[] } | undefined;
    expect(Object.keys(history?.responses ?? {})).toEqual(expect.arrayContaining(["400", "401", "404", "429"]));
    expect(history?.parameters?.map((p) => p.name)).toEqual(expect.arrayContaining(["applicationId", "limit", "after"]));
  });

  it("serves the dashboard, its client-side routes, the add-in files and the rewritten manifest", async () => {
    const index = await call(service, "GET", "/", { headers: { accept: "text/html" } });
    expect(index.text).toContain("看板");
    const deep = await call(service, "GET", "/provisions/jiulongpo-1", { headers: { accept: "text/html" } });
    expect(deep.status).toBe(200);
    expect(deep.text).toContain("看板");
    const asset = await call(service, "GET", "/assets/app-1234.js");
    expect(asset.headers.get("cache-control")).toContain("immutable");
    expect((await call(service, "GET", "/addin/taskpane.html")).text).toContain("任务窗格");
    const manifest = await call(service, "GET", "/manifest.xml");
    expect(manifest.headers.get("content-type")).toMatch(/xml/);
    expect(manifest.text).toContain(`DefaultValue="${PUBLIC_ORIGIN}/addin/taskpane.html"`);
    expect(manifest.text).toContain(`DefaultValue="${PUBLIC_ORIGIN}/addin/icon-32.png"`);
    expect(manifest.text).toContain(`DefaultValue="${PUBLIC_ORIGIN}/addin/functions.js"`);
    expect(manifest.text).toContain(`<AppDomain>${PUBLIC_ORIGIN}</AppDomain>`);
    expect(manifest.text).not.toContain("localhost");
    const missing = await call(service, "GET", "/api/nothing-here");
    expect(missing.status).toBe(404);
    expect((missing.body as { error: { field: string } }).error.field).toBe("url");
  });

  it("finishes a batch still arriving when told to stop, then exits cleanly", async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => ledgerRow(`G-${i}`, i));
    const body = Buffer.from(JSON.stringify({ rows }));
    const { port } = new URL(service.url);
    const socket = net.connect(Number(port), "127.0.0.1");
    let received = "";
    socket.setEncoding("utf8");
    socket.on("data", (d: string) => (received += d));
    const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    socket.write(
      `PUT /api/ledger/rows HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer ${token}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n`,
    );
    socket.write(body.subarray(0, body.length >> 1));
    await new Promise((r) => setTimeout(r, 200));
    const exited = service.stop();
    await new Promise((r) => setTimeout(r, 300));
    // The rest without half-closing: a client that sends FIN has, to Node's HTTP server, given up on the answer.
    socket.write(body.subarray(body.length >> 1));
    await closed;
    expect(received).toMatch(/^HTTP\/1\.1 200/);
    expect(await exited).toBe(0);

    service = await startService({ dbPath, env: { SUBSIDY_PUBLIC_ORIGIN: PUBLIC_ORIGIN } });
    const page = (await call(service, "GET", "/api/ledger?limit=1")).body as { total: number };
    expect((await call(service, "GET", "/api/ledger/G-2999/history")).status).toBe(200);
    expect(page.total).toBeGreaterThan(3000);
    // A stop and a fresh start: on a loaded machine the start alone can take longer than the default timeout.
  }, 120_000);
});
