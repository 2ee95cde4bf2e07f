// Ledger benchmarks, each beside a baseline measured in the same run:
// - cap-aware evaluation of 1,000,000 rows (target ≤ 1 s), and the paths the ledger commands take over it (summary,
//   check --json, check --out with its row objects), vs the engine's columnar batch over the same inputs, which sees
//   no other rows (no caps across rows, no per-row dates);
// - importing a 100,000-row CSV (parse, validate, evaluate; target within 2× the baseline) vs a bare papaparse parse;
// - importing and evaluating a 10,000-row .xlsx (target ≤ 1 s) vs exceljs's streaming reader going over every cell.
import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import Papa from "papaparse";
import type { FactName } from "../shared/catalog/schema.ts";
import { evaluateBatch } from "../shared/engine/batch.ts";
import { completeCreditCode } from "../shared/ledger/credit-code.ts";
import { parseLedgerCsv, tableToCsv } from "../shared/ledger/csv.ts";
import { evaluateLedger } from "../shared/ledger/evaluate.ts";
import { ledgerTable } from "../shared/ledger/export-table.ts";
import type { LedgerRow } from "../shared/ledger/row.ts";
import { sampleLedger } from "../shared/ledger/sample.ts";
import { summarize, type GroupKey } from "../shared/ledger/summary.ts";
import { checkJson } from "../cli/commands/ledger.ts";
import { readLedgerXlsx, tablesToXlsx } from "../shared/ledger/xlsx.ts";
import { defaultEngine } from "../shared/node.ts";
import { report, time, timeAsync } from "./measure.ts";

const CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/**
 * `n` rows made of copies of the sample ledger, each copy with its own enterprises, projects and IDs. Each copy
 * goes through JSON, as rows from the service's database or an import arrive: flat strings, not the concatenations
 * built here, which V8 would flatten on first use inside the measured code.
 */
function bigLedger(n: number): LedgerRow[] {
  const base = sampleLedger({ rows: 2000, seed: 11 }).rows;
  const out: LedgerRow[] = [];
  for (let copy = 0; out.length < n; copy++) {
    // Four characters of the code's own alphabet in the organisation code, both check characters recomputed, so
    // every copy's credit codes stay valid.
    const tag = [0, 1, 2, 3].map((k) => CODE_CHARS[Math.floor(copy / 31 ** k) % 31]).join("");
    const rows = base.slice(0, n - out.length).map((r) => {
      const creditCode = completeCreditCode(r.creditCode.slice(0, 12) + tag) ?? r.creditCode;
      return { ...r, applicationId: `${r.applicationId}-${tag}`, projectId: `${r.projectId}-${tag}`, creditCode };
    });
    out.push(...(JSON.parse(JSON.stringify(rows)) as LedgerRow[]));
  }
  return out;
}

/** The engine's batch API over the same rows, per provision, with one in-force date per provision. */
function batchBaseline(rows: readonly LedgerRow[]): number {
  const engine = defaultEngine();
  const groups = new Map<string, LedgerRow[]>();
  for (const r of rows) {
    const list = groups.get(r.provisionId);
    if (list) list.push(r);
    else groups.set(r.provisionId, [r]);
  }
  let n = 0;
  for (const [id, list] of groups) {
    const entry = engine.catalog.byId.get(id);
    if (!entry) continue;
    const facts: Partial<Record<FactName, Float64Array>> = {};
    for (const f of entry.provision.facts) facts[f.name] = Float64Array.from(list, (r) => r.facts[f.name] ?? NaN);
    const result = evaluateBatch(engine, id, { amounts: Float64Array.from(list, (r) => r.amount ?? NaN), facts, date: list[0]?.applicationDate ?? "2026-06-30", rows: list.length });
    if (result.ok) n += result.ceilings.length;
  }
  return n;
}

// Each group builds its own rows, so that the imports are measured in a process that does not also hold the
// million rows of the first group: on a heap that size every full garbage collection costs a fifth of a second.

/**
 * The evaluation as each command takes it, on rows already read: `ledger summary` (evaluateLedger and a summary
 * from the result columns, no row object), `ledger check --json` (every row's outcome read from the columns, and the
 * summary), `ledger check --out` (the evaluated export: every row object, traces of batched rows included).
 */
function capAwareEvaluation(): void {
  const engine = defaultEngine();
  const million = bigLedger(1_000_000);
  const commitments = engine.catalog.commitments;
  const by: GroupKey[] = ["jurisdiction", "year"];
  const baseline = time(() => void batchBaseline(million), 3);
  const capAware = time(() => void evaluateLedger(engine, million, { trace: false }), 3);
  const summary = time(() => void summarize(evaluateLedger(engine, million, { trace: false }), by, commitments), 3);
  const check = time(() => {
    const evaluation = evaluateLedger(engine, million, { trace: false });
    checkJson(evaluation, "zh", false);
    summarize(evaluation, by, commitments);
  }, 2);
  // The row objects (caps and traces of batched rows included) are built when first asked for.
  const withObjects = time(() => void evaluateLedger(engine, million, { trace: false }).rows, 2);
  const withTrace = time(() => void evaluateLedger(engine, million.slice(0, 100_000)).rows, 2);
  report("ledger: cap-aware evaluation, 1,000,000 rows", [
    { name: "engine batch, per provision, no caps across rows (baseline)", value: baseline.seconds, unit: "s" },
    { name: "evaluateLedger, no trace (results in columns, every violation)", value: capAware.seconds, unit: "s", ratioTo: baseline.seconds, target: "≤ 1 s" },
    { name: "ledger summary's path: evaluateLedger + summary by jurisdiction, year (no row object)", value: summary.seconds, unit: "s", ratioTo: baseline.seconds },
    { name: "ledger check --json's path: + every row's outcome from the columns (no row object)", value: check.seconds, unit: "s", ratioTo: baseline.seconds },
    { name: "ledger check --out's path: evaluateLedger and its 1,000,000 row objects", value: withObjects.seconds, unit: "s", ratioTo: baseline.seconds },
    { name: "evaluateLedger and its 100,000 row objects, with traces", value: withTrace.seconds, unit: "s" },
  ]);
}

function csvImport(): void {
  const engine = defaultEngine();
  const csv = tableToCsv(ledgerTable(bigLedger(100_000), "zh"));
  const bare = time(() => void Papa.parse(csv.slice(1)), 5);
  const parsed = time(() => {
    const r = parseLedgerCsv(csv);
    if (!r.ok) throw new Error(r.problems[0]?.reason.en);
  }, 5);
  const imported = time(() => {
    const r = parseLedgerCsv(csv);
    if (!r.ok) throw new Error(r.problems[0]?.reason.en);
    evaluateLedger(engine, r.rows, { trace: false });
  }, 5);
  report("ledger: CSV import, 100,000 rows", [
    { name: "bare papaparse parse (baseline)", value: bare.seconds, unit: "s" },
    { name: "parse + validate", value: parsed.seconds, unit: "s", ratioTo: bare.seconds },
    { name: "parse + validate + evaluate", value: imported.seconds, unit: "s", ratioTo: bare.seconds, target: "≤ 2× baseline" },
  ]);
}

/** exceljs's streaming reader over every cell of the workbook: what the import reads, with nothing checked. */
async function streamEveryCell(xlsx: Uint8Array): Promise<number> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(xlsx)]), { worksheets: "emit", sharedStrings: "cache", styles: "cache", hyperlinks: "ignore", entries: "ignore" });
  let cells = 0;
  for await (const sheet of reader) for await (const row of sheet) row.eachCell(() => void cells++);
  return cells;
}

async function xlsxImport(): Promise<void> {
  const engine = defaultEngine();
  const xlsx = await tablesToXlsx([{ name: "台账", table: ledgerTable(bigLedger(10_000), "zh") }]);
  const stream = await timeAsync(async () => void (await streamEveryCell(xlsx)));
  const load = await timeAsync(async () => {
    await new ExcelJS.Workbook().xlsx.load(xlsx as unknown as ArrayBuffer);
  });
  const full = await timeAsync(async () => {
    const r = await readLedgerXlsx(xlsx);
    if (!r.ok) throw new Error(r.problems[0]?.reason.en);
    evaluateLedger(engine, r.rows, { trace: false });
  });
  report("ledger: .xlsx import, 10,000 rows", [
    { name: "exceljs streaming reader over every cell (baseline)", value: stream.seconds, unit: "s" },
    { name: "exceljs loading the whole workbook model", value: load.seconds, unit: "s", ratioTo: stream.seconds },
    { name: "read + validate + evaluate", value: full.seconds, unit: "s", ratioTo: stream.seconds, target: "≤ 1 s" },
  ]);
}

export async function run(): Promise<void> {
  capAwareEvaluation();
  csvImport();
  await xlsxImport();
}
