// One page of the ledger's CSV export, as text: pure, so that the service's thread and an export thread
// (worker.ts) write the same bytes from the same stored rows. The cells are export-table.ts's (formula-safe), the
// lines csv.ts's; nothing here formats a cell of its own.
import { FACT_NAMES } from "../../../shared/catalog/schema.ts";
import type { Engine } from "../../../shared/engine/engine.ts";
import { csvHead, csvRows } from "../../../shared/ledger/csv.ts";
import { ledgerTable } from "../../../shared/ledger/export-table.ts";
import type { Lang } from "../../../shared/money/format.ts";
import { evaluatedRowOf } from "../ledger/evaluated-row.ts";
import type { ShownRecord } from "../ledger/stored-rows.ts";

export interface CsvPageOptions {
  lang: Lang;
  /** Each row's trace (the engine evaluates the row again for it). */
  trace: boolean;
}

/**
 * The table options of every page. Every fact column is named, since the pages are not known when the header is
 * written. No sample column: the CSV export never had one (the .xlsx carries a banner instead).
 */
const tableOptions = (options: CsvPageOptions) => ({ trace: options.trace, facts: FACT_NAMES });
const NO_EVALUATION = { rows: [], violations: [] };

/** The byte-order mark and the header line. */
export function csvHeader(options: CsvPageOptions): string {
  return csvHead(ledgerTable([], options.lang, NO_EVALUATION, tableOptions(options)));
}

/** The CSV lines of one page of stored rows (`first`: the ledger index of its first row), without the header. */
export function csvPage(engine: Engine, records: readonly ShownRecord[], first: number, options: CsvPageOptions): string {
  const rows = records.map((record, i) => evaluatedRowOf(engine, record, first + i, { trace: options.trace }));
  return csvRows(ledgerTable(rows.map((r) => r.row), options.lang, { rows, violations: [] }, tableOptions(options)));
}
