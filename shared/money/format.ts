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

function groupDigits(fen: Fen, lang: Lang): string {
  const negative = fen < 0;
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100);
  const cents = abs % 100;
  const grouped = numberFormat(lang).format(whole);
  return `${negative ? "-" : ""}${grouped}${cents ? "." + String(cents).padStart(2, "0") : ""}`;
}

/** Exact yuan with thousands separators: "1,000,000.50 元" / "¥1,000,000.50". */
export function formatYuan(fen: Fen, lang: Lang): string {
  return lang === "zh" ? `${groupDigits(fen, lang)} 元` : `¥${groupDigits(fen, lang)}`;
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
