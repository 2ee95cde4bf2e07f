// Ledger rows with their stored outcomes, as the EvaluatedRow objects exports and pages show, read page by page in
// application-ID order: nothing here evaluates the ledger. The engine is asked only for what is not stored — a
// row's trace when one is wanted, and the message of an error the row's violations do not carry.
import type { EvaluatedRow } from "../../../shared/ledger/evaluate.ts";
import { EVALUATED_COLUMNS, OWN_COLUMNS_READ, TRACE_COLUMN } from "../../../shared/ledger/export-table.ts";
import { sql } from "kysely";
import type { Executor } from "../db/open.ts";
import { FILTER_COLUMN, LEDGER_FILTERS, type LedgerFilter } from "./store.ts";
import type { StoredRecord } from "./stored-evaluation.ts";

/** The stored columns each field of an EvaluatedRow that an export shows is made of. */
const MADE_OF = {
  row: ["data"],
  jurisdiction: ["jurisdiction"],
  document: ["document"],
  year: ["year"],
  ceiling: ["ceiling_fen"],
  floor: ["floor_fen"],
  bound: ["bound"],
  counted: ["counted_fen"],
  verdict: ["verdict"],
  violations: ["violations"],
  // Neither is stored: the engine gives them from the row as entered (below).
  error: ["error_code", "data"],
  trace: ["data"],
} as const satisfies Partial<Record<keyof EvaluatedRow, readonly (keyof StoredRecord)[]>>;

export type ShownColumn = "application_id" | (typeof MADE_OF)[keyof typeof MADE_OF][number];
/** What an export reads of a stored row: the columns its cells are made of, and the page key. */
export type ShownRecord = Pick<StoredRecord, ShownColumn>;

/**
 * The columns exports read, from the fields their column definition says each cell shows (export-table.ts): a text
 * column no export shows (the enterprise, the writer, the catalog version) is never read. A shown field with no
 * stored column named here fails at start rather than exporting blanks.
 */
export const SHOWN_COLUMNS: readonly ShownColumn[] = [
  "application_id",
  ...new Set(
    [...OWN_COLUMNS_READ, ...EVALUATED_COLUMNS.flatMap((c) => c.reads), ...TRACE_COLUMN.reads].flatMap((field) => {
      const from = (MADE_OF as Partial<Record<keyof EvaluatedRow, readonly ShownColumn[]>>)[field];
      if (!from) throw new Error(`export shows ${field}, which no stored column gives (stored-rows.ts MADE_OF)`);
      return from;
    }),
  ),
];

export { evaluatedRowOf } from "./evaluated-row.ts";

/**
 * The stored rows the filter selects (the columns exports show), in pages of `page` rows by application ID (keyset: each page costs the same).
 * 500 rows a page: a CSV export of 100k rows ran 14% faster than with 2,000 (42.8k → 49.0k rows/s, bench) and holds
 * less at a time. The next page is asked for as soon as a page arrives, before the caller formats it: on
 * PostgreSQL the server reads and sends it meanwhile, instead of the export waiting for each page in turn (on
 * SQLite, whose reads are synchronous, it is only read a little earlier). One page ahead at most.
 */
export async function* storedPages(ex: Executor, filter: LedgerFilter, page = 500): AsyncGenerator<ShownRecord[]> {
  let next: Promise<ShownRecord[]> | null = storedPageQuery(ex, filter, null, page).execute();
  try {
    while (next !== null) {
      const records: ShownRecord[] = await next;
      next = null;
      if (records.length === 0) return;
      if (records.length === page) next = ahead(storedPageQuery(ex, filter, (records[records.length - 1] as ShownRecord).application_id, page).execute());
      yield records;
    }
  } finally {
    // A caller that stops early (the reader left) leaves the page ahead unread: its failure, if any, is nobody's.
    next?.catch(() => {});
  }
}

/** A read started before it is awaited: marked handled, so a failure while the caller is busy is not an unhandled rejection (it still throws where awaited). */
function ahead<T>(read: Promise<T>): Promise<T> {
  read.catch(() => {});
  return read;
}

/**
 * One page: the filter's rows after `after` in application-ID order. With a district or office and a year, one
 * range of an index in that order (migrations.ts: "export pages") on both backends, so that no page sorts what the
 * filter matches.
 */
export function storedPageQuery(ex: Executor, filter: LedgerFilter, after: string | null, page: number) {
  let query = filtered(ex.selectFrom("ledger_rows").select(SHOWN_COLUMNS), filter);
  if (after !== null) query = query.where("application_id", ">", after);
  return query.orderBy("application_id").limit(page);
}

/**
 * The filter's rows after `after` up to `upTo` (both keys; null: from the first row, to the last), in application-ID
 * order: one page of an export whose page ends were read first (pageEndsQuery), by an export thread.
 */
export function storedRangeQuery(ex: Executor, filter: LedgerFilter, after: string | null, upTo: string | null) {
  let query = filtered(ex.selectFrom("ledger_rows").select(SHOWN_COLUMNS), filter);
  if (after !== null) query = query.where("application_id", ">", after);
  if (upTo !== null) query = query.where("application_id", "<=", upTo);
  return query.orderBy("application_id");
}

/**
 * The application ID of every `page`-th row the filter selects, in order: the last key of each whole page. One read
 * of the keys alone (the index in application-ID order, or the filter's "export pages" index), no row read.
 */
export function pageEndsQuery(ex: Executor, filter: LedgerFilter, page: number) {
  const numbered = filtered(ex.selectFrom("ledger_rows").select(["application_id", sql<number>`row_number() over (order by application_id)`.as("n")]), filter);
  return ex.selectFrom(numbered.as("numbered")).select("application_id").where(sql`n % ${page}`, "=", 0).orderBy("application_id");
}

/** The filter's conditions on a query of ledger_rows. */
function filtered<Q extends { where: (column: (typeof FILTER_COLUMN)[keyof typeof FILTER_COLUMN], op: "=", value: string | number) => Q }>(query: Q, filter: LedgerFilter): Q {
  for (const key of LEDGER_FILTERS) {
    const value = filter[key];
    if (value !== undefined) query = query.where(FILTER_COLUMN[key], "=", value);
  }
  return query;
}
