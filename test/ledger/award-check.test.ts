// `subsidy ledger check` reading each row's award as the service's events, from files as Excel writes them: a CSV
// with a byte-order mark, CRLF and Excel's own date format (2026/3/20), and an .xlsx made with exceljs holding date
// cells. Errors are what the service refuses (exit 1), warnings the dates it would mark not recorded (exit 0).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";

const BIN = new URL("../../bin/subsidy.mjs", import.meta.url).pathname;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "award-check-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function subsidy(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd: dir });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const HEADER = ["申请编号", "项目编号", "企业名称", "统一社会信用代码", "所属区县", "条款", "计算基数", "申请日期", "状态", "核定金额", "核准日期", "拨付金额", "拨付日期"];
const row = (id: string, status: string, approved: string, approvalDate: string, paid = "", paidDate = "") => [id, `P-${id}`, "重庆测试有限公司", "91500107MA61K3DW0R", "九龙坡区", "jiulongpo-3", "100万", "2026/3/1", status, approved, approvalDate, paid, paidDate];
const csvOf = (rows: string[][]) => "\ufeff" + [HEADER, ...rows].map((r) => r.join(",")).join("\r\n") + "\r\n";

interface Finding {
  row: number;
  column: string;
  field: string;
  applicationId: string;
  code: string;
  severity: "error" | "warning";
  message: string;
}
const brief = (out: { awardFindings: Finding[] }) => out.awardFindings.map((f) => [f.row, f.column, f.code, f.severity]);

describe("ledger check: approvals and payments as events", { timeout: 180_000 }, () => {
  it("reports, at their row and cell, a payment before the approval, an approval before the application, and an approval date not recorded (paid above approved and a paid figure without its date are the row checks' findings)", () => {
    fs.writeFileSync(
      path.join(dir, "events.csv"),
      csvOf([
        row("E1", "已拨付", "20万", "2026/3/20", "20万", "2026/3/10"),
        row("E2", "已核定", "20万", "2026/2/20"),
        row("E3", "已核定", "20万", ""),
        row("E4", "已拨付", "20万", "2026/3/20", "20万", ""),
        row("E5", "已拨付", "20万", "2026/3/20", "25万", "2026/4/1"),
        row("E6", "已拨付", "20万", "2026/3/20", "20万", "2026/3/20"),
        row("E7", "已申请", "", "2026/3/20"),
      ]),
    );
    const r = subsidy("ledger", "check", "events.csv", "--json");
    expect(r.code, r.stderr).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(brief(out)).toEqual([
      [2, "拨付日期", "paid_before_approval", "error"],
      [3, "核准日期", "approval_before_application", "error"],
      [4, "核准日期", "approval_date_not_recorded", "warning"],
      [8, "核准日期", "approval_date_without_approval", "error"],
    ]);
    expect(out.awardFindings[0].message).toBe("E1 的拨付日期 2026-03-10 早于核准日期 2026-03-20");

    const human = subsidy("ledger", "check", "events.csv", "--lang", "en");
    expect(human.stdout).toContain("Approvals and payments (as events): 3 error(s), 1 warning(s)");
    expect(human.stdout).toContain("row 3 [核准日期]  E2  [approval_before_application] E2's approval date 2026-02-20 is before the application date 2026-03-01");
  });

  it("exits 0 on a file whose only findings are dates not recorded, and reads an .xlsx with date cells, refusing an approval after today", async () => {
    fs.writeFileSync(path.join(dir, "undated.csv"), csvOf([row("U1", "已核定", "20万", ""), row("U2", "已核定", "20万", "2026/3/20")]));
    const undated = subsidy("ledger", "check", "undated.csv", "--json");
    expect(undated.code, undated.stderr).toBe(0);
    expect(brief(JSON.parse(undated.stdout))).toEqual([[2, "核准日期", "approval_date_not_recorded", "warning"]]);

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("台账");
    sheet.addRow(["示例数据 / sample data"]);
    sheet.addRow(HEADER);
    const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
    const cells = (id: string, approvalDate: Date) => [id, `P-${id}`, "重庆测试有限公司", "91500107MA61K3DW0R", "九龙坡区", "jiulongpo-3", 1_000_000, day("2026-03-01"), "已核定", 200_000, approvalDate, null, null];
    sheet.addRow(cells("X1", day("2026-03-20")));
    sheet.addRow(cells("X2", day("2999-01-01")));
    for (const r of [3, 4]) for (const c of [8, 11]) sheet.getCell(r, c).numFmt = "yyyy/m/d";
    fs.writeFileSync(path.join(dir, "events.xlsx"), Buffer.from(await workbook.xlsx.writeBuffer()));
    const r = subsidy("ledger", "check", "events.xlsx", "--json");
    expect(r.code, r.stderr).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(brief(out)).toEqual([[4, "核准日期", "approval_after_today", "error"]]);
    expect(out.violations).toEqual([]);
  });
});
