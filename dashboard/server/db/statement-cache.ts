// The writer's SQLite statements kept prepared between calls. Kysely's SQLite driver prepares every statement it
// runs; a batch runs the same multi-row statements again and again (each full chunk of db/chunks.ts has the same
// text), and preparing one of several thousand parameters costs about what running it does. SQLite re-prepares a
// kept statement by itself when the schema changes (a migration), so a kept one never runs against a stale schema.
import type Database from "better-sqlite3";
import type { SqliteDatabase } from "kysely";

/** Statements kept: the few dozen texts a batch's write runs, and room for the rest. */
const KEPT = 256;

/**
 * The handle as Kysely's SqliteDialect takes it, with its statements kept by text (least recently used dropped
 * first). Only for a connection that never streams (`iterate`): a kept statement mid-iteration could not run again.
 */
export function keepingStatements(handle: Database.Database, kept = KEPT): SqliteDatabase {
  const statements = new Map<string, Database.Statement>();
  return {
    prepare(text: string) {
      let statement = statements.get(text);
      if (statement) statements.delete(text);
      else statement = handle.prepare(text);
      statements.set(text, statement);
      if (statements.size > kept) statements.delete(statements.keys().next().value as string);
      return statement as never;
    },
    close() {
      statements.clear();
      handle.close();
    },
  };
}
