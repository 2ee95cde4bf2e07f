// 月度通报: the month's execution table as .xlsx (exceljs, loaded on demand), Chinese headers, one A4 landscape page
// wide, the data date and the sample mark on the sheet and in the page footer. Amounts are numbers in yuan (to the
// fen) and rates real percentages, so that a finance officer can go on calculating in Excel.
import type { SummaryRow } from "../../../../shared/ledger/summary.ts";
import type { PaceRow, TimeProgress } from "./time-progress.ts";

export interface MonthlyReport {
  year: number;
  month: number;
  time: TimeProgress;
  pace: PaceRow[];
  /** Summary by jurisdiction and document for the year. */
  documents: SummaryRow[];
  dataDate: string;
  sample: boolean;
  text: {
    title: string;
    subtitle: string;
    sheet: string;
    sampleMark: string;
    headers: string[];
    jurisdiction: (j: string) => string;
    document: (key: string) => string;
    kind: (floor: boolean) => string;
    total: string;
  };
}

const MONEY = "#,##0.00";
const RATE = "0.0%";
const POINTS = "+0.0;-0.0;0.0";

/** Percentage points of a gap, rounded half-up to one decimal as shared/money writes them. */
function gapPoints(gap: number): number {
  return (Math.sign(gap) * Math.floor(Math.abs(gap) * 1000 + 0.5 + 1e-9)) / 10;
}

export async function monthlyReportXlsx(report: MonthlyReport): Promise<Blob> {
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "制造业补助预算执行看板";
  const sheet = workbook.addWorksheet(report.text.sheet, {
    pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true, margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 } },
    headerFooter: { oddFooter: `&L${report.text.title}${report.sample ? ` · ${report.text.sampleMark}` : ""}&R&P / &N` },
    views: [{ state: "frozen", ySplit: 4 }],
  });
  const columns = report.text.headers.length;
  sheet.mergeCells(1, 1, 1, columns);
  sheet.getCell(1, 1).value = report.sample ? `${report.text.title}（${report.text.sampleMark}）` : report.text.title;
  sheet.getCell(1, 1).font = { bold: true, size: 14, color: report.sample ? { argb: "FFB3261E" } : undefined };
  sheet.mergeCells(2, 1, 2, columns);
  sheet.getCell(2, 1).value = report.text.subtitle;
  sheet.getCell(2, 1).alignment = { wrapText: true, vertical: "top" };
  sheet.getRow(2).height = 30;
  const header = sheet.getRow(4);
  report.text.headers.forEach((h, i) => {
    const cell = header.getCell(i + 1);
    cell.value = h;
    cell.font = { bold: true };
    cell.alignment = { wrapText: true, vertical: "middle", horizontal: "center" };
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFEEF1F5" } };
  });
  header.height = 32;
  sheet.pageSetup.printTitlesRow = "4:4";

  const add = (values: (string | number | null)[], bold: boolean) => {
    const row = sheet.addRow(values);
    row.font = { bold };
    [4, 6, 7].forEach((c) => (row.getCell(c).numFmt = MONEY));
    [8, 9, 10].forEach((c) => (row.getCell(c).numFmt = RATE));
    [11, 12].forEach((c) => (row.getCell(c).numFmt = POINTS));
  };
  const t = report.time.ratio;
  for (const p of report.pace) {
    add([p.rank, report.text.jurisdiction(p.jurisdiction), "", p.committed, report.text.kind(p.floor), p.approved, p.paid, p.approvedRate, p.paidRate, t, gapPoints(p.approvedGap), gapPoints(p.paidGap), p.warning || p.runsOutOn ? "预警" : ""], true);
    // Each document's share of the jurisdiction's one commitment (a commitment is not split by document).
    for (const d of report.documents.filter((r) => r.key.jurisdiction === p.jurisdiction)) {
      const committedFen = Math.round(p.committed * 100);
      add(["", "", report.text.document(String(d.key.document ?? "")), null, "", d.approved, d.paid, Math.round(d.approved * 100) / committedFen, Math.round(d.paid * 100) / committedFen, null, null, null, ""], false);
    }
  }
  const fen = (f: (p: PaceRow) => number) => report.pace.reduce((s, p) => s + Math.round(f(p) * 100), 0);
  if (report.pace.length > 1) {
    const committed = fen((p) => p.committed);
    add(["", report.text.total, "", committed / 100, "", fen((p) => p.approved) / 100, fen((p) => p.paid) / 100, fen((p) => p.approved) / committed, fen((p) => p.paid) / committed, t, null, null, ""], true);
  }
  const widths = [6, 12, 34, 18, 12, 18, 18, 10, 10, 10, 14, 14, 8];
  widths.forEach((w, i) => (sheet.getColumn(i + 1).width = w));
  sheet.getColumn(3).alignment = { wrapText: true };
  const buffer = await workbook.xlsx.writeBuffer();
  return new Blob([buffer], { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
}
