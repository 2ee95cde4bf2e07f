// `ledger check`'s reading of each row's award as events (shared/ledger/award-events.ts): submitted on the
// application date, approved on the approval date (核准日期) for the approved amount, paid on the paid date — the
// problems the ledger service would refuse, and the dates it would mark not recorded, each at its row and cell.
import { todayInShanghai } from "../../shared/engine/dates.ts";
import { awardFindings, type AwardFinding } from "../../shared/ledger/award-events.ts";
import { COLUMN_HEADER, type ColumnName } from "../../shared/ledger/columns.ts";
import type { LedgerRow } from "../../shared/ledger/row.ts";
import type { Lang } from "../../shared/money/format.ts";

/** Where a file's rows stand (ImportResult's `at`); absent: row i is the file's row i + 2, headed as the vocabulary heads it. */
export interface RowPlaces {
  rowNumbers: readonly number[];
  headers: Partial<Record<ColumnName, string>>;
}

export interface FileFinding extends AwardFinding {
  /** The row number as the file shows it. */
  row: number;
  applicationId: string;
  /** The cell's column as the file heads it (the vocabulary's header when the file has no such column). */
  column: string;
}

/** Every row's award findings, in row order. */
export function fileFindings(rows: readonly LedgerRow[], places: RowPlaces | undefined, lang: Lang, today = todayInShanghai()): FileFinding[] {
  const found: FileFinding[] = [];
  rows.forEach((row, i) => {
    for (const f of awardFindings(row, today)) {
      const column = places?.headers[f.field] ?? COLUMN_HEADER[f.field][lang];
      found.push({ ...f, row: places?.rowNumbers[i] ?? i + 2, applicationId: row.applicationId, column });
    }
  });
  return found;
}

/** As `--json` prints a finding. */
export function findingJson(f: FileFinding, lang: Lang) {
  return { row: f.row, column: f.column, field: f.field, applicationId: f.applicationId, code: f.code, severity: f.severity, message: f.message[lang] };
}

/** The findings as the check prints them, under their heading. */
export function printFindings(findings: readonly FileFinding[], lang: Lang, write: (text: string) => void): void {
  const zh = lang === "zh";
  const errors = findings.filter((f) => f.severity === "error").length;
  const warnings = findings.length - errors;
  write(zh ? `\n核定与拨付（按事件）：错误 ${errors} 项，提示 ${warnings} 项\n` : `\nApprovals and payments (as events): ${errors} error(s), ${warnings} warning(s)\n`);
  for (const f of findings) {
    const mark = f.severity === "error" ? "✗" : "!";
    write(`  ${mark} ${zh ? `第 ${f.row} 行` : `row ${f.row}`} [${f.column}]  ${f.applicationId}  [${f.code}] ${f.message[lang]}\n`);
  }
}
