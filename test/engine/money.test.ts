// Exact money: conversions, half-up rounding and unit parsing, against hand-worked values and BigInt arithmetic.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyRate, fenFromYuan } from "../../shared/money/fen.ts";
import { parseAmountText, parseRateText } from "../../shared/money/parse.ts";
import { amountScale, formatAmount, formatAsWritten, formatInScale, formatScaled, formatYuan, scaleLabel } from "../../shared/money/format.ts";
import { TERMS, termIn } from "../../shared/terms.ts";

describe("fenFromYuan", () => {
  it("takes two-decimal doubles at their printed value", () => {
    expect(fenFromYuan(0.29)).toEqual({ fen: 29, rounded: false });
    expect(fenFromYuan(1.005)?.fen).toBe(101); // 1.005 is below 1.005 in binary; half-up on the decimal Excel shows
    expect(fenFromYuan(1234567.89)).toEqual({ fen: 123456789, rounded: false });
    expect(fenFromYuan(0.125)).toEqual({ fen: 13, rounded: true });
    expect(fenFromYuan(0.124)).toEqual({ fen: 12, rounded: true });
  });
  it("refuses non-finite and oversized values", () => {
    expect(fenFromYuan(Number.NaN)).toBeNull();
    expect(fenFromYuan(Infinity)).toBeNull();
    expect(fenFromYuan(1e300)).toBeNull();
  });
});

describe("applyRate", () => {
  it("rounds half-up", () => {
    expect(applyRate(5, 1000)).toBe(1); // 0.5 fen → 1
    expect(applyRate(4, 1000)).toBe(0); // 0.4 fen → 0
    expect(applyRate(15, 5000)).toBe(8); // 7.5 → 8
    expect(applyRate(100_000_000, 1000)).toBe(10_000_000);
  });
  it("agrees with BigInt arithmetic everywhere, including past 2^53", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 0, max: 10_000 }), (fen, bp) => {
        const exact = BigInt(fen) * BigInt(bp);
        const expected = Number((exact * 2n + 10_000n) / 20_000n);
        return applyRate(fen, bp) === expected;
      }),
    );
  });
});

describe("parseAmountText", () => {
  it("reads the units the documents and users write", () => {
    expect(parseAmountText("2000万元")).toBe(2_000_000_000);
    expect(parseAmountText("1亿元")).toBe(10_000_000_000);
    expect(parseAmountText("50万")).toBe(50_000_000);
    expect(parseAmountText("0.5万元")).toBe(500_000);
    expect(parseAmountText("1,000,000")).toBe(100_000_000);
    expect(parseAmountText("¥1,234.56")).toBe(123_456);
    expect(parseAmountText("１５ 万元")).toBe(15_000_000); // full-width digits from Chinese input methods
  });
  it("rejects what is not an amount", () => {
    for (const bad of ["", "abc", "-5", "1e5", "两千万", "5万美元", "1.2.3"]) expect(parseAmountText(bad)).toBeNull();
  });
  it("reads rates", () => {
    expect(parseRateText("10%")).toBe(1000);
    expect(parseRateText("0.5%")).toBe(50);
    expect(parseRateText("10")).toBeNull();
  });
});

describe("format", () => {
  it("shows 元, 万元 and 亿元", () => {
    expect(formatYuan(123_456_789, "zh")).toBe("1,234,567.89 元");
    expect(formatYuan(100, "en")).toBe("¥1");
    expect(formatScaled(2_000_000_000, "wan", "zh")).toBe("2,000 万元");
    expect(formatScaled(25_000_000_000, "yi", "zh")).toBe("2.5 亿元");
    expect(formatAsWritten(2_000_000_000, "zh")).toBe("2,000万元");
  });
});

describe("a column in one scale", () => {
  it("writes the figure formatAmount writes, the unit left to the header that names it", () => {
    for (const [fen, lang] of [[16_500_000_000, "zh"], [16_500_000_000, "en"], [712_345_600, "zh"], [-8_867_610_000, "en"], [85_000, "zh"]] as const) {
      const scale = amountScale(fen, lang);
      const figure = formatInScale(fen, scale);
      expect(formatAmount(fen, lang).replace("¥", "")).toContain(figure);
    }
    expect(formatInScale(2_000_000_000, "yi")).toBe("0.20");
    expect(formatInScale(16_500_000_000, "million")).toBe("165.0");
    expect(termIn(TERMS.commitment, "zh", "yi")).toBe(`${TERMS.commitment.zh}（亿元）`);
    expect(termIn(TERMS.commitment, "en", "million")).toBe(`${TERMS.commitment.en} (million yuan)`);
    expect(termIn(TERMS.commitment, "en", "yuan")).toBe(`${TERMS.commitment.en} (yuan)`);
    expect(scaleLabel("wan", "zh")).toBe("万元");
  });
});
