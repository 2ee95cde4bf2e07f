// The ledger's CSV export written by export threads (dashboard/server/csv-export/pages.ts) is byte for byte the
// export the service wrote on its own thread before them — stored pages, evaluatedRowOf, ledgerTable, csvRows, as
// composed below — in both languages, with and without the trace, on a SQLite file (threads) and in memory (this
// thread). Rows written while an export runs neither drop nor duplicate a row that was there throughout; the
// service refuses a third concurrent export with 429 naming why, and a client that leaves frees its slot.
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvLedgerPages, runningExportThreads } from "../../dashboard/server/csv-export/pages.ts";
import { openDb, type Db } from "../../dashboard/server/db/open.ts";
import { LedgerStore } from "../../dashboard/server/ledger/store.ts";
import { evaluatedRowOf, storedPages } from "../../dashboard/server/ledger/stored-rows.ts";
import type { LedgerFilter } from "../../dashboard/server/ledger/store.ts";
import { catalogVersion } from "../../shared/catalog/version-node.ts";
import { FACT_NAMES } from "../../shared/catalog/schema.ts";
import type { Engine } from "../../shared/engine/engine.ts";
import { csvHead, csvRows } from "../../shared/ledger/csv.ts";
import { ledgerTable } from "../../shared/ledger/export-table.ts";
import { LedgerRow } from "../../shared/ledger/row.ts";
import { sampleLedger } from "../../shared/ledger/sample.ts";
import { defaultEngine } from "../../shared/node.ts";
import { startService, tempDir, type Service } from "./harness.ts";

const ROWS = 600;
const CASES = [
  { lang: "zh", trace: false },
  { lang: "zh", trace: true },
  { lang: "en", trace: false },
  { lang: "en", trace: true },
] as const;

/** The export as routes/exports.ts wrote it on the service's thread, before the export threads. */
async function mainThreadExport(db: Db, engine: Engine, filter: LedgerFilter, lang: "zh" | "en", trace: boolean): Promise<string> {
  const options = { trace, facts: FACT_NAMES };
  let text = csvHead(ledgerTable([], lang, { rows: [], violations: [] }, options));
  let first = 0;
  for await (const records of storedPages(db.k, filter)) {
    const rows = records.map((record, i) => evaluatedRowOf(engine, record, first + i, { trace }));
    first += rows.length;
    text += csvRows(ledgerTable(rows.map((r) => r.row), lang, { rows, violations: [] }, options));
  }
  return text;
}

async function bytesOf(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.isBuffer(part) ? part : Buffer.from(part as string));
  return Buffer.concat(parts);
}

const sha256 = (bytes: Buffer | string): string => createHash("sha256").update(bytes).digest("hex");

const engine = defaultEngine();
const ledgerOf = (n: number): LedgerRow[] => sampleLedger({ rows: n, distinctIds: true }).rows.map((r) => LedgerRow.parse(r));
const smallLedger = ledgerOf(ROWS);
const rows = smallLedger;
/** Enough rows that two downloads left unread stay open (more than the sockets' buffers hold). */
const ROUTE_ROWS = 20_000;

async function seeded(spec: string, rows = smallLedger): Promise<Db> {
  const db = await openDb(spec);
  const store = new LedgerStore(db, engine, catalogVersion());
  await store.upsert(rows.slice(0, 10), { tokenId: null, name: "sample" }, "sample", { sample: true });
  await store.upsert(rows.slice(10), { tokenId: null, name: "test" }, "seed");
  return db;
}

describe("CSV export pages", () => {
  const file = `${tempDir("subsidy-csv-pages-")}/ledger.db`;
  let db: Db;
  let memory: Db;
  beforeAll(async () => {
    db = await seeded(file);
    memory = await seeded(":memory:");
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    await memory?.close();
  });

  for (const { lang, trace } of CASES) {
    it(`is the main-thread export byte for byte (${lang}, trace ${trace})`, async () => {
      const expected = await mainThreadExport(db, engine, {}, lang, trace);
      expect(expected.split("\r\n").length).toBe(ROWS + 2);
      const options = { lang, trace };
      // Threads, in pages of 64 rows (several per thread, out of order) and of the default 500 (a last short page).
      const threaded = await bytesOf(csvLedgerPages({ db, engine, filter: {}, options, pageRows: 64 }));
      const whole = await bytesOf(csvLedgerPages({ db, engine, filter: {}, options }));
      const inMemory = await bytesOf(csvLedgerPages({ db: memory, engine, filter: {}, options, pageRows: 64 }));
      console.log(`sha256 ${lang} trace=${trace}: ${sha256(expected)}`);
      expect(sha256(threaded)).toBe(sha256(expected));
      expect(sha256(whole)).toBe(sha256(expected));
      expect(sha256(inMemory)).toBe(sha256(expected));
    }, 120_000);
  }

  it("keeps to the filter", async () => {
    const district = rows[0]?.district as string;
    const expected = await mainThreadExport(db, engine, { district }, "zh", false);
    const threaded = await bytesOf(csvLedgerPages({ db, engine, filter: { district }, options: { lang: "zh", trace: false }, pageRows: 16 }));
    expect(threaded.toString("utf8")).toBe(expected);
    expect(expected.split("\r\n").length).toBeLessThan(ROWS);
  }, 60_000);

  it("ends its threads when the reader leaves midway", async () => {
    const stream = csvLedgerPages({ db, engine, filter: {}, options: { lang: "zh", trace: true }, pageRows: 8 });
    let parts = 0;
    let during = 0;
    for await (const _ of stream) {
      if (++parts < 5) continue;
      during = runningExportThreads();
      break;
    }
    // Both export threads ran (pages of 8 rows, 4 asked for ahead); leaving the loop destroyed the stream.
    expect(during).toBe(2);
    for (let i = 0; i < 100 && runningExportThreads() > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(runningExportThreads()).toBe(0);
  }, 60_000);

  it("neither drops nor duplicates a row while rows are written", async () => {
    const other = await openDb(file);
    try {
      const store = new LedgerStore(other, engine, catalogVersion());
      const before = new Set((await db.k.selectFrom("ledger_rows").select("application_id").execute()).map((r) => r.application_id));
      const stream = csvLedgerPages({ db, engine, filter: {}, options: { lang: "en", trace: false }, pageRows: 8, threads: 2 });
      const parts: Buffer[] = [];
      let n = 0;
      for await (const part of stream) {
        parts.push(Buffer.from(part as Uint8Array));
        // Between pages: a row changed, a row added between existing keys and after the last.
        if (n++ % 10 === 3) {
          const changed = { ...(rows[(n * 7) % ROWS] as LedgerRow), note: `changed ${n}` };
          const added = [LedgerRow.parse({ ...rows[n % ROWS], applicationId: `${rows[n % ROWS]?.applicationId}-x${n}` }), LedgerRow.parse({ ...rows[0], applicationId: `ZZZ-${n}` })];
          await store.upsert([changed, ...added], { tokenId: null, name: "meanwhile" }, `meanwhile-${n}`);
        }
      }
      const ids = Buffer.concat(parts).toString("utf8").split("\r\n").slice(1, -1).map((line) => line.split(",")[0] as string);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of before) expect(ids).toContain(id);
    } finally {
      await other.close();
    }
  }, 120_000);
});

describe("the CSV export route", () => {
  const file = `${tempDir("subsidy-csv-route-")}/ledger.db`;
  let service: Service;
  let expected = "";
  beforeAll(async () => {
    const db = await seeded(file, ledgerOf(ROUTE_ROWS));
    try {
      expected = await mainThreadExport(db, engine, {}, "en", true);
    } finally {
      await db.close();
    }
    service = await startService({ dbPath: file });
  }, 180_000);
  afterAll(() => service?.stop());

  it("answers the main-thread export's bytes", async () => {
    const res = await fetch(`${service.url}/api/ledger/export?format=csv&lang=en&trace=true`, { headers: { "accept-encoding": "gzip, deflate, br, zstd" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-encoding")).toBe("br");
    expect(sha256(Buffer.from(await res.arrayBuffer()))).toBe(sha256(expected));
  }, 60_000);

  it("refuses a third export at once with 429, and frees the slot of a client that left", async () => {
    const held: AbortController[] = [];
    const open = async (): Promise<Response> => {
      const controller = new AbortController();
      held.push(controller);
      const res = await fetch(`${service.url}/api/ledger/export?format=csv&trace=true`, { signal: controller.signal, headers: { "accept-encoding": "identity" } });
      return res;
    };
    // Two downloads read a little and then left unread: backpressure holds them open.
    const [a, b] = [await open(), await open()];
    await a.body?.getReader().read();
    await b.body?.getReader().read();
    const third = await fetch(`${service.url}/api/ledger/export?format=csv`);
    expect(third.status).toBe(429);
    expect(third.headers.get("retry-after")).toBe("5");
    expect(await third.json()).toMatchObject({ error: { code: "exports_busy", field: "request" } });
    for (const c of held) c.abort();
    // The slots come back once the service sees the clients gone.
    let status = 0;
    for (let i = 0; i < 100 && status !== 200; i++) {
      const res = await fetch(`${service.url}/api/ledger/export?format=csv`);
      status = res.status;
      await res.arrayBuffer();
      if (status !== 200) await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe(200);
    // HEAD requests (fastify answers them from the GET handler) leave no export running either.
    for (let i = 0; i < 3; i++) expect((await fetch(`${service.url}/api/ledger/export?format=csv`, { method: "HEAD" })).status).toBe(200);
    const more = await Promise.all([0, 1].map(async () => (await fetch(`${service.url}/api/ledger/export?format=csv`)).arrayBuffer()));
    expect(more.map((m) => m.byteLength > 10_000)).toEqual([true, true]);
  }, 60_000);
});
