// The importer's two paths give one result (fast-check). The fast path builds accepted rows without zod; the schema
// path (every row through LedgerRow.safeParse, `fastPath: false`) is the reference. Tables of cells near every limit
// the schema sets — empty and padded text, lengths at and around each maximum (counted after case folding), mixed
// case codes and provisions, text NFC changes, refused characters, the export's formula guard, full-width digits,
// 万元 and sub-fen amounts, bad days, every status word — must give the same rows, key for key, or the same problems.
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FACT_NAMES } from "../../shared/catalog/schema.ts";
import { COLUMN_HEADER, FIELD_NAMES, type ColumnName } from "../../shared/ledger/columns.ts";
import { amountFromCell, rowsFromTable, type Cell } from "../../shared/ledger/import.ts";
import { LedgerRow, MAX_AMOUNT, TEXT_LENGTH, type TextField } from "../../shared/ledger/row.ts";
import { defaultEngine } from "../../shared/node.ts";
import { code } from "./helpers.ts";

type Table = Cell[][];

const padding = fc.constantFrom("", "", "", " ", "\t", "\u3000", "  ");
const padded = (text: fc.Arbitrary<string>) => fc.tuple(padding, text, padding).map(([a, t, b]) => a + t + b);

/**
 * Characters whose case fold changes the length (ß → SS, ﬁ → FI, İ → i̇) or that have no case, ASCII or not; what
 * NFC changes (a decomposed é, a CJK compatibility ideograph, ǰ whose capital has no composed form); what text
 * fields refuse (NUL, other controls, a zero-width space, each half of a surrogate pair alone) or a note keeps (tab,
 * line breaks); and the export's formula guard (a quote before =, -, or another quote).
 */
const TEXT_CHARS = ["a", "Z", "0", "-", "重", "庆", "ß", "ﬁ", "İ", "ｆ", "Ａ", "é", " ", "e\u0301", "\ufa10", "ǰ", "\u0000", "\u001b", "\u0085", "\u200b", "\ud83d", "\ude00", "😀", "\t", "\n", "\r\n", "'", "=", "'="];

/** Text of lengths at and around the limits of a field (before trimming and case folding). */
function textCell(field: TextField): fc.Arbitrary<Cell> {
  const { min, max } = TEXT_LENGTH[field];
  const length = fc.oneof(fc.constantFrom(0, min, max - 1, max, max + 1, Math.floor(max / 2), Math.floor(max / 2) + 1), fc.integer({ min: 1, max: 12 }));
  const generated = length.chain((n) => fc.array(fc.constantFrom(...TEXT_CHARS), { minLength: n, maxLength: n }).map((chars) => chars.join("")));
  const other = fc.constantFrom<Cell>(12345, 0, 1.5, true, new Date(Date.UTC(2026, 2, 1)), new Date(Number.NaN), null, undefined, "", "   ");
  // A notice: the sample one (jiulongpo's: a jiulongpo-3 row may name it, a YuBei-2 row not) or one the catalog lacks.
  const typical =
    field === "notice"
      ? fc.constantFrom("jiulongpo-2026-1-sample", "Jiulongpo-2026-1-sample", "nope")
      : fc.constantFrom(field === "creditCode" ? code(7) : field === "provisionId" ? "jiulongpo-3" : "重庆测试-01", field === "creditCode" ? code(7).toLowerCase() : "YuBei-2");
  return fc.oneof({ arbitrary: padded(typical), weight: 8 }, { arbitrary: padded(generated), weight: 3 }, { arbitrary: other, weight: 1 });
}

const digits = (min: number, max: number) => fc.array(fc.constantFrom(..."0123456789"), { minLength: min, maxLength: max }).map((d) => d.join(""));

/** Amount cells: plain yuan of every length and decimal count, written amounts with units, and what is not one. */
const amountCell: fc.Arbitrary<Cell> = fc.oneof(
  { arbitrary: fc.constantFrom<Cell>("", "300000", "1500000.5", "1500000.55", "0", "88", ""), weight: 6 },
  { arbitrary: fc.tuple(digits(1, 15), fc.option(digits(0, 3), { nil: undefined })).map(([whole, decimals]) => (decimals === undefined ? whole : `${whole}.${decimals}`)), weight: 3 },
  {
    arbitrary: fc.constantFrom<Cell>(
      "1,500,000", "1,500,000.50", "150万", "150万元", "1.2345亿", "１５０万", "¥300", "￥ 300", " 300 ", "12.345", "0.001", "00", "007", ".5", "5.",
      "-5", "-0", "abc", "1e5", "9999999999999", "9999999999999.99", "10000000000000", "10000000000001", "2000000亿", "0.000001万", "0.0000001万", "1.23456789亿",
      "1000000万", "12.5", " ", null, undefined,
    ),
    weight: 3,
  },
  { arbitrary: fc.constantFrom<Cell>(0, 0.29, 0.001, 1500000.5, MAX_AMOUNT, MAX_AMOUNT + 1, -1, -0, Number.NaN, Number.POSITIVE_INFINITY, 1e21, 123456.789, 46082), weight: 2 },
  { arbitrary: fc.constantFrom<Cell>(true, new Date(Date.UTC(2026, 0, 5))), weight: 1 },
);

const isoDay = fc.integer({ min: 0, max: 40 * 366 }).map((d) => new Date(Date.UTC(1995, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));

/** Day cells: ISO days, the other ways of writing one, days that are not, spreadsheet dates and serials. */
const dayCell: fc.Arbitrary<Cell> = fc.oneof(
  { arbitrary: isoDay, weight: 8 },
  {
    arbitrary: fc.constantFrom<Cell>(
      "", "", "2024-02-29", "2023-02-29", "2026-02-30", "2026-13-01", "2026-00-10", "0050-01-01", "0999-12-31", "1000-01-01", "9999-12-31", "0000-02-29",
      "2026/3/1", "2026.3.1", "2026年3月1日", "2026年3月1", "20260301", "46082", "46082.5", "2958466", "00001", " 2026-03-01 ", "２０２６-03-01", "2026-3-1",
      "next week", " ", 46082, 46082.7, 0, -1, 1e9, null, undefined,
    ),
    weight: 4,
  },
  { arbitrary: fc.constantFrom<Cell>(new Date(Date.UTC(2026, 2, 1)), new Date(Number.NaN), new Date(8.64e15), new Date(Date.UTC(-50, 0, 1)), new Date(Date.UTC(2026, 2, 1, 23, 30))), weight: 1 },
);

const STATUS_TEXTS = [
  "已申请", "申请中", "已申报", "申报中", "待审核", "审核中", "受理", "已受理", "applied", "pending",
  "已核定", "核定", "已批准", "已审定", "已审核", "通过", "已通过", "approved",
  "已拨付", "拨付", "已兑现", "已支付", "paid",
  "未通过", "不予支持", "已驳回", "驳回", "不通过", "rejected",
  "已撤回", "撤回", "撤销", "已撤销", "withdrawn",
  "Approved", "PAID", " 已核定 ", "ＰＡＩＤ", "Ｗｉｔｈｄｒａｗｎ", "审批中吧", "constructor", "__proto__", "toString", "hasOwnProperty", "", " ",
];
const statusCell: fc.Arbitrary<Cell> = fc.oneof(
  { arbitrary: fc.constantFrom("已申请", "已核定", "已拨付", "未通过", "已撤回"), weight: 6 },
  { arbitrary: fc.constantFrom<Cell>(...STATUS_TEXTS, 1, true, null, undefined), weight: 3 },
);

function cellFor(name: ColumnName): fc.Arbitrary<Cell> {
  if (name in TEXT_LENGTH) return textCell(name as TextField);
  if (name === "applicationDate" || name === "approvalDate" || name === "paidDate") return dayCell;
  if (name === "status") return statusCell;
  return amountCell;
}

const REQUIRED: ColumnName[] = ["applicationId", "projectId", "enterprise", "creditCode", "district", "provisionId", "applicationDate", "status"];
const OPTIONAL: ColumnName[] = [...FIELD_NAMES.filter((f) => !REQUIRED.includes(f)), ...FACT_NAMES];
const AMOUNT_COLUMNS = new Set<ColumnName>(["amount", "approved", "paid", ...FACT_NAMES]);

/** A column's header: Chinese or English, amounts sometimes with their unit (核定金额（万元）). */
const headerFor = (name: ColumnName): fc.Arbitrary<string> => {
  const names = fc.constantFrom(COLUMN_HEADER[name].zh, COLUMN_HEADER[name].en);
  if (!AMOUNT_COLUMNS.has(name)) return names;
  return fc.tuple(names, fc.constantFrom("", "", "", "（万元）", "(元)", "（亿元）")).map(([h, unit]) => h + unit);
};

const layoutArb = fc
  .record({
    optional: fc.subarray(OPTIONAL),
    ignored: fc.subarray(["最高可补", "审核人", ""]),
    order: fc.array(fc.nat(), { minLength: 24, maxLength: 24 }),
  })
  .chain(({ optional, ignored, order }) => {
    const names = [...REQUIRED, ...optional];
    const slots = [...names.map((n) => ({ name: n as ColumnName | null, header: headerFor(n) })), ...ignored.map((h) => ({ name: null, header: fc.constant(h) }))];
    const shuffled = slots.map((s, i) => ({ s, k: order[i] ?? 0 })).sort((a, b) => a.k - b.k).map((x) => x.s);
    return fc.tuple(...shuffled.map((s) => s.header)).map((headers) => headers.map((header, i) => ({ header, name: shuffled[i]?.name ?? null })));
  });

/** Data rows for a layout: full rows, short rows, rows with a stray cell beyond the header, and empty rows. */
const tableArb = layoutArb.chain((columns) => {
  const fullRow = fc.tuple(...columns.map((c) => (c.name === null ? fc.constantFrom<Cell>("", "12", "x") : cellFor(c.name))));
  const row = fc.oneof(
    { arbitrary: fullRow, weight: 10 },
    { arbitrary: fullRow.map((cells) => cells.slice(0, Math.max(1, cells.length - 3))), weight: 1 },
    { arbitrary: fullRow.map((cells): Cell[] => [...cells, "stray"]), weight: 1 },
    { arbitrary: fc.constantFrom<Cell[]>([""], [], columns.map(() => ""), columns.map(() => " ")), weight: 1 },
  );
  return fc.record({
    header: fc.constant(columns.map((c) => c.header as Cell)),
    rows: fc.array(row, { minLength: 1, maxLength: 6 }),
    title: fc.boolean(),
    numbered: fc.boolean(),
  });
});

function tableOf(header: Cell[], rows: Cell[][], title: boolean): Table {
  return [...(title ? [["示例数据 / sample data"]] : []), header, ...rows];
}

/** Row numbers as an XLSX reader gives them: increasing, with gaps. */
const numbersFor = (table: Table) => table.map((_, i) => 2 * i + 3);

/** The catalog's notices, which the import checks a row's 申报批次 against when it is given them. */
const notices = defaultEngine().catalog;

function expectSamePaths(table: Table, numbers: number[] | undefined): boolean {
  let ok = false;
  for (const checked of [{}, { notices }]) {
    const fast = rowsFromTable(table, numbers, checked);
    const reference = rowsFromTable(table, numbers, { ...checked, fastPath: false });
    expect(fast).toEqual(reference);
    // toEqual ignores the order of keys; the JSON a service or export writes does not.
    expect(JSON.stringify(fast)).toBe(JSON.stringify(reference));
    if (!("notices" in checked)) ok = reference.ok;
  }
  return ok;
}

describe("the importer's fast path", () => {
  afterEach(() => vi.restoreAllMocks());

  it("gives what the schema path gives, for whole tables and for each row alone", () => {
    const seen = { accepted: 0, rejected: 0 };
    fc.assert(
      fc.property(tableArb, ({ header, rows, title, numbered }) => {
        const table = tableOf(header, rows, title);
        expectSamePaths(table, numbered ? numbersFor(table) : undefined);
        for (const row of rows) {
          const alone = tableOf(header, [row], title);
          if (expectSamePaths(alone, numbered ? numbersFor(alone) : undefined)) seen.accepted++;
          else seen.rejected++;
        }
      }),
      { numRuns: 800 },
    );
    // The generators reach both sides of the limits: many rows are accepted (by the fast path) and many rejected.
    expect(seen.accepted).toBeGreaterThan(200);
    expect(seen.rejected).toBeGreaterThan(200);
  });

  it("reads plain yuan text as Number does, and as the unit parser does", () => {
    // Both paths share amountFromCell, so its shortcut for plain yuan is checked here against the general parse:
    // a padded cell is trimmed and takes the general path.
    const plain = /^(?:0|[1-9][0-9]{0,12})(?:\.[0-9]{1,2})?$/;
    fc.assert(
      fc.property(fc.oneof(amountCell.filter((c): c is string => typeof c === "string"), fc.tuple(digits(1, 16), digits(0, 3)).map(([w, d]) => (d ? `${w}.${d}` : w))), (text) => {
        const parsed = amountFromCell(text, null);
        expect(parsed).toEqual(amountFromCell(` ${text} `, null));
        if (plain.test(text)) expect(parsed).toEqual({ value: Number(text) });
      }),
      { numRuns: 3000 },
    );
  });

  it("accepts a plain file without running the schema, and the rows are what LedgerRow.parse returns", () => {
    const header = ["申请编号", "项目编号", "企业名称", "统一社会信用代码", "所属区县", "条款", "计算基数", "申请日期", "状态", "核定金额", "拨付金额", "拨付日期", "备注", "中央资金"];
    const table: Table = [
      header,
      ["A1", "P1", "重庆测试有限公司", ` ${code(1).toLowerCase()} `, "九龙坡区", "JiuLongPo-5", "12000000", "2026-03-01", "已核定", "1200000.5", "", "", "", ""],
      ["A2", "P2", "重庆测试有限公司", code(1), "九龙坡区", "jiulongpo-6", "", "2026-03-02", "已拨付", "300000", "300000", "2026-05-01", "配套", "3000000"],
    ];
    const safeParse = vi.spyOn(LedgerRow, "safeParse");
    const r = rowsFromTable(table);
    expect(safeParse).not.toHaveBeenCalled();
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const parsed = [
      LedgerRow.parse({ applicationId: "A1", projectId: "P1", enterprise: "重庆测试有限公司", creditCode: code(1).toLowerCase(), district: "九龙坡区", provisionId: "JiuLongPo-5", amount: 12_000_000, applicationDate: "2026-03-01", status: "approved", approved: 1_200_000.5, paid: null, paidDate: null, note: "" }),
      LedgerRow.parse({ applicationId: "A2", projectId: "P2", enterprise: "重庆测试有限公司", creditCode: code(1), district: "九龙坡区", provisionId: "jiulongpo-6", amount: null, facts: { centralFunds: 3_000_000 }, applicationDate: "2026-03-02", status: "paid", approved: 300_000, paid: 300_000, paidDate: "2026-05-01", note: "配套" }),
    ];
    expect(r.rows).toEqual(parsed);
    expect(JSON.stringify(r.rows)).toBe(JSON.stringify(parsed));
  });
});
