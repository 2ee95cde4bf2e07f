// Reads that may visit much of the ledger (a summary grouped by enterprise, an enterprise search by name) on a
// worker thread with its own read-only SQLite connection. better-sqlite3 reads synchronously: on the service's own
// thread a 1M-row scan would hold every other request for a second or more. Under WAL the worker reads the last
// commit, as the service's reader connection does. PostgreSQL needs none of this: its reads never block the loop.
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/** The worker's code, in-line so that it runs the same from the sources and from a bundled build. */
const WORKER_CODE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
db.pragma("busy_timeout = 5000");
const statements = new Map();
parentPort.on("message", ({ id, sql, parameters }) => {
  try {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      if (statements.size < 100) statements.set(sql, statement);
    }
    parentPort.postMessage({ id, rows: statement.all(...parameters) });
  } catch (e) {
    parentPort.postMessage({ id, error: { message: String((e && e.message) || e), code: e && e.code } });
  }
});
`;

/**
 * Scans waiting at most: each one is a whole-ledger read, so a flood of them is refused (503, retry) rather than
 * queued without end.
 */
const MAX_WAITING = 32;

/** The scan queue is full: the caller answers 503 with Retry-After. */
export class ScansBusy extends Error {
  readonly text = { zh: "服务正忙于其他汇总查询，请稍后重试", en: "the service is busy with other ledger-wide reads; retry shortly" };
  constructor() {
    super("scan queue full");
  }
}

interface Waiting {
  resolve: (rows: unknown[]) => void;
  reject: (error: Error) => void;
}

export class ScanWorker {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, Waiting>();
  private next = 1;

  constructor(private readonly file: string) {}

  /** The rows of one compiled query, read on the worker's connection. */
  run<T>(sql: string, parameters: readonly unknown[]): Promise<T[]> {
    if (this.waiting.size >= MAX_WAITING) return Promise.reject(new ScansBusy());
    const worker = this.worker ?? this.start();
    const id = this.next++;
    return new Promise<T[]>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (rows: unknown[]) => void, reject });
      worker.postMessage({ id, sql, parameters });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  /** Started on the first scan, so a service that never scans never pays for a second connection. */
  private start(): Worker {
    const driver = createRequire(import.meta.url).resolve("better-sqlite3");
    const worker = new Worker(WORKER_CODE, { eval: true, workerData: { driver, file: this.file } });
    worker.on("message", (message: { id: number; rows?: unknown[]; error?: { message: string; code?: string } }) => {
      const waiting = this.waiting.get(message.id);
      if (!waiting) return;
      this.waiting.delete(message.id);
      if (message.error) waiting.reject(Object.assign(new Error(message.error.message), { code: message.error.code }));
      else waiting.resolve(message.rows ?? []);
    });
    // A worker that dies fails what it held; the next scan starts another.
    worker.on("error", (error) => this.fail(worker, error));
    worker.on("exit", (code) => this.fail(worker, new Error(`scan worker exited with code ${code}`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private fail(worker: Worker, error: Error): void {
    if (this.worker === worker) this.worker = null;
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }
}
