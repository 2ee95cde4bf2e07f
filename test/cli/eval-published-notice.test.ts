// `subsidy eval --notice <id> --db <ledger>`: a notice published through the service, in a real SQLite ledger
// (written by the service's own store functions), computed by the CLI as the service computes it; the database read
// without a write; an unknown notice refused with exit 2 saying where the CLI looked.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { openDb } from "../../dashboard/server/db/open.ts";
import { insertDraft, markPublished } from "../../dashboard/server/notices/store.ts";
import { tempDir } from "../service/harness.ts";

const BIN = new URL("../../bin/subsidy.mjs", import.meta.url).pathname;
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, "eval", ...args], { encoding: "utf8", env: { ...process.env, SUBSIDY_FROM_SOURCES: "1" } });

describe("subsidy eval --notice with --db", () => {
  const dbPath = path.join(tempDir("subsidy-cli-notice-"), "ledger.db");
  let published = "";
  let draft = "";

  beforeAll(async () => {
    const db = await openDb(dbPath);
    try {
      const actor = { tokenId: null, name: "九龙坡区经信委 管理" };
      // 7% of equipment investment, the enterprise's year capped at 1200万 (the document: 10%, 2000万).
      const body = (title: string) => ({
        document: "jiulongpo" as const,
        title: { zh: title, en: "2026 second round (test)" },
        number: null,
        issued: "2026-04-20",
        window: { start: "2026-05-01", end: "2026-06-30" },
        budget: null,
        overrides: { "jiulongpo-5.rate": "7%", "jiulongpo-5.caps.enterpriseYear": "1200万元" },
        conditions: {},
        sample: false,
      });
      published = await db.write(async (trx) => (await markPublished(trx, await insertDraft(trx, body("2026年度第二批（测试）"), "jiulongpo", actor), actor)).id);
      draft = await db.write(async (trx) => (await insertDraft(trx, body("2026年度第三批（草稿）"), "jiulongpo", actor)).id);
    } finally {
      await db.close();
    }
  });

  it("pays a notice published in the ledger, naming the document's figure beside it, and writes nothing", () => {
    const before = fs.statSync(dbPath).mtimeMs;
    const small = run("jiulongpo-5", "1亿", "--notice", published, "--db", dbPath, "--date", "2026-05-10");
    expect(small.status, small.stdout + small.stderr).toBe(0);
    expect(small.stdout).toContain(`jiulongpo-5 最高可补 7,000,000 元（按申报通知 ${published}；文件最高 10,000,000 元）`);
    const large = JSON.parse(run("jiulongpo-5", "3亿", "--notice", published, "--db", dbPath, "--json", "--date", "2026-05-10").stdout);
    expect(large).toMatchObject({ amount: 12_000_000, bound: "cap", notice: { id: published, documentCeiling: 20_000_000 } });
    expect(fs.statSync(dbPath).mtimeMs).toBe(before);
  });

  it("exits 2 with a JSON error saying where it looked: without --db, a draft, an unknown ID, a database that is not there", () => {
    const withoutDb = run("jiulongpo-5", "1亿", "--notice", published, "--lang", "en", "--date", "2026-05-10");
    expect(withoutDb.status).toBe(2);
    expect(JSON.parse(withoutDb.stdout)).toMatchObject({ error: { code: "invalid_input", field: "notice", message: expect.stringContaining("no --db given") } });

    for (const id of [draft, "api-jiulongpo-99"]) {
      const r = run("jiulongpo-5", "1亿", "--notice", id, "--db", dbPath, "--lang", "en", "--date", "2026-05-10");
      expect(r.status).toBe(2);
      const error = (JSON.parse(r.stdout) as { error: { code: string; field: string; message: string } }).error;
      expect(error).toMatchObject({ code: "invalid_input", field: "notice" });
      expect(error.message).toContain(`no notice ${id}; looked in rules/notices/ and the notices published in ${dbPath}`);
      expect(error.message).toContain(published);
    }

    const missing = path.join(path.dirname(dbPath), "none.db");
    const r = run("jiulongpo-5", "1亿", "--notice", published, "--db", missing, "--lang", "en");
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { code: "database_unavailable", field: "db" } });
    expect(fs.existsSync(missing)).toBe(false);
  });
});
