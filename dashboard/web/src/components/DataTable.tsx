// A table of the rows behind a chart or view: sortable by any column from the keyboard, paged when long, and
// exportable as CSV with exactly the columns shown.
import { useMemo, useState, type ReactNode } from "react";
import { useT } from "../i18n/I18n.tsx";
import type { CsvCell } from "../lib/csv.ts";
import { download } from "../lib/download.ts";

export interface Column<T> {
  key: string;
  header: string;
  /** The value sorted on and written to the CSV. */
  value: (row: T) => CsvCell;
  render?: (row: T) => ReactNode;
  numeric?: boolean;
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
}

function compare(a: CsvCell, b: CsvCell): number {
  if (a === null || a === undefined || a === "") return b === null || b === undefined || b === "" ? 0 : 1;
  if (b === null || b === undefined || b === "") return -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b), "zh-CN");
}

export function DataTable<T>({ caption, columns, rows, rowKey, csvName, pageSize, state, onState, footer }: Props<T>) {
  const t = useT();
  const [local, setLocal] = useState<TableState>({});
  const current = state ?? local;
  const setState = onState ?? setLocal;
  const sortKey = current.sort?.replace(/^-/, "");
  const descending = current.sort?.startsWith("-") ?? false;
  const sorted = useMemo(() => {
    const column = columns.find((c) => c.key === sortKey);
    if (!column) return rows;
    // Descending negates the comparison rather than reversing, so equal values keep the service's order.
    const sign = descending ? -1 : 1;
    return [...rows].sort((a, b) => sign * compare(column.value(a), column.value(b)));
  }, [rows, columns, sortKey, descending]);
  const pages = pageSize ? Math.max(1, Math.ceil(sorted.length / pageSize)) : 1;
  const page = Math.min(Math.max(1, current.page ?? 1), pages);
  const shown = pageSize ? sorted.slice((page - 1) * pageSize, page * pageSize) : sorted;

  const exportCsv = async () => {
    const { toCsv } = await import("../lib/csv.ts");
    const body = [...sorted, ...(footer ?? [])].map((row) => columns.map((c) => c.value(row)));
    download(csvName, new Blob([toCsv(columns.map((c) => c.header), body)], { type: "text/csv;charset=utf-8" }));
  };

  const toggleSort = (key: string) => {
    const next = sortKey === key && !descending ? `-${key}` : key;
    setState({ sort: next, page: 1 });
  };

  return (
    <div className="table-panel">
      <div className="table-scroll" tabIndex={0} role="region" aria-label={caption}>
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
                    <th key={c.key} scope="row" className={c.numeric ? "num" : undefined}>
                      {content}
                    </th>
                  ) : (
                    <td key={c.key} className={c.numeric ? "num" : undefined}>
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
                    <td key={c.key} className={c.numeric ? "num" : undefined}>
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
