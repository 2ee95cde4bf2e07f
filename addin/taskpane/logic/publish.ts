// Publishing the ledger to the service: PUT /api/ledger/rows in chunks of at most 2 MB, each with an
// Idempotency-Key derived from its content, so that a retry or a second publish of the same rows changes
// nothing. A chunk is stored whole or not at all (the service's rule); a rejected chunk's per-row errors are
// mapped back to ledger rows and the other chunks still go.
import type { Text } from "../../../shared/catalog/schema.ts";
import type { LedgerRow } from "../../../shared/ledger/row.ts";
import type { Violation } from "../../../shared/ledger/violation.ts";

export const MAX_CHUNK_BYTES = 2 * 1024 * 1024;
/** The service takes at most 20,000 rows per batch; stay well inside. */
export const MAX_CHUNK_ROWS = 10_000;

export interface RowProblem {
  /** Index in the published rows (0-based). */
  index: number;
  applicationId: string | null;
  field: string;
  message: Text;
}

export interface PublishReport {
  chunks: number;
  chunksStored: number;
  inserted: number;
  updated: number;
  unchanged: number;
  problems: RowProblem[];
  /** What the ledger checks found in the stored rows (stored all the same), index in the published rows. */
  warnings: Violation[];
}

export interface PublishOptions {
  serviceUrl: string;
  token: string;
  fetch?: typeof fetch;
  onProgress?: (rowsDone: number, rowsTotal: number) => void;
  maxBytes?: number;
}

const encoder = new TextEncoder();

/** Splits rows into bodies of at most maxBytes ({"rows":[…]} as UTF-8), never splitting a row. */
export function chunkRows(rows: readonly LedgerRow[], maxBytes = MAX_CHUNK_BYTES): { start: number; body: string }[] {
  const chunks: { start: number; body: string }[] = [];
  const overhead = encoder.encode('{"rows":[]}').length;
  let start = 0;
  let parts: string[] = [];
  let size = overhead;
  const flush = () => {
    if (parts.length) chunks.push({ start, body: `{"rows":[${parts.join(",")}]}` });
    start += parts.length;
    parts = [];
    size = overhead;
  };
  for (const row of rows) {
    const json = JSON.stringify(row);
    const rowBytes = encoder.encode(json).length;
    if (overhead + rowBytes > maxBytes) throw new Error(`row ${row.applicationId} alone exceeds ${maxBytes} bytes`);
    // Within a chunk a comma separates a row from the one before.
    if (parts.length && (size + 1 + rowBytes > maxBytes || parts.length >= MAX_CHUNK_ROWS)) flush();
    size += (parts.length ? 1 : 0) + rowBytes;
    parts.push(json);
  }
  flush();
  return chunks;
}

export async function idempotencyKey(body: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", encoder.encode(body));
  return `ledger-${[...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

interface ErrorBody {
  error?: { code?: string; message?: Text; field?: string; issues?: { field: string; message: Text }[] };
}

function problemsOf(body: ErrorBody, status: number, start: number, rows: readonly LedgerRow[]): RowProblem[] {
  const error = body.error;
  const fallback = { zh: `服务返回 ${status}`, en: `the service answered ${status}` };
  const issues = error?.issues?.length ? error.issues : [{ field: error?.field ?? "body", message: error?.message ?? fallback }];
  return issues.map((issue) => {
    const m = /^rows\.(\d+)(?:\.(.+))?$/.exec(issue.field);
    const index = m ? start + Number(m[1]) : start;
    return { index, applicationId: m ? (rows[index]?.applicationId ?? null) : null, field: m ? (m[2] ?? "row") : issue.field, message: issue.message ?? fallback };
  });
}

export async function publishRows(rows: readonly LedgerRow[], options: PublishOptions): Promise<PublishReport> {
  const send = options.fetch ?? fetch;
  const chunks = chunkRows(rows, options.maxBytes);
  const report: PublishReport = { chunks: chunks.length, chunksStored: 0, inserted: 0, updated: 0, unchanged: 0, problems: [], warnings: [] };
  let done = 0;
  options.onProgress?.(0, rows.length);
  for (const [k, chunk] of chunks.entries()) {
    const count = (chunks[k + 1]?.start ?? rows.length) - chunk.start;
    let response: Response;
    try {
      response = await send(`${options.serviceUrl.replace(/\/+$/, "")}/api/ledger/rows`, {
        method: "PUT",
        headers: { "content-type": "application/json", authorization: `Bearer ${options.token}`, "idempotency-key": await idempotencyKey(chunk.body) },
        body: chunk.body,
      });
    } catch (error) {
      report.problems.push({ index: chunk.start, applicationId: null, field: "network", message: { zh: `无法连接服务：${(error as Error).message}`, en: `cannot reach the service: ${(error as Error).message}` } });
      break;
    }
    const body = (await response.json().catch(() => ({}))) as ErrorBody & { inserted?: number; updated?: number; unchanged?: number; warnings?: Violation[] };
    if (response.ok) {
      report.chunksStored++;
      report.inserted += body.inserted ?? 0;
      report.updated += body.updated ?? 0;
      report.unchanged += body.unchanged ?? 0;
      for (const w of body.warnings ?? []) report.warnings.push({ ...w, index: chunk.start + w.index });
    } else {
      report.problems.push(...problemsOf(body, response.status, chunk.start, rows));
      // Without the right token no later chunk will fare better.
      if (response.status === 401 || response.status === 403) break;
    }
    done += count;
    options.onProgress?.(done, rows.length);
  }
  return report;
}
