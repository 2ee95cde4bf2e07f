// Import and export: CSV (papaparse) and .xlsx (exceljs, and a workbook saved by LibreOffice Calc), Chinese and
// English headers, 万元 and thousands separators, Excel serial dates, whole-file rejection, formula-safe output.
import fs from "node:fs";
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { parseLedgerCsv, tableToCsv } from "../../shared/ledger/csv.ts";
import { evaluateLedger } from "../../shared/ledger/evaluate.ts";
import { ledgerTable, summaryTable } from "../../shared/ledger/export-table.ts";
import { amountFromCell, dayFromCell } from "../../shared/ledger/import.ts";
import { sampleLedger } from "../../shared/ledger/sample.ts";
import { summarize } from "../../shared/ledger/summary.ts";
import { readLedgerXlsx, tablesToXlsx } from "../../shared/ledger/xlsx.ts";
import { defaultEngine } from "../../shared/node.ts";
import { code, row } from "./helpers.ts";

const engine = defaultEngine();
const FIXTURE = new URL("./fixtures/ledger-libreoffice.xlsx", import.meta.url);

const ZH_HEADER = "申请编号,项目编号,企业名称,统一社会信用代码,所属区县,条款,计算基数,申请日期,状态,核定金额,拨付金额,拨付日期,备注";

describe("cells", () => {
  it("reads amounts with separators, 万元 / 亿元 units, full-width digits, and a unit in the header", () => {
    expect(amountFromCell("1,500,000", null)).toEqual({ value: 1_500_000 });
    expect(amountFromCell("150万元", null)).toEqual({ value: 1_500_000 });
    expect(amountFromCell("1.2345亿", null)).toEqual({ value: 123_450_000 });
    expect(amountFromCell("１５０万", null)).toEqual({ value: 1_500_000 });
    expect(amountFromCell("12.5", "万元")).toEqual({ value: 125_000 });
    expect(amountFromCell(0.29, null)).toEqual({ value: 0.29 });
    expect(amountFromCell("", null)).toEqual({ value: null });
    expect(amountFromCell("12.345", null)).toHaveProperty("error");
    expect(amountFromCell("-5", null)).toHaveProperty("error");
    expect(amountFromCell("about 5", null)).toHaveProperty("error");
  });

  it("reads dates as text, as spreadsheet dates, and as Excel serial numbers", () => {
    expect(dayFromCell("2026-03-01")).toEqual({ value: "2026-03-01" });
    expect(dayFromCell("2026/3/1")).toEqual({ value: "2026-03-01" });
    expect(dayFromCell("2026年3月1日")).toEqual({ value: "2026-03-01" });
    expect(dayFromCell(46082)).toEqual({ value: "2026-03-01" });
    expect(dayFromCell("46082")).toEqual({ value: "2026-03-01" });
    expect(dayFromCell(new Date(Date.UTC(2026, 2, 1)))).toEqual({ value: "2026-03-01" });
    expect(dayFromCell("2026-02-30")).toHaveProperty("error");
    expect(dayFromCell("next week")).toHaveProperty("error");
  });
});

describe("CSV import", () => {
  it("reads Chinese headers, 万元 amounts, Chinese statuses and fact columns", () => {
    const csv = `\ufeff${ZH_HEADER},中央资金\nA1,P1,重庆测试有限公司,${code(1)},九龙坡区,jiulongpo-5,"12,000,000",2026/6/1,已核定,120万元,,,,\nA2,P2,重庆测试有限公司,${code(1)},九龙坡区,jiulongpo-5,,46204,申报中,,,,配套,300万\n`;
    const r = parseLedgerCsv(csv);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rows[0]).toMatchObject({ applicationId: "A1", amount: 12_000_000, applicationDate: "2026-06-01", status: "approved", approved: 1_200_000 });
    expect(r.rows[1]).toMatchObject({ status: "applied", applicationDate: "2026-07-01", facts: { centralFunds: 3_000_000 }, note: "配套" });
  });

  it("reads English headers in any order and case", () => {
    const csv = `status,Application ID,project id,Enterprise,Credit code,district,provision,Amount,application date,APPROVED\napproved,A1,P1,Test Co,${code(1)},Yubei,yubei-2,"1,000,000.50",2024-05-01,150000\n`;
    const r = parseLedgerCsv(csv);
    expect(r.ok && r.rows[0]).toMatchObject({ applicationId: "A1", amount: 1_000_000.5, status: "approved", approved: 150_000, provisionId: "yubei-2" });
  });

  it("rejects the whole file and reports every rejected row with its row number, column and reason", () => {
    const csv = [
      ZH_HEADER,
      `A1,P1,甲公司,${code(1)},九龙坡区,jiulongpo-3,100万,2026-03-01,已申请,,,,`,
      `A2,P2,乙公司,${code(2)},九龙坡区,jiulongpo-3,一百万,2026-03-01,已申请,,,,`,
      `A3,P3,丙公司,${code(3)},九龙坡区,jiulongpo-3,100万,2026-02-30,审批中吧,,,,`,
      ``,
      `A4,,丁公司,${code(4)},九龙坡区,jiulongpo-3,100万,2026-03-01,已申请,12.345,,,`,
    ].join("\n");
    const r = parseLedgerCsv(csv);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.rejectedRows).toBe(3);
    expect(r.problems.map((p) => [p.row, p.column])).toEqual([
      [3, "计算基数"],
      [4, "申请日期"],
      [4, "状态"],
      [6, "项目编号"],
      [6, "核定金额"],
    ]);
    expect(r.problems[3]?.reason.zh).toBe("项目编号不能为空");
    expect(r.problems[0]?.reason.zh).toContain("不是金额");
    expect(r.problems[0]?.reason.en).toContain("is not an amount");
  });

  it("words a status that is no status word — even one that names a property of every object — as an unknown status", () => {
    for (const word of ["constructor", "__proto__", "toString"]) {
      const r = parseLedgerCsv(`${ZH_HEADER}\nA1,P1,甲公司,${code(1)},九龙坡区,jiulongpo-3,100万,2026-03-01,${word},,,,\n`);
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.problems).toEqual([{ row: 2, column: "状态", field: "status", reason: expect.objectContaining({ zh: `状态“${word}”无法识别（应为 已申请、已核定、已拨付、未通过、已撤回）` }) }]);
    }
  });

  it("rejects a CSV with an unterminated quote, naming the row where the quoted field starts", () => {
    const r = parseLedgerCsv(`${ZH_HEADER}\nA1,P1,甲公司,${code(1)},九龙坡区,jiulongpo-3,100万,2026-03-01,已申请,,,,"未闭合的备注\nA2,P2,乙公司,${code(2)},九龙坡区,jiulongpo-3,100万,2026-03-01,已申请,,,,\n`);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([{ row: 2, column: null, reason: { zh: "CSV 格式错误：Quoted field unterminated", en: "malformed CSV: Quoted field unterminated" } }]);
  });

  it("reports a missing column and a column named twice as problems of the header", () => {
    const r = parseLedgerCsv("申请编号,企业名称,企业\nA1,x,y\n");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.some((p) => p.row === 1 && p.column === "企业")).toBe(true);
    expect(r.problems.filter((p) => p.reason.en.includes("is missing")).map((p) => p.field)).toEqual(["projectId", "creditCode", "district", "provisionId", "applicationDate", "status"]);
  });
});

describe("export", () => {
  it("never lets a cell start a formula, and the exported ledger reads back unchanged", async () => {
    const rows = [
      row({ applicationId: "=HYPERLINK(\"http://x\")", note: "+1", enterprise: "@SUM(A1)" }),
      row({ applicationId: "-2", note: "\tcmd", projectId: "\rP" }),
      row({ status: "paid", approved: 1_234_567.89, paid: 1_000_000, paidDate: "2026-06-01", facts: {}, note: "普通备注" }),
    ];
    const evaluation = evaluateLedger(engine, rows);
    const table = ledgerTable(rows, "zh", evaluation, { trace: true });
    const csv = tableToCsv(table);
    const cells = Papa.parse<string[]>(csv.slice(1)).data.flat();
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
    const xlsx = await tablesToXlsx([{ name: "台账", table }]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    wb.worksheets[0]?.eachRow((r) => r.eachCell((c) => expect(typeof c.value === "string" ? /^[=+\-@\t\r]/.test(c.value) : false).toBe(false)));

    // A plain ledger round-trips through both formats (formula-looking text comes back with its quote, as text).
    const plain = [rows[2]!];
    const back = parseLedgerCsv(tableToCsv(ledgerTable(plain, "en")));
    expect(back.ok && back.rows).toEqual(plain);
    const backX = await readLedgerXlsx(await tablesToXlsx([{ name: "Ledger", table: ledgerTable(plain, "zh", evaluateLedger(engine, plain)) }]));
    expect(backX.ok && backX.rows).toEqual(plain);
  });

  it("a sample ledger written by exceljs, with its banner, reads back row for row", async () => {
    const sample = sampleLedger({ rows: 150, seed: 3 });
    // Its approved rows carry their approval dates (核准日期), which read back with them.
    const dated = sample.rows.filter((r) => r.approvalDate);
    expect(dated.length).toBeGreaterThan(10);
    expect(dated.every((r) => r.approvalDate === sample.approvedOn[sample.rows.indexOf(r)] && (r.status === "approved" || r.status === "paid"))).toBe(true);
    const bytes = await tablesToXlsx([{ name: "台账", table: ledgerTable(sample.rows, "zh", undefined, { sample: true }), banner: "示例数据 / sample data" }]);
    const back = await readLedgerXlsx(bytes);
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(back.rows).toEqual(sample.rows);
    expect(back.ignoredColumns).toEqual(["示例数据"]);
    const csvBack = parseLedgerCsv(tableToCsv(ledgerTable(sample.rows, "en", undefined, { sample: true })));
    expect(csvBack.ok && csvBack.rows).toEqual(sample.rows);
  });

  it("reads the sheet named 台账 / Ledger wherever it stands, else the first, and refuses a date typed as an amount", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("说明").addRow(["本表为示例"]);
    const ledger = workbook.addWorksheet("台账");
    ledger.addRow(ZH_HEADER.split(","));
    ledger.addRow(["A1", "P1", "重庆测试有限公司", code(1), "渝北区", "yubei-8", new Date(Date.UTC(2026, 0, 5)), new Date(Date.UTC(2026, 0, 5)), "已申请"]);
    const r = await readLedgerXlsx(new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([{ row: 2, column: "计算基数", field: "amount", reason: { zh: "不是金额", en: "not an amount" } }]);

    const plain = new ExcelJS.Workbook();
    plain.addWorksheet("Sheet1").addRow(["A1"]);
    plain.addWorksheet("Sheet2").addRow(ZH_HEADER.split(","));
    const first = await readLedgerXlsx(new Uint8Array((await plain.xlsx.writeBuffer()) as ArrayBuffer));
    // The first tab is read: it has no header, so the columns are missing.
    expect(first.ok).toBe(false);
    if (!first.ok) expect(first.problems.map((p) => p.field)).toContain("applicationId");
  });

  it("writes summaries with their commitments", () => {
    const sample = sampleLedger({ rows: 150, seed: 3 });
    const summary = summarize(evaluateLedger(engine, sample.rows), ["jurisdiction", "year"], [...engine.catalog.commitments, ...sample.commitments]);
    const csv = tableToCsv(summaryTable(summary, ["jurisdiction", "year"], "zh"));
    expect(csv).toContain("预算执行率");
    expect(csv).toContain("渝北区,2024");
  });
});

describe("a workbook saved by LibreOffice Calc", () => {
  it("reads date cells, numbers, rich text amounts and Chinese dates, and the check finds the planted cap excess", async () => {
    const r = await readLedgerXlsx(new Uint8Array(fs.readFileSync(FIXTURE)));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rows.map((x) => [x.applicationDate, x.amount, x.approved, x.status])).toEqual([
      ["2026-03-02", 50_000_000, 8_000_000, "approved"],
      ["2026-05-18", 70_000_000, 14_000_000, "approved"],
      ["2026-06-01", 12_000_000, 1_200_000, "paid"],
      ["2026-07-03", null, null, "applied"],
    ]);
    expect(r.rows[3]?.facts).toEqual({ centralFunds: 3_000_000 });
    const e = evaluateLedger(engine, r.rows);
    expect(e.violations.map((v) => [v.index + 2, v.code])).toEqual([[3, "cap_exceeded"]]);
    expect(e.rows.map((x) => x.ceiling)).toEqual([10_000_000, 12_000_000, 1_200_000, 3_000_000]);
  });
});
