// The ledger's writer thread: a write connection of its own and the service's catalog (sent once, as workerData), so
// that a ledger batch's transaction — better-sqlite3 is synchronous, and a 1,000-row batch with its coupled rows
// holds the thread for a large part of a second on a large ledger — never holds the service's event loop. One
// batch at a time: the service (runner.ts) sends the next only after this one answers, under its write queue.
import { parentPort, workerData } from "node:worker_threads";
import type { Catalog } from "../../../shared/catalog/catalog.ts";
import type { Notice } from "../../../shared/catalog/notice.ts";
import { Engine } from "../../../shared/engine/engine.ts";
import type { LedgerRow } from "../../../shared/ledger/row.ts";
import { openDb } from "../db/open.ts";
import { publishBatch, type PublishOptions, type Published, type WriterToken } from "../ledger/publish-batch.ts";
import { LedgerStore } from "../ledger/store.ts";
import { errorData, type ErrorData } from "./error-data.ts";

export interface WriterSetup {
  /** The SQLite file or the PostgreSQL URL. */
  spec: string;
  catalog: Catalog;
  catalogVersion: string;
}

export interface BatchJob {
  id: number;
  token: WriterToken;
  rows: LedgerRow[];
  options: PublishOptions;
  /** The notices the service admitted since this thread's catalog was sent (published since): admitted here too. */
  notices: Notice[];
}

export type BatchReply = { id: number; ok: true; published: Published } | { id: number; ok: false; error: ErrorData };

const setup = workerData as WriterSetup;
const engine = new Engine(setup.catalog);
// Not migrated here: the service migrated the database before this thread started.
const store = openDb(setup.spec, { migrate: false }).then((db) => new LedgerStore(db, engine, setup.catalogVersion));
const port = parentPort;
if (!port) throw new Error("writer/worker.ts runs as a worker thread");

port.on("message", (job: BatchJob) => {
  void (async () => {
    try {
      // Checked by the service when it admitted them, against the same catalog: admitted alike here.
      for (const notice of job.notices) if (!engine.catalog.notices.some((n) => n.id === notice.id)) engine.admitNotice(notice);
      const published = await publishBatch(await store, job.token, job.rows, job.options);
      port.postMessage({ id: job.id, ok: true, published } satisfies BatchReply);
    } catch (e) {
      port.postMessage({ id: job.id, ok: false, error: errorData(e) } satisfies BatchReply);
    }
  })();
});
