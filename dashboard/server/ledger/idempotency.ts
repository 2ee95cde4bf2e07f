// Idempotency keys: a batch re-sent with the same key (by the same token) gets the first answer back and
// changes nothing; the same key with a different batch is refused rather than guessed at.
import { createHash } from "node:crypto";
import type { Db, Executor } from "../db/open.ts";
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

/** The stored answer for a replay; throws 422 when the key was used for a different request. Call in the write transaction. */
export async function replay(trx: Executor, tokenId: number, key: string, hash: string): Promise<{ status: number; response: string } | null> {
  const found = await trx
    .selectFrom("idempotency")
    .select(["request_hash", "status", "response"])
    .where("token_id", "=", tokenId)
    .where("key", "=", key)
    .executeTakeFirst();
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

/**
 * How long a batch's key is remembered: far longer than any client retries a batch (the add-in retries for
 * minutes), short enough that the table does not grow with every batch ever sent.
 */
export const IDEMPOTENCY_RETENTION_MS = 7 * 24 * 3600 * 1000;

/** Deletes the records older than the retention; returns how many. Call in a write transaction. */
export async function pruneIdempotency(trx: Executor, now = Date.now()): Promise<number> {
  const before = new Date(now - IDEMPOTENCY_RETENTION_MS).toISOString();
  const result = await trx.deleteFrom("idempotency").where("created_at", "<", before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Records the answer; call inside the batch's transaction so both commit together. */
export async function record(trx: Executor, tokenId: number, key: string, hash: string, status: number, response: string): Promise<void> {
  await trx.insertInto("idempotency").values({ token_id: tokenId, key, request_hash: hash, status, response, created_at: new Date().toISOString() }).execute();
}

/**
 * One write transaction answered at most once per Idempotency-Key: a request seen before returns its first answer
 * (`replayed`) and changes nothing; otherwise `fn` runs and its answer is kept with the key, in the same transaction.
 * `hashed` is what makes two requests the same one.
 */
export async function writeOnce(
  db: Db,
  token: { id: number; jurisdiction: string },
  key: string | null,
  hashed: unknown,
  fn: (trx: Executor) => Promise<unknown>,
): Promise<{ json: string; replayed: boolean }> {
  const hash = key === null ? "" : requestHash(hashed);
  return db.write(
    async (trx) => {
      if (key !== null) {
        const previous = await replay(trx, token.id, key, hash);
        if (previous) return { json: previous.response, replayed: true };
      }
      // A refusal is thrown inside the transaction: nothing was written, and nothing commits.
      const json = JSON.stringify(await fn(trx));
      if (key !== null) await record(trx, token.id, key, hash, 200, json);
      return { json, replayed: false };
    },
    { office: token.jurisdiction },
  );
}
