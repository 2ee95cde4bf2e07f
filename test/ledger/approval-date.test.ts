// The approval date (核准日期): read from files as Excel writes them (an empty cell leaves no key; a day that is no
// day is refused naming its cell), written by the export and read back, and held by the pure checks the service and
// the CLI share (shared/ledger/award-events.ts).
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../dashboard/server/ledger/store.ts";
import { approvalDateProblem, awardEventsOf, awardFindings } from "../../shared/ledger/award-events.ts";
import { parseLedgerCsv, parseLedgerCsvBytes, tableToCsv } from "../../shared/ledger/csv.ts";
import { ledgerTable } from "../../shared/ledger/export-table.ts";
import { readLedgerXlsx, tablesToXlsx } from "../../shared/ledger/xlsx.ts";
import { row } from "./helpers.ts";

const HEADER = "申请编号,项目编号,企业名称,统一社会信用代码,所属区县,条款,计算基数,申请日期,状态,核定金额,核准日期";
const line = (id: string, approvalDate: string) => `${id},P-${id},重庆测试有限公司,91500107MA61K3DW0R,九龙坡区,jiulongpo-3,100万,2026/3/1,已核定,20万,${approvalDate}`;

describe("the approval date column", () => {
  it("reads Excel's dates from a CSV (BOM, CRLF), leaves no key for an empty cell, and refuses 2026/2/30 naming the cell", () => {
    const csv = (rows: string[]) => new TextEncoder().encode("\ufeff" + [HEADER, ...rows].join("\r\n") + "\r\n");
    const ok = parseLedgerCsvBytes(csv([line("A1", "2026/3/20"), line("A2", "")]));
    expect(ok.ok).toBe(true);
    if (!ok.ok) return;
    expect(ok.rows[0]?.approvalDate).toBe("2026-03-20");
    expect("approvalDate" in (ok.rows[1] as object)).toBe(false);
    expect(ok.at?.headers.approvalDate).toBe("核准日期");

    const bad = parseLedgerCsvBytes(csv([line("A1", "2026/2/30"), line("A2", "2026-03-20")]));
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.problems.map((p) => [p.row, p.column, p.field])).toEqual([[2, "核准日期", "approvalDate"]]);
    expect(bad.problems[0]?.reason.zh).toContain("2026/2/30");
  });

  it("is written by the export and reads back through CSV and .xlsx; a row without one stores as it did before the column", async () => {
    const rows = [row({ status: "approved", approved: 200_000, approvalDate: "2026-03-20" }), row({ status: "approved", approved: 200_000 }), row({ approvalDate: null })];
    for (const lang of ["zh", "en"] as const) {
      const table = ledgerTable(rows, lang);
      expect(table.header[10]).toBe(lang === "zh" ? "核准日期" : "Approval date");
      const csvBack = parseLedgerCsv(tableToCsv(table));
      const xlsxBack = await readLedgerXlsx(await tablesToXlsx([{ name: "台账", table }]));
      for (const back of [csvBack, xlsxBack]) {
        expect(back.ok).toBe(true);
        if (back.ok) expect(back.rows.map(canonicalJson)).toEqual(rows.map(canonicalJson));
      }
    }
    const { approvalDate: _none, ...without } = rows[2] as (typeof rows)[number];
    expect(canonicalJson(rows[2] as (typeof rows)[number])).toBe(canonicalJson(without as (typeof rows)[number]));
    expect(canonicalJson(rows[2] as (typeof rows)[number])).not.toContain("approvalDate");
  });

  it("reads a date cell of an .xlsx made with exceljs", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("台账");
    sheet.addRow(HEADER.split(","));
    sheet.addRow(["A1", "P1", "重庆测试有限公司", "91500107MA61K3DW0R", "九龙坡区", "jiulongpo-3", 1_000_000, new Date(Date.UTC(2026, 2, 1)), "已核定", 200_000, new Date(Date.UTC(2026, 2, 20))]);
    sheet.getCell(2, 8).numFmt = "yyyy/m/d";
    sheet.getCell(2, 11).numFmt = "yyyy/m/d";
    const r = await readLedgerXlsx(new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer));
    expect(r.ok && r.rows[0]?.approvalDate).toBe("2026-03-20");
  });
});

describe("the award's events and their checks", () => {
  it("derives submitted, approved on the approval date (null: not recorded) and the payment", () => {
    const paid = row({ status: "paid", approved: 200_000, approvalDate: "2026-03-20", paid: 200_000, paidDate: "2026-04-01" });
    expect(awardEventsOf(paid)).toEqual([
      { kind: "submitted", date: "2026-03-01", amountFen: null },
      { kind: "approved", date: "2026-03-20", amountFen: 20_000_000 },
      { kind: "payment", date: "2026-04-01", amountFen: 20_000_000 },
    ]);
    expect(awardEventsOf(row({ status: "approved", approved: 1 }))[1]).toEqual({ kind: "approved", date: null, amountFen: 100 });
    expect(awardEventsOf(row())).toHaveLength(1);
  });

  it("holds an approval date to the application, today and the first payment, the same day standing for each", () => {
    const at = (approval: string, payment: string | null = null) => approvalDateProblem("A1", approval, "2026-03-01", "2026-12-07", payment)?.code ?? null;
    expect(at("2026-03-01")).toBeNull();
    expect(at("2026-12-07", "2026-12-07")).toBeNull();
    expect(at("2026-02-28")).toBe("approval_before_application");
    expect(at("2026-12-08")).toBe("approval_after_today");
    expect(at("2026-04-02", "2026-04-01")).toBe("paid_before_approval");
    expect(approvalDateProblem("A1", "2026-02-28", "2026-03-01", "2026-12-07", null)?.message).toEqual({
      zh: "A1 的核准日期 2026-02-28 早于申请日期 2026-03-01",
      en: "A1's approval date 2026-02-28 is before the application date 2026-03-01",
    });
  });

  it("finds nothing on a row whose events stand, warns of dates not recorded, and finds nothing new on a row without the dates that needs none", () => {
    const today = "2026-12-07";
    expect(awardFindings(row({ status: "paid", approved: 200_000, approvalDate: "2026-03-20", paid: 200_000, paidDate: "2026-04-01" }), today)).toEqual([]);
    expect(awardFindings(row(), today)).toEqual([]);
    expect(awardFindings(row({ status: "rejected", note: "材料不全" }), today)).toEqual([]);
    expect(awardFindings(row({ status: "paid", approved: 200_000, paid: 100_000 }), today).map((f) => [f.code, f.severity, f.field])).toEqual([
      ["approval_date_not_recorded", "warning", "approvalDate"],
    ]);
  });
});
