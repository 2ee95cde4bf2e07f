// POST /api/whatif on a ledger of a few thousand rows: for each set of overrides (a rate lowered, a cap raised, caps
// shared by several provisions), the answer's after-figures equal a whole-ledger evaluateLedger under withValues,
// grouped the same way, and its before-figures the stored summary; bad overrides are refused naming the path; what-ifs
// beyond the slots are refused with 503 and Retry-After while health keeps answering. On SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb } from "../../dashboard/server/db/open.ts";
import { LedgerStore } from "../../dashboard/server/ledger/store.ts";
import type { WhatIfFigures, Figures } from "../../dashboard/server/whatif/compute.ts";
import { catalogVersion } from "../../shared/catalog/version-node.ts";
import { Engine } from "../../shared/engine/engine.ts";
import { getParameter, parseParameterValue, withValues } from "../../shared/engine/parameters.ts";
import { evaluateLedger } from "../../shared/ledger/evaluate.ts";
import { LedgerRow } from "../../shared/ledger/row.ts";
import { sampleLedger } from "../../shared/ledger/sample.ts";
import type { SummaryRow } from "../../shared/ledger/summary.ts";
import { defaultEngine } from "../../shared/node.ts";
import { describeBackends } from "./backends.ts";
import { call, makeToken, startService, type Service } from "./harness.ts";

const ROWS = 3_000;
const engine = defaultEngine();

interface Stored {
  row: LedgerRow;
  key: Record<string, string | number>;
}

const SETS: { name: string; overrides: Record<string, string>; within: boolean }[] = [
  { name: "a rate lowered", overrides: { "jiulongpo-5.rate": "8%" }, within: true },
  { name: "a cap raised", overrides: { "jiulongpo-5.caps.enterpriseYear": "3000万元" }, within: false },
  {
    name: "a cap two provisions share, lowered for both, with another cap lowered",
    overrides: { "jiulongpo-12b.caps.enterpriseYear": "500万元", "jiulongpo-12c.caps.enterpriseYear": "500万元", "jiulongpo-6.received.caps.enterprise": "50万元" },
    within: true,
  },
  // One provision's share of a group whose members' limits differ: readNotice asks one figure for the group.
  { name: "one member of a shared cap lowered", overrides: { "yubei-6.caps.enterprise": "10万元" }, within: false },
];

/** The figures of rows grouped by `by`, from a whole-ledger evaluation (fen). */
function grouped(stored: readonly Stored[], evaluation: ReturnType<typeof evaluateLedger>, by: readonly string[]): Map<string, Figures> {
  const out = new Map<string, Figures>();
  stored.forEach((s, i) => {
    const id = JSON.stringify(by.map((k) => s.key[k]));
    const f = out.get(id) ?? { rows: 0, ceilingFen: 0, countedFen: 0, uncapped: 0 };
    const ceiling = evaluation.columns.ceilingFen[i] as number;
    out.set(id, {
      rows: f.rows + 1,
      ceilingFen: f.ceilingFen + (Number.isNaN(ceiling) ? 0 : ceiling),
      countedFen: f.countedFen + (evaluation.columns.countedFen[i] as number),
      uncapped: f.uncapped + (Number.isNaN(ceiling) ? 1 : 0),
    });
  });
  return out;
}

const figuresOf = (answer: WhatIfFigures, pick: "before" | "after") => new Map(answer.groups.map((g) => [JSON.stringify(answer.by.map((k) => g.key[k])), g[pick]]));

describeBackends("what-if on the stored ledger", (backend) => {
  const spec = backend.database("whatif");
  let service: Service;
  let stored: Stored[] = [];
  beforeAll(async () => {
    const db = await openDb(spec);
    try {
      const store = new LedgerStore(db, engine, catalogVersion());
      const rows = sampleLedger({ rows: ROWS, distinctIds: true }).rows.map((r) => LedgerRow.parse(r));
      await store.upsert(rows, { tokenId: null, name: "test" }, "seed");
      const records = await db.k.selectFrom("ledger_rows").selectAll().orderBy("application_id").execute();
      stored = records.map((r) => ({
        row: JSON.parse(r.data) as LedgerRow,
        key: { document: r.document ?? "", provision: r.provision_id, jurisdiction: r.jurisdiction ?? "", year: r.year },
      }));
    } finally {
      await db.close();
    }
    service = await startService({ dbPath: spec, env: { SUBSIDY_SEED_SAMPLE: "false", SUBSIDY_WHATIF_SLOTS: "1" } });
  }, 180_000);
  afterAll(() => service?.stop());

  it("refuses more what-ifs than its slots with 503 and Retry-After, while health answers", async () => {
    // The first what-if starts the worker (loading the engine takes a while); the others arrive meanwhile.
    let pending = 3;
    const asked = [0, 1, 2].map(() => call(service, "POST", "/api/whatif", { json: { overrides: { "jiulongpo-5.rate": "8%" } } }).finally(() => pending--));
    const health = await call(service, "GET", "/api/health");
    expect(health.status).toBe(200);
    expect(pending).toBeGreaterThan(0);
    const replies = await Promise.all(asked);
    expect(replies.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(1);
    const refused = replies.filter((r) => r.status === 503);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    for (const r of refused) {
      expect(r.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(r.body).toMatchObject({ error: { code: "busy", message: { zh: expect.any(String), en: expect.any(String) } } });
    }
  }, 120_000);

  for (const set of SETS) {
    for (const by of [["document", "provision"], ["jurisdiction", "year"]]) {
      it(`${set.name}, by ${by.join(",")}: after = whole-ledger evaluation under withValues; before = stored summary`, async () => {
        const res = await call(service, "POST", "/api/whatif", { json: { overrides: set.overrides, by } });
        expect(res.status, res.text).toBe(200);
        const answer = res.body as WhatIfFigures & { overrides: { path: string; withinDocument: boolean }[]; issuable: boolean; total: { difference: Figures } };

        const values = new Map(Object.entries(set.overrides).map(([path, v]) => [path, parseParameterValue(getParameter(engine.catalog, path)!, v)!]));
        const rows = stored.map((s) => s.row);
        const after = grouped(stored, evaluateLedger(new Engine(withValues(engine.catalog, values)), rows, { trace: false }), by);
        expect(figuresOf(answer, "after")).toEqual(after);
        const before = grouped(stored, evaluateLedger(engine, rows, { trace: false }), by);
        expect(figuresOf(answer, "before")).toEqual(before);
        // The change moves something: a test of a change that moves nothing would pass with any answer.
        expect(answer.total.difference.ceilingFen).not.toBe(0);
        expect(answer.evaluatedRows).toBeGreaterThan(0);
        expect(answer.evaluatedRows).toBeLessThan(ROWS);
        expect(answer.affectedEnterprises).toBeGreaterThan(0);

        // Before, as the stored summary has it.
        const summary = await call(service, "GET", `/api/summary?by=${by.join(",")}`);
        const summaryRows = (summary.body as { rows: SummaryRow[] }).rows;
        const fromSummary = new Map(summaryRows.map((r) => [JSON.stringify(by.map((k) => r.key[k as keyof SummaryRow["key"]])), { rows: r.count, ceilingFen: Math.round(r.requested * 100), uncapped: r.uncapped }]));
        const answered = new Map([...figuresOf(answer, "before")].map(([k, f]) => [k, { rows: f.rows, ceilingFen: f.ceilingFen, uncapped: f.uncapped }]));
        expect(answered).toEqual(fromSummary);

        expect(answer.overrides.map((o) => o.withinDocument)).toEqual(Object.keys(set.overrides).map(() => set.within));
        expect(answer.issuable).toBe(set.within);
      }, 120_000);
    }
  }

  it("answers an office's token for its own rows only", async () => {
    const token = await makeToken(spec, "viewer", "jiulongpo viewer", "jiulongpo");
    const res = await call(service, "POST", "/api/whatif", { token, json: { overrides: { "jiulongpo-5.rate": "8%" }, by: ["jurisdiction"] } });
    expect(res.status, res.text).toBe(200);
    const answer = res.body as WhatIfFigures & { jurisdiction: string };
    expect(answer.jurisdiction).toBe("jiulongpo");
    expect(answer.groups.map((g) => g.key.jurisdiction)).toEqual(["jiulongpo"]);
    expect(answer.groups[0]?.before.rows).toBe(stored.filter((s) => s.key.jurisdiction === "jiulongpo").length);
  });

  describe("bad overrides", () => {
    it("names an unknown path", async () => {
      const res = await call(service, "POST", "/api/whatif", { json: { overrides: { "jiulongpo-5.rate": "8%", "jiulongpo-5.nope": "1%" } } });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { field: "overrides.jiulongpo-5.nope" } });
    });
    it("names a figure that cannot be read", async () => {
      const res = await call(service, "POST", "/api/whatif", { json: { overrides: { "jiulongpo-5.caps.enterpriseYear": "lots" } } });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { field: "overrides.jiulongpo-5.caps.enterpriseYear" } });
    });
    it("refuses more than 50 overrides and an unknown group key", async () => {
      const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`jiulongpo-${i}.rate`, "1%"]));
      expect((await call(service, "POST", "/api/whatif", { json: { overrides: many } })).status).toBe(400);
      const res = await call(service, "POST", "/api/whatif", { json: { overrides: {}, by: ["enterprise"] } });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { field: "by.0" } });
    });
    it("is in the OpenAPI document with its error responses", async () => {
      const doc = (await call(service, "GET", "/api/openapi.json")).body as { paths: Record<string, { post?: { responses: Record<string, unknown> } }> };
      const responses = doc.paths["/api/whatif"]?.post?.responses ?? {};
      expect(Object.keys(responses)).toEqual(expect.arrayContaining(["200", "400", "401", "503"]));
    });
  });
});
