// The ledger's CSV export as a stream of pages, in application-ID order. On a SQLite file the pages are read and
// written by export threads (worker.ts; one core could not read, format and send 100k rows/s): the page ends are
// read first, on this side — one read of the keys alone — and each thread is sent a key range (a, b], so that the
// ranges cover every key once, whatever is written meanwhile. At most AHEAD pages are asked for ahead of the one the
// client is sent, and none more until the stream is read (backpressure from the HTTP response): memory stays that
// of a few pages, and a client that leaves ends the threads.
//
// Consistency: each page is read at one instant, the pages at different ones. A row present for the whole export is
// in it once (its key is in exactly one range); a row written meanwhile is in it with its old or its new content,
// depending on whether its page was read before or after the write; a row added meanwhile may or may not be in it.
// Pages past the last end read first just grow (the last range is open): nothing is dropped.
//
// PostgreSQL and an in-memory SQLite database (no other thread can open it) are written on this thread, page by
// page, as before: PostgreSQL's reads do not hold the event loop, only the formatting does, one page at a time.
import { Readable } from "node:stream";
import { Worker } from "node:worker_threads";
import type { Engine } from "../../../shared/engine/engine.ts";
import type { Db } from "../db/open.ts";
import { pageEndsQuery, storedPages, storedRangeQuery } from "../ledger/stored-rows.ts";
import type { LedgerFilter } from "../ledger/store.ts";
import { csvHeader, csvPage, type CsvPageOptions } from "./page.ts";
import type { ExportThreadSetup, RangeJob, RangeReply } from "./worker.ts";

/** From the sources, through an entry that registers tsx; compiled, the worker's own bundle (build/compile.ts). */
const WORKER = import.meta.url.endsWith(".ts") ? new URL("./worker-entry.mjs", import.meta.url) : new URL("./csv-export-worker.mjs", import.meta.url);

/** Rows a page: as storedPages' (500: stored-rows.ts says why). */
export const PAGE_ROWS = 500;
/** Threads an export uses at most (the service has other work, and other exports may run). */
export const THREADS = 2;
/** Pages asked for and not yet sent at most. */
export const AHEAD = 4;

export interface CsvExportSource {
  db: Db;
  engine: Engine;
  filter: LedgerFilter;
  options: CsvPageOptions;
  /** For tests: smaller pages, fewer threads, or this thread alone. */
  pageRows?: number;
  threads?: number;
}

/** The export's bytes: the header, then every page in order. Destroying the stream ends the reading and the threads. */
export function csvLedgerPages(source: CsvExportSource): Readable {
  const { db } = source;
  if (db.kind === "sqlite" && db.target.kind === "sqlite" && db.target.file !== ":memory:" && (source.threads ?? THREADS) > 0) return threadPages(source, db.target.file);
  return Readable.from(thisThreadPages(source), { objectMode: false });
}

async function* thisThreadPages({ db, engine, filter, options, pageRows = PAGE_ROWS }: CsvExportSource): AsyncGenerator<string> {
  yield csvHeader(options);
  let first = 0;
  for await (const records of storedPages(db.k, filter, pageRows)) {
    yield csvPage(engine, records, first, options);
    first += records.length;
  }
}

function threadPages(source: CsvExportSource, file: string): Readable {
  const { db, engine, filter, options, pageRows = PAGE_ROWS } = source;
  const threads = new ExportThreads({ file, catalog: engine.catalog, options }, source.threads ?? THREADS);
  async function* pages(): AsyncGenerator<Buffer | Uint8Array | string> {
    yield csvHeader(options);
    // On the scan thread (db.scan): a million keys are not read on the event loop either.
    const ends = (await db.scan(pageEndsQuery(db.k, filter, pageRows).compile())).map((r) => r.application_id);
    const ranges: [string | null, string | null][] = [...ends, null].map((end, i) => [i === 0 ? null : (ends[i - 1] as string), end]);
    const asked: Promise<Uint8Array>[] = [];
    let next = 0;
    while (next < ranges.length || asked.length > 0) {
      while (asked.length < AHEAD && next < ranges.length) {
        const [after, upTo] = ranges[next] as [string | null, string | null];
        asked.push(threads.read(storedRangeQuery(db.k, filter, after, upTo).compile(), next * pageRows));
        next++;
      }
      const bytes = await (asked.shift() as Promise<Uint8Array>);
      if (bytes.length > 0) yield bytes;
    }
  }
  const stream = Readable.from(pages(), { objectMode: false });
  // On the end, an error or the client leaving: the generator may be waiting for a page, so the threads are ended here.
  stream.once("close", () => void threads.close());
  return stream;
}

let running = 0;
/** Export threads started and not yet exited, in this process (what tests and health can watch). */
export const runningExportThreads = (): number => running;

/** Up to `size` export threads for one export, started on the first page; each page goes to the thread with fewest waiting. */
class ExportThreads {
  private readonly workers: { worker: Worker; waiting: Map<number, { resolve: (b: Uint8Array) => void; reject: (e: Error) => void }> }[] = [];
  private next = 1;
  private closed = false;

  constructor(
    private readonly setup: ExportThreadSetup,
    private readonly size: number,
  ) {}

  read(query: { sql: string; parameters: readonly unknown[] }, first: number): Promise<Uint8Array> {
    if (this.closed) return Promise.reject(new Error("the export ended"));
    const slot = this.workers.length < this.size ? this.start() : this.workers.reduce((a, b) => (b.waiting.size < a.waiting.size ? b : a));
    const id = this.next++;
    const read = new Promise<Uint8Array>((resolve, reject) => {
      slot.waiting.set(id, { resolve, reject });
      slot.worker.postMessage({ id, sql: query.sql, parameters: query.parameters, first } satisfies RangeJob);
    });
    // Pages asked for ahead and never awaited (the client left) are nobody's failure.
    read.catch(() => {});
    return read;
  }

  private start() {
    const worker = new Worker(WORKER, { workerData: this.setup });
    running++;
    const slot = { worker, waiting: new Map<number, { resolve: (b: Uint8Array) => void; reject: (e: Error) => void }>() };
    const fail = (error: Error): void => {
      for (const w of slot.waiting.values()) w.reject(error);
      slot.waiting.clear();
    };
    worker.on("message", (reply: RangeReply) => {
      const waiting = slot.waiting.get(reply.id);
      if (!waiting) return;
      slot.waiting.delete(reply.id);
      if ("error" in reply) waiting.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
      else waiting.resolve(Buffer.from(reply.bytes.buffer, reply.bytes.byteOffset, reply.bytes.byteLength));
    });
    worker.on("error", fail);
    worker.on("exit", (code) => {
      running--;
      fail(new Error(`an export thread exited with code ${code}`));
    });
    this.workers.push(slot);
    return slot;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}
