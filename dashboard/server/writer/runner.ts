// Where a ledger batch's write runs: on the writer thread (worker.ts), started on first use and kept while batches
// come, under the database's write queue (db.exclusive), so that this thread only parses, validates, posts and
// awaits while the batch's transaction runs and its rows are evaluated; reads go on meanwhile on this thread's own
// connection (SQLite's WAL, PostgreSQL's pool). PostgreSQL's queries are asynchronous, but a batch's evaluation is
// not: on a large ledger it would hold this thread for most of a second, so it goes to the thread too. A thread that
// dies with a batch fails that batch with 503 `writer_stopped` (its transaction, never committed, is rolled back as
// its connection closes; one committed before the thread died is stored, and a resend with the same
// Idempotency-Key is answered with it), and the next batch starts another.
import { Worker } from "node:worker_threads";
import type { LedgerRow } from "../../../shared/ledger/row.ts";
import type { Db } from "../db/open.ts";
import { ApiError } from "../errors.ts";
import { publishBatch, type PublishOptions, type Published, type WriterToken } from "../ledger/publish-batch.ts";
import type { LedgerStore } from "../ledger/store.ts";
import { IDLE_REPLACEMENT_MS, IdleReplacement } from "../threads/idle-replacement.ts";
import { errorOf } from "./error-data.ts";
import type { BatchJob, BatchReply, WriterSetup } from "./worker.ts";

/** From the sources, through an entry that registers tsx (worker-entry.mjs); compiled, the worker's own bundle (build/compile.ts). */
const WORKER = import.meta.url.endsWith(".ts") ? new URL("./worker-entry.mjs", import.meta.url) : new URL("./writer-worker.mjs", import.meta.url);

export interface BatchWriter {
  publish(token: WriterToken, rows: LedgerRow[], options: PublishOptions): Promise<Published>;
  /** After the batches in flight have been answered. */
  close(): Promise<void>;
}

/** The writer thread for a SQLite file or a PostgreSQL database; this thread for an in-memory SQLite database (no other thread can open it). */
export function batchWriter(db: Db, store: LedgerStore): BatchWriter {
  if (db.target.kind === "postgres") return new WriterThread(db, db.target.url, store);
  if (db.target.file !== ":memory:") return new WriterThread(db, db.target.file, store);
  return { publish: (token, rows, options) => publishBatch(store, token, rows, options), close: async () => {} };
}

const STOPPED = {
  zh: "台账写入线程在确认本批之前停止，本批可能已写入，也可能未写入；请用同一 Idempotency-Key 重新发送，只会写入一次",
  en: "the ledger's writer thread stopped before acknowledging this batch, which may or may not be stored; send it again with the same Idempotency-Key and it is stored once",
};

export class WriterThread implements BatchWriter {
  private worker: Worker | null = null;
  private readonly idle: IdleReplacement;
  /** How many of the engine's notices the thread has: its catalog's when started, and those sent since. */
  private noticesSent = 0;
  private next = 1;
  private inFlight: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Db,
    /** The database, as openDb takes it: the SQLite file or the PostgreSQL URL. */
    private readonly spec: string,
    private readonly store: LedgerStore,
    /** A thread that has written batches and then had none for this long is replaced by a fresh one. */
    idleMs = IDLE_REPLACEMENT_MS,
  ) {
    this.idle = new IdleReplacement(idleMs, () => this.replace());
  }

  /** The running thread's ID, or null while there is none (before the first batch, after close). */
  get threadId(): number | null {
    return this.worker?.threadId ?? null;
  }

  publish(token: WriterToken, rows: LedgerRow[], options: PublishOptions): Promise<Published> {
    this.idle.begin();
    const run = this.db.exclusive(() => this.inWorker(token, rows, options));
    this.inFlight = run.catch(() => undefined).finally(() => this.idle.end());
    return run;
  }

  /** A fresh thread for the used one; forgotten before it ends, so a batch arriving meanwhile goes to the fresh one. */
  private replace(): void {
    const used = this.worker;
    this.worker = null;
    void used?.terminate();
    this.workerOf();
  }

  private workerOf(): Worker {
    if (this.worker) return this.worker;
    const { catalog } = this.store.engine;
    const setup: WriterSetup = { spec: this.spec, catalog, catalogVersion: this.store.catalogVersion };
    const worker = new Worker(WORKER, { workerData: setup });
    this.noticesSent = catalog.notices.length;
    // An idle thread does not keep the process alive; close() ends it.
    worker.unref();
    worker.once("exit", () => {
      if (this.worker === worker) this.worker = null;
    });
    this.worker = worker;
    return worker;
  }

  private inWorker(token: WriterToken, rows: LedgerRow[], options: PublishOptions): Promise<Published> {
    const worker = this.workerOf();
    // Notices are only ever added to the engine's catalog (notices/admit.ts): the thread needs those past its count.
    const { notices } = this.store.engine.catalog;
    const job: BatchJob = { id: this.next++, token, rows, options, notices: notices.slice(this.noticesSent) };
    this.noticesSent = notices.length;
    return new Promise<Published>((resolve, reject) => {
      let crash: Error | null = null;
      const done = (): void => {
        worker.off("message", onMessage);
        worker.off("error", onError);
        worker.off("exit", onExit);
      };
      const onMessage = (reply: BatchReply): void => {
        if (reply.id !== job.id) return;
        done();
        if (reply.ok) resolve(reply.published);
        else reject(errorOf(reply.error));
      };
      // Answered once the thread is gone, so the next batch's thread never meets this one's open transaction.
      const onError = (e: Error): void => {
        crash = e;
      };
      const onExit = (code: number): void => {
        done();
        if (this.worker === worker) this.worker = null;
        reject(Object.assign(new ApiError(503, "writer_stopped", STOPPED, "request"), { cause: crash ?? new Error(`the writer thread exited with code ${code}`) }));
      };
      worker.on("message", onMessage);
      worker.on("error", onError);
      worker.once("exit", onExit);
      worker.postMessage(job);
    });
  }

  /** Ends the thread now; a batch it holds fails with 503 (as when it dies). The next batch starts another. */
  async terminate(): Promise<void> {
    await this.worker?.terminate();
  }

  async close(): Promise<void> {
    this.idle.stop();
    await this.inFlight;
    await this.terminate();
  }
}
