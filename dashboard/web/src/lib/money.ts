// Amounts as the dashboard shows them: scaled to 万元/亿元 for reading, exact yuan for checking.
import { fenFromYuan } from "../../../../shared/money/fen.ts";
import { formatAsWritten, formatScaled, formatYuan, naturalUnit, type Lang } from "../../../../shared/money/format.ts";

function toFen(yuan: number): number {
  return fenFromYuan(yuan)?.fen ?? Math.round(yuan * 100);
}

/** "2.35 亿元" / "¥2.35 ×100m": the unit each amount reads best in, two decimals. */
export function scaled(yuan: number, lang: Lang): string {
  const fen = toFen(yuan);
  return formatScaled(fen, naturalUnit(fen), lang, 2);
}

/** "235,000,000.00 元" — to the fen, as finance officers check it. */
export function exact(yuan: number, lang: Lang): string {
  return formatYuan(toFen(yuan), lang);
}

/** The way the documents write a sum (2000万元), for caps and commitments. */
export function asWritten(yuan: number, lang: Lang): string {
  return formatAsWritten(toFen(yuan), lang);
}

/** A yuan number for CSV: two decimals, exactly as stored. */
export function csvYuan(yuan: number | null): string {
  if (yuan === null) return "";
  const fen = toFen(yuan);
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

export function percent(ratio: number | null, lang: Lang): string {
  if (ratio === null || !Number.isFinite(ratio)) return "—";
  // Truncated, not rounded: 84.98% must not read as 85%, the amber threshold it has not reached.
  return new Intl.NumberFormat(lang === "zh" ? "zh-CN" : "en-US", { style: "percent", maximumFractionDigits: 1, roundingMode: "trunc" } as Intl.NumberFormatOptions).format(ratio);
}
