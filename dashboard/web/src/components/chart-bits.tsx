// What every chart shares: colours, the money axis and the tooltip with exact yuan.
import { usePlotArea, type TooltipContentProps } from "recharts";
import { useLocale } from "../i18n/I18n.tsx";
import { chartUnit } from "../lib/chart-unit.ts";
import { exact, scaled } from "../lib/money.ts";

export const COLORS = {
  requested: "#7b5ea7",
  approved: "#1f5fa8",
  paid: "#2e7d4f",
  committed: "#b3261e",
  /** A floor (至少投入) is a target to reach, not a limit: drawn apart from a ceiling's red. */
  floor: "#0b6e6e",
  forecast: "#8a5a00",
  today: "#444444",
  pace: "#5b4a8a",
  other: "#8c8c8c",
};

/**
 * How a commitment is drawn, and the words that describe the drawing (the chart's text alternative): one place, so
 * that a description never says "red dashed" of a line drawn green and dotted.
 */
export const COMMITMENT_LINES = {
  ceiling: { stroke: COLORS.committed, dash: "6 4", words: "overview.lineCeiling" },
  floor: { stroke: COLORS.floor, dash: "2 3", words: "overview.lineFloor" },
} as const;

/** Y-axis props for amounts held in yuan and read in 万元 or 亿元. */
export function useMoneyAxis(maxYuan: number) {
  const { lang } = useLocale();
  const unit = chartUnit(maxYuan, lang);
  const numberFormat = new Intl.NumberFormat(lang === "zh" ? "zh-CN" : "en-US", { maximumFractionDigits: 2 });
  return {
    unit,
    tickFormatter: (v: number) => numberFormat.format(v / unit.divisor),
    label: { value: unit.label, angle: -90, position: "insideLeft" as const, offset: 0, style: { textAnchor: "middle" as const } },
  };
}

/** Tooltip body: each series scaled, with the exact yuan beside it. */
export function MoneyTooltip({ active, payload, label, formatLabel }: Partial<TooltipContentProps<number, string>> & { formatLabel?: (label: unknown) => string }) {
  const { lang } = useLocale();
  if (!active || !payload || payload.length === 0) return null;
  return (
    <div className="tooltip">
      <p className="tooltip-label">{formatLabel ? formatLabel(label) : label}</p>
      <ul>
        {payload
          .filter((p) => typeof p.value === "number")
          .map((p) => (
            <li key={String(p.dataKey)} style={{ color: p.color }}>
              {p.name}: {scaled(p.value as number, lang)}
              <span className="tooltip-exact">（{exact(p.value as number, lang)}）</span>
            </li>
          ))}
      </ul>
    </div>
  );
}

/**
 * A commitment drawn across its own year's band only (a ReferenceLine `segment` at the band's start, given as
 * `shape`): a budget committed for 2025 says nothing about 2024's bars.
 */
export function BandSegment(props: { x1?: number; y1?: number; bands: number; stroke?: string; floor?: boolean }) {
  const plot = usePlotArea();
  if (!plot || props.x1 === undefined || props.y1 === undefined) return null;
  const band = plot.width / Math.max(1, props.bands);
  return (
    <line
      className={props.floor ? "commitment-segment commitment-floor" : "commitment-segment"}
      x1={props.x1 + band * 0.04}
      x2={props.x1 + band * 0.96}
      y1={props.y1}
      y2={props.y1}
      stroke={props.stroke ?? COMMITMENT_LINES[props.floor ? "floor" : "ceiling"].stroke}
      strokeWidth={2.5}
      strokeDasharray={COMMITMENT_LINES[props.floor ? "floor" : "ceiling"].dash}
    />
  );
}
