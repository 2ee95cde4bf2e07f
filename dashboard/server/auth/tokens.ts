// Bearer tokens: 256 random bits shown once at creation; only their SHA-256 is stored, so a copy of the
// database does not grant access.
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { Db, Executor } from "../db/open.ts";
import type { TokensTable } from "../db/schema.ts";
import type { Selectable } from "kysely";

export const ROLES = ["editor", "viewer"] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export interface TokenInfo {
  id: number;
  name: string;
  role: Role;
  createdAt: string;
  revokedAt: string | null;
}

const PREFIX = "sbs_";
const COLUMNS = ["id", "name", "role", "created_at", "revoked_at"] as const;

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Creates a token; `ex` is the database, or the caller's write transaction. */
export async function createToken(ex: Executor, role: Role, name: string): Promise<{ token: string; info: TokenInfo }> {
  const cleanName = name.trim();
  if (!cleanName) throw new Error("a token needs a name");
  const token = PREFIX + randomBytes(32).toString("base64url");
  const createdAt = new Date().toISOString();
  const row = await ex
    .insertInto("tokens")
    .values({ name: cleanName, role, hash: hashToken(token), created_at: createdAt })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { token, info: { id: Number(row.id), name: cleanName, role, createdAt, revokedAt: null } };
}

type TokenRecord = Pick<Selectable<TokensTable>, (typeof COLUMNS)[number]>;

function toInfo(r: TokenRecord): TokenInfo {
  return { id: Number(r.id), name: r.name, role: r.role, createdAt: r.created_at, revokedAt: r.revoked_at };
}

export async function listTokens(db: Db): Promise<TokenInfo[]> {
  return (await db.k.selectFrom("tokens").select(COLUMNS).orderBy("id").execute()).map(toInfo);
}

/** Revokes by ID or by name; returns the tokens revoked now. */
export async function revokeToken(db: Db, idOrName: string): Promise<TokenInfo[]> {
  const now = new Date().toISOString();
  const live = db.k.updateTable("tokens").set({ revoked_at: now }).where("revoked_at", "is", null);
  if (/^\d+$/.test(idOrName) && Number(idOrName) > 2 ** 31 - 1) return [];
  const matching = /^\d+$/.test(idOrName) ? live.where("id", "=", Number(idOrName)) : live.where("name", "=", idOrName);
  const revoked = await matching.returning(COLUMNS).execute();
  return revoked.map(toInfo).sort((a, b) => a.id - b.id);
}

/** Verifies a presented token: the live token's record, or null when unknown or revoked. */
export function tokenVerifier(db: Db): (token: string) => Promise<TokenInfo | null> {
  return async (token) => {
    if (!token.startsWith(PREFIX) || token.length > 200) return null;
    const r = await db.k.selectFrom("tokens").select(COLUMNS).where("hash", "=", hashToken(token)).executeTakeFirst();
    return r && r.revoked_at === null ? toInfo(r) : null;
  };
}
