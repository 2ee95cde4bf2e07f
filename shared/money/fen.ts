// Money is held as an integer number of fen (0.01 yuan). Every amount in the product passes through
// this file on its way in (from YAML, Excel, CSV, JSON) and on its way out, so that there is exactly one
// place where decimals become integers and one rounding rule: half-up (四舍五入).
import Big from "big.js";

/** An integer count of fen. Plain `number` for speed; always a safe integer. */
export type Fen = number;

export const FEN_PER_YUAN = 100;
export const FEN_PER_WAN = 1_000_000; // 1万元
export const FEN_PER_YI = 10_000_000_000; // 1亿元

/** Basis points: 1% = 100 bp. Rates in the documents are whole percents, so bp are exact integers. */
export type BasisPoints = number;
export const BP_PER_UNIT = 10_000;

export interface FenConversion {
  fen: Fen;
  /** The input had digits below the fen that were rounded half-up. */
  rounded: boolean;
}

/**
 * Converts a yuan amount given as a JS number to fen, exactly.
 * A double that prints with at most two decimals is taken at its printed value (0.29 is 29 fen, not
 * 28.999…); anything finer is rounded half-up from its shortest decimal form, which is what Excel shows.
 */
export function fenFromYuan(yuan: number): FenConversion | null {
  if (!Number.isFinite(yuan)) return null;
  const plain = plainFen(Math.abs(yuan));
  if (!Number.isNaN(plain)) return { fen: yuan < 0 ? -plain : plain, rounded: false };
  const exact = new Big(yuan).times(FEN_PER_YUAN).round(0, Big.roundHalfUp);
  const asNumber = exact.toNumber();
  if (!Number.isSafeInteger(asNumber)) return null;
  return { fen: asNumber === 0 ? 0 : asNumber, rounded: true };
}

/**
 * The fen of a non-negative yuan value that prints with at most two decimals (the common case), without allocating;
 * NaN for anything else (negative, finer than the fen, too large, NaN). Hot paths try this before fenFromYuan.
 */
export function plainFen(yuan: number): Fen {
  const fen = roundedFen(yuan);
  return isPlainFen(yuan, fen) ? fen + 0 : NaN;
}

/** The candidate fen of a yuan value, for isPlainFen. */
export function roundedFen(yuan: number): Fen {
  return Math.round(yuan * FEN_PER_YUAN);
}

/**
 * plainFen's test on its candidate (`fen` = roundedFen(yuan)): whether it is the value's exact fen. Column kernels
 * branch on this boolean rather than on plainFen's NaN, which the optimiser does not fold into the branch (a third
 * slower over a million rows). For a yuan of -0 `fen` is -0; applyRate and subtraction from a limit give +0 from it.
 */
export function isPlainFen(yuan: number, fen: Fen): boolean {
  return yuan >= 0 && fen / FEN_PER_YUAN === yuan && fen <= Number.MAX_SAFE_INTEGER;
}

/** Fen of a yuan amount already validated as exact to the fen (a ledger row's approved or paid amount). */
export function fenOfExactYuan(yuan: number): Fen {
  return Math.round(yuan * FEN_PER_YUAN);
}

/** Fen back to a yuan number. fen/100 is the double nearest the decimal, so it prints exactly. */
export function yuanFromFen(fen: Fen): number {
  return fen / FEN_PER_YUAN;
}

/** fen × bp / 10000, rounded half-up, exact for every non-negative safe-integer input. */
export function applyRate(fen: Fen, bp: BasisPoints): Fen {
  const shifted = fen * bp + BP_PER_UNIT / 2;
  if (shifted > Number.MAX_SAFE_INTEGER) return applyRateBig(fen, bp);
  // Half-up is floor((p + 5000) / 10000). Below 2^53 the quotient is under 2^40, where doubles are spaced at most
  // 2^-13 apart; a quotient that is not whole lies at least 1/10000 from the next integer, farther than rounding
  // can move it, so the floor is exact. Branch-free: random amounts make a rounding branch unpredictable.
  return Math.floor(shifted / BP_PER_UNIT);
}

/** Above 2^53 the product is no longer exact as a double: redo it in BigInt. Kept apart so applyRate stays inlinable. */
function applyRateBig(fen: Fen, bp: BasisPoints): Fen {
  const big = BigInt(fen) * BigInt(bp);
  const unit = BigInt(BP_PER_UNIT);
  const whole = big / unit;
  const rest = big % unit;
  return Number(rest * 2n >= unit ? whole + 1n : whole);
}

/** count × per-unit fen, refusing a product that would not be exact. */
export function multiplyCount(count: number, perUnit: Fen): Fen | null {
  const product = count * perUnit;
  return Number.isSafeInteger(product) ? product : null;
}

/** Rounds an exact decimal string (from a parsed text) to fen, half-up. */
export function fenFromDecimalText(decimal: string, fenPerUnit: number): Fen | null {
  try {
    const value = new Big(decimal).times(fenPerUnit).round(0, Big.roundHalfUp).toNumber();
    return Number.isSafeInteger(value) ? value : null;
  } catch {
    return null;
  }
}
