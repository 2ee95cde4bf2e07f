// Runs a suite once per backend: SQLite on a real temp file and PostgreSQL in a database of its own, created on
// the server postgres-setup.ts found or started and dropped after the suite. SUBSIDY_TEST_BACKENDS=sqlite (or
// =postgres) runs one only.
import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, inject } from "vitest";
import { tempDir } from "./harness.ts";

export type BackendKind = "sqlite" | "postgres";

export interface Backend {
  kind: BackendKind;
  /**
   * A new, empty database for this suite: a file path or a postgres:// URL, usable as SUBSIDY_DB or --db. Call it
   * while the suite is being collected (at describe level): on PostgreSQL it registers the hooks that create the
   * database before the suite's own and drop it after.
   */
  database: (label: string) => string;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs one statement on its own connection (CREATE DATABASE cannot run in a transaction). */
export async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

const sqlite: Backend = {
  kind: "sqlite",
  database: (label) => path.join(tempDir(`subsidy-${label}-`), `${label}.db`),
};

const postgres: Backend = {
  kind: "postgres",
  database: (label) => {
    const server = inject("postgresUrl");
    const name = `subsidy_test_${label.replace(/[^a-z0-9]/gi, "_").toLowerCase()}_${randomBytes(4).toString("hex")}`;
    beforeAll(() => admin(server, `CREATE DATABASE "${name}"`));
    // FORCE: a service a failed test left running must not keep the database.
    afterAll(() => admin(server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    return withDatabase(server, name);
  },
};

export function backends(): Backend[] {
  const only = process.env.SUBSIDY_TEST_BACKENDS;
  return [sqlite, postgres].filter((b) => !only || only === b.kind);
}

/** `describe(name)` once per backend, named `name [sqlite]` and `name [postgres]`. */
export function describeBackends(name: string, suite: (backend: Backend) => void): void {
  for (const backend of backends()) describe(`${name} [${backend.kind}]`, () => suite(backend));
}
