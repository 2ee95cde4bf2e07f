// The database the service uses, for commands that work on it directly: --db, else the service's configuration.
import { loadConfig } from "../../dashboard/server/config.ts";
import { openDb, type Db } from "../../dashboard/server/db/open.ts";
import { CliError } from "../output.ts";

export const DB_OPTION_HELP = "数据库文件 / database file (default: SUBSIDY_DB or ./data/subsidy.db)";

export function openServiceDb(dbOption: string | undefined): Db {
  let path = dbOption;
  if (path === undefined) {
    try {
      path = loadConfig().dbPath;
    } catch (e) {
      throw new CliError("invalid_config", { zh: `配置无效：${(e as Error).message}`, en: (e as Error).message }, "config");
    }
  }
  try {
    return openDb(path);
  } catch (e) {
    throw new CliError("db_error", { zh: `无法打开数据库 ${path}：${(e as Error).message}`, en: `cannot open database ${path}: ${(e as Error).message}` }, "db");
  }
}
