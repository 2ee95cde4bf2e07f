// A table of the rows behind a chart or view: sortable by any column from the keyboard, paged when long, and
// exportable as CSV with exactly the columns shown.
import { useMemo, useState, type ReactNode } from "react";
import { useT } from "../i18n/I18n.tsx";
import type { CsvCell } from "../lib/csv.ts";
import { download } from "../lib/download.ts";

export interface Column<T> {
  key: string;
  header: string;
  /** The CSV's header when it differs from the screen's: a column shown scaled (亿元) but exported in yuan. */
  csvHeader?: string;
  /** The value sorted on and written to the CSV. */
  value: (row: T) => CsvCell;
  render?: (row: T) => ReactNode;
  numeric?: boolean;
  /** What the column sorts on when that is not its CSV value (a ratio behind a formatted percentage). */
  sortValue?: (row: T) => number | string | null;
}

export interface TableState {
  sort?: string | undefined;
  page?: number | undefined;
}

interface Props<T> {
  caption: string;
  columns: Column<T>[];
  rows: readonly T[];
  rowKey: (row: T, index: number) => string;
  /** File name for the CSV export. */
  csvName: string;
  pageSize?: number;
  /** Controlled sort and page (kept in the URL by the view), else kept here. */
  state?: TableState;
  onState?: (state: TableState) => void;
  footer?: T[];
  /** The sort before the reader picks one ("-approved": largest first); absent: the rows' own order. */
  defaultSort?: string;
  /**
   * On a phone each row is a block of "header: value" lines instead of a table wider than the screen: for a short
   * table a reader takes in whole (a long one keeps its columns and scrolls inside its region).
   */
  stackOnPhone?: boolean;
}

const NUMBER_TEXT = /^-?\d[\d,]*(\.\d+)?%?$/;

/** A cell's value to sort on: numbers (and numbers written as text, as the CSV values are) by value. */
export function sortKeyOf(value: CsvCell | number | string | null): number | string | null {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  const text = String(value).trim();
  return NUMBER_TEXT.test(text) ? Number(text.replace(/[,%]/g, "")) : text;
}

const collator = new Intl.Collator("zh-CN", { numeric: true });

/** By value: amounts and rates as numbers, IDs in natural order (jiulongpo-2 before jiulongpo-10); blanks last. */
export function compareValues(a: CsvCell | number | string | null, b: CsvCell | number | string | null): number {
  const x = sortKeyOf(a);
  const y = sortKeyOf(b);
  if (x === null) return y === null ? 0 : 1;
  if (y === null) return -1;
  if (typeof x === "number" && typeof y === "number") return x - y;
  return collator.compare(String(x), String(y));
}

export function DataTable<T>({ caption, columns, rows, rowKey, csvName, pageSize, state, onState, footer, defaultSort, stackOnPhone }: Props<T>) {
  const t = useT();
  const [local, setLocal] = useState<TableState>({});
  const current = state ?? local;
  const setState = onState ?? setLocal;
  const sort = current.sort ?? defaultSort;
  const sortKey = sort?.replace(/^-/, "");
  const descending = sort?.startsWith("-") ?? false;
  const sorted = useMemo(() => {
    const column = columns.find((c) => c.key === sortKey);
    if (!column) return rows;
    // Descending negates the comparison rather than reversing, so equal values keep the service's order.
    const sign = descending ? -1 : 1;
    const value = column.sortValue ?? column.value;
    // Blanks stay last in either direction.
    return [...rows].sort((a, b) => {
      const x = value(a);
      const y = value(b);
      if (sortKeyOf(x) === null || sortKeyOf(y) === null) return compareValues(x, y);
      return sign * compareValues(x, y);
    });
  }, [rows, columns, sortKey, descending]);
  const pages = pageSize ? Math.max(1, Math.ceil(sorted.length / pageSize)) : 1;
  const page = Math.min(Math.max(1, current.page ?? 1), pages);
  const shown = pageSize ? sorted.slice((page - 1) * pageSize, page * pageSize) : sorted;

  const exportCsv = async () => {
    const { toCsv } = await import("../lib/csv.ts");
    const body = [...sorted, ...(footer ?? [])].map((row) => columns.map((c) => c.value(row)));
    download(csvName, new Blob([toCsv(columns.map((c) => c.csvHeader ?? c.header), body)], { type: "text/csv;charset=utf-8" }));
  };

  const toggleSort = (key: string) => {
    const next = sortKey === key && !descending ? `-${key}` : key;
    setState({ sort: next, page: 1 });
  };

  return (
    <div className="table-panel">
      <div className={stackOnPhone ? "table-scroll table-stack" : "table-scroll"} tabIndex={0} role="region" aria-label={caption}>
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th
                  key={c.key}
                  scope="col"
                  className={c.numeric ? "num" : undefined}
                  aria-sort={sortKey === c.key ? (descending ? "descending" : "ascending") : undefined}
                >
                  <button type="button" className="sort" onClick={() => toggleSort(c.key)} title={t("table.sortBy", { column: c.header })}>
                    {c.header}
                    <span aria-hidden="true">{sortKey === c.key ? (descending ? " ▼" : " ▲") : ""}</span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row, i) => (
              <tr key={rowKey(row, i)}>
                {columns.map((c, ci) => {
                  const content = c.render ? c.render(row) : c.value(row);
                  return ci === 0 ? (
                    <th key={c.key} scope="row" className={c.numeric ? "num" : undefined} data-label={c.header}>
                      {content}
                    </th>
                  ) : (
                    <td key={c.key} className={c.numeric ? "num" : undefined} data-label={c.header}>
                      {content}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
          {footer && footer.length > 0 && (
            <tfoot>
              {footer.map((row, i) => (
                <tr key={`footer-${i}`}>
                  {columns.map((c) => (
                    <td key={c.key} className={c.numeric ? "num" : undefined} data-label={c.header}>
                      {c.render ? c.render(row) : c.value(row)}
                    </td>
                  ))}
                </tr>
              ))}
            </tfoot>
          )}
        </table>
      </div>
      <div className="table-actions no-print">
        {pageSize && pages > 1 && (
          <nav className="pager" aria-label={caption}>
            <button type="button" disabled={page <= 1} onClick={() => setState({ ...current, page: page - 1 })}>
              {t("table.prev")}
            </button>
            <span aria-live="polite">{t("table.page", { page, pages, total: sorted.length })}</span>
            <button type="button" disabled={page >= pages} onClick={() => setState({ ...current, page: page + 1 })}>
              {t("table.next")}
            </button>
          </nav>
        )}
        <button type="button" className="export-csv" onClick={() => void exportCsv()}>
          {t("export.csv")}
        </button>
      </div>
    </div>
  );
}
