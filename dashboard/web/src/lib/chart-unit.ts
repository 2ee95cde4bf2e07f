// A chart's axis uses one unit for all its values: 亿元 when the largest reaches 1亿, else 万元; in English, million
// yuan (English has no 万 or 亿, and "×100m" reads as nothing).
import { FEN_PER_WAN, FEN_PER_YI } from "../../../../shared/money/fen.ts";
import { naturalUnit, type Lang } from "../../../../shared/money/format.ts";

export interface ChartUnit {
  /** Yuan per displayed unit. */
  divisor: number;
  label: string;
}

export function chartUnit(maxYuan: number, lang: Lang): ChartUnit {
  if (lang === "en") return maxYuan >= 1_000_000 || maxYuan === 0 ? { divisor: 1_000_000, label: "million yuan" } : { divisor: 1_000, label: "thousand yuan" };
  const yi = naturalUnit(Math.round(maxYuan * 100)) === "yi";
  return yi ? { divisor: FEN_PER_YI / 100, label: "亿元" } : { divisor: FEN_PER_WAN / 100, label: "万元" };
}
