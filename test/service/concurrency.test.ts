// 50 publishers upserting overlapping rows at once: no update is lost, every version is in the history, and the
// audit chains verify (each version linked to the one before it, never two to the same).
import { afterAll, expect, it } from "vitest";
import { call, ledgerRow, makeToken, runSubsidy, startService, type Service } from "./harness.ts";
import { describeBackends } from "./backends.ts";

const PUBLISHERS = 50;
const BATCHES_EACH = 4;
const SHARED_IDS = 30;
const ROWS_PER_BATCH = 12;

interface HistoryReply {
  versions: { version: number; row: { note: string; amount: number }; changedBy: string; batchId: string }[];
}

describeBackends("50 concurrent publishers", (backend) => {
  const dbPath = backend.database("concurrency");
  let service: Service | undefined;
  afterAll(async () => {
    await service?.stop();
  });

  it("loses no update and keeps every version", async () => {
    // One after another: two handles of one SQLite file in one thread would wait on each other's write lock.
    const tokens: string[] = [];
    for (let p = 0; p < PUBLISHERS; p++) tokens.push(await makeToken(dbPath, "editor", `publisher ${p}`));
    service = await startService({ dbPath });
    const s = service;
    // Which (publisher, batch) wrote each application ID: every write carries a distinct note.
    const writes = new Map<string, Set<string>>();
    const publisher = async (p: number): Promise<void> => {
      for (let b = 0; b < BATCHES_EACH; b++) {
        const ids = Array.from({ length: ROWS_PER_BATCH }, (_, i) => `C-${(p * 7 + b * 5 + i * 3) % SHARED_IDS}`);
        const unique = [...new Set(ids)];
        const note = `p${p} b${b}`;
        const rows = unique.map((id, i) => ledgerRow(id, p * 100 + b * 10 + i, { note }));
        const reply = await call(s, "PUT", "/api/ledger/rows", { token: tokens[p], json: { rows } });
        expect(reply.status, reply.text).toBe(200);
        for (const id of unique) {
          if (!writes.has(id)) writes.set(id, new Set());
          writes.get(id)?.add(note);
        }
      }
    };
    await Promise.all(Array.from({ length: PUBLISHERS }, (_, p) => publisher(p)));

    const current = (await call(s, "GET", `/api/ledger?limit=5000`)).body as { rows: { row: { applicationId: string; note: string }; version: number }[] };
    for (const [id, notes] of writes) {
      const history = (await call(s, "GET", `/api/ledger/${id}/history`)).body as HistoryReply;
      const versions = history.versions;
      // One version per write, numbered without gaps, each write's note present exactly once.
      expect(versions.map((v) => v.version)).toEqual(Array.from({ length: notes.size }, (_, i) => i + 1));
      expect(new Set(versions.map((v) => v.row.note))).toEqual(notes);
      // The current row is the last version written.
      const row = current.rows.find((r) => r.row.applicationId === id);
      expect(row?.version).toBe(notes.size);
      expect(row?.row.note).toBe(versions[versions.length - 1]?.row.note);
    }
    expect(writes.size).toBe(SHARED_IDS);
    // Token events: the publishers' tokens and the service's first-run token.
    const verified = await runSubsidy("db", "verify", "--db", dbPath);
    expect(verified.json).toMatchObject({ ok: true, breaks: [], checked: { ledgerHistory: [...writes.values()].reduce((n, notes) => n + notes.size, 0), tokenEvents: PUBLISHERS + 1 } });
    expect(verified.code).toBe(0);
  }, 120_000);
});
