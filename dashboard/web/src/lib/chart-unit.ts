// A chart's axis uses one unit for all its values: 亿元 when the largest reaches 1亿, else 万元.
import { FEN_PER_WAN, FEN_PER_YI } from "../../../../shared/money/fen.ts";
import { naturalUnit, unitLabel, type DisplayUnit, type Lang } from "../../../../shared/money/format.ts";

export interface ChartUnit {
  unit: DisplayUnit;
  /** Yuan per displayed unit. */
  divisor: number;
  label: string;
}

export function chartUnit(maxYuan: number, lang: Lang): ChartUnit {
  const unit = naturalUnit(Math.round(maxYuan * 100)) === "yi" ? "yi" : "wan";
  return { unit, divisor: (unit === "yi" ? FEN_PER_YI : FEN_PER_WAN) / 100, label: unitLabel(unit, lang) };
}

/** A value in the chart's unit, for plotting only (labels and tables show exact yuan). */
export function inUnit(yuan: number | null, unit: ChartUnit): number | null {
  return yuan === null ? null : yuan / unit.divisor;
}
