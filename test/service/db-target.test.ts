// What SUBSIDY_DB / --db names, how it is printed, and which failed queries mean "the server cannot be reached"
// (answered 503) rather than a wrong query (answered 500) — the errors are real ones, from a real client.
import path from "node:path";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { unreachable } from "../../dashboard/server/db/open.ts";
import { describeTarget, parseTarget } from "../../dashboard/server/db/target.ts";
import { freePort } from "./harness.ts";

describe("database targets", () => {
  it("reads a path as SQLite and a postgres:// or postgresql:// URL as PostgreSQL", () => {
    expect(parseTarget("data/x.db")).toEqual({ kind: "sqlite", file: path.resolve("data/x.db") });
    expect(parseTarget("postgres://u:p@db.example:5432/subsidy")).toMatchObject({ kind: "postgres" });
    expect(parseTarget(" POSTGRESQL://u@db/subsidy ")).toMatchObject({ kind: "postgres" });
    expect(() => parseTarget("mysql://u@db/subsidy")).toThrow(/unsupported database URL scheme/);
  });

  it("never prints a URL's password", () => {
    expect(describeTarget("postgres://officer:s3cret@db.example/subsidy")).toBe("postgres://officer:***@db.example/subsidy");
    expect(describeTarget("/srv/subsidy.db")).toBe("/srv/subsidy.db");
  });

  it("tells an unreachable server from a wrong query", async () => {
    const dead = new pg.Client({ connectionString: `postgres://root@127.0.0.1:${await freePort()}/test`, connectionTimeoutMillis: 2000 });
    const refused = await dead.connect().then(
      () => null,
      (e: unknown) => e,
    );
    expect(unreachable(refused)?.text.en).toMatch(/cannot be reached/);

    const url = inject("postgresUrl");
    if (!url) return;
    const live = new pg.Client({ connectionString: url });
    await live.connect();
    try {
      const wrong = await live.query("SELEC 1").then(
        () => null,
        (e: unknown) => e,
      );
      expect(wrong).toBeInstanceOf(Error);
      expect(unreachable(wrong)).toBeNull();
    } finally {
      await live.end();
    }
  });
});
