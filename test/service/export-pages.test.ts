// An export's pages (stored-rows.ts) filtered by a district or an office and a year: on both planners each page is
// one range of an index in application-ID order, with no sort of the rows the filter matches and no scan of the
// ledger, so that every page costs its own rows however large the selection.
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDb, type Db } from "../../dashboard/server/db/open.ts";
import type { LedgerFilter } from "../../dashboard/server/ledger/store.ts";
import { storedPageQuery } from "../../dashboard/server/ledger/stored-rows.ts";
import { describeBackends } from "./backends.ts";
import { insertRecords, plan, scansTable, storedRecord } from "./query-plans.ts";

const DISTRICTS = ["渝北区", "九龙坡区", "璧山区", "南岸区"];
const OFFICES = ["yubei", "jiulongpo", "chongqing"];
const ROWS = 30_000;

describeBackends("export pages by district or office and year", (backend) => {
  const spec = backend.database("pages");
  let db: Db;
  beforeAll(async () => {
    db = await openDb(spec);
    // IDs in an order of their own, unrelated to district, office or year.
    const records = Array.from({ length: ROWS }, (_, i) =>
      storedRecord({
        application_id: `EP-${String((i * 7919) % ROWS).padStart(6, "0")}`,
        provision_id: "yubei-2",
        credit_code: `C${i % 3000}`,
        district: DISTRICTS[i % DISTRICTS.length] as string,
        jurisdiction: OFFICES[i % OFFICES.length] as string,
        year: 2024 + (i % 3),
      }),
    );
    await insertRecords(db, records);
  }, 60_000);
  afterAll(() => db?.close());

  const cases: { filter: LedgerFilter; index: string }[] = [
    { filter: { district: "渝北区", year: 2026 }, index: "ledger_rows_district_year_id" },
    { filter: { jurisdiction: "yubei", year: 2026 }, index: "ledger_rows_jurisdiction_year_id" },
  ];
  for (const { filter, index } of cases) {
    it(`reads ${JSON.stringify(filter)} page by page along ${index}`, async () => {
      for (const after of [null, "EP-015000"]) {
        // PostgreSQL sorts the 1,250 rows a page of this small table may match rather than walk the index for 500
        // of them; at a million rows (113k matching) it walks the index, with statistics or without.
        const lines = await plan(db, storedPageQuery(db.k, filter, after, 500).compile(), { pgOff: ["enable_sort"] });
        const text = lines.join("\n");
        expect(text).toContain(index);
        expect(scansTable(lines)).toBe(false);
        // SQLite says "USE TEMP B-TREE FOR ORDER BY" when it sorts; PostgreSQL a Sort node.
        expect(text).not.toMatch(/TEMP B-TREE|Sort/);
      }
    });
  }

  it("pages through the same rows as one query of the whole selection", async () => {
    const filter = { district: "渝北区", year: 2026 };
    const paged: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await storedPageQuery(db.k, filter, after, 500).execute();
      paged.push(...page.map((r) => r.application_id));
      if (page.length < 500) break;
      after = page[page.length - 1]?.application_id ?? null;
    }
    const whole = await db.k.selectFrom("ledger_rows").select("application_id").where("district", "=", "渝北区").where("year", "=", 2026).orderBy("application_id").execute();
    expect(paged).toEqual(whole.map((r) => r.application_id));
    expect(paged.length).toBeGreaterThan(1000);
  });
});
