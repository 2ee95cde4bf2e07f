// `subsidy data remove-sample`: takes the demo ledger and commitments out of the service's database, leaving
// everything users entered.
import type { Command } from "commander";
import { removeSample } from "../../dashboard/server/ledger/remove-sample.ts";
import { catalogVersion } from "../../shared/catalog/version-node.ts";
import { defaultEngine } from "../../shared/node.ts";
import { printJson } from "../output.ts";
import { DB_OPTION_HELP, withServiceDb } from "./db-option.ts";

export function register(program: Command): void {
  const data = program.command("data").description("服务数据库中的数据 / data in the service's database");
  data
    .command("remove-sample")
    .description("删除示例台账和示例预算承诺 / remove the sample ledger and sample commitments")
    .option("--db <file>", DB_OPTION_HELP)
    .action(async (options: { db?: string }) => {
      const removed = await withServiceDb(options.db, (db) => removeSample(db, defaultEngine(), catalogVersion()));
      printJson({ removed });
      process.stderr.write(`已删除示例数据：${removed.rows} 行台账，${removed.commitments} 项预算承诺。/ Removed ${removed.rows} sample rows and ${removed.commitments} sample commitments.\n`);
    });
}
