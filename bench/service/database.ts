// Fresh, empty databases for one benchmark run: a SQLite file in a temp folder, or a PostgreSQL database of its
// own (bench_service_<pid>_<label>) created on BENCH_POSTGRES_URL's server and dropped when done.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { tempDir } from "../../test/service/harness.ts";

export type BackendKind = "sqlite" | "postgres";

export const POSTGRES_SERVER = process.env.BENCH_POSTGRES_URL || "postgres://root@127.0.0.1:5432/postgres";

export interface FreshDatabase {
  /** A file path or postgres:// URL, usable as SUBSIDY_DB. */
  spec: string;
  drop: () => Promise<void>;
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_SERVER, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end().catch(() => {});
  }
}

export async function freshDatabase(kind: BackendKind, label: string): Promise<FreshDatabase> {
  if (kind === "sqlite") {
    const dir = tempDir(`subsidy-bench-${label}-`);
    return { spec: path.join(dir, `${label}.db`), drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `bench_service_${process.pid}_${label}`;
  // FORCE: a service that did not stop in time must not keep the database (nor leave it behind).
  await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(POSTGRES_SERVER);
  url.pathname = `/${name}`;
  return { spec: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
