// A field of a ledger row as entered (the `data` column holds the row's canonical JSON), read in SQL on either
// backend: the migrations' and summaries' queries that need a figure no typed column holds.
import { sql, type RawBuilder } from "kysely";
import type { DbKind } from "./open.ts";

/** `column`'s JSON field as text (`r.data`, `paidDate` → `json_extract(r.data, '$.paidDate')` on SQLite). */
export function rowDataField(kind: DbKind, column: string, field: string): RawBuilder<unknown> {
  // Literals, not parameters: PostgreSQL cannot choose between ->>'s text and integer forms for an untyped one.
  return kind === "sqlite" ? sql`json_extract(${sql.ref(column)}, ${sql.lit("$." + field)})` : sql`(${sql.ref(column)}::jsonb ->> ${sql.lit(field)})`;
}
