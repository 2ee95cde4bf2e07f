// The one place where the documents' and users' written amounts (2000万元, 1亿元, 1,000,000) become fen.
import { BP_PER_UNIT, FEN_PER_WAN, FEN_PER_YI, FEN_PER_YUAN, fenFromDecimalText, type BasisPoints, type Fen } from "./fen.ts";

const AMOUNT = /^\s*[¥￥]?\s*([0-9][0-9,，]*(?:\.[0-9]+)?)\s*(亿元|亿|万元|万|元)?\s*$/u;

const FEN_PER_UNIT: Record<string, number> = {
  亿元: FEN_PER_YI,
  亿: FEN_PER_YI,
  万元: FEN_PER_WAN,
  万: FEN_PER_WAN,
  元: FEN_PER_YUAN,
};

/**
 * Parses a written amount: "2000万元", "1亿元", "50万", "1,000,000", "¥1,234.56", "15 万元".
 * Returns fen (half-up below the fen) or null when the text is not an amount.
 */
export function parseAmountText(text: string): Fen | null {
  const m = AMOUNT.exec(text.normalize("NFKC"));
  if (!m || m[1] === undefined) return null;
  const digits = m[1].replace(/[,，]/g, "");
  const unit = m[2] ?? "元";
  const perUnit = FEN_PER_UNIT[unit];
  if (perUnit === undefined) return null;
  return fenFromDecimalText(digits, perUnit);
}

const RATE = /^\s*([0-9]+(?:\.[0-9]{1,2})?)\s*%\s*$/;

/** Parses "10%" or "0.5%" to basis points; null for anything else. */
export function parseRateText(text: string): BasisPoints | null {
  const m = RATE.exec(text);
  if (!m || m[1] === undefined) return null;
  const bp = fenFromDecimalText(m[1], BP_PER_UNIT / 100);
  return bp;
}
