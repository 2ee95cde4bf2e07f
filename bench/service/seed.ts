// Seeding the ledger through the API as the task pane does: PUT /api/ledger/rows in request bodies of at most
// 2 MB (Excel on the web caps a request at 5 MB; the add-in sends at most 2 MB), one after another, each with an
// Idempotency-Key. Bodies are built as they are sent, so a 1M-row ledger is never held twice as JSON.
import type { LedgerRow } from "../../shared/ledger/row.ts";
import { Tally, timedRequest } from "./http.ts";

const CHUNK_BYTES = 2 * 1024 * 1024;
/** Per request: a 2 MB chunk is validated, evaluated for warnings and written in one transaction. */
const CHUNK_TIMEOUT_MS = 120_000;

function* bodies(rows: readonly LedgerRow[]): Generator<string> {
  let parts: string[] = [];
  let size = 10;
  for (const row of rows) {
    const text = JSON.stringify(row);
    const bytes = Buffer.byteLength(text) + 1;
    if (size + bytes > CHUNK_BYTES && parts.length) {
      yield `{"rows":[${parts.join(",")}]}`;
      parts = [];
      size = 10;
    }
    parts.push(text);
    size += bytes;
  }
  if (parts.length) yield `{"rows":[${parts.join(",")}]}`;
}

export interface Ingest {
  seconds: number;
  requests: Tally;
}

export async function ingest(url: string, token: string, rows: readonly LedgerRow[], keyPrefix: string): Promise<Ingest> {
  const requests = new Tally();
  const start = process.hrtime.bigint();
  let i = 0;
  for (const body of bodies(rows)) {
    requests.add(
      await timedRequest(`${url}/api/ledger/rows`, {
        method: "PUT",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "idempotency-key": `${keyPrefix}-seed-${i++}` },
        body,
        timeoutMs: CHUNK_TIMEOUT_MS,
      }),
    );
  }
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, requests };
}

/**
 * The `round`-th update batch: `size` existing rows, taken in turn through the ledger, with their amount changed
 * (so each is a real new version, re-evaluated with its coupled rows). Not their status or approval: those are
 * events now (row-events.ts), and an approval is not undone by rewriting the row.
 */
export function updateBatch(rows: readonly LedgerRow[], round: number, size: number): string {
  const batch: LedgerRow[] = [];
  for (let i = 0; i < size && i < rows.length; i++) {
    const row = rows[(round * size + i) % rows.length] as LedgerRow;
    batch.push(row.amount === null ? row : { ...row, amount: row.amount + 1 + (round % 1000) });
  }
  return JSON.stringify({ rows: batch });
}
