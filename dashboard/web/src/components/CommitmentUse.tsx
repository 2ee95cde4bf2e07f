// How a row stands against its commitment, in words as well as colour: utilization of a ceiling, the floor reached
// or missed (with what is missing), or, under a filter below the jurisdiction, a share of the whole commitment.
import { todayInShanghai } from "../../../../shared/engine/dates.ts";
import type { SummaryRow } from "../../../../shared/ledger/summary.ts";
import { useLocale, useT } from "../i18n/I18n.tsx";
import { commitmentStatus } from "../lib/commitment-status.ts";
import { exact, percent, scaled } from "../lib/money.ts";
import { Money } from "./Money.tsx";
import { Utilization } from "./Utilization.tsx";

export function CommitmentUse({ row, narrowed = false }: { row: SummaryRow | undefined; narrowed?: boolean }) {
  const t = useT();
  const { lang } = useLocale();
  if (!row) return <Utilization value={null} />;
  if (narrowed && row.utilization !== null) {
    return (
      <span className="level level-share" data-level="share">
        {t("overview.shareOfWhole", { percent: percent(row.utilization, lang) })}
      </span>
    );
  }
  // A total with a floor in it is no one year's floor to reach or miss, nor a ceiling to judge: its rate only.
  if (row.key.jurisdiction === "total" && row.atLeast) return <span className="level level-none">{percent(row.utilization, lang)}</span>;
  const status = commitmentStatus(row, Number(todayInShanghai().slice(0, 4)));
  if (status.kind !== "floor") return <Utilization value={row.utilization} />;
  const level = status.state === "met" ? "green" : status.state === "short" ? "red" : "none";
  const words = t(`floor.${status.state}`, { short: scaled(status.shortBy, lang) });
  return (
    <span className={`level level-${level}`} data-level={`floor-${status.state}`}>
      {percent(row.utilization, lang)} · {words}
    </span>
  );
}

/** The commitments' notes (待确认 and the like), numbered, for the marks beside the amounts. */
export function noteNumbers(rows: readonly SummaryRow[]): { notes: SummaryRow["notes"]; numberOf: (n: SummaryRow["notes"][number]) => number } {
  const notes: SummaryRow["notes"] = [];
  for (const r of rows) for (const n of r.notes) if (!notes.some((m) => m.zh === n.zh)) notes.push(n);
  return { notes, numberOf: (n) => notes.findIndex((m) => m.zh === n.zh) + 1 };
}

/**
 * What is left of the commitment. For a ceiling the headroom; for a floor the headroom means nothing (a floor is not
 * spent down), so what is still missing to reach it, or 已达承诺 once reached (commitmentStatus's shortBy).
 * Not under a narrowing filter: the whole jurisdiction's commitment is no district's to spend.
 */
export function CommitmentLeft({ row, narrowed = false, mode = "scaled" }: { row: SummaryRow | undefined; narrowed?: boolean; mode?: "scaled" | "exact" }) {
  const t = useT();
  const { lang } = useLocale();
  if (!row || row.commitmentLeft === null || narrowed) return <span>—</span>;
  const short = floorShortBy(row);
  if (short === null) return <Money yuan={row.commitmentLeft} mode={mode} />;
  if (short === 0) return <span className="level level-green" data-level="floor-met">{t("floor.leftMet")}</span>;
  const amount = mode === "exact" ? exact(short, lang) : scaled(short, lang);
  return (
    <span className="num" title={mode === "exact" ? undefined : exact(short, lang)} data-short={short}>
      {t("floor.leftShort", { short: amount })}
    </span>
  );
}

/** The shortfall to a year's floor (0 once reached); null for a ceiling, no commitment, or a total of years. */
export function floorShortBy(row: SummaryRow): number | null {
  if (row.key.jurisdiction === "total") return null;
  const status = commitmentStatus(row, Number(todayInShanghai().slice(0, 4)));
  return status.kind === "floor" ? status.shortBy : null;
}
