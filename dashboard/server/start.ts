// startServer(config): opens and migrates the database, seeds the sample data into an empty one, creates the
// first local editor token on first run, listens, and shuts down gracefully (in-flight batches finish first).
import type { FastifyInstance } from "fastify";
import { catalogVersion } from "../../shared/catalog/version-node.ts";
import { defaultEngine } from "../../shared/node.ts";
import { buildApp } from "./app.ts";
import { createToken, EDITOR_ROLES } from "./auth/tokens.ts";
import { loadConfig, publicOrigin, type ServerConfig } from "./config.ts";
import { getMeta, openDb, setMeta, type Db } from "./db/open.ts";
import { PLAIN_HTTP_WARNING } from "./static.ts";
import { startStalePass, type StalePass } from "./ledger/stale-pass.ts";
import { LedgerStore } from "./ledger/store.ts";
import { admitStoredNotices } from "./notices/admit.ts";

export interface RunningServer {
  app: FastifyInstance;
  db: Db;
  /** Where the service listens, e.g. http://127.0.0.1:3000. */
  url: string;
  /** The origin users reach it at (the configured public origin, else `url`). */
  origin: string;
  dashboardUrl: string;
  manifestUrl: string;
  /** The editor token created on the database's first run, shown once; null on later runs. */
  firstToken: string | null;
  /** Rows seeded as sample data at this start (0 when none were). */
  seededRows: number;
  /** Resolves when no row is left evaluated under another catalog (stale-pass.ts), with how many were evaluated again. */
  reevaluated: Promise<number>;
  close: () => Promise<void>;
}

const FIRST_TOKEN = "first_token_created";

/** Opens the database, seeds it, creates the first token, and prepares everything short of listening. */
async function prepare(config: ServerConfig): Promise<{ db: Db; store: LedgerStore; firstToken: string | null; seededRows: number }> {
  const engine = defaultEngine();
  const db = await openDb(config.dbPath);
  const store = new LedgerStore(db, engine, catalogVersion());
  let seededRows = 0;
  if (config.seedSample) {
    // Loaded only when seeding: a production service never runs the sample generator.
    const { seedIfEmpty } = await import("./ledger/sample-data.ts");
    seededRows = (await seedIfEmpty(db, store, engine.catalog)).rows;
  }
  // Under the write lock: two services starting on one new PostgreSQL database make one first token.
  const firstToken = await db.write(async (trx) => {
    if ((await getMeta(trx, FIRST_TOKEN)) !== undefined) return null;
    await setMeta(trx, FIRST_TOKEN, new Date().toISOString());
    // The operator's own token on this machine: every office and every role (the offices get tokens of their own).
    return (await createToken(trx, { jurisdiction: "all", roles: [...EDITOR_ROLES, "admin"], name: "local editor (first run)", by: "service (first run)" })).token;
  });
  return { db, store, firstToken, seededRows };
}

export async function startServer(config: ServerConfig = loadConfig()): Promise<RunningServer> {
  const engine = defaultEngine();
  const { db, store, firstToken, seededRows } = await prepare(config);
  // Before anything evaluates: the notices published through the service join the engine as rules/notices/ files do.
  const notices = await admitStoredNotices(db.k, engine);
  let origin = "";
  const app = await buildApp({ config, db, engine, store, origin: () => origin });
  for (const refused of notices.refused) app.log.error({ notice: refused.id, issues: refused.issues }, "a published notice is refused by the catalog as it now stands; rows naming it are evaluated without it");
  let stale: StalePass | null = null;
  app.addHook("onClose", async () => {
    // Runs after the last in-flight request has been answered, so no batch is cut short.
    await stale?.stop();
    await db.close();
  });
  let url: string;
  try {
    url = await app.listen({ host: config.host, port: config.port });
  } catch (e) {
    await app.close();
    throw e;
  }
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  origin = publicOrigin(config, port);
  if (!config.publicOrigin) url = origin;
  if (!origin.startsWith("https:")) app.log.warn({ manifest: `${origin}/manifest.xml` }, PLAIN_HTTP_WARNING);

  stale = startStalePass(store, (error) => app.log.error({ err: error }, "evaluating stale rows failed"));
  void stale.done.then((rows) => rows > 0 && app.log.info({ rows }, "rows evaluated again under the current catalog"));

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => (closing ??= app.close());
  return {
    app,
    db,
    url,
    origin,
    dashboardUrl: `${origin}/`,
    manifestUrl: `${origin}/manifest.xml`,
    firstToken,
    seededRows,
    reevaluated: stale.done,
    close,
  };
}

/** Closes on SIGTERM/SIGINT: stop accepting, finish in-flight requests, close the database, exit. */
export function closeOnSignals(server: RunningServer): void {
  const shutdown = (signal: string): void => {
    server.app.log.info({ signal }, "shutting down");
    // A stuck client must not hold the process forever.
    const timer = setTimeout(() => {
      server.app.log.error("shutdown timed out after 30 s; exiting");
      process.exit(1);
    }, 30_000);
    timer.unref();
    server.close().then(
      () => process.exit(0),
      (e: unknown) => {
        server.app.log.error({ err: e }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}
