// Amounts as the dashboard shows them: scaled to 万元/亿元 for reading, exact yuan for checking.
import { fenFromYuan } from "../../../../shared/money/fen.ts";
import { amountScale, formatAmount, formatInScale, formatPercent, formatPoints, formatYuan, type AmountScale, type Lang } from "../../../../shared/money/format.ts";

function toFen(yuan: number): number {
  return fenFromYuan(yuan)?.fen ?? Math.round(yuan * 100);
}

/** "2.35 亿元" / "¥235.0 million": shared/money's one compact amount. */
export function scaled(yuan: number, lang: Lang): string {
  return formatAmount(toFen(yuan), lang);
}

/**
 * One scale for a column (or table) of amounts, the scale formatAmount gives the largest of them, so that its header
 * can name the unit its figures are in.
 */
export function tableScale(yuans: readonly (number | null)[], lang: Lang): AmountScale {
  return amountScale(Math.max(0, ...yuans.map((y) => Math.abs(y === null ? 0 : toFen(y)))), lang);
}

/** An amount's figure in a column's scale, the unit left to the header: "1.65" (亿元). */
export function inScale(yuan: number, scale: AmountScale): string {
  return formatInScale(toFen(yuan), scale);
}

/** "235,000,000.00 元" — to the fen, as finance officers check it. */
export function exact(yuan: number, lang: Lang): string {
  return formatYuan(toFen(yuan), lang);
}

/** A yuan number for CSV: two decimals, exactly as stored. */
export function csvYuan(yuan: number | null): string {
  if (yuan === null) return "";
  const fen = toFen(yuan);
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** One decimal, half-up, as the CLI and the exports write it (shared/money). */
export function percent(ratio: number | null, lang: Lang): string {
  return formatPercent(ratio, lang);
}

/** A gap between two ratios in percentage points. */
export function points(difference: number, lang: Lang): string {
  return formatPoints(difference, lang);
}
