// A ledger row's 申报批次 (notice) through the service: published with the sample notice, it is stored and evaluated
// under the notice's figures, exported with its column and read back; a notice the catalog lacks refuses the batch
// naming the row's field. On a real SQLite file and a real PostgreSQL database.
import Papa from "papaparse";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DERIVED_HEADERS } from "../../shared/ledger/columns.ts";
import { parseLedgerCsvBytes } from "../../shared/ledger/csv.ts";
import { defaultEngine } from "../../shared/node.ts";
import { code } from "../ledger/helpers.ts";
import { describeBackends } from "./backends.ts";
import { call, ledgerRow, makeToken, startService, type Service } from "./harness.ts";

const NOTICE = "jiulongpo-2026-1-sample";

describeBackends("ledger rows under a notice", (backend) => {
  const dbPath = backend.database("notice");
  let service: Service;
  let token: string;

  beforeAll(async () => {
    token = await makeToken(dbPath, "editor", "officer Li");
    service = await startService({ dbPath, env: { SUBSIDY_SEED_SAMPLE: "false" } });
  });
  afterAll(async () => {
    await service?.stop();
  });

  const put = (rows: unknown[]) => call(service, "PUT", "/api/ledger/rows", { token, json: { rows } });
  // Two enterprises, so that neither row's year cap is drawn on by the other.
  const fiveRow = (id: string, n: number, notice?: string) =>
    ledgerRow(id, n, { provisionId: "jiulongpo-5", amount: 100_000_000, creditCode: code(n), applicationDate: "2026-03-10", ...(notice ? { notice } : {}) });

  it("stores a jiulongpo-5 row of 1亿 under the sample notice with the notice's ceiling (8% → 800万), without it 10% → 1000万", async () => {
    const reply = await put([fiveRow("N-NOTICE", 1, NOTICE), fiveRow("N-DOCUMENT", 2)]);
    expect(reply.status).toBe(200);
    expect((reply.body as { inserted: number; warnings: unknown[] }).warnings).toEqual([]);

    const res = await fetch(`${service.url}/api/ledger/export?format=csv&lang=en`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    // The export carries the notice column, and reads back checked against the catalog's notices.
    const back = parseLedgerCsvBytes(bytes, "auto", { notices: defaultEngine().catalog });
    expect(back.ok && back.rows.map((r) => [r.applicationId, r.notice])).toEqual([["N-DOCUMENT", undefined], ["N-NOTICE", NOTICE]]);
    const table = Papa.parse<string[]>(new TextDecoder().decode(bytes).replace(/^\ufeff/, "").trimEnd(), { newline: "\r\n" }).data;
    const header = table[0] ?? [];
    const ceiling = header.indexOf(DERIVED_HEADERS.find((h) => h.zh === "最高可补")?.en ?? "");
    const notice = header.indexOf("Notice");
    expect(table.slice(1).map((cells) => [cells[0], cells[notice], Number(cells[ceiling])])).toEqual([
      ["N-DOCUMENT", "", 10_000_000],
      ["N-NOTICE", NOTICE, 8_000_000],
    ]);
    // `"notice": null` is no notice: the row sent so is the row stored without one, unchanged.
    const again = await put([{ ...fiveRow("N-DOCUMENT", 2), notice: null }]);
    expect(again.body).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
  });

  it("answers 400 naming rows.N.notice for a notice the catalog lacks or another document's, and stores nothing of the batch", async () => {
    const before = ((await call(service, "GET", "/api/ledger?limit=1", { token })).body as { total: number }).total;
    const unknown = await put([fiveRow("N-UNKNOWN", 3, "jiulongpo-2026-9")]);
    expect(unknown.status).toBe(400);
    const error = (unknown.body as { error: { code: string; field: string; message: { zh: string; en: string } } }).error;
    expect(error).toMatchObject({ code: "invalid_input", field: "rows.0.notice" });
    expect(error.message.en).toBe(`no notice jiulongpo-2026-9 (one of: ${NOTICE})`);
    expect(error.message.zh).toContain(NOTICE);

    const other = await put([fiveRow("N-OK", 4, NOTICE), ledgerRow("N-YUBEI", 5, { provisionId: "yubei-2", notice: NOTICE })]);
    expect(other.status).toBe(400);
    expect((other.body as { error: { field: string; issues: { field: string }[] } }).error).toMatchObject({ field: "rows.1.notice", issues: [{ field: "rows.1.notice" }] });
    expect(((await call(service, "GET", "/api/ledger?limit=1", { token })).body as { total: number }).total).toBe(before);
  });
});
