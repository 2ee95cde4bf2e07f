// The ledger as an Excel table (SubsidyLedger): the ledger issue's columns in the display language, a
// calculated CQ.SUBSIDY column, and two columns the check fills in (verdict, problems). Every Excel.run path
// goes through the `run` passed in, Excel.run in the add-in and office-addin-mock's in the tests.
import { FACT_NAMES } from "../../../shared/catalog/schema.ts";
import type { Engine } from "../../../shared/engine/engine.ts";
import { COLUMN_HEADER, FIELD_NAMES, type ColumnName } from "../../../shared/ledger/columns.ts";
import { evaluateLedger, type LedgerEvaluation } from "../../../shared/ledger/evaluate.ts";
import { ledgerTable } from "../../../shared/ledger/export-table.ts";
import { rowsFromTable, type ImportProblem } from "../../../shared/ledger/import.ts";
import type { LedgerRow } from "../../../shared/ledger/row.ts";
import type { Lang } from "../../../shared/money/format.ts";
import { NAMESPACE } from "./formula.ts";
import { TERMS } from "../../../shared/terms.ts";

export const LEDGER_TABLE = "SubsidyLedger";
export const VIOLATION_FILL = "#FDE7E9";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ExcelRun = <T>(batch: (context: any) => Promise<T>) => Promise<T>;

const INPUT_COLUMNS: ColumnName[] = [...FIELD_NAMES, ...FACT_NAMES];

export function ledgerHeaders(lang: Lang): { inputs: string[]; ceiling: string; verdict: string; problems: string } {
  return { inputs: INPUT_COLUMNS.map((c) => COLUMN_HEADER[c][lang]), ceiling: TERMS.ceiling[lang], verdict: TERMS.verdict[lang], problems: TERMS.problems[lang] };
}

/**
 * The calculated column: each row's ceiling from its own provision, amount, date and facts, under its 申报批次 where
 * it names one. CQ.SUBSIDY refuses an empty "notice" cell (#VALUE!), so a row without one calls it without the pair.
 */
export function ceilingFormula(lang: Lang): string {
  const ref = (c: ColumnName) => `[@[${COLUMN_HEADER[c][lang]}]]`;
  const facts = FACT_NAMES.flatMap((f) => [JSON.stringify(f), ref(f)]);
  const args = [ref("provisionId"), ref("amount"), '"date"', ref("applicationDate"), ...facts];
  const call = (extra: string[]) => `${NAMESPACE}.SUBSIDY(${[...args, ...extra].join(",")})`;
  return `=IF(${ref("notice")}="",${call([])},${call(['"notice"', ref("notice")])})`;
}

/** Writes the formula into the first cell of the selection; returns its address. */
export function insertFormula(run: ExcelRun, formula: string): Promise<string> {
  return run(async (context) => {
    const cell = context.workbook.getSelectedRange().getCell(0, 0);
    cell.formulas = [[formula]];
    cell.load("address");
    await context.sync();
    return cell.address as string;
  });
}

/** Adds a worksheet with an empty ledger table, or activates the one that exists. */
export function createLedgerTable(run: ExcelRun, lang: Lang): Promise<{ created: boolean }> {
  return run(async (context) => {
    const existing = context.workbook.tables.getItemOrNullObject(LEDGER_TABLE);
    existing.load("isNullObject");
    await context.sync();
    if (!existing.isNullObject) {
      existing.worksheet.activate();
      await context.sync();
      return { created: false };
    }
    const h = ledgerHeaders(lang);
    const header = [...h.inputs, h.ceiling, h.verdict, h.problems];
    const sheet = context.workbook.worksheets.add(lang === "zh" ? "兑现台账" : "Ledger");
    sheet.getRangeByIndexes(0, 0, 2, header.length).values = [header, header.map(() => "")];
    const table = sheet.tables.add(sheet.getRangeByIndexes(0, 0, 2, header.length), true);
    table.name = LEDGER_TABLE;
    table.columns.getItem(h.ceiling).getDataBodyRange().formulas = [[ceilingFormula(lang)]];
    sheet.activate();
    await context.sync();
    return { created: true };
  });
}

export type LedgerCheck =
  /** sheetRows[k]: the table body row (0-based) rows[k] was read from. */
  | { ok: true; rows: LedgerRow[]; sheetRows: number[]; evaluation: LedgerEvaluation }
  | { ok: false; reason: "no_table" }
  | { ok: false; reason: "import"; problems: ImportProblem[] };

/** Reads the table, checks every row and the rows against each other, and writes the verdicts into the sheet. */
export function checkLedger(run: ExcelRun, engine: Engine, lang: Lang): Promise<LedgerCheck> {
  return run(async (context) => {
    const table = context.workbook.tables.getItemOrNullObject(LEDGER_TABLE);
    table.load("isNullObject");
    await context.sync();
    if (table.isNullObject) return { ok: false, reason: "no_table" } as const;
    const headerRange = table.getHeaderRowRange();
    const body = table.getDataBodyRange();
    headerRange.load("values");
    body.load("values");
    await context.sync();
    const header = (headerRange.values as unknown[][])[0] ?? [];
    const values = body.values as unknown[][];
    const h = ledgerHeaders(lang);
    const verdictColumn = header.indexOf(h.verdict);
    const problemsColumn = header.indexOf(h.problems);
    // A row with nothing typed in its input columns is a blank line of the table, not an application.
    const inputIndex = h.inputs.map((name) => header.indexOf(name));
    const filled = values.map((_, i) => i).filter((i) => inputIndex.some((c) => c >= 0 && values[i]?.[c] !== "" && values[i]?.[c] !== null));
    // A row's 申报批次 is checked against the notices bundled with the add-in, as the service checks it on publish.
    const imported = rowsFromTable([header as never[], ...filled.map((i) => values[i] as never[])], [1, ...filled.map((i) => i + 2)], { notices: engine.catalog });
    const verdicts: string[][] = values.map(() => [""]);
    const problems: string[][] = values.map(() => [""]);
    const bad = new Set<number>();
    let result: LedgerCheck;
    if (!imported.ok) {
      for (const p of imported.problems) {
        const i = p.row - 2;
        if (i < 0 || i >= values.length) continue;
        bad.add(i);
        verdicts[i] = [lang === "zh" ? "数据无效" : "invalid"];
        problems[i] = [[problems[i]?.[0], `${p.column ?? ""} ${p.reason[lang]}`.trim()].filter(Boolean).join(lang === "zh" ? "；" : "; ")];
      }
      result = { ok: false, reason: "import", problems: imported.problems };
    } else {
      const evaluation = evaluateLedger(engine, imported.rows, { trace: false });
      const table = ledgerTable(imported.rows, lang, evaluation);
      const v = table.header.indexOf(h.verdict);
      const p = table.header.indexOf(h.problems);
      filled.forEach((sheetRow, k) => {
        verdicts[sheetRow] = [String(table.rows[k]?.[v] ?? "")];
        problems[sheetRow] = [String(table.rows[k]?.[p] ?? "")];
        if (evaluation.rows[k]?.verdict === "violation") bad.add(sheetRow);
      });
      result = { ok: true, rows: imported.rows, sheetRows: filled, evaluation };
    }
    if (verdictColumn >= 0) table.columns.getItem(h.verdict).getDataBodyRange().values = verdicts;
    if (problemsColumn >= 0) table.columns.getItem(h.problems).getDataBodyRange().values = problems;
    body.format.fill.clear();
    for (const i of bad) body.getRow(i).format.fill.color = VIOLATION_FILL;
    await context.sync();
    return result;
  });
}

/**
 * Marks rows of the table (body rows, 0-based) as the check marks a violation, adding `text` to their problems
 * cell: for what is found after the check, such as a row of another office before publishing. False without a table.
 */
export function markRows(run: ExcelRun, lang: Lang, marks: readonly { sheetRow: number; text: string }[]): Promise<boolean> {
  return run(async (context) => {
    const table = context.workbook.tables.getItemOrNullObject(LEDGER_TABLE);
    table.load("isNullObject");
    await context.sync();
    if (table.isNullObject) return false;
    const problems = table.columns.getItem(ledgerHeaders(lang).problems).getDataBodyRange();
    problems.load("values");
    await context.sync();
    const values = (problems.values as unknown[][]).map((r) => [String(r[0] ?? "")]);
    const body = table.getDataBodyRange();
    for (const { sheetRow, text } of marks) {
      const cell = values[sheetRow];
      if (!cell) continue;
      cell[0] = [cell[0], text].filter(Boolean).join(lang === "zh" ? "；" : "; ");
      body.getRow(sheetRow).format.fill.color = VIOLATION_FILL;
    }
    problems.values = values;
    await context.sync();
    return true;
  });
}
