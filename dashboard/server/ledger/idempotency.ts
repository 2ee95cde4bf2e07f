// Idempotency keys: a batch re-sent with the same key (by the same token) gets the first answer back and
// changes nothing; the same key with a different batch is refused rather than guessed at.
import { createHash } from "node:crypto";
import type { Db } from "../db/open.ts";
import { ApiError } from "../errors.ts";

export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

export function requestHash(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex");
}

export function checkKey(raw: string | string[] | undefined): string | null {
  if (raw === undefined) return null;
  if (typeof raw !== "string" || !IDEMPOTENCY_KEY.test(raw)) {
    throw new ApiError(
      400,
      "invalid_input",
      { zh: "Idempotency-Key 应为 1–200 个可见 ASCII 字符", en: "Idempotency-Key must be 1–200 visible ASCII characters" },
      "idempotency-key",
    );
  }
  return raw;
}

export class IdempotencyStore {
  private readonly find;
  private readonly save;

  constructor(db: Db) {
    this.find = db.prepare("SELECT request_hash, status, response FROM idempotency WHERE token_id = ? AND key = ?");
    this.save = db.prepare("INSERT INTO idempotency (token_id, key, request_hash, status, response, created_at) VALUES (?, ?, ?, ?, ?, ?)");
  }

  /** The stored answer for a replay; throws 422 when the key was used for a different request. */
  replay(tokenId: number, key: string, hash: string): { status: number; response: string } | null {
    const found = this.find.get(tokenId, key) as { request_hash: string; status: number; response: string } | undefined;
    if (!found) return null;
    if (found.request_hash !== hash) {
      throw new ApiError(
        422,
        "idempotency_key_reused",
        { zh: "此 Idempotency-Key 已用于另一批数据，请为新批次使用新的键", en: "this Idempotency-Key was used for a different batch; use a new key for a new batch" },
        "idempotency-key",
      );
    }
    return { status: found.status, response: found.response };
  }

  /** Records the answer; call inside the batch's transaction so both commit together. */
  record(tokenId: number, key: string, hash: string, status: number, response: string): void {
    this.save.run(tokenId, key, hash, status, response, new Date().toISOString());
  }
}
