// Display of amounts in 元, 万元 or 亿元, the units finance officers and leadership read.
import { FEN_PER_WAN, FEN_PER_YI, type Fen } from "./fen.ts";

export type Lang = "zh" | "en";
export type DisplayUnit = "yuan" | "wan" | "yi";

const UNIT_LABEL: Record<DisplayUnit, Record<Lang, string>> = {
  yuan: { zh: "元", en: "yuan" },
  wan: { zh: "万元", en: "×10k yuan" },
  yi: { zh: "亿元", en: "×100m yuan" },
};

const LOCALE: Record<Lang, string> = { zh: "zh-CN", en: "en-US" };
/** Formatters by language and decimals: Number#toLocaleString builds one per call, which a ledger's messages feel. */
const formatters = new Map<string, Intl.NumberFormat>();
function numberFormat(lang: Lang, maximumFractionDigits?: number): Intl.NumberFormat {
  const key = `${lang}:${maximumFractionDigits ?? ""}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(LOCALE[lang], maximumFractionDigits === undefined ? undefined : { maximumFractionDigits });
    formatters.set(key, format);
  }
  return format;
}

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

/** Scaled display (万元 or 亿元) with up to `digits` decimals, trailing zeros dropped. */
export function formatScaled(fen: Fen, unit: DisplayUnit, lang: Lang, digits = 2): string {
  if (unit === "yuan") return formatYuan(fen, lang);
  const divisor = unit === "wan" ? FEN_PER_WAN : FEN_PER_YI;
  const value = numberFormat(lang, digits).format(fen / divisor);
  return lang === "zh" ? `${value} ${UNIT_LABEL[unit].zh}` : `¥${value} ${unit === "wan" ? "×10k" : "×100m"}`;
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
