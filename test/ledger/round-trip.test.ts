// An exported ledger re-imported gives the same rows (issue 10's text hygiene): CSV and .xlsx, Chinese and English
// headers, text a spreadsheet would take for a formula (the guard's quote is taken off again), guarded text at its
// field's length limit, quotes, commas and line breaks, text NFC leaves or changes, and escapes that look like
// .xlsx's own (_x0041_). Rows are generated as LedgerRow.parse returns them: that is what the service stores and
// exports.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FACT_NAMES } from "../../shared/catalog/schema.ts";
import { parseLedgerCsv, tableToCsv } from "../../shared/ledger/csv.ts";
import { ledgerTable } from "../../shared/ledger/export-table.ts";
import { rowsFromTable } from "../../shared/ledger/import.ts";
import { isPlainText, LedgerRow, STATUSES, TEXT_LENGTH, textProblem, type TextField } from "../../shared/ledger/row.ts";
import { PassThrough } from "node:stream";
import { readLedgerXlsx, tablesToXlsx, XlsxSheetWriter } from "../../shared/ledger/xlsx.ts";
import { evaluateLedger } from "../../shared/ledger/evaluate.ts";
import { defaultEngine } from "../../shared/node.ts";
import { row } from "./helpers.ts";

const PIECES = ["=", "+", "-", "@", "'", "''", " ", '"', ",", "，", "重庆", "九龙坡区", "e\u0301", "é", "\ufa10", "_x0041_", "_x000D_", "😀", "0001", "1e5", "2026-03-01", "TRUE", "#N/A", "申请编号", "示例数据", "A", "z", "9", "\u3000"];
const NOTE_PIECES = [...PIECES, "\t", "\n", "\r\n", "\r"];

function textArb(field: TextField): fc.Arbitrary<string> {
  const { max } = TEXT_LENGTH[field];
  const pieces = fc.array(fc.constantFrom(...(field === "note" ? NOTE_PIECES : PIECES)), { minLength: 1, maxLength: 8 }).map((p) => p.join(""));
  const unicode = fc.string({ unit: "grapheme", minLength: 1, maxLength: 12 });
  // At the field's limit, starting with what the guard quotes: the export writes one character more.
  const atLimit = fc.constantFrom("=", "-", "+", "@", "'", "a", "重").map((first) => first + "x".repeat(max - 1));
  return fc.oneof({ arbitrary: pieces, weight: 6 }, { arbitrary: unicode, weight: 3 }, { arbitrary: atLimit, weight: 1 });
}

const yuan = fc.oneof(fc.integer({ min: 0, max: 2_000_000_000 }), fc.integer({ min: 0, max: 100_000_000_000 }).map((fen) => fen / 100));
const day = fc.integer({ min: 0, max: 3650 }).map((d) => new Date(Date.UTC(2020, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));

const rowArb = fc
  .record({
    applicationId: textArb("applicationId"),
    projectId: textArb("projectId"),
    enterprise: textArb("enterprise"),
    creditCode: textArb("creditCode"),
    district: textArb("district"),
    provisionId: fc.oneof(fc.constantFrom("jiulongpo-3", "YuBei-2", "no-such"), textArb("provisionId")),
    amount: fc.option(yuan, { nil: null }),
    facts: fc.dictionary(fc.constantFrom(...FACT_NAMES), yuan, { maxKeys: 3 }),
    applicationDate: day,
    status: fc.constantFrom(...STATUSES),
    approved: fc.option(yuan, { nil: null }),
    paid: fc.option(yuan, { nil: null }),
    paidDate: fc.option(day, { nil: null }),
    note: fc.oneof(fc.constant(""), textArb("note")),
    /** 申报批次: mostly none (the key absent, as a row without the column reads), else a notice ID or any text. */
    notice: fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: fc.constant("jiulongpo-2026-1-sample"), weight: 1 }, { arbitrary: textArb("notice"), weight: 2 }),
  })
  .map(({ notice, ...input }) => LedgerRow.safeParse(notice === undefined ? input : { ...input, notice }))
  .filter((parsed) => parsed.success)
  .map((parsed) => parsed.data as LedgerRow);

const ledgerArb = fc.array(rowArb, { minLength: 1, maxLength: 8 });

/** A table written through the streamed writer, in pages of `page` rows, as the service writes an export. */
async function streamedXlsx(table: ReturnType<typeof ledgerTable>, page: number): Promise<Uint8Array> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (chunk: Buffer) => chunks.push(chunk));
  const sheet = await XlsxSheetWriter.open(out, "台账", table);
  for (let i = 0; i < table.rows.length; i += page) await sheet.write(table.rows.slice(i, i + page));
  await sheet.end();
  return new Uint8Array(Buffer.concat(chunks));
}

/** A row's JSON with its facts' keys sorted: the order of a record's keys means nothing (the store sorts them too). */
const json = (rows: readonly LedgerRow[]) => JSON.stringify(rows.map((r) => ({ ...r, facts: Object.fromEntries(Object.entries(r.facts).sort()) })));

function expectSameRows(result: ReturnType<typeof rowsFromTable>, rows: readonly LedgerRow[]): void {
  if (!result.ok) expect(result.problems).toEqual([]);
  expect(result.ok && result.rows).toEqual(rows);
  // The fields' order too: the JSON a service stores compares as text.
  expect(json(result.ok ? result.rows : [])).toBe(json(rows));
}

describe("an export re-imported", () => {
  it("gives the same rows through CSV", () => {
    fc.assert(
      fc.property(ledgerArb, fc.constantFrom("zh" as const, "en" as const), (rows, lang) => {
        expectSameRows(parseLedgerCsv(tableToCsv(ledgerTable(rows, lang))), rows);
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it("gives the same rows through .xlsx", async () => {
    await fc.assert(
      fc.asyncProperty(ledgerArb, fc.constantFrom("zh" as const, "en" as const), async (rows, lang) => {
        expectSameRows(await readLedgerXlsx(await tablesToXlsx([{ name: "台账", table: ledgerTable(rows, lang) }])), rows);
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it("gives the same rows through the streamed .xlsx writer", async () => {
    await fc.assert(
      fc.asyncProperty(ledgerArb, fc.constantFrom("zh" as const, "en" as const), fc.integer({ min: 1, max: 3 }), async (rows, lang, page) => {
        expectSameRows(await readLedgerXlsx(await streamedXlsx(ledgerTable(rows, lang), page)), rows);
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it("keeps every character of a large sheet whose text is Chinese (multi-byte characters across the reader's chunks)", async () => {
    // Inline strings put the Chinese text in the sheet's XML itself: its chunks then end inside characters.
    const notes = ["重庆", "九龙坡区智能制造", "技术改造项目补助", "😀"];
    const rows = Array.from({ length: 3000 }, (_, i) => row({ enterprise: `重庆云岭软件技术有限公司${i % 7}`, note: notes.slice(0, 1 + (i % 4)).join("，").repeat(1 + (i % 3)) }));
    expectSameRows(await readLedgerXlsx(await streamedXlsx(ledgerTable(rows, "zh"), 500)), rows);
    expectSameRows(await readLedgerXlsx(await tablesToXlsx([{ name: "台账", table: ledgerTable(rows, "zh") }])), rows);
  }, 120_000);

  it("takes the guard's quote off where the export put it, and only there", () => {
    const row = LedgerRow.parse({ applicationId: "=A1", projectId: "-P1", enterprise: "'引号开头", creditCode: "@X", district: "+区", provisionId: "jiulongpo-3", amount: null, applicationDate: "2026-03-01", status: "applied", approved: null, paid: null, paidDate: null, note: "'=HYPERLINK(\"x\")" });
    const table = ledgerTable([row], "zh");
    expect(table.rows[0]?.slice(0, 5)).toEqual(["'=A1", "'-P1", "''引号开头", "'@X", "'+区"]);
    expectSameRows(parseLedgerCsv(tableToCsv(table)), [row]);
    // A quote before text that is no formula is the text's own.
    const typed = rowsFromTable([["申请编号", "项目编号", "企业名称", "统一社会信用代码", "所属区县", "条款", "申请日期", "状态"], ["'A1", "P1", "'甲", "X", "区", "jiulongpo-3", "2026-03-01", "已申请"]]);
    expect(typed.ok && [typed.rows[0]?.applicationId, typed.rows[0]?.enterprise]).toEqual(["'A1", "'甲"]);
  });
});

describe("the notice column (申报批次)", () => {
  const catalog = defaultEngine().catalog;
  const NOTICE = "jiulongpo-2026-1-sample";
  const rows = [row({ applicationId: "A1", provisionId: "jiulongpo-5", amount: 100_000_000, notice: NOTICE }), row({ applicationId: "A2", provisionId: "jiulongpo-5", amount: 100_000_000 })];

  it("reads back through CSV and .xlsx checked against the catalog's notices, and an old file without it reads as before", async () => {
    for (const lang of ["zh", "en"] as const) {
      const table = ledgerTable(rows, lang);
      expect(table.header.slice(13, 15)).toEqual(lang === "zh" ? ["备注", "申报批次"] : ["Note", "Notice"]);
      expectSameRows(parseLedgerCsv(tableToCsv(table), { notices: catalog }), rows);
      expectSameRows(await readLedgerXlsx(await tablesToXlsx([{ name: "台账", table }]), { notices: catalog }), rows);
    }
    // Without the column (a file written before it): no notice, the row as it was, byte for byte.
    const old = ledgerTable([rows[1] as LedgerRow], "zh");
    const withoutColumn = { ...old, header: old.header.filter((_, i) => i !== 13), rows: old.rows.map((r) => r.filter((_, i) => i !== 13)) };
    expectSameRows(parseLedgerCsv(tableToCsv(withoutColumn), { notices: catalog }), [rows[1] as LedgerRow]);
    expect(Object.keys(rows[1] as LedgerRow)).not.toContain("notice");
  });

  it("refuses an unknown notice and another document's, naming the row, the column and the field, listing the notices", () => {
    const table = ledgerTable([row({ applicationId: "A1", provisionId: "jiulongpo-5", notice: "jiulongpo-2026-9" }), row({ applicationId: "A2", provisionId: "yubei-2", notice: NOTICE }), row({ applicationId: "A3", provisionId: "jiulongpo-5", notice: NOTICE })], "zh");
    for (const fastPath of [true, false]) {
      const r = parseLedgerCsv(tableToCsv(table), { notices: catalog, fastPath });
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.problems.map((p) => [p.row, p.column, p.field])).toEqual([[2, "申报批次", "notice"], [3, "申报批次", "notice"]]);
      expect(r.problems[0]?.reason).toEqual({ zh: `没有申报通知 jiulongpo-2026-9（可选：${NOTICE}）`, en: `no notice jiulongpo-2026-9 (one of: ${NOTICE})` });
      expect(r.problems[1]?.reason.en).toBe(`notice ${NOTICE} is for jiulongpo, not yubei-2 (yubei's notices: —)`);
      expect(r.problems[1]?.reason.zh).toContain("yubei 的申报通知：—");
    }
    // With another problem in the row, both are reported in one pass.
    const both = parseLedgerCsv(tableToCsv(ledgerTable([row({ applicationId: "A1", provisionId: "jiulongpo-5", notice: "nope" })], "en")).replace("2026-03-01", "2026-02-30"), { notices: catalog });
    expect(both.ok === false && both.problems.map((p) => p.field)).toEqual(["applicationDate", "notice"]);
    // Without the catalog's notices the column is read as text, for the ledger check to report.
    expect(parseLedgerCsv(tableToCsv(table)).ok).toBe(true);
  });
});

describe("text hygiene", () => {
  const HEADER = "申请编号,项目编号,企业名称,统一社会信用代码,所属区县,条款,计算基数,申请日期,状态,核定金额,拨付金额,拨付日期,备注";
  const line = (over: Partial<Record<"id" | "enterprise" | "note", string>>) => `${over.id ?? "A1"},P1,${over.enterprise ?? "甲公司"},X,九龙坡区,jiulongpo-3,100万,2026-03-01,已申请,,,,"${over.note ?? ""}"`;

  it("refuses NUL, control characters, lone surrogates and (in identifying fields) invisible format characters, naming the column", () => {
    const r = parseLedgerCsv([HEADER, line({ enterprise: "甲\u0000公司" }), line({ id: "A\u200b2" }), line({ note: "备注\ud800" }), line({ note: "响铃\u0007" })].join("\n"));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.row, p.column, p.reason.zh])).toEqual([
      [2, "企业名称", "第 2 个字符是控制字符 U+0000，不允许"],
      [3, "申请编号", "第 2 个字符是不可见的格式字符 U+200B，不允许"],
      [4, "备注", "第 3 个字符是孤立的代理项 U+D800（不是有效字符）"],
      [5, "备注", "第 3 个字符是控制字符 U+0007，不允许"],
    ]);
    // The service's schema names the field the same way.
    const parsed = LedgerRow.safeParse({ ...row(), enterprise: "甲\u0000" });
    expect(parsed.success === false && parsed.error.issues.map((i) => [i.path.join("."), i.message])).toEqual([["enterprise", "character 2 is the control character U+0000, which is not allowed"]]);
  });

  it("keeps a note's tabs and line breaks (CRLF stored as LF)", () => {
    const r = parseLedgerCsv([HEADER, line({ note: "第一行\r\n第二行\t附" })].join("\r\n"));
    expect(r.ok && r.rows[0]?.note).toBe("第一行\n第二行\t附");
  });

  it("takes every character of the plain class (which skips normalisation and checks) as its own NFC, combining with none", () => {
    const plain: string[] = [];
    for (let c = 0; c <= 0xffff; c++) if (isPlainText(String.fromCharCode(c))) plain.push(String.fromCharCode(c));
    expect(plain.length).toBeGreaterThan(20_000);
    const wrong = plain.filter((ch) => ch.normalize("NFC") !== ch || textProblem(ch, "applicationId") !== null);
    // Nothing of the class composes with what stands before it (a letter, a Hangul syllable, a kana, others of it).
    const before = ["a", "A", "e", "\u3046", "\uac00", "\u1100", "重", ...plain.filter((_, i) => i % 997 === 0)];
    for (const ch of plain) for (const b of before) if ((b + ch).normalize("NFC") !== b + ch) wrong.push(b + ch);
    expect(wrong).toEqual([]);
  }, 120_000);

  it("stores text NFC-normalised, so that two IDs that look the same are the same ID", () => {
    const composed = row({ applicationId: "JLP-é-1", enterprise: "重庆\u585a业有限公司" });
    const decomposed = row({ applicationId: "JLP-e\u0301-1", enterprise: "重庆\ufa10业有限公司" });
    expect(decomposed.applicationId).toBe(composed.applicationId);
    expect(decomposed.enterprise).toBe(composed.enterprise);
    const e = evaluateLedger(defaultEngine(), [composed, decomposed]);
    expect(e.violations.map((v) => v.code)).toContain("duplicate_id");
  });
});
