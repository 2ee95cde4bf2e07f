// The what-if worker thread: its own read connection and the service's catalog (sent once, as workerData), so that
// evaluating the affected enterprises' rows — O(rows affected), seconds on a large ledger — never holds the
// service's event loop. One job at a time; the service (runner.ts) sends the next only after this one answers.
import { parentPort, workerData } from "node:worker_threads";
import type { Catalog } from "../../../shared/catalog/catalog.ts";
import type { Notice } from "../../../shared/catalog/notice.ts";
import { Engine } from "../../../shared/engine/engine.ts";
import { withValues } from "../../../shared/engine/parameters.ts";
import { openReader } from "../db/open.ts";
import { whatIfFigures, type WhatIfGroupKey } from "./compute.ts";

export interface WorkerSetup {
  /** The database, as SUBSIDY_DB names it. */
  db: string;
  catalog: Catalog;
}

export interface WhatIfJob {
  id: number;
  /** Figures by path, in the parameters' units. */
  values: [string, number][];
  /** The service's notices as they stand now: those published since the worker started are not in its catalog. */
  notices: Notice[];
  changed: string[];
  by: WhatIfGroupKey[];
  jurisdiction: string | null;
}

export type WhatIfReply = { id: number; ok: true; figures: Awaited<ReturnType<typeof whatIfFigures>> } | { id: number; ok: false; message: string };

const setup = workerData as WorkerSetup;
// Opened once, on the first job's way in: every job awaits the same connection.
const reader = openReader(setup.db);
const port = parentPort;
if (!port) throw new Error("worker.ts runs as a worker thread");

port.on("message", (job: WhatIfJob) => {
  void (async () => {
    try {
      const engine = new Engine(withValues({ ...setup.catalog, notices: job.notices }, new Map(job.values)));
      const figures = await whatIfFigures((await reader).k, engine, { changed: job.changed, by: job.by, jurisdiction: job.jurisdiction });
      port.postMessage({ id: job.id, ok: true, figures } satisfies WhatIfReply);
    } catch (e) {
      port.postMessage({ id: job.id, ok: false, message: (e as Error).message } satisfies WhatIfReply);
    }
  })();
});
