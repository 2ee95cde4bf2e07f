// The ledger's CSV and .xlsx exports streamed page by page: larger than one page, each re-imports as the rows
// stored, with each row's evaluated columns those stored beside it; a client that leaves midway leaves the service
// answering.
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDb } from "../../dashboard/server/db/open.ts";
import { LedgerStore } from "../../dashboard/server/ledger/store.ts";
import { catalogVersion } from "../../shared/catalog/version-node.ts";
import { DERIVED_HEADERS } from "../../shared/ledger/columns.ts";
import { parseLedgerCsvBytes } from "../../shared/ledger/csv.ts";
import { LedgerRow } from "../../shared/ledger/row.ts";
import { readLedgerXlsx } from "../../shared/ledger/xlsx.ts";
import { sampleLedger } from "../../shared/ledger/sample.ts";
import { defaultEngine } from "../../shared/node.ts";
import { describeBackends } from "./backends.ts";
import { call, startService, type Service } from "./harness.ts";

/** Over two pages of storedPages (2,000 rows each). */
const ROWS = 4_500;
const SAMPLE_ROWS = 10;

describeBackends("streamed CSV and .xlsx exports", (backend) => {
  const spec = backend.database("streamed");
  let service: Service;
  let stored: LedgerRow[] = [];
  let ceilings: (number | null)[] = [];
  beforeAll(async () => {
    const engine = defaultEngine();
    const db = await openDb(spec);
    try {
      const store = new LedgerStore(db, engine, catalogVersion());
      const rows = sampleLedger({ rows: ROWS, distinctIds: true }).rows.map((r) => LedgerRow.parse(r));
      // A few rows are sample data: the .xlsx then carries the sample banner above its header.
      await store.upsert(rows.slice(0, SAMPLE_ROWS), { tokenId: null, name: "sample" }, "sample", { sample: true });
      await store.upsert(rows.slice(SAMPLE_ROWS), { tokenId: null, name: "test" }, "seed");
      const records = await db.k.selectFrom("ledger_rows").select(["data", "ceiling_fen"]).orderBy("application_id").execute();
      stored = records.map((r) => JSON.parse(r.data) as LedgerRow);
      ceilings = records.map((r) => (r.ceiling_fen === null ? null : r.ceiling_fen / 100));
    } finally {
      await db.close();
    }
    service = await startService({ dbPath: spec, env: { SUBSIDY_SEED_SAMPLE: "false" } });
  }, 180_000);
  afterAll(() => service?.stop());

  it("re-imports as the stored rows, in application-ID order, with the stored outcomes", async () => {
    const res = await fetch(`${service.url}/api/ledger/export?format=csv&lang=en`);
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    // One byte-order mark and one header, however many pages, then one line per row.
    const lines = text.split("\r\n");
    expect(text.split("\ufeff").length).toBe(2);
    expect(lines.filter((l) => l === lines[0]).length).toBe(1);
    const parsed = parseLedgerCsvBytes(bytes);
    expect(parsed.ok && parsed.rows.map((r) => r.applicationId)).toEqual(stored.map((r) => r.applicationId));
    expect(parsed.ok && parsed.rows).toEqual(stored);
    // The evaluated columns are the stored outcomes: the ceiling column holds each row's stored ceiling.
    const table = Papa.parse<string[]>(text.slice(1).trimEnd(), { newline: "\r\n" }).data;
    const at = (table[0] ?? []).indexOf(DERIVED_HEADERS.find((h) => h.zh === "最高可补")?.en ?? "");
    expect(at).toBeGreaterThan(0);
    expect(table.slice(1).map((cells) => (cells[at] ? Number(cells[at]) : null))).toEqual(ceilings);
  }, 120_000);

  it("writes an .xlsx that re-imports as the stored rows, with the stored ceilings", async () => {
    const res = await fetch(`${service.url}/api/ledger/export?format=xlsx&lang=en`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/spreadsheetml/);
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="ledger-\d{4}-\d{2}-\d{2}\.xlsx"/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const parsed = await readLedgerXlsx(bytes);
    expect(parsed.ok && parsed.rows.map((r) => r.applicationId)).toEqual(stored.map((r) => r.applicationId));
    expect(parsed.ok && parsed.rows).toEqual(stored);
    // One sheet, named as the in-memory export named it; the sample banner (some rows are sample data), the header,
    // then one row per stored row whose ceiling cell is the stored ceiling, formatted as money.
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes.buffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["ledger"]);
    const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.rowCount).toBe(ROWS + 2);
    expect(String(sheet.getRow(1).getCell(1).value)).toMatch(/^含示例数据.*contains sample data/);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 2 });
    const header = (sheet.getRow(2).values as unknown[]).slice(1);
    const at = header.indexOf(DERIVED_HEADERS.find((h) => h.zh === "最高可补")?.en ?? "") + 1;
    expect(at).toBeGreaterThan(0);
    const column: (number | null)[] = [];
    sheet.eachRow((row, n) => {
      if (n > 2) column.push((row.getCell(at).value as number | null) ?? null);
    });
    expect(column).toEqual(ceilings);
    expect(sheet.getRow(3).getCell(at).numFmt).toBe("#,##0.00");
  }, 120_000);

  for (const format of ["csv", "xlsx"]) {
    it(`keeps answering after a client leaves a ${format} download midway`, async () => {
      const controller = new AbortController();
      const res = await fetch(`${service.url}/api/ledger/export?format=${format}`, { signal: controller.signal });
      const reader = res.body?.getReader();
      await reader?.read();
      controller.abort();
      const health = await call(service, "GET", "/api/health");
      expect(health.status).toBe(200);
      // And the next download is whole.
      const again = await fetch(`${service.url}/api/ledger/export?format=${format}`);
      expect(again.status).toBe(200);
      expect((await again.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    }, 60_000);
  }
});
