// The baseline the service's start is held to: a bare fastify + better-sqlite3 process answering one route, about
// the least a service on the same stack can do before its first 200. Plain JavaScript: nothing to transpile.
//   SUBSIDY_DB=<file> SUBSIDY_PORT=<port> node bench/startup/bare-service.mjs
import Database from "better-sqlite3";
import Fastify from "fastify";

const db = new Database(process.env.SUBSIDY_DB);
db.pragma("journal_mode = WAL");
db.exec("CREATE TABLE IF NOT EXISTS health (at TEXT)");
const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master");
const app = Fastify();
app.get("/api/health", async () => ({ status: "ok", tables: tables.get().n }));
await app.listen({ port: Number(process.env.SUBSIDY_PORT), host: "127.0.0.1" });
