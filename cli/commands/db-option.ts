// The service's configuration and database, for the commands that start it or work on its data directly.
import { ConfigError, loadConfig, type ServerConfig, type ServerConfigInput } from "../../dashboard/server/config.ts";
import { openDb, type Db } from "../../dashboard/server/db/open.ts";
import { describeTarget } from "../../dashboard/server/db/target.ts";
import { CliError } from "../output.ts";

export const DB_OPTION_HELP = "数据库：SQLite 文件路径或 postgres:// 地址 / database: a SQLite file path or a postgres:// URL (default: SUBSIDY_DB or ./data/subsidy.db)";

/** The service's configuration (defaults, SUBSIDY_CONFIG, SUBSIDY_* variables, then `overrides`), or a CLI error. */
export function serviceConfig(overrides: ServerConfigInput = {}): ServerConfig {
  try {
    return loadConfig(process.env, overrides);
  } catch (e) {
    if (e instanceof ConfigError) throw new CliError("invalid_config", { zh: `配置无效：${e.message}`, en: e.message }, "config");
    throw e;
  }
}

/** --db, else the database the service's configuration names. */
export async function openServiceDb(dbOption: string | undefined, options: { migrate?: boolean } = {}): Promise<Db> {
  return openNamedDb(dbOption ?? serviceConfig().dbPath, "db", options);
}

/** Opens a file path or postgres:// URL, or fails as a CLI error naming `field`. */
export async function openNamedDb(spec: string, field: string, options: { migrate?: boolean } = {}): Promise<Db> {
  try {
    return await openDb(spec, options);
  } catch (e) {
    const label = describeTarget(spec);
    throw new CliError("database_unavailable", { zh: `无法打开数据库 ${label}：${(e as Error).message}`, en: `cannot open database ${label}: ${(e as Error).message}` }, field);
  }
}

/** Runs `fn` on the database and closes it whatever happens. */
export async function withServiceDb<T>(dbOption: string | undefined, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openServiceDb(dbOption);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}
