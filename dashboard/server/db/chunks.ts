// Multi-row statements in chunks: a few hundred rows each keeps the bound parameters far below both backends'
// limits (SQLite 32,766; PostgreSQL 65,535) for the widest table, ledger_rows with 25 columns.
export const CHUNK = 400;

export function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
