// What SUBSIDY_DB and every --db name: a file path (SQLite, the embedded default) or a postgres:// URL.
import path from "node:path";

export type DbTarget = { kind: "sqlite"; file: string } | { kind: "postgres"; url: string };

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

export function parseTarget(spec: string): DbTarget {
  const text = spec.trim();
  if (POSTGRES_URL.test(text)) {
    try {
      new URL(text);
    } catch {
      throw new Error(`not a valid PostgreSQL URL: ${describeTarget(text)}`);
    }
    return { kind: "postgres", url: text };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) throw new Error(`unsupported database URL scheme (use a file path or postgres://): ${text.split("://")[0]}://…`);
  return { kind: "sqlite", file: text === ":memory:" ? text : path.resolve(text) };
}

export function isPostgresSpec(spec: string): boolean {
  return POSTGRES_URL.test(spec.trim());
}

/** The target as it may be printed or logged: a URL's password is never shown. */
export function describeTarget(spec: string | DbTarget): string {
  const text = typeof spec === "string" ? spec : spec.kind === "sqlite" ? spec.file : spec.url;
  if (!POSTGRES_URL.test(text)) return text;
  try {
    const url = new URL(text);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return text.replace(/\/\/[^@/]*@/, "//***@");
  }
}
