// The audit of tokens: each creation and revocation is an event in one hash chain (audit/chain.ts), appended in the
// transaction that creates or revokes, so a token never exists without the event that says who made it.
import os from "node:os";
import { CHAIN_START, chainHash } from "../audit/chain.ts";
import type { Executor } from "../db/open.ts";
import type { TokenEventsTable } from "../db/schema.ts";

export type TokenEvent = Omit<TokenEventsTable, "seq" | "prev_hash" | "hash">;

/** Who runs this process, as token events record a CLI action: `cli:<OS user>`. */
export function cliActor(): string {
  let user = process.env.USER ?? "";
  try {
    user = os.userInfo().username;
  } catch {
    // No passwd entry (a container's arbitrary UID): the environment's word, or unknown.
  }
  return `cli:${user || "unknown"}`;
}

/**
 * Appends events after the last one. Call it in a write transaction (db.write): the last event is read and the next
 * written under the write lock, so two writers never both extend the same event.
 */
export async function appendTokenEvents(trx: Executor, events: readonly TokenEvent[]): Promise<void> {
  const last = await trx.selectFrom("token_events").select(["seq", "hash"]).orderBy("seq", "desc").limit(1).executeTakeFirst();
  let seq = last?.seq ?? 0;
  let prev = last?.hash ?? CHAIN_START;
  for (const event of events) {
    seq++;
    const entry = { ...event, seq };
    const hash = chainHash("token_events", entry, prev);
    await trx.insertInto("token_events").values({ ...entry, prev_hash: prev, hash }).execute();
    prev = hash;
  }
}
