// Reading a receipts file (拨付回单, shared/ledger/receipts.ts): the days and amounts officers write, the headers in
// either language, mixed line endings, and every unreadable row listed by its field — none dropped silently.
import { describe, expect, it } from "vitest";
import { readReceiptRows, readReceiptsCsv, receiptDay } from "../../shared/ledger/receipts.ts";

describe("receipts", () => {
  it("reads the days officers write, and refuses the ones that are none", () => {
    expect(["2026-04-01", "2026/4/1", "2026-4-1", "2026年4月1日", "２０２６-04-01"].map(receiptDay)).toEqual(Array(5).fill("2026-04-01"));
    expect(["2026-02-30", "2026-13-01", "04/01/2026", "", "明天"].map(receiptDay)).toEqual(Array(5).fill(null));
  });

  it("reads a CSV as Chinese Excel saves it (BOM, CRLF and LF mixed, quoted thousands, 万), every row kept", () => {
    const text = "\ufeff申请编号,金额（元）,拨付日期,凭证号\r\nA-1,\"30,000.00\",2026/4/1,GK-1\nA-2,5万,2026-04-02,'=GK-2\r\nA-3,0.5,2026-04-03,GK-3\n";
    const read = readReceiptsCsv(text);
    expect(read.issues).toEqual([]);
    expect(read.receipts).toEqual([
      { applicationId: "A-1", amountFen: 3_000_000, date: "2026-04-01", voucher: "GK-1" },
      // The exporter's formula guard comes off, as the ledger import takes it off.
      { applicationId: "A-2", amountFen: 5_000_000, date: "2026-04-02", voucher: "=GK-2" },
      { applicationId: "A-3", amountFen: 50, date: "2026-04-03", voucher: "GK-3" },
    ]);
  });

  it("takes a figure in the header's unit (金额（万元）) unless the cell names its own", () => {
    const read = readReceiptsCsv("申请编号,金额（万元）,日期,凭证号\nA-1,1.5,2026-04-01,V1\nA-2,300元,2026-04-01,V2\nA-3,1.2345,2026-04-01,V3\n");
    expect(read.receipts.map((r) => r?.amountFen)).toEqual([1_500_000, 30_000, 1_234_500]);
  });

  it("lists every unreadable row by its field, keeping the good rows' places", () => {
    const read = readReceiptsCsv("Application ID,Amount,Date,Voucher\nA-1,100,2026-04-01,V1\n,100,2026-04-01,V2\nA-3,1.234,2026-04-01,V3\nA-4,-5,2026-02-30,\n");
    expect(read.receipts.map((r) => r?.applicationId ?? null)).toEqual(["A-1", null, null, null]);
    expect(read.issues.map((i) => i.field)).toEqual(["rows.1.applicationId", "rows.2.amount", "rows.3.amount", "rows.3.date", "rows.3.voucher"]);
  });

  it("refuses a file whose columns it does not know or that lacks one, naming the header", () => {
    expect(readReceiptsCsv("申请编号,金额,日期\nA-1,1,2026-04-01\n").issues).toEqual([expect.objectContaining({ field: "header" })]);
    expect(readReceiptsCsv("申请编号,金额,日期,凭证号,备注\nA-1,1,2026-04-01,V,x\n").issues.map((i) => i.field)).toEqual(["header"]);
    expect(readReceiptsCsv("申请编号,金额,日期,凭证号\n").issues.map((i) => i.field)).toEqual(["body"]);
  });

  it("reads JSON rows, an unknown field named", () => {
    const read = readReceiptRows([{ applicationId: "A-1", amount: 100.5, date: "2026-04-01", voucher: "V" }, { applicationId: "A-2", amount: 0.1 + 0.2, date: "2026-04-01", voucher: "V" }, { applicationId: "A-3", amount: 1, date: "2026-04-01", voucher: "V", memo: "x" }]);
    expect(read.receipts[0]).toEqual({ applicationId: "A-1", amountFen: 10_050, date: "2026-04-01", voucher: "V" });
    expect(read.issues.map((i) => i.field)).toEqual(["rows.1.amount", "rows.2.memo"]);
  });
});
