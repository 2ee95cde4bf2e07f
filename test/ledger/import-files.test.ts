// Files as users' programs write them, each read whole or refused with every problem listed — never read in part:
// line endings mixed within one file, CSV saved by Chinese Excel in the GBK code page, Excel's UTF-16 "Unicode text",
// a UTF-8 file with a damaged byte, a cell outside the header. The fixtures and how they were made: fixtures/README.md.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { parseLedgerCsv, parseLedgerCsvBytes } from "../../shared/ledger/csv.ts";
import { decodeText, encodingChoice } from "../../shared/ledger/text-encoding.ts";

const fixture = (name: string) => new Uint8Array(fs.readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));
const text = (name: string) => new TextDecoder().decode(fixture(name));
const ZH_HEADER = "申请编号,项目编号,企业名称,统一社会信用代码,所属区县,条款,计算基数,申请日期,状态,核定金额,拨付金额,拨付日期,备注";
const problemsOf = (r: ReturnType<typeof parseLedgerCsv>) => (r.ok ? [] : r.problems.map((p) => [p.row, p.column]));

describe("line endings", () => {
  it("reads every row of a file whose header ends in CRLF and whose rows end in LF, listing every problem", () => {
    // Papaparse's own guess (from the first line: CRLF) read this file as the header and one row holding all five.
    const r = parseLedgerCsv(text("ledger-mixed-line-endings.csv"));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.rowsRead).toBe(5);
    expect(r.rejectedRows).toBe(3);
    expect(problemsOf(r)).toEqual([
      [3, "计算基数"],
      [4, "申请日期"],
      [5, "状态"],
    ]);
    expect(r.problems[0]?.reason.zh).toContain("五十万");
    expect(r.problems[1]?.reason.zh).toContain("2026-02-30");
    expect(r.problems[2]?.reason.zh).toContain("核准");
  });

  it("reads the same file, corrected, as five rows, the last with its note intact", () => {
    const fixed = text("ledger-mixed-line-endings.csv").replace("五十万", "50万").replace("2026-02-30", "2026-02-28").replace("核准", "已核定");
    const r = parseLedgerCsv(fixed);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rows.map((row) => row.applicationId)).toEqual(["JLP-2026-0101", "JLP-2026-0102", "JLP-2026-0103", "JLP-2026-0104", "JLP-2026-0105"]);
    expect(r.rows[0]?.amount).toBe(12_000_000);
    expect(r.rows[4]?.note).toBe("年中补报");
  });

  it("reads CRLF, LF, CR-only and mixed line endings alike, with quoted cells holding line breaks", () => {
    const rows = [
      `A1,P1,甲公司,91500107MA5U8C2D9G,九龙坡区,jiulongpo-3,100万,2026-03-01,已申请,,,,"两行\n备注"`,
      `A2,P2,乙公司,91500107MA5U8C2D9G,九龙坡区,jiulongpo-3,"1,000,000",2026-03-02,已申请,,,,`,
      `A3,P3,丙公司,91500107MA5U8C2D9G,九龙坡区,jiulongpo-3,100万,2026-03-03,已申请,,,,"末尾"`,
    ];
    const endings = [["\r\n"], ["\n"], ["\r"], ["\r\n", "\n", "\r\n", "\n"], ["\n", "\r\n", "\n", "\r\n"]];
    for (const pattern of endings) {
      const lines = [ZH_HEADER, ...rows];
      const csv = lines.map((line, i) => line + (pattern[i % pattern.length] as string)).join("");
      const r = parseLedgerCsv(csv);
      expect(r.ok, JSON.stringify(pattern)).toBe(true);
      if (r.ok) expect(r.rows.map((row) => [row.applicationId, row.note])).toEqual([["A1", "两行\n备注"], ["A2", ""], ["A3", "末尾"]]);
    }
  });

  it("refuses a row with text in a cell the header does not name (an unquoted 1,500,000), naming it", () => {
    const r = parseLedgerCsv(`${ZH_HEADER}\nA1,P1,甲公司,91500107MA5U8C2D9G,九龙坡区,jiulongpo-3,1,500,000,2026-03-01,已申请,,,,首批\n`);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0]?.reason.zh).toContain("第 15 列没有表头");
    // The shifted cells are reported too: "500" is no date, "000" no status, "2026-03-01" no amount.
    expect(problemsOf(r).slice(1)).toEqual([
      [2, "申请日期"],
      [2, "状态"],
      [2, "核定金额"],
      [2, "拨付金额"],
    ]);
  });
});

describe("encodings", () => {
  it("reads CSV saved by Chinese Excel in GBK (no byte-order mark, CRLF) and says it was GB18030", () => {
    const bytes = fixture("ledger-excel-gbk.csv");
    const r = parseLedgerCsvBytes(bytes);
    expect(r.encoding).toBe("gb18030");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rows.map((row) => [row.enterprise, row.district, row.amount, row.applicationDate, row.status])).toEqual([
      ["重庆渝丰智能装备有限公司", "九龙坡区", 12_000_000, "2026-03-02", "applied"],
      ["重庆嘉陵新材料股份有限公司", "九龙坡区", 3_000_000, "2026-04-15", "approved"],
      ["重庆金渝电子科技有限公司", "渝北区", 8_000_000, "2026-05-08", "paid"],
    ]);
    expect(r.rows[2]?.note).toBe("首笔拨付（国库集中支付）");
    // Named by the user, in any of the names officers use.
    expect(parseLedgerCsvBytes(bytes, encodingChoice("GBK") ?? "auto")).toMatchObject({ ok: true, encoding: "gb18030" });
  });

  it("refuses GBK bytes read as UTF-8 when UTF-8 is asked for, saying so", () => {
    const r = parseLedgerCsvBytes(fixture("ledger-excel-gbk.csv"), "utf-8");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatchObject({ field: "encoding", reason: { en: "the file is not valid UTF-8 text" } });
  });

  it("reads UTF-8 with and without a byte-order mark, and Excel's tab-separated UTF-16 Unicode text", () => {
    const csv = text("ledger-mixed-line-endings.csv");
    const utf8 = new TextEncoder().encode(csv);
    expect(parseLedgerCsvBytes(utf8).encoding).toBe("utf-8");
    expect(parseLedgerCsvBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8])).encoding).toBe("utf-8");
    const tabbed = csv.replace("五十万", "50万").replace("2026-02-30", "2026-02-28").replace("核准", "已核定").replace('"12,000,000"', "12000000").replaceAll(",", "\t");
    const utf16 = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tabbed, "utf16le")]));
    const r = parseLedgerCsvBytes(utf16);
    expect(r).toMatchObject({ ok: true, encoding: "utf-16le" });
    if (r.ok) expect(r.rows).toHaveLength(5);
  });

  it("refuses a UTF-8 file with one damaged byte, naming its line, rather than reading it as GB18030", () => {
    const utf8 = new TextEncoder().encode(text("ledger-mixed-line-endings.csv"));
    const at = utf8.indexOf(0x0a, utf8.indexOf(0x0a) + 1) + 5; // on line 3
    const damaged = utf8.slice();
    damaged[at] = 0xff;
    const decoded = decodeText(damaged);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.reason.en).toContain("line 3 has a damaged byte (0xFF");
  });
});
