// `subsidy db info | migrate | copy | backup | verify`: the service's database itself, SQLite file or PostgreSQL URL.
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { copyDatabase, CopyError, countsOf, FIRST_TABLES, tableCounts } from "../../dashboard/server/db/copy.ts";
import { LATEST_VERSION, MIGRATIONS, migrateIn, NOTICE_HISTORY_MIGRATION, schemaVersion } from "../../dashboard/server/db/migrations.ts";
import type { Db } from "../../dashboard/server/db/open.ts";
import { describeTarget, parseTarget } from "../../dashboard/server/db/target.ts";
import { sql } from "kysely";
import { verifyChains } from "../../dashboard/server/audit/verify.ts";
import { CliError, printJson } from "../output.ts";

/** The schema version that added the audit chains (migration 5). */
const CHAINS_FROM = 5;
const PAYMENTS_FROM = 6;
const DECISIONS_FROM = 8;
/** Found by name: its number is the lead's to assign on merge. */
const NOTICE_HISTORY_FROM = MIGRATIONS.find((m) => m.name === NOTICE_HISTORY_MIGRATION)?.version ?? LATEST_VERSION;
import { DB_OPTION_HELP, openNamedDb, serviceConfig } from "./db-option.ts";

/** Opens without creating: a SQLite file that is not there is an error, not a new empty database. */
async function openExisting(spec: string, field: string): Promise<Db> {
  const target = parseTargetOrFail(spec, field);
  if (target.kind === "sqlite" && target.file !== ":memory:" && !fs.existsSync(target.file)) {
    throw new CliError("not_found", { zh: `没有数据库文件 ${target.file}`, en: `no database file ${target.file}` }, field);
  }
  return openNamedDb(spec, field, { migrate: false });
}

function parseTargetOrFail(spec: string, field: string): ReturnType<typeof parseTarget> {
  try {
    return parseTarget(spec);
  } catch (e) {
    throw new CliError("invalid_input", { zh: `--${field} 无效：${(e as Error).message}`, en: `--${field}: ${(e as Error).message}` }, field);
  }
}

async function closing<T>(dbs: Db[], fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } finally {
    for (const db of dbs) await db.close();
  }
}

async function info(db: Db): Promise<Record<string, unknown>> {
  const version = await schemaVersion(db.k, db.kind);
  const out: Record<string, unknown> = { database: db.label, backend: db.kind, schemaVersion: version, latestSchemaVersion: LATEST_VERSION };
  // An older schema lacks the later tables: its counts are those of the tables it has.
  if (version >= 1) out.counts = version >= LATEST_VERSION ? await tableCounts(db.k) : await countsOf(db.k, FIRST_TABLES);
  if (db.sqlite) {
    out.journalMode = db.sqlite.pragma("journal_mode", { simple: true });
    out.bytes = Number(db.sqlite.pragma("page_count", { simple: true })) * Number(db.sqlite.pragma("page_size", { simple: true }));
  } else {
    const { rows } = await sql<{ server_version: string; bytes: string }>`SELECT current_setting('server_version') AS server_version, pg_database_size(current_database())::text AS bytes`.execute(db.k);
    out.serverVersion = rows[0]?.server_version;
    out.bytes = Number(rows[0]?.bytes ?? 0);
  }
  return out;
}

async function backup(db: Db, file: string): Promise<Record<string, unknown>> {
  if (!db.sqlite) {
    throw new CliError(
      "backup_unsupported",
      {
        zh: "PostgreSQL 请用 pg_dump 备份：pg_dump --format=custom --file=subsidy.dump <地址>；恢复：pg_restore --clean --if-exists --dbname=<地址> subsidy.dump（或 subsidy db copy --from <地址> --to 备份.db）",
        en: "back PostgreSQL up with pg_dump: pg_dump --format=custom --file=subsidy.dump <url>; restore with pg_restore --clean --if-exists --dbname=<url> subsidy.dump (or subsidy db copy --from <url> --to backup.db)",
      },
      "db",
    );
  }
  const dest = path.resolve(file);
  if (fs.existsSync(dest)) throw new CliError("file_exists", { zh: `${dest} 已存在，不会覆盖`, en: `${dest} exists; a backup never overwrites a file` }, "file");
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  // The backup API copies page by page while the service goes on writing, and restarts on a page changed meanwhile:
  // the result is the database as of one moment, which the integrity check and counts below confirm.
  await db.sqlite.backup(dest);
  const copy = await openNamedDb(dest, "file", { migrate: false });
  try {
    const integrity = copy.sqlite?.pragma("integrity_check", { simple: true });
    if (integrity !== "ok") throw new CliError("backup_failed", { zh: `备份文件校验失败：${String(integrity)}`, en: `the backup fails its integrity check: ${String(integrity)}` }, "file");
    return { database: db.label, backup: dest, bytes: fs.statSync(dest).size, schemaVersion: await schemaVersion(copy.k, copy.kind), counts: await tableCounts(copy.k) };
  } finally {
    await copy.close();
  }
}

export function register(program: Command): void {
  const db = program.command("db").description("服务数据库（SQLite 文件或 PostgreSQL）/ the service's database (SQLite file or PostgreSQL)");

  db.command("info")
    .description("数据库类型、结构版本和各表行数 / backend, schema version and row counts")
    .option("--db <file|url>", DB_OPTION_HELP)
    .action(async (options: { db?: string }) => {
      const handle = await openExisting(options.db ?? serviceConfig().dbPath, "db");
      printJson(await closing([handle], () => info(handle)));
    });

  db.command("migrate")
    .description("将数据库结构升级到最新版本（服务启动时也会自动升级）/ bring the schema to the latest version (the service also does at start)")
    .option("--db <file|url>", DB_OPTION_HELP)
    .action(async (options: { db?: string }) => {
      const handle = await openNamedDb(options.db ?? serviceConfig().dbPath, "db", { migrate: false });
      const result = await closing([handle], () => handle.write((trx) => migrateIn(trx, handle.kind)));
      printJson({ database: handle.label, backend: handle.kind, ...result });
    });

  db.command("backup <file>")
    .description("在服务运行时做一致的在线备份（SQLite 备份接口）/ a consistent online copy while the service runs (SQLite's backup API)")
    .option("--db <file|url>", DB_OPTION_HELP)
    .action(async (file: string, options: { db?: string }) => {
      const handle = await openExisting(options.db ?? serviceConfig().dbPath, "db");
      const report = await closing([handle], () => backup(handle, file));
      printJson(report);
      process.stderr.write(`已备份到 / backed up to ${report.backup}\n`);
    });

  db.command("verify")
    .description("校验历史记录和令牌事件的哈希链，列出每处断裂（完好退出码 0，有断裂 1）/ check the audit hash chains of every history and the token events, listing each break (exit 0 intact, 1 broken)")
    .option("--db <file|url>", DB_OPTION_HELP)
    .action(async (options: { db?: string }) => {
      const handle = await openExisting(options.db ?? serviceConfig().dbPath, "db");
      const report = await closing([handle], async () => {
        const version = await schemaVersion(handle.k, handle.kind);
        // The chains exist from migration 5; a database this program does not know is not judged by it.
        if (version < CHAINS_FROM || version > LATEST_VERSION) {
          throw new CliError(
            "schema_mismatch",
            version < CHAINS_FROM
              ? { zh: `数据库结构版本为 ${version}，哈希链自版本 ${CHAINS_FROM} 起才有；请先运行 \`subsidy db migrate\``, en: `the schema version is ${version}; the audit chains exist from version ${CHAINS_FROM}: run \`subsidy db migrate\` first` }
              : { zh: `数据库结构版本 ${version} 比本程序新（${LATEST_VERSION}），请升级本程序`, en: `schema version ${version} is newer than this program's (${LATEST_VERSION}); upgrade the program` },
            "db",
          );
        }
        // Payments are events from migration 6 on, decisions from migration 8, notices' versions from their history's.
        return verifyChains(handle, { payments: version >= PAYMENTS_FROM, decisions: version >= DECISIONS_FROM, notices: version >= NOTICE_HISTORY_FROM });
      });
      printJson(report);
      const c = report.checked;
      process.stderr.write(
        report.ok
          ? `哈希链完好 / chains intact: ${c.ledgerHistory} ledger versions, ${c.commitmentsHistory} commitment versions, ${c.tokenEvents} token events, ${c.payments} payments, ${c.decisions} decisions, ${c.noticeHistory} notice versions\n`
          : `哈希链断裂 ${report.breaks.length}${report.truncated ? "+" : ""} 处 / ${report.breaks.length}${report.truncated ? "+" : ""} chain breaks found\n`,
      );
      if (!report.ok) process.exitCode = 1;
    });

  db.command("copy")
    .description("把整个台账（全部版本、令牌、预算承诺）复制到另一个空数据库并核对行数 / copy the whole ledger (every version, tokens, commitments) into an empty database and verify the counts")
    .requiredOption("--from <file|url>", "来源 / source: SQLite file or postgres:// URL")
    .requiredOption("--to <file|url>", "目标（须为空）/ target (must be empty): SQLite file or postgres:// URL")
    .action(async (options: { from: string; to: string }) => {
      const from = await openExisting(options.from, "from");
      let to: Db;
      try {
        to = await openNamedDb(options.to, "to");
      } catch (e) {
        await from.close();
        throw e;
      }
      const report = await closing([from, to], async () => {
        try {
          return await copyDatabase(from, to);
        } catch (e) {
          if (!(e instanceof CopyError)) throw e;
          const field = e.code === "target_not_empty" ? "to" : e.code === "schema_mismatch" ? "from" : undefined;
          throw new CliError(e.code, { zh: `复制失败：${e.text.zh}`, en: `copy failed: ${e.text.en}` }, field);
        }
      });
      printJson(report);
      process.stderr.write(`已复制 / copied ${report.counts.ledger_rows} rows, ${report.counts.ledger_history} versions, ${report.counts.tokens} tokens, ${report.counts.commitments} commitments: ${describeTarget(options.from)} → ${describeTarget(options.to)}\n`);
    });
}
