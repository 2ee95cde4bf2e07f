// The payment list (拨付清单) through the real service on both backends: at a cut-off day it lists every approved
// award of the office not fully paid — not the fully paid, the unapproved, those applied for after the cut-off or
// another office's — and its totals equal the ledger's approved − paid over those rows; CSV is formula-safe, .xlsx
// has Chinese headers and a total row with the amount in capitals; a scoped token cannot ask for another office.
import path from "node:path";
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBackends } from "./backends.ts";
import { call, ledgerRow, makeToken, runSubsidy, startService, storeRows, tempDir, type Service } from "./harness.ts";

const CUTOFF = "2026-06-30";

describeBackends("payment list", (backend) => {
  const dbPath = backend.database("payment-list");
  let service: Service;
  const t = {} as Record<"jlp" | "yb", string>;

  beforeAll(async () => {
    t.jlp = await makeToken(dbPath, "editor", "九龙坡区 编辑", "jiulongpo");
    t.yb = await makeToken(dbPath, "editor", "渝北区 编辑", "yubei");
    const rows = [
      ledgerRow("PL-1", 1, { status: "approved", approved: 100_000, enterprise: "=HYPERLINK(\"http://x\")有限公司" }),
      ledgerRow("PL-2", 2, { status: "approved", approved: 250_000.5 }),
      ledgerRow("PL-3", 3, { status: "paid", approved: 50_000, paid: 50_000, paidDate: "2026-05-01" }),
      ledgerRow("PL-4", 4),
      ledgerRow("PL-5", 5, { status: "approved", approved: 70_000, applicationDate: "2026-08-01" }),
    ];
    // Approved before this suite (stored as a ledger from before events holds them): a PUT holds an approval to
    // separation of duties now (put-events.test.ts), which is not what this suite tests.
    await storeRows(dbPath, [...rows, ledgerRow("PL-YB", 1, { provisionId: "yubei-1", district: "渝北区", status: "approved", approved: 10_000 })]);
    service = await startService({ dbPath });
    const paid = await call(service, "POST", "/api/ledger/rows/PL-2/payments", { token: t.jlp, json: { amount: 100_000.25, date: "2026-06-01", voucher: "GK-PL-2" } });
    expect(paid.status, paid.text).toBe(200);
  }, 180_000);
  afterAll(async () => {
    await service?.stop();
  });

  /** approved − paid over the ledger's own rows that belong on the list, in fen. */
  async function ledgerOutstanding(): Promise<{ ids: string[]; fen: number }> {
    const page = (await call(service, "GET", "/api/ledger?jurisdiction=jiulongpo&limit=5000", { token: t.jlp })).body as { rows: { row: { applicationId: string; status: string; approved: number | null; paid: number | null; applicationDate: string } }[] };
    const due = page.rows.map((r) => r.row).filter((r) => (r.status === "approved" || r.status === "paid") && r.approved !== null && r.applicationDate <= CUTOFF && Math.round(r.approved * 100) > Math.round((r.paid ?? 0) * 100));
    return { ids: due.map((r) => r.applicationId), fen: due.reduce((sum, r) => sum + Math.round((r.approved ?? 0) * 100) - Math.round((r.paid ?? 0) * 100), 0) };
  }

  it("lists the office's approved, not fully paid awards up to the cut-off; its totals are the ledger's approved − paid", async () => {
    const expected = await ledgerOutstanding();
    expect(expected.ids).toEqual(["PL-1", "PL-2"]);
    const reply = await call(service, "GET", `/api/payment-list?jurisdiction=jiulongpo&cutoff=${CUTOFF}&format=json`, { token: t.jlp });
    expect(reply.status, reply.text).toBe(200);
    const body = reply.body as { entries: { applicationId: string; paid: number; toPay: number; toPayInCapitals: string; document: string }[]; totals: { count: number; toPay: number; toPayInCapitals: string } };
    expect(body.entries.map((e) => [e.applicationId, e.paid, e.toPay, e.toPayInCapitals])).toEqual([
      ["PL-1", 0, 100_000, "壹拾万元整"],
      ["PL-2", 100_000.25, 150_000.25, "壹拾伍万元零贰角伍分"],
    ]);
    expect(body.entries[0]?.document).not.toBe("");
    expect(Math.round(body.totals.toPay * 100)).toBe(expected.fen);
    expect(body.totals).toMatchObject({ count: 2, toPayInCapitals: "贰拾伍万元零贰角伍分" });
  });

  it("writes a formula-safe CSV whose to-pay column sums to the ledger's approved − paid", async () => {
    const reply = await call(service, "GET", `/api/payment-list?jurisdiction=jiulongpo&cutoff=${CUTOFF}&format=csv`, { token: t.jlp });
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toMatch(/text\/csv/);
    const [header, ...rows] = Papa.parse<string[]>(reply.text.replace(/^\ufeff/, ""), { skipEmptyLines: true }).data;
    expect(header).toContain("应拨付金额大写");
    const toPay = (header ?? []).indexOf("本次应拨付金额（元）");
    expect(rows.reduce((sum, r) => sum + Math.round(Number(r[toPay]) * 100), 0)).toBe((await ledgerOutstanding()).fen);
    // No cell starts a formula: the enterprise named "=HYPERLINK(…)" is guarded.
    for (const r of rows) for (const cell of r) expect(cell).not.toMatch(/^[=+\-@]/);
    expect(rows[0]).toContain("'=HYPERLINK(\"http://x\")有限公司");
  });

  it("writes an .xlsx with Chinese headers and a total row", async () => {
    const reply = await fetch(`${service.url}/api/payment-list?jurisdiction=jiulongpo&cutoff=${CUTOFF}&format=xlsx`, { headers: { authorization: `Bearer ${t.jlp}` } });
    expect(reply.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await reply.arrayBuffer());
    const sheet = workbook.worksheets[0];
    const values = (n: number) => (sheet?.getRow(n).values as unknown[]).slice(1);
    expect(values(1)).toEqual(["序号", "申请编号", "兑现主体", "企业名称", "统一社会信用代码", "政策文件文号", "条款", "核定日期（无核定记录的为申请日期）", "日期类别", "核定金额（元）", "已拨付金额（元）", "本次应拨付金额（元）", "应拨付金额大写"]);
    expect(sheet?.rowCount).toBe(4);
    const total = values(4);
    expect(total[0]).toBe("合计（2 笔）");
    expect(total.slice(9)).toEqual([350_000.5, 100_000.25, 250_000.25, "贰拾伍万元零贰角伍分"]);
    expect(Math.round(Number(total[11]) * 100)).toBe((await ledgerOutstanding()).fen);
  });

  it("writes the same list from the CLI: subsidy ledger payment-list --db --jurisdiction --cutoff --out", async () => {
    const out = path.join(tempDir("payment-list-"), "拨付清单.xlsx");
    const result = await runSubsidy("ledger", "payment-list", "--db", dbPath, "--jurisdiction", "jiulongpo", "--cutoff", CUTOFF, "--out", out);
    expect(result.code, JSON.stringify(result.json)).toBe(0);
    expect(result.json).toMatchObject({ count: 2, toPay: 250_000.25, toPayInCapitals: "贰拾伍万元零贰角伍分" });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    expect(workbook.worksheets[0]?.rowCount).toBe(4);
    const bad = await runSubsidy("ledger", "payment-list", "--db", dbPath, "--cutoff", "2026-13-01");
    expect(bad.code).toBe(2);
    expect(bad.json).toMatchObject({ error: { field: "cutoff" } });
  }, 60_000);

  it("confines a scoped token to its office (403 naming jurisdiction) and refuses a bad cut-off (400)", async () => {
    const other = await call(service, "GET", `/api/payment-list?jurisdiction=yubei&cutoff=${CUTOFF}&format=json`, { token: t.jlp });
    expect(other.status).toBe(403);
    expect((other.body as { error: { field: string } }).error.field).toBe("jurisdiction");
    const own = await call(service, "GET", `/api/payment-list?cutoff=${CUTOFF}&format=json`, { token: t.yb });
    expect((own.body as { entries: { applicationId: string }[] }).entries.map((e) => e.applicationId)).toEqual(["PL-YB"]);
    const bad = await call(service, "GET", "/api/payment-list?jurisdiction=jiulongpo&cutoff=2026-02-30", { token: t.jlp });
    expect(bad.status).toBe(400);
    expect((bad.body as { error: { field: string } }).error.field).toBe("cutoff");
  });
});
