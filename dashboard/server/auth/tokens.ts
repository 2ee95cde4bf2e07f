// Bearer tokens: 256 random bits shown once at creation; only their SHA-256 is stored, so a copy of the
// database does not grant access.
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { Db } from "../db/open.ts";

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

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function createToken(db: Db, role: Role, name: string): { token: string; info: TokenInfo } {
  const cleanName = name.trim();
  if (!cleanName) throw new Error("a token needs a name");
  const token = PREFIX + randomBytes(32).toString("base64url");
  const createdAt = new Date().toISOString();
  const result = db
    .prepare("INSERT INTO tokens (name, role, hash, created_at) VALUES (?, ?, ?, ?)")
    .run(cleanName, role, hashToken(token), createdAt);
  return { token, info: { id: Number(result.lastInsertRowid), name: cleanName, role, createdAt, revokedAt: null } };
}

interface TokenRecord {
  id: number;
  name: string;
  role: Role;
  created_at: string;
  revoked_at: string | null;
}

function toInfo(r: TokenRecord): TokenInfo {
  return { id: r.id, name: r.name, role: r.role, createdAt: r.created_at, revokedAt: r.revoked_at };
}

export function listTokens(db: Db): TokenInfo[] {
  return (db.prepare("SELECT id, name, role, created_at, revoked_at FROM tokens ORDER BY id").all() as TokenRecord[]).map(toInfo);
}

/** Revokes by ID or by name; returns the tokens revoked now. */
export function revokeToken(db: Db, idOrName: string): TokenInfo[] {
  const now = new Date().toISOString();
  const matches = (
    /^\d+$/.test(idOrName)
      ? db.prepare("SELECT id, name, role, created_at, revoked_at FROM tokens WHERE id = ? AND revoked_at IS NULL").all(Number(idOrName))
      : db.prepare("SELECT id, name, role, created_at, revoked_at FROM tokens WHERE name = ? AND revoked_at IS NULL").all(idOrName)
  ) as TokenRecord[];
  const revoke = db.prepare("UPDATE tokens SET revoked_at = ? WHERE id = ?");
  db.transaction(() => matches.forEach((m) => revoke.run(now, m.id)))();
  return matches.map((m) => toInfo({ ...m, revoked_at: now }));
}

/** Verifies a presented token: the live token's record, or null when unknown or revoked. */
export function tokenVerifier(db: Db): (token: string) => TokenInfo | null {
  const find = db.prepare("SELECT id, name, role, created_at, revoked_at FROM tokens WHERE hash = ?");
  return (token) => {
    if (!token.startsWith(PREFIX) || token.length > 200) return null;
    const r = find.get(hashToken(token)) as TokenRecord | undefined;
    return r && r.revoked_at === null ? toInfo(r) : null;
  };
}
