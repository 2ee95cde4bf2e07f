// Amounts in Chinese capitals (shared/money/capitals.ts) against the worked examples of the rules they follow.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { amountInCapitals } from "../../shared/money/capitals.ts";

const fen = (yuan: string): number => Math.round(Number(yuan) * 100);
const capitals = (yuan: string) => amountInCapitals(fen(yuan));

describe("amounts in Chinese capitals", () => {
  it("writes the worked examples of 《正确填写票据和结算凭证的基本规定》 (中国人民银行《支付结算办法》附件一) as their first form", () => {
    // Quoted from the rules' 第四条 as published, e.g. http://ningxialong.com/c/091Q0044a2022_5.html and
    // http://m.ningxialong.com/c/0QDM23R022_3.html (search corpus "pages"):
    // (一) 阿拉伯数字中间有"0"时，中文大写要写"零"字，如¥1409.50，应写成人民币壹仟肆佰零玖元伍角。
    expect(amountInCapitals(fen("1409.50"), { prefix: true, zhengAfterJiao: false })).toBe("人民币壹仟肆佰零玖元伍角");
    // (二) 阿拉伯数字中间连续有几个"0"时，中文大写金额中间可以只写一个"零"字，如¥6007.14，应写成人民币陆仟零柒元壹角肆分。
    expect(amountInCapitals(fen("6007.14"), { prefix: true })).toBe("人民币陆仟零柒元壹角肆分");
    // (三) 万位和元位是"0"…但千位、角位不是"0"时，可以只写一个零字，也可以不写"零"字。如¥1680.32，应写成
    // 人民币壹仟陆佰捌拾元零叁角贰分，或者写成人民币壹仟陆佰捌拾元叁角贰分；又如¥107000.53，应写成人民币壹拾万柒仟元零伍角叁分，
    // 或者写成人民币壹拾万零柒仟元伍角叁分。 (The first form of each is the one written.)
    expect(capitals("1680.32")).toBe("壹仟陆佰捌拾元零叁角贰分");
    expect(capitals("107000.53")).toBe("壹拾万柒仟元零伍角叁分");
    // (四) 角位是"0"，而分位不是"0"时，中文大写金额"元"后面应写"零"字。如¥16409.02，应写成人民币壹万陆仟肆佰零玖元零贰分；
    // 又如¥325.04，应写成人民币叁佰贰拾伍元零肆分。
    expect(capitals("16409.02")).toBe("壹万陆仟肆佰零玖元零贰分");
    expect(capitals("325.04")).toBe("叁佰贰拾伍元零肆分");
  });

  it("writes 整 after 元 and after 角 (《会计基础工作规范》第五十二条(三)), never after 分", () => {
    // 第五十二条(三) (e.g. http://www.hkxiaopan.com/column/zhidao/87436.html): 大写金额数字到元或者角为止的，在"元"或者"角"
    // 字之后应当写"整"字或者"正"字；大写金额数字有分的，分字后面不写"整"或者"正"字。
    expect(capitals("1000000")).toBe("壹佰万元整");
    expect(capitals("1409.50")).toBe("壹仟肆佰零玖元伍角整");
    expect(capitals("6007.14")).toBe("陆仟零柒元壹角肆分");
    // Worked examples published with the accounting rule (https://zztongyun.com/article-人民币大写金额书写规范举例-1.html):
    expect(capitals("289546.52")).toBe("贰拾捌万玖仟伍佰肆拾陆元伍角贰分");
    expect(capitals("532")).toBe("伍佰叁拾贰元整");
    expect(capitals("425.03")).toBe("肆佰贰拾伍元零叁分");
    expect(capitals("101.50")).toBe("壹佰零壹元伍角整");
    expect(capitals("1004.56")).toBe("壹仟零肆元伍角陆分");
    expect(capitals("7560.31")).toBe("柒仟伍佰陆拾元零叁角壹分");
  });

  it("writes zeros across the 万 and 亿 sections as one 零, and none where a section ends in zeros before a 仟", () => {
    expect(capitals("10")).toBe("壹拾元整");
    expect(capitals("100000")).toBe("壹拾万元整");
    expect(capitals("100700")).toBe("壹拾万零柒佰元整");
    expect(capitals("10007000")).toBe("壹仟万柒仟元整");
    expect(capitals("15000000")).toBe("壹仟伍佰万元整");
    expect(capitals("100000000")).toBe("壹亿元整");
    expect(capitals("100005000")).toBe("壹亿零伍仟元整");
    expect(capitals("100010000")).toBe("壹亿零壹万元整");
    expect(capitals("120000000")).toBe("壹亿贰仟万元整");
    expect(capitals("123456789")).toBe("壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元整");
    expect(capitals("1000000000000")).toBe("壹万亿元整");
    expect(capitals("1000100000000")).toBe("壹万零壹亿元整");
    expect(capitals("1200000000000")).toBe("壹万贰仟亿元整");
    expect(capitals("10000000000000")).toBe("壹拾万亿元整");
  });

  it("writes amounts under one yuan without 元, and nothing as 零元整", () => {
    expect(capitals("0")).toBe("零元整");
    expect(capitals("0.50")).toBe("伍角整");
    expect(capitals("0.05")).toBe("伍分");
    expect(capitals("0.35")).toBe("叁角伍分");
    expect(capitals("20.05")).toBe("贰拾元零伍分");
    expect(amountInCapitals(0, { prefix: true })).toBe("人民币零元整");
  });

  it("refuses what is not a whole number of fen in range", () => {
    for (const bad of [-1, 0.5, Number.NaN, 1e15 + 1]) expect(() => amountInCapitals(bad)).toThrow(RangeError);
  });

  it("reads back to the amount it was written from, for any amount, with no two 零 together and none at an end", () => {
    const DIGIT = new Map([..."零壹贰叁肆伍陆柒捌玖"].map((ch, i) => [ch, i]));
    const UNIT = new Map([["拾", 10], ["佰", 100], ["仟", 1000]]);
    /** Capitals back to fen: a plain reading, independent of how they were written. */
    const read = (text: string): number => {
      const [yuanPart, rest = ""] = text.replace(/整$/, "").split("元");
      const small = yuanPart !== undefined && !text.includes("元") ? yuanPart : rest;
      let total = 0;
      if (text.includes("元")) {
        let yi = 0;
        let wan = 0;
        let section = 0;
        let digit = 0;
        for (const ch of yuanPart ?? "") {
          if (DIGIT.has(ch)) digit = DIGIT.get(ch) as number;
          else if (UNIT.has(ch)) {
            section += digit * (UNIT.get(ch) as number);
            digit = 0;
          } else if (ch === "万") {
            wan = (wan + section + digit) * 10_000;
            section = digit = 0;
          } else if (ch === "亿") {
            yi = (yi + wan + section + digit) * 100_000_000;
            wan = section = digit = 0;
          }
        }
        total = (yi + wan + section + digit) * 100;
      }
      const jiao = /(.)角/.exec(small);
      const cents = /(.)分/.exec(small);
      return total + (jiao ? (DIGIT.get(jiao[1] as string) as number) * 10 : 0) + (cents ? (DIGIT.get(cents[1] as string) as number) : 0);
    };
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: 1e15 }), fc.integer({ min: 0, max: 10_000_000 })), (amount) => {
        const text = amountInCapitals(amount);
        expect(read(text)).toBe(amount);
        if (amount > 0) expect(text).not.toMatch(/零零|^零|零[万亿元整]/);
        expect(text.endsWith("分") || text.endsWith("整")).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
