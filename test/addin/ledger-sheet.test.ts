// The task pane's Excel.run paths against office-addin-mock: properties must be loaded and synced before they
// are read, as in Excel.
import { OfficeMockObject } from "office-addin-mock";
import { describe, expect, it } from "vitest";
import { addinEngine } from "../../addin/functions/engine.ts";
import { subsidyFormula } from "../../addin/taskpane/logic/formula.ts";
import { ceilingFormula, checkLedger, createLedgerTable, insertFormula, LEDGER_TABLE, ledgerHeaders, markRows, VIOLATION_FILL, type ExcelRun } from "../../addin/taskpane/logic/ledger-sheet.ts";
import { completeCreditCode } from "../../shared/ledger/credit-code.ts";

/* eslint-disable @typescript-eslint/no-explicit-any */
function excel(context: Record<string, unknown>): { mock: any; run: ExcelRun } {
  const mock = new OfficeMockObject({
    context,
    run: async function (this: { context: unknown }, batch: (c: unknown) => Promise<unknown>) {
      return batch(this.context);
    },
  }) as any;
  return { mock, run: (batch) => mock.run(batch) };
}

const CODE = completeCreditCode("91500107MA5U7XJ0") as string;

describe("insert formula", () => {
  it("writes the formula into the first cell of the selection and returns its address", async () => {
    const { mock, run } = excel({
      workbook: {
        range: { cell: { address: "Sheet1!E2", formulas: [[""]] }, getCell(this: any) { return this.cell; } },
        getSelectedRange(this: any) { return this.range; },
      },
    });
    const formula = subsidyFormula({ id: "jiulongpo-5" }, { amount: "d2", facts: { centralFunds: "F2" }, date: "2026-03-01" });
    expect(formula).toBe('=CQ.SUBSIDY("jiulongpo-5", D2, "centralFunds", F2, "date", "2026-03-01")');
    await expect(insertFormula(run, formula)).resolves.toBe("Sheet1!E2");
    expect(mock.context.workbook.range.getCell(0, 0).formulas).toEqual([[formula]]);
  });

  it("builds formulas that omit what is blank and quote text safely", () => {
    expect(subsidyFormula({ id: "jiulongpo-2" })).toBe('=CQ.SUBSIDY("jiulongpo-2")');
    expect(subsidyFormula({ id: "jiulongpo-5" }, { amount: "50万" })).toBe('=CQ.SUBSIDY("jiulongpo-5", "50万")');
    expect(subsidyFormula({ id: "jiulongpo-5" }, { amount: 'x"); =EVIL("' })).toBe('=CQ.SUBSIDY("jiulongpo-5", "x""); =EVIL(""")');
  });
});

describe("create ledger table", () => {
  it("adds a worksheet with the ledger columns and a calculated CQ.SUBSIDY column", async () => {
    const calls: Record<string, unknown> = {};
    const { mock, run } = excel({
      workbook: {
        tables: { missing: { isNullObject: true }, getItemOrNullObject(this: any) { return this.missing; } },
        worksheets: {
          sheet: {
            activated: false,
            activate(this: any) { this.activated = true; },
            range: { values: [] },
            getRangeByIndexes(this: any, ...size: number[]) { calls.size = size; return this.range; },
            tables: {
              table: { name: "", columns: { ceiling: { body: { formulas: [[""]] }, getDataBodyRange(this: any) { return this.body; } }, getItem(this: any, name: string) { calls.column = name; return this.ceiling; } } },
              add(this: any, _range: unknown, hasHeaders: boolean) { calls.hasHeaders = hasHeaders; return this.table; },
            },
          },
          add(this: any, name: string) { calls.sheet = name; return this.sheet; },
        },
      },
    });
    await expect(createLedgerTable(run, "zh")).resolves.toEqual({ created: true });
    const h = ledgerHeaders("zh");
    const sheet = mock.context.workbook.worksheets.sheet;
    expect(calls.sheet).toBe("兑现台账");
    expect(sheet.range.values[0]).toEqual([...h.inputs, h.ceiling, h.verdict, h.problems]);
    expect(calls.hasHeaders).toBe(true);
    expect(sheet.tables.table.name).toBe(LEDGER_TABLE);
    expect(calls.column).toBe(h.ceiling);
    expect(sheet.tables.table.columns.ceiling.body.formulas).toEqual([[ceilingFormula("zh")]]);
    expect(ceilingFormula("zh")).toMatch(/^=IF\(\[@\[申报批次\]\]="",CQ\.SUBSIDY\(\[@\[条款\]\],\[@\[计算基数\]\],"date",\[@\[申请日期\]\],"centralFunds",\[@\[中央财政补助资金\]\]/);
    // A row naming a notice (申报批次) is computed under it; CQ.SUBSIDY refuses an empty notice, hence the IF.
    expect(ceilingFormula("en")).toMatch(/,CQ\.SUBSIDY\(\[@\[Provision\]\],.*,"notice",\[@\[Notice\]\]\)\)$/);
    expect(h.inputs.slice(9, 15)).toEqual(["核定金额", "核准日期", "拨付金额", "拨付日期", "备注", "申报批次"]);
    expect(ledgerHeaders("en").inputs.slice(9, 12)).toEqual(["Approved", "Approval date", "Paid"]);
    expect(sheet.activated).toBe(true);
  });

  it("activates the existing table instead of adding a second", async () => {
    const { mock, run } = excel({
      workbook: { tables: { existing: { isNullObject: false, worksheet: { activated: false, activate(this: any) { this.activated = true; } } }, getItemOrNullObject(this: any) { return this.existing; } } },
    });
    await expect(createLedgerTable(run, "en")).resolves.toEqual({ created: false });
    expect(mock.context.workbook.tables.existing.worksheet.activated).toBe(true);
  });
});

describe("check ledger", () => {
  function ledgerWorkbook(rows: unknown[][]) {
    const h = ledgerHeaders("zh");
    const header = [...h.inputs, h.ceiling, h.verdict, h.problems];
    const at = (name: string) => header.indexOf(name);
    const full = rows.map((partial) => {
      const row = header.map(() => "" as unknown);
      (partial as [string, unknown][]).forEach(([name, value]) => (row[at(name)] = value));
      row[at(h.ceiling)] = 0;
      return row;
    });
    const rowRanges = Object.fromEntries(full.map((_, i) => [`r${i}`, { format: { fill: { color: "" } } }]));
    const { mock, run } = excel({
      workbook: {
        tables: {
          table: {
            isNullObject: false,
            headerRange: { values: [header] },
            body: { values: full, cleared: false, rows: rowRanges, format: { fill: { clear(this: any) { mock.context.workbook.tables.table.body.cleared = true; } } }, getRow(this: any, i: number) { return this.rows[`r${i}`]; } },
            getHeaderRowRange(this: any) { return this.headerRange; },
            getDataBodyRange(this: any) { return this.body; },
            columns: {
              verdict: { body: { values: [] }, getDataBodyRange(this: any) { return this.body; } },
              problems: { body: { values: [] }, getDataBodyRange(this: any) { return this.body; } },
              getItem(this: any, name: string) { return name === h.verdict ? this.verdict : name === h.problems ? this.problems : undefined; },
            },
          },
          getItemOrNullObject(this: any) { return this.table; },
        },
      },
    });
    const table = () => mock.context.workbook.tables.table;
    return {
      run,
      h,
      verdicts: () => table().columns.verdict.body.values as string[][],
      problems: () => table().columns.problems.body.values as string[][],
      // Reading back what the code set, loaded and synced like any Excel property.
      fills: async () => {
        const fills = full.map((_, i) => table().body.rows[`r${i}`].format.fill);
        for (const fill of fills) {
          fill.load("color");
          await fill.sync();
        }
        return fills.map((fill) => fill.color as string);
      },
      cleared: () => table().body.cleared as boolean,
    };
  }

  const row = (id: string, approved: number | string, extra: [string, unknown][] = []) => [
    ["申请编号", id], ["项目编号", `P-${id}`], ["企业名称", "重庆某制造有限公司"], ["统一社会信用代码", CODE], ["所属区县", "九龙坡区"],
    ["条款", "jiulongpo-5"], ["计算基数", 1_000_000], ["申请日期", "2026-03-01"], ["状态", "已核定"], ["核定金额", approved], ...extra,
  ];

  it("evaluates every row, writes verdicts and problems, and marks violating rows", async () => {
    const book = ledgerWorkbook([row("A-1", 200_000), row("A-2", 50_000), []]);
    const result = await checkLedger(book.run, addinEngine(), "zh");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.rows.map((r) => r.applicationId)).toEqual(["A-1", "A-2"]);
    expect(result.evaluation.violations.map((v) => [v.applicationId, v.code])).toEqual([["A-1", "approved_above_ceiling"]]);
    const problems = book.problems();
    expect(book.verdicts()).toEqual([["有问题"], ["通过"], [""]]);
    expect(problems[0]?.[0]).toMatch(/^核定金额超过最高可补：/);
    expect(problems[1]).toEqual([""]);
    expect(book.cleared()).toBe(true);
    expect(await book.fills()).toEqual([VIOLATION_FILL, "", ""]);
  });

  it("marks rows that cannot be read and evaluates nothing", async () => {
    const book = ledgerWorkbook([row("A-1", 100), row("A-2", "很多")]);
    const result = await checkLedger(book.run, addinEngine(), "zh");
    expect(result).toMatchObject({ ok: false, reason: "import" });
    expect(book.verdicts()).toEqual([[""], ["数据无效"]]);
    expect(book.problems()[1]?.[0]).toMatch(/^核定金额 /);
    expect(await book.fills()).toEqual(["", VIOLATION_FILL]);
  });

  it("reads each row's 申报批次: evaluated under the notice, and an unknown notice or another document's marked invalid", async () => {
    // 100万 × 8% = 8万 under the sample notice, so 10万 approved is above it; 10% = 10万 under the document's own.
    const notice = (id: string) => [["申报批次", id]] as [string, unknown][];
    const book = ledgerWorkbook([row("A-1", 100_000, notice("jiulongpo-2026-1-sample")), row("A-2", 100_000)]);
    const result = await checkLedger(book.run, addinEngine(), "zh");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.rows.map((r) => r.notice)).toEqual(["jiulongpo-2026-1-sample", undefined]);
    expect(result.evaluation.rows.map((r) => r.ceiling)).toEqual([80_000, 100_000]);
    expect(book.verdicts()).toEqual([["有问题"], ["通过"]]);

    const unknown = ledgerWorkbook([row("A-1", 100, notice("jiulongpo-2026-9")), row("A-2", 100)]);
    expect(await checkLedger(unknown.run, addinEngine(), "zh")).toMatchObject({ ok: false, reason: "import", problems: [{ row: 2, column: "申报批次", field: "notice" }] });
    expect(unknown.verdicts()).toEqual([["数据无效"], [""]]);
    expect(unknown.problems()[0]?.[0]).toBe("申报批次 没有申报通知 jiulongpo-2026-9（可选：jiulongpo-2026-1-sample）");
  });

  it("reads each row's 核准日期 (as Excel hands a date cell: its serial number), and a row without one has no approval date", async () => {
    const book = ledgerWorkbook([row("A-1", 50_000, [["核准日期", 46101]]), row("A-2", 50_000)]);
    const result = await checkLedger(book.run, addinEngine(), "zh");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.rows.map((r) => r.approvalDate)).toEqual(["2026-03-20", undefined]);
    expect(book.verdicts()).toEqual([["通过"], ["通过"]]);
  });

  it("marks rows found after the check (another office's, before publishing) by the sheet row each was read from", async () => {
    // A blank line between: the second ledger row sits in the table's third body row.
    const book = ledgerWorkbook([row("A-1", 200_000), [], row("A-2", 50_000)]);
    const result = await checkLedger(book.run, addinEngine(), "zh");
    if (!result.ok) throw new Error("check failed");
    expect(result.sheetRows).toEqual([0, 2]);
    await expect(markRows(book.run, "zh", [{ sheetRow: result.sheetRows[1] as number, text: "属于渝北区" }])).resolves.toBe(true);
    expect(book.problems()[2]).toEqual(["属于渝北区"]);
    // What the check wrote stays, the new text is added after it.
    await markRows(book.run, "zh", [{ sheetRow: 0, text: "属于渝北区" }]);
    expect(book.problems()[0]?.[0]).toMatch(/^核定金额超过最高可补：.*；属于渝北区$/);
    expect(book.problems()[1]).toEqual([""]);
    expect(await book.fills()).toEqual([VIOLATION_FILL, "", VIOLATION_FILL]);
  });

  it("says when there is no ledger table", async () => {
    const { run } = excel({ workbook: { tables: { missing: { isNullObject: true }, getItemOrNullObject(this: any) { return this.missing; } } } });
    await expect(checkLedger(run, addinEngine(), "en")).resolves.toEqual({ ok: false, reason: "no_table" });
  });
});
