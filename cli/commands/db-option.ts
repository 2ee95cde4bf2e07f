// The service's configuration and database, for the commands that start it or work on its data directly.
import { ConfigError, loadConfig, type ServerConfig, type ServerConfigInput } from "../../dashboard/server/config.ts";
import { openDb, type Db } from "../../dashboard/server/db/open.ts";
import { CliError } from "../output.ts";

export const DB_OPTION_HELP = "数据库文件 / database file (default: SUBSIDY_DB or ./data/subsidy.db)";

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
export function openServiceDb(dbOption: string | undefined): Db {
  const path = dbOption ?? serviceConfig().dbPath;
  try {
    return openDb(path);
  } catch (e) {
    throw new CliError("db_error", { zh: `无法打开数据库 ${path}：${(e as Error).message}`, en: `cannot open database ${path}: ${(e as Error).message}` }, "db");
  }
}
