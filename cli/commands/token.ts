// `subsidy token create|list|revoke`: the service's bearer tokens. A token is printed once, at creation; the
// database keeps only its SHA-256. Each token names its office (a jurisdiction or `all`) and its roles.
import type { Command } from "commander";
import {
  createToken,
  listed,
  listTokens,
  parseRoles,
  revokeToken,
  ROLE_NAMES,
  TOKEN_JURISDICTIONS,
  TokenJurisdiction,
} from "../../dashboard/server/auth/tokens.ts";
import { TERMS } from "../../shared/terms.ts";
import { CliError, printJson } from "../output.ts";
import { DB_OPTION_HELP, withServiceDb } from "./db-option.ts";

export function register(program: Command): void {
  const token = program.command("token").description("管理服务访问令牌 / manage the service's access tokens");

  token
    .command("create")
    .description("创建令牌（只显示一次）/ create a token (shown once)")
    .requiredOption("--jurisdiction <jurisdiction>", `${TERMS.office.zh} / ${TERMS.office.en.toLowerCase()}: ${TOKEN_JURISDICTIONS.join(" | ")}（all：市级监督 / municipal oversight）`)
    .requiredOption("--role <roles>", `角色，逗号分隔 / roles, comma-separated: ${ROLE_NAMES.join(", ")}; editor = clerk,reviewer,payer`)
    .requiredOption("--name <name>", "持有人或用途 / who or what holds it")
    .option("--db <file>", DB_OPTION_HELP)
    .action(async (options: { jurisdiction: string; role: string; name: string; db?: string }) => {
      const jurisdiction = TokenJurisdiction.safeParse(options.jurisdiction.trim().toLowerCase());
      if (!jurisdiction.success) {
        const list = TOKEN_JURISDICTIONS.join(", ");
        throw new CliError("invalid_input", { zh: `--jurisdiction 只接受 ${list}：${options.jurisdiction}`, en: `--jurisdiction takes ${list}, not ${options.jurisdiction}` }, "jurisdiction");
      }
      const roles = parseRoles(options.role);
      if ("unknown" in roles) {
        const list = [...ROLE_NAMES, "editor"].join(", ");
        throw new CliError("invalid_input", { zh: `--role 只接受 ${list}（逗号分隔）：${roles.unknown}`, en: `--role takes ${list} (comma-separated), not ${roles.unknown}` }, "role");
      }
      const name = options.name.trim();
      if (!name || name.length > 200) throw new CliError("invalid_input", { zh: "--name 不能为空且不超过200字", en: "--name must be 1–200 characters" }, "name");
      const created = await withServiceDb(options.db, (db) =>
        // In a write transaction: the token and its audit event (who made it: the OS user) commit together.
        db.write((trx) => createToken(trx, { jurisdiction: jurisdiction.data, roles: roles.roles, name })),
      );
      printJson({ token: created.token, ...created.info });
      process.stderr.write("此令牌只显示这一次，请妥善保存。/ This token is shown only once; keep it safe.\n");
    });

  token
    .command("list")
    .description(`列出令牌及其${TERMS.office.zh}和角色（不含令牌本身）/ list tokens with their ${TERMS.office.en.toLowerCase()} and roles (never the tokens themselves)`)
    .option("--db <file>", DB_OPTION_HELP)
    .action(async (options: { db?: string }) => {
      printJson((await withServiceDb(options.db, listTokens)).map(listed));
    });

  token
    .command("revoke <idOrName>")
    .description("撤销令牌（按编号或名称）/ revoke a token by ID or name")
    .option("--db <file>", DB_OPTION_HELP)
    .action(async (idOrName: string, options: { db?: string }) => {
      const revoked = await withServiceDb(options.db, (db) => revokeToken(db, idOrName));
      if (revoked.length === 0) {
        throw new CliError("not_found", { zh: `没有未撤销的令牌 ${idOrName}`, en: `no live token ${idOrName}` }, "idOrName");
      }
      printJson({ revoked });
    });
}
