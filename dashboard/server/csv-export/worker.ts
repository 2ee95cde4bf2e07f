// An export thread: one page range of the ledger's CSV at a time, read on a read-only SQLite connection of its own
// and written as CSV here (page.ts), so that neither the read nor the formatting — most of an export's CPU — runs
// on the service's event loop. Started per export by pages.ts, which sends it the compiled range queries (the
// SQL is built there, by the same Kysely query the service's own pages use) and ends it when the export ends.
import { createRequire } from "node:module";
import { parentPort, workerData } from "node:worker_threads";
import type BetterSqlite3 from "better-sqlite3";
import type { Catalog } from "../../../shared/catalog/catalog.ts";
import { Engine } from "../../../shared/engine/engine.ts";
import type { ShownRecord } from "../ledger/stored-rows.ts";
import { csvPage, type CsvPageOptions } from "./page.ts";

export interface ExportThreadSetup {
  file: string;
  /** The engine's catalog when the export started (its notices included): for traces and error messages. */
  catalog: Catalog;
  options: CsvPageOptions;
}

export interface RangeJob {
  id: number;
  sql: string;
  parameters: readonly unknown[];
  /** The ledger index of the range's first row. */
  first: number;
}

/** The page's CSV as UTF-8 (moved, not copied, to the service's thread), or why it failed. */
export type RangeReply = { id: number; bytes: Uint8Array; rows: number } | { id: number; error: { message: string; code?: unknown } };

const setup = workerData as ExportThreadSetup;
const port = parentPort;
if (!port) throw new Error("csv-export/worker.ts runs as a worker thread");
// Loaded as the service loads it (external to the bundle): the native module is found from node_modules.
const Database = createRequire(import.meta.url)("better-sqlite3") as typeof BetterSqlite3;
const db = new Database(setup.file, { readonly: true, fileMustExist: true });
db.pragma("busy_timeout = 5000");
const engine = new Engine(setup.catalog);
const statements = new Map<string, BetterSqlite3.Statement>();

port.on("message", (job: RangeJob) => {
  try {
    let statement = statements.get(job.sql);
    if (!statement) {
      statement = db.prepare(job.sql);
      statements.set(job.sql, statement);
    }
    const records = statement.all(...job.parameters) as ShownRecord[];
    const bytes = Buffer.from(csvPage(engine, records, job.first, setup.options), "utf8");
    // A Buffer may share a pooled ArrayBuffer: only one it owns alone is moved.
    const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
    port.postMessage({ id: job.id, bytes: own, rows: records.length } satisfies RangeReply, [own.buffer]);
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    port.postMessage({ id: job.id, error: { message: error.message, code: (error as { code?: unknown }).code } } satisfies RangeReply);
  }
});
