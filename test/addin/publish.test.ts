// Publishing from the task pane to the real ledger service (a child process on a real SQLite file).
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chunkRows, publishRows } from "../../addin/taskpane/logic/publish.ts";
import { LedgerRow } from "../../shared/ledger/row.ts";
import { ledgerRow, makeToken, startService, tempDir, type Service } from "../service/harness.ts";

const rows = Array.from({ length: 240 }, (_, n) => LedgerRow.parse(ledgerRow(`ADDIN-${String(n).padStart(4, "0")}`, n, { note: "九龙坡区兑现台账".repeat(n % 7) })));

describe("chunking", () => {
  it("keeps every body within the limit, splits between rows, and loses nothing", () => {
    const max = 8_000;
    const chunks = chunkRows(rows, max);
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) expect(new TextEncoder().encode(chunk.body).length).toBeLessThanOrEqual(max);
    const back = chunks.flatMap((c) => (JSON.parse(c.body) as { rows: LedgerRow[] }).rows);
    expect(back).toEqual(rows);
    expect(chunks.map((c) => c.start)).toEqual(chunks.map((_, k) => chunks.slice(0, k).reduce((n, c) => n + (JSON.parse(c.body) as { rows: unknown[] }).rows.length, 0)));
    expect(() => chunkRows(rows, 200)).toThrow(/alone exceeds/);
  });
});

describe("publishing to the service", () => {
  let service: Service;
  let editor: string;
  let viewer: string;

  beforeAll(async () => {
    const dbPath = path.join(tempDir("subsidy-addin-publish-"), "subsidy.db");
    service = await startService({ dbPath });
    editor = await makeToken(dbPath, "editor", "addin test editor");
    viewer = await makeToken(dbPath, "viewer", "addin test viewer");
  });

  afterAll(async () => {
    await service?.stop();
  });

  const total = async () => ((await (await fetch(`${service.url}/api/ledger?limit=1`, { headers: { authorization: `Bearer ${editor}` } })).json()) as { total: number }).total;

  it("stores every row in chunks with progress, and a second publish changes nothing", async () => {
    const progress: number[] = [];
    const first = await publishRows(rows, { serviceUrl: service.url, token: editor, maxBytes: 20_000, onProgress: (done) => progress.push(done) });
    expect(first.problems).toEqual([]);
    expect(first.chunks).toBeGreaterThan(1);
    expect(first.chunksStored).toBe(first.chunks);
    expect(first.inserted).toBe(rows.length);
    expect(progress.at(-1)).toBe(rows.length);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(await total()).toBe(rows.length);

    await publishRows(rows, { serviceUrl: service.url, token: editor, maxBytes: 20_000 });
    expect(await total()).toBe(rows.length);
    const history = (await (await fetch(`${service.url}/api/ledger/ADDIN-0007/history`, { headers: { authorization: `Bearer ${editor}` } })).json()) as { versions?: unknown[] } | unknown[];
    const versions = Array.isArray(history) ? history : (history.versions ?? []);
    expect(versions).toHaveLength(1);
  });

  it("maps a rejected row back to its ledger row and still stores the other chunks", async () => {
    const batch = Array.from({ length: 60 }, (_, n) => LedgerRow.parse(ledgerRow(`ADDIN-B-${n}`, n)));
    (batch[45] as { amount: number }).amount = -5;
    const report = await publishRows(batch, { serviceUrl: service.url, token: editor, maxBytes: 4_000 });
    expect(report.problems.length).toBeGreaterThan(0);
    expect(report.problems[0]).toMatchObject({ index: 45, applicationId: "ADDIN-B-45", field: "amount" });
    expect(report.problems[0]?.message.zh).toBeTruthy();
    expect(report.chunksStored).toBe(report.chunks - 1);
  });

  it("collects the service's warnings with each row's place in the published rows, across chunks", async () => {
    const batch = Array.from({ length: 40 }, (_, n) => LedgerRow.parse(ledgerRow(`ADDIN-W-${n}`, n)));
    (batch[33] as { provisionId: string }).provisionId = "jiulongpo-99";
    const report = await publishRows(batch, { serviceUrl: service.url, token: editor, maxBytes: 4_000 });
    expect(report.chunks).toBeGreaterThan(2);
    expect(report.problems).toEqual([]);
    expect(report.warnings.map((w) => [w.index, w.applicationId, w.code])).toEqual([[33, "ADDIN-W-33", "unknown_provision"]]);
    expect(report.warnings[0]?.message.zh).toBeTruthy();
  });

  it("publishes a row's 申报批次, and maps a notice the service does not have back to the row's notice field", async () => {
    const notice = "jiulongpo-2026-1-sample";
    const five = (id: string, n: string) => LedgerRow.parse(ledgerRow(id, 0, { provisionId: "jiulongpo-5", amount: 100_000_000, applicationDate: "2026-03-10", notice: n }));
    const stored = await publishRows([five("ADDIN-N-1", notice)], { serviceUrl: service.url, token: editor });
    expect(stored.problems).toEqual([]);
    const listed = (await (await fetch(`${service.url}/api/ledger?limit=5&provision=jiulongpo-5`, { headers: { authorization: `Bearer ${editor}` } })).json()) as { rows: { row: LedgerRow }[] };
    expect(listed.rows.map((r) => [r.row.applicationId, r.row.notice])).toEqual([["ADDIN-N-1", notice]]);
    const refused = await publishRows([five("ADDIN-N-2", notice), five("ADDIN-N-3", "jiulongpo-2026-9")], { serviceUrl: service.url, token: editor });
    expect(refused.problems).toMatchObject([{ index: 1, applicationId: "ADDIN-N-3", field: "notice" }]);
    expect(refused.problems[0]?.message.en).toContain(notice);
  });

  it("stops at a token without the editor role", async () => {
    const report = await publishRows(rows.slice(0, 50), { serviceUrl: service.url, token: viewer, maxBytes: 4_000 });
    expect(report.chunksStored).toBe(0);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]?.message.en).toBeTruthy();
  });

  it("reports an unreachable service instead of throwing", async () => {
    const report = await publishRows(rows.slice(0, 3), { serviceUrl: "http://127.0.0.1:9", token: editor });
    expect(report.problems[0]).toMatchObject({ field: "network" });
  });
});
