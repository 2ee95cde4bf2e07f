// Display of amounts in 元, 万元 or 亿元, the units finance officers and leadership read.
import { FEN_PER_WAN, FEN_PER_YI, type Fen } from "./fen.ts";

export type Lang = "zh" | "en";
export type DisplayUnit = "yuan" | "wan" | "yi";

const UNIT_LABEL: Record<DisplayUnit, Record<Lang, string>> = {
  yuan: { zh: "元", en: "yuan" },
  wan: { zh: "万元", en: "×10k yuan" },
  yi: { zh: "亿元", en: "×100m yuan" },
};

/** Groups the integer digits by three with commas, as both zh-CN and en-US write amounts. */
function groupThousands(whole: number): string {
  // By hand rather than Intl.NumberFormat: a ledger check formats an amount for every violation, and at about a
  // microsecond a call Intl dominated large checks. Integers only, so there is nothing locale-specific left.
  const digits = String(whole);
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += "," + digits.slice(i, i + 3);
  return out;
}

function groupDigits(fen: Fen): string {
  const negative = fen < 0;
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100);
  const cents = abs % 100;
  return `${negative ? "-" : ""}${groupThousands(whole)}${cents ? "." + String(cents).padStart(2, "0") : ""}`;
}

/** Exact yuan with thousands separators: "1,000,000.50 元" / "¥1,000,000.50". */
export function formatYuan(fen: Fen, lang: Lang): string {
  return lang === "zh" ? `${groupDigits(fen)} 元` : `¥${groupDigits(fen)}`;
}

/**
 * `fen ÷ divisor` rounded half-up (四舍五入) to `digits` decimals, exactly: integer arithmetic in BigInt, so that
 * 1.005 亿 never reads 1.00 through a binary-float artefact. Returns the sign, the grouped whole part and the digits.
 */
function scaledParts(fen: Fen, divisor: number, digits: number): { negative: boolean; whole: string; fraction: string } {
  const scale = 10n ** BigInt(digits);
  const d = BigInt(divisor);
  const abs = BigInt(Math.abs(Math.round(fen)));
  const rounded = (abs * scale * 2n + d) / (d * 2n);
  const whole = rounded / scale;
  const fraction = digits === 0 ? "" : String(rounded % scale).padStart(digits, "0");
  return { negative: fen < 0 && rounded !== 0n, whole: groupThousands(Number(whole)), fraction };
}

function joinParts(p: { negative: boolean; whole: string; fraction: string }, dropZeros: boolean): string {
  const fraction = dropZeros ? p.fraction.replace(/0+$/, "") : p.fraction;
  return `${p.negative ? "-" : ""}${p.whole}${fraction ? "." + fraction : ""}`;
}

const FEN_PER_MILLION = 100_000_000;
const FEN_PER_THOUSAND = 100_000;

/**
 * Scaled display with up to `digits` decimals, half-up, trailing zeros dropped: "2,000 万元", "2.5 亿元". English has
 * no 万 or 亿: it reads millions ("¥20 million"), whatever the unit asked for.
 */
export function formatScaled(fen: Fen, unit: DisplayUnit, lang: Lang, digits = 2): string {
  if (unit === "yuan") return formatYuan(fen, lang);
  if (lang === "en") return `¥${joinParts(scaledParts(fen, FEN_PER_MILLION, digits), true)} million`;
  const divisor = unit === "wan" ? FEN_PER_WAN : FEN_PER_YI;
  return `${joinParts(scaledParts(fen, divisor, digits), true)} ${UNIT_LABEL[unit].zh}`;
}

/**
 * The scales the compact amount writes in: 亿元 and 万元, or million and thousand yuan in English (English has no
 * 万 or 亿), each with its fixed decimals, half-up; yuan below them, exact.
 */
export type AmountScale = "yi" | "wan" | "million" | "thousand" | "yuan";

const SCALES: Record<Exclude<AmountScale, "yuan">, { divisor: number; digits: number; label: Record<Lang, string> }> = {
  yi: { divisor: FEN_PER_YI, digits: 2, label: { zh: "亿元", en: "×100m yuan" } },
  wan: { divisor: FEN_PER_WAN, digits: 1, label: { zh: "万元", en: "×10k yuan" } },
  million: { divisor: FEN_PER_MILLION, digits: 1, label: { zh: "百万元", en: "million yuan" } },
  thousand: { divisor: FEN_PER_THOUSAND, digits: 1, label: { zh: "千元", en: "thousand yuan" } },
};

/** The scale formatAmount writes an amount of this size in; for a column, the scale of its largest amount. */
export function amountScale(fen: Fen, lang: Lang): AmountScale {
  const abs = Math.abs(fen);
  if (lang === "en") return abs >= FEN_PER_MILLION ? "million" : abs >= FEN_PER_THOUSAND ? "thousand" : "yuan";
  return abs >= FEN_PER_YI ? "yi" : abs >= FEN_PER_WAN ? "wan" : "yuan";
}

/** An amount's figure in a scale, without the unit ("1.65" in 亿元): what a column headed with the unit shows. */
export function formatInScale(fen: Fen, scale: AmountScale): string {
  if (scale === "yuan") return groupDigits(fen);
  const { divisor, digits } = SCALES[scale];
  return joinParts(scaledParts(fen, divisor, digits), false);
}

/** The unit a scale's figures are in, as a header names it: "亿元", "million yuan", "元". */
export function scaleLabel(scale: AmountScale, lang: Lang): string {
  return scale === "yuan" ? UNIT_LABEL.yuan[lang] : SCALES[scale].label[lang];
}

/**
 * The one compact amount of the dashboard, the CLI and the exports, half-up with fixed decimals so that a column
 * of them lines up: "6.22 亿元" (two decimals of 亿: one would hide 1000万), "71.3 万元", "850 元";
 * "¥622.0 million", "¥71.3 thousand", "¥850".
 */
export function formatAmount(fen: Fen, lang: Lang): string {
  // "-¥88.7 million", the sign before the currency, as English writes it.
  if (lang === "en" && fen < 0) return `-${formatAmount(Math.abs(fen), lang)}`;
  const scale = amountScale(fen, lang);
  if (scale === "yuan") return formatYuan(fen, lang);
  const figure = formatInScale(fen, scale);
  return lang === "en" ? `¥${figure} ${scale}` : `${figure} ${SCALES[scale].label.zh}`;
}

/** Tenths of a percent, half-up: the ratio's rounding in one place (1e-9 absorbs the ratio's own float error). */
function percentTenths(ratio: number): number {
  return Math.sign(ratio) * Math.floor(Math.abs(ratio) * 1000 + 0.5 + 1e-9);
}

/** A ratio as a percentage with one decimal, half-up: 0.8945 → "89.5%" (both languages write it so). */
export function formatPercent(ratio: number | null, lang: Lang): string {
  if (ratio === null || !Number.isFinite(ratio)) return "—";
  void lang;
  const tenths = percentTenths(ratio);
  const negative = tenths < 0;
  const abs = Math.abs(tenths);
  return `${negative ? "-" : ""}${groupThousands(Math.floor(abs / 10))}.${abs % 10}%`;
}

/** A difference of two ratios in percentage points, one decimal, half-up, unsigned: "3.2 个百分点" / "3.2 pp". */
export function formatPoints(difference: number, lang: Lang): string {
  const abs = Math.abs(percentTenths(difference));
  const text = `${Math.floor(abs / 10)}.${abs % 10}`;
  return lang === "zh" ? `${text} 个百分点` : `${text} pp`;
}

/** The unit a leadership view would pick for an amount: 亿元 from 1亿, 万元 from 1万, else 元. */
export function naturalUnit(fen: Fen): DisplayUnit {
  const abs = Math.abs(fen);
  if (abs >= FEN_PER_YI) return "yi";
  if (abs >= FEN_PER_WAN) return "wan";
  return "yuan";
}

/** How the documents write an amount (2000万元, 1亿元); in English, exact yuan, which reads more naturally. */
export function formatAsWritten(fen: Fen, lang: Lang): string {
  return lang === "zh" ? formatScaled(fen, naturalUnit(fen), lang, 4).replace(" ", "") : formatYuan(fen, lang);
}

export function unitLabel(unit: DisplayUnit, lang: Lang): string {
  return UNIT_LABEL[unit][lang];
}
