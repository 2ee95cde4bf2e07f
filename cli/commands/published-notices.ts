// `--db` for the commands that evaluate (subsidy eval): the notices published through the service in that ledger
// database, read without writing (a SQLite file opened readonly, never migrated) and admitted to the CLI's engine as
// the service admits them, so `--notice api-jiulongpo-3` computes what the service computes.
import { openReader } from "../../dashboard/server/db/open.ts";
import { describeTarget } from "../../dashboard/server/db/target.ts";
import { publishedInOrder } from "../../dashboard/server/notices/admit.ts";
import { admitNotices, type Admission } from "../../shared/engine/admit-notices.ts";
import type { Engine } from "../../shared/engine/engine.ts";
import { CliError } from "../output.ts";

export async function admitPublishedFrom(engine: Engine, spec: string): Promise<Admission> {
  const label = describeTarget(spec);
  let reader: Awaited<ReturnType<typeof openReader>> | null = null;
  try {
    reader = await openReader(spec);
    return admitNotices(engine, (await publishedInOrder(reader.k)).map((stored) => stored.notice));
  } catch (e) {
    throw new CliError("database_unavailable", { zh: `无法从 ${label} 读取已发布的申报通知：${(e as Error).message}`, en: `cannot read the published notices of ${label}: ${(e as Error).message}` }, "db");
  } finally {
    await reader?.close();
  }
}
