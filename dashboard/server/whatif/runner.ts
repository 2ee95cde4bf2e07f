// Runs what-ifs in worker threads, at most `slots` at a time: one worker per slot, started on first use and kept
// (loading the engine takes longer than a small what-if; one idle a while after use is swapped for a fresh one,
// threads/idle-replacement.ts), each with its own read connection. A what-if arriving while every slot is busy is
// refused at once (503, Retry-After) rather than queued behind work of unknown length; one over the time limit has
// its worker terminated (a fresh one takes the slot next time) and answers 503.
import { Worker } from "node:worker_threads";
import type { Catalog } from "../../../shared/catalog/catalog.ts";
import { ApiError } from "../errors.ts";
import { IDLE_REPLACEMENT_MS, IdleReplacement } from "../threads/idle-replacement.ts";
import type { WhatIfJob, WhatIfReply, WorkerSetup } from "./worker.ts";

type Figures = Extract<WhatIfReply, { ok: true }>["figures"];

interface Slot {
  worker: Worker | null;
  busy: boolean;
  idle: IdleReplacement;
}

/** From the sources, through an entry that registers tsx (worker-entry.mjs); compiled, the worker's own bundle (build/compile.ts). */
const WORKER = import.meta.url.endsWith(".ts") ? new URL("./worker-entry.mjs", import.meta.url) : new URL("./whatif-worker.mjs", import.meta.url);

export class WhatIfRunner {
  private readonly slots: Slot[];
  private next = 1;

  constructor(
    private readonly db: string,
    private readonly catalog: Catalog,
    private readonly options: { slots: number; timeoutMs: number; idleMs?: number },
  ) {
    this.slots = Array.from({ length: options.slots }, () => {
      const slot: Slot = { worker: null, busy: false, idle: new IdleReplacement(options.idleMs ?? IDLE_REPLACEMENT_MS, () => this.replace(slot)) };
      return slot;
    });
  }

  /** The slots' running workers' thread IDs (null where a slot has none). */
  threadIds(): (number | null)[] {
    return this.slots.map((s) => s.worker?.threadId ?? null);
  }

  /** A fresh worker in the slot for the used one (its heap handed back). */
  private replace(slot: Slot): void {
    const used = slot.worker;
    slot.worker = null;
    void used?.terminate();
    this.workerOf(slot);
  }

  async run(job: Omit<WhatIfJob, "id">): Promise<Figures> {
    const slot = this.slots.find((s) => !s.busy);
    if (!slot) {
      throw new ApiError(503, "busy", { zh: `已有 ${this.slots.length} 个测算在运行，请稍后再试`, en: `${this.slots.length} what-ifs are running; try again shortly` }, "overrides");
    }
    slot.busy = true;
    slot.idle.begin();
    try {
      return await this.inWorker(slot, { ...job, id: this.next++ });
    } finally {
      slot.busy = false;
      slot.idle.end();
    }
  }

  private workerOf(slot: Slot): Worker {
    if (slot.worker) return slot.worker;
    const worker = new Worker(WORKER, { workerData: { db: this.db, catalog: this.catalog } satisfies WorkerSetup });
    // An idle worker does not keep the process alive; close() ends them.
    worker.unref();
    worker.once("exit", () => {
      if (slot.worker === worker) slot.worker = null;
    });
    slot.worker = worker;
    return worker;
  }

  private inWorker(slot: Slot, job: WhatIfJob): Promise<Figures> {
    const worker = this.workerOf(slot);
    return new Promise<Figures>((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        worker.off("message", onMessage);
        worker.off("error", onError);
        worker.off("exit", onExit);
      };
      const onMessage = (reply: WhatIfReply): void => {
        if (reply.id !== job.id) return;
        done();
        if (reply.ok) resolve(reply.figures);
        else reject(new Error(`what-if failed: ${reply.message}`));
      };
      const onError = (e: Error): void => {
        done();
        slot.worker = null;
        reject(e);
      };
      const onExit = (): void => {
        done();
        reject(new Error("the what-if worker exited"));
      };
      const timer = setTimeout(() => {
        done();
        slot.worker = null;
        void worker.terminate();
        const seconds = Math.round(this.options.timeoutMs / 1000);
        reject(new ApiError(503, "whatif_timeout", { zh: `测算超过 ${seconds} 秒时限，已停止；请减少调整的条款`, en: `the what-if ran over its ${seconds} s limit and was stopped; change fewer provisions` }, "overrides"));
      }, this.options.timeoutMs);
      worker.on("message", onMessage);
      worker.once("error", onError);
      worker.once("exit", onExit);
      worker.postMessage(job);
    });
  }

  async close(): Promise<void> {
    for (const slot of this.slots) slot.idle.stop();
    await Promise.all(this.slots.map((s) => s.worker?.terminate()));
  }
}
