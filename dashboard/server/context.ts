// What every route handler needs, created once per server.
import type { Engine } from "../../shared/engine/engine.ts";
import type { ServerConfig } from "./config.ts";
import type { Db } from "./db/open.ts";
import type { LedgerStore } from "./ledger/store.ts";

export interface ServiceContext {
  config: ServerConfig;
  db: Db;
  engine: Engine;
  store: LedgerStore;
  /** The origin links and the manifest point at, known once the server listens. */
  origin: () => string;
}
