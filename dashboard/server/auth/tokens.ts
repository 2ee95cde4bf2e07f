// Bearer tokens: 256 random bits shown once at creation; only their SHA-256 is stored, so a copy of the
// database does not grant access. A token belongs to one office — a jurisdiction, or `all` (the municipal
// commission's oversight) — and holds roles. Tokens made before offices existed (schema version < 4) have
// neither: they are "unscoped", still read as they did, and are refused for writes until re-issued.
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { UNSCOPED } from "../../../shared/ledger/offices.ts";
import { TERMS } from "../../../shared/terms.ts";
import { JURISDICTIONS, ROLE_NAMES } from "../../../shared/vocabulary.ts";
import type { Db, Executor } from "../db/open.ts";
import { appendTokenEvents, cliActor } from "./token-events.ts";
import type { TokensTable } from "../db/schema.ts";
import type { Selectable } from "kysely";

/** 经办 enters and submits rows, 审核 approves or rejects, 拨付 records payments, 查看 reads, 管理 tokens and commitments. */
export { ROLE_NAMES };
export const RoleName = z.enum(ROLE_NAMES);
export type RoleName = z.infer<typeof RoleName>;

/** `editor`, the one writing role before offices, stays as shorthand for these. */
export const EDITOR_ROLES: readonly RoleName[] = ["clerk", "reviewer", "payer"];

export const TOKEN_JURISDICTIONS = [...JURISDICTIONS, "all"] as const;
export const TokenJurisdiction = z.enum(TOKEN_JURISDICTIONS);
export type TokenJurisdiction = z.infer<typeof TokenJurisdiction>;

export interface TokenInfo {
  id: number;
  name: string;
  /** Null for a token made before offices existed: it may not write until re-issued. */
  jurisdiction: TokenJurisdiction | null;
  roles: RoleName[];
  createdAt: string;
  revokedAt: string | null;
}

export const UNSCOPED_LABEL = {
  zh: `${UNSCOPED.zh}：此令牌创建于${TERMS.office.zh}与角色之前，不能写入，请重新签发`,
  en: `${UNSCOPED.en}: made before offices and roles; it cannot write until re-issued`,
};

/**
 * `clerk,reviewer` or `editor` (and combinations) as the sorted, distinct roles; null with the unknown word when a
 * word is no role.
 */
export function parseRoles(text: string): { roles: RoleName[] } | { unknown: string } {
  const words = text.split(",").map((w) => w.trim().toLowerCase()).filter((w) => w !== "");
  const roles = new Set<RoleName>();
  for (const word of words) {
    if (word === "editor") EDITOR_ROLES.forEach((r) => roles.add(r));
    else {
      const role = RoleName.safeParse(word);
      if (!role.success) return { unknown: word };
      roles.add(role.data);
    }
  }
  if (roles.size === 0) return { unknown: text };
  return { roles: ROLE_NAMES.filter((r) => roles.has(r)) };
}

const PREFIX = "sbs_";
const COLUMNS = ["id", "name", "role", "jurisdiction", "roles", "created_at", "revoked_at"] as const;

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export interface TokenSpec {
  jurisdiction: TokenJurisdiction;
  roles: readonly RoleName[];
  name: string;
  /** Who creates it, as the audit records (token-events.ts); by default `cli:<OS user>`. */
  by?: string;
}

/**
 * Creates a token and its audit event (token-events.ts). `ex` is the caller's write transaction (db.write), where
 * the event's chain is extended under the write lock; a test's plain connection works alone.
 */
export async function createToken(ex: Executor, spec: TokenSpec): Promise<{ token: string; info: TokenInfo }> {
  const cleanName = spec.name.trim();
  if (!cleanName) throw new Error("a token needs a name");
  const roles = ROLE_NAMES.filter((r) => spec.roles.includes(r));
  if (roles.length === 0) throw new Error("a token needs a role");
  const token = PREFIX + randomBytes(32).toString("base64url");
  const createdAt = new Date().toISOString();
  const row = await ex
    .insertInto("tokens")
    .values({
      name: cleanName,
      // The column of schema version 1 (checked to editor | viewer), kept filled so it still says whether the token writes.
      role: roles.some((r) => r !== "viewer") ? "editor" : "viewer",
      jurisdiction: spec.jurisdiction,
      roles: roles.join(","),
      hash: hashToken(token),
      created_at: createdAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await appendTokenEvents(ex, [{ token_id: Number(row.id), name: cleanName, jurisdiction: spec.jurisdiction, roles: roles.join(","), event: "created", at: createdAt, by: spec.by ?? cliActor() }]);
  return { token, info: { id: Number(row.id), name: cleanName, jurisdiction: spec.jurisdiction, roles, createdAt, revokedAt: null } };
}

type TokenRecord = Pick<Selectable<TokensTable>, (typeof COLUMNS)[number]>;

function toInfo(r: TokenRecord): TokenInfo {
  const scoped = r.jurisdiction !== null && r.roles !== null;
  // An unscoped token shows the roles its old role meant; it is refused for writes all the same.
  const roles = scoped ? (r.roles ?? "").split(",").filter((x): x is RoleName => RoleName.safeParse(x).success) : r.role === "editor" ? [...EDITOR_ROLES] : ["viewer" as const];
  return {
    id: Number(r.id),
    name: r.name,
    jurisdiction: scoped ? TokenJurisdiction.parse(r.jurisdiction) : null,
    roles,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
  };
}

/** What `token list` shows: unscoped tokens are said to be so, in both languages. */
export function listed(info: TokenInfo): TokenInfo & { unscoped?: { zh: string; en: string } } {
  return info.jurisdiction === null ? { ...info, unscoped: UNSCOPED_LABEL } : info;
}

export async function listTokens(db: Db): Promise<TokenInfo[]> {
  return (await db.k.selectFrom("tokens").select(COLUMNS).orderBy("id").execute()).map(toInfo);
}

/** Revokes by ID or by name, each with its audit event in the same transaction; returns the tokens revoked now. */
export async function revokeToken(db: Db, idOrName: string, by: string = cliActor()): Promise<TokenInfo[]> {
  if (/^\d+$/.test(idOrName) && Number(idOrName) > 2 ** 31 - 1) return [];
  return db.write(async (trx) => {
    const now = new Date().toISOString();
    const live = trx.updateTable("tokens").set({ revoked_at: now }).where("revoked_at", "is", null);
    const matching = /^\d+$/.test(idOrName) ? live.where("id", "=", Number(idOrName)) : live.where("name", "=", idOrName);
    const revoked = (await matching.returning(COLUMNS).execute()).sort((a, b) => Number(a.id) - Number(b.id));
    await appendTokenEvents(
      trx,
      revoked.map((r) => ({ token_id: Number(r.id), name: r.name, jurisdiction: r.jurisdiction, roles: r.roles, event: "revoked" as const, at: now, by })),
    );
    return revoked.map(toInfo);
  });
}

/** Verifies a presented token: the live token's record, or null when unknown or revoked. */
export function tokenVerifier(db: Db): (token: string) => Promise<TokenInfo | null> {
  return async (token) => {
    if (!token.startsWith(PREFIX) || token.length > 200) return null;
    const r = await db.k.selectFrom("tokens").select(COLUMNS).where("hash", "=", hashToken(token)).executeTakeFirst();
    return r && r.revoked_at === null ? toInfo(r) : null;
  };
}
