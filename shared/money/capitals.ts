// An amount in Chinese capitals (大写金额), as payment lists, vouchers and bills write it: 1000000 元 → 壹佰万元整.
//
// The rules, from 中国人民银行《支付结算办法》附件一《正确填写票据和结算凭证的基本规定》and 财政部《会计基础工作规范》第五十二条:
// - the digits 零壹贰叁肆伍陆柒捌玖 and the units 拾佰仟万亿元角分; 壹拾, never a bare 拾;
// - a run of zeros between two non-zero digits is one 零; zeros at the end of the yuan, or of a 万 or 亿 section,
//   are not written;
// - where only the 万 (or 亿) place is zero and the 仟 place after it is not, or only the 元 place is zero and the 角
//   place after it is not, the rules allow either one 零 or none: the first worked example of each (壹拾万柒仟元零伍角
//   叁分; 壹仟陆佰捌拾元零叁角贰分) is what is written here — no 零 across the section boundary, 零 after 元;
// - 角 zero and 分 not: 零 after 元 (壹万陆仟肆佰零玖元零贰分), required;
// - ending at 元: 整 after it; ending at 角: 整 after it too (the accounting rule requires it, the payment rule allows
//   it: option `zhengAfterJiao: false` for the bare form); ending at 分: nothing after it;
// - under one yuan the 元 is not written (伍角整), and nothing at all is 零元整.
// "人民币" goes in front where the form does not print it (option `prefix`).
import type { Fen } from "./fen.ts";

const DIGITS = "零壹贰叁肆伍陆柒捌玖";
/** Units of the places within a four-digit section: 仟佰拾 and the ones. */
const PLACES = ["仟", "佰", "拾", ""];
/** Units of the two sections below 亿: the ones and 万. */
const SECTIONS = ["", "万"];
const YI = 100_000_000;

export interface CapitalsOptions {
  /** Write 人民币 in front. Default false. */
  prefix?: boolean;
  /** Write 整 after an amount ending in 角. Default true. */
  zhengAfterJiao?: boolean;
}

/** A section of four digits (1–9999) in capitals, its leading zeros not written. */
function section(value: number): string {
  const digits = String(value).padStart(4, "0");
  let out = "";
  let zero = false;
  for (let i = 0; i < 4; i++) {
    const d = digits.charCodeAt(i) - 48;
    if (d === 0) {
      zero = out !== "";
      continue;
    }
    if (zero) out += "零";
    zero = false;
    out += (DIGITS[d] as string) + PLACES[i];
  }
  return out;
}

/** A whole number below 1亿 in capitals; "" for 0. */
function belowYi(value: number): string {
  const sections = [value % 10_000, Math.floor(value / 10_000)];
  let out = "";
  for (let k = 1; k >= 0; k--) {
    const part = sections[k] as number;
    if (part === 0) continue;
    // Below a written 万, a section that does not start at its 仟 (壹拾万零柒佰) follows one 零.
    if (out !== "" && part < 1000) out += "零";
    out += section(part) + SECTIONS[k];
  }
  return out;
}

/**
 * The whole yuan in capitals (without 元); "" for 0. What stands above 亿 is a number of its own (壹万零壹亿), and
 * what stands below it follows one 零 unless it starts at the 仟万 place (壹亿零伍仟, 壹亿贰仟万).
 */
function yuanInCapitals(yuan: number): string {
  const high = Math.floor(yuan / YI);
  const low = yuan % YI;
  let out = high > 0 ? `${belowYi(high)}亿` : "";
  if (low > 0) out += (out !== "" && low < YI / 10 ? "零" : "") + belowYi(low);
  return out;
}

/** The amount in capitals. `fen` must be a whole, non-negative number of fen up to 10^15 (10^13 yuan, MAX_AMOUNT). */
export function amountInCapitals(fen: Fen, options: CapitalsOptions = {}): string {
  if (!Number.isSafeInteger(fen) || fen < 0 || fen > 1e15) throw new RangeError(`not an amount in fen: ${fen}`);
  const prefix = options.prefix ? "人民币" : "";
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const cents = fen % 10;
  if (fen === 0) return `${prefix}零元整`;
  let out = yuanInCapitals(yuan);
  if (out !== "") out += "元";
  if (jiao === 0 && cents === 0) return `${prefix}${out}整`;
  // 零 after 元 when the 元 place is zero (before 角) or the 角 place is (before 分).
  if (out !== "" && (yuan % 10 === 0 || jiao === 0)) out += "零";
  if (jiao > 0) out += `${DIGITS[jiao]}角`;
  if (cents > 0) return `${prefix}${out}${DIGITS[cents]}分`;
  return `${prefix}${out}${options.zhengAfterJiao === false ? "" : "整"}`;
}
