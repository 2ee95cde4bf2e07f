// The task pane's review and payment steps, apart from the service: which are offered to which token, what each
// sends, and the table's selected rows read through Excel.run against office-addin-mock (properties loaded and
// synced before they are read, as in Excel). Against the real service: taskpane-actions.test.ts.
import { OfficeMockObject } from "office-addin-mock";
import { describe, expect, it } from "vitest";
import { actionRequest, offeredActions, selectedApplicationIds } from "../../addin/taskpane/logic/actions.ts";
import { LEDGER_TABLE, ledgerHeaders, type ExcelRun } from "../../addin/taskpane/logic/ledger-sheet.ts";
import type { Session } from "../../addin/taskpane/logic/session.ts";

/* eslint-disable @typescript-eslint/no-explicit-any */
function excel(context: Record<string, unknown>): ExcelRun {
  const mock = new OfficeMockObject({
    context,
    run: async function (this: { context: unknown }, batch: (c: unknown) => Promise<unknown>) {
      return batch(this.context);
    },
  }) as any;
  return (batch) => mock.run(batch);
}

const session = (may: Partial<Session["may"]>, unscoped = false) => ({
  state: "known" as const,
  session: { name: "t", jurisdiction: unscoped ? null : "jiulongpo", roles: [], unscoped, may: { submit: false, approve: false, pay: false, commitments: false, read: true, ...may } },
});

describe("the steps offered", () => {
  it("offers approve and reject to a reviewer, payment to a payer, nothing to an unscoped or unknown token", () => {
    expect(offeredActions(session({ approve: true }))).toEqual(["approve", "reject"]);
    expect(offeredActions(session({ pay: true }))).toEqual(["pay"]);
    expect(offeredActions(session({ approve: true, pay: true }))).toEqual(["approve", "reject", "pay"]);
    expect(offeredActions(session({ submit: true }))).toEqual([]);
    expect(offeredActions(session({ approve: true }, true))).toEqual([]);
    expect(offeredActions({ state: "none" })).toEqual([]);
  });

  it("sends each step's fields to its route, amounts as numbers, a text that is no number as typed", () => {
    expect(actionRequest("approve", { amount: "1,000.50", date: " ", opinion: " 同意 " })).toEqual({ route: "decisions", body: { event: "approved", amount: 1000.5, date: undefined, opinion: "同意" } });
    expect(actionRequest("reject", { amount: "5", opinion: "材料不全" })).toEqual({ route: "decisions", body: { event: "rejected", date: undefined, opinion: "材料不全" } });
    expect(actionRequest("pay", { amount: "五十万", date: "2026-04-01", voucher: "GK-1" })).toEqual({ route: "payments", body: { amount: "五十万", date: "2026-04-01", voucher: "GK-1" } });
  });
});

describe("the table's selected rows", () => {
  const headers = ledgerHeaders("zh").inputs;
  const asked: [string, number, number][] = [];
  const workbook = (overlap: Record<string, unknown>) => {
    return {
      workbook: {
        selected: {},
        getSelectedRange(this: any) { return this.selected; },
        tables: {
          table: {
            isNullObject: false,
            header: { values: [headers] },
            body: {
              rowIndex: 1,
              overlap,
              getIntersectionOrNullObject(this: any) { return this.overlap; },
              cell: {
                resized: { values: [["ACT-2"], [""], ["ACT-4"]] },
                getResizedRange(this: any, rows: number, columns: number) { asked.push(["resize", rows, columns]); return this.resized; },
              },
              getCell(this: any, row: number, column: number) { asked.push(["cell", row, column]); return this.cell; },
            },
            getHeaderRowRange(this: any) { return this.header; },
            getDataBodyRange(this: any) { return this.body; },
          },
          getItemOrNullObject(this: any, name: string) { return name === LEDGER_TABLE ? this.table : { isNullObject: true }; },
        },
      },
    };
  };

  it("reads the application IDs of the table rows the selection covers, blank ones left out", async () => {
    // The body starts on sheet row 1 (0-based), the selection covers rows 2–4: body rows 1–3 of the ID column.
    expect(await selectedApplicationIds(excel(workbook({ isNullObject: false, rowIndex: 2, rowCount: 3 })), "zh")).toEqual(["ACT-2", "ACT-4"]);
    expect(asked).toEqual([["cell", 1, headers.indexOf("申请编号")], ["resize", 2, 0]]);
  });

  it("reads none when the selection is outside the table", async () => {
    expect(await selectedApplicationIds(excel(workbook({ isNullObject: true, rowIndex: 0, rowCount: 0 })), "zh")).toEqual([]);
  });
});
