// A receipts file (拨付回单): one payment per row — application ID, amount, date, voucher number — as CSV (papaparse,
// headers in Chinese or English, in any order) or as JSON rows. Reading only: every row that is not a payment is
// listed with its field, and nothing is dropped silently; whether each payment can be recorded is the service's.
import Papa from "papaparse";
import { z } from "zod";
import { isIsoDay } from "../engine/dates.ts";
import { parseAmountText } from "../money/parse.ts";
import { lineBreakOf } from "./csv.ts";
import { normalizeHeader } from "./columns.ts";
import { unguarded } from "./safe-cell.ts";

export interface Receipt {
  applicationId: string;
  amountFen: number;
  date: string;
  voucher: string;
}

export interface ReceiptIssue {
  /** `rows.N.field` (N the 0-based data row), or `body` / `header` for the file as a whole. */
  field: string;
  message: { zh: string; en: string };
}

export const RECEIPT_FIELDS = ["applicationId", "amount", "date", "voucher"] as const;
type ReceiptField = (typeof RECEIPT_FIELDS)[number];

/** The headers each column is known by (compared as normalizeHeader reduces them). */
const HEADERS: Record<ReceiptField, string[]> = {
  applicationId: ["申请编号", "申报编号", "申请号", "applicationId", "application id", "application_id"],
  amount: ["金额", "拨付金额", "本次拨付金额", "实拨金额", "amount", "paid amount"],
  date: ["日期", "拨付日期", "支付日期", "date", "paid date", "payment date"],
  voucher: ["凭证号", "凭证编号", "支付凭证号", "voucher", "voucher number", "voucher no"],
};
const LOOKUP = new Map<string, ReceiptField>();
for (const field of RECEIPT_FIELDS) for (const h of HEADERS[field]) LOOKUP.set(normalizeHeader(h).key, field);

const LABEL: Record<ReceiptField, { zh: string; en: string }> = {
  applicationId: { zh: "申请编号", en: "application ID" },
  amount: { zh: "金额", en: "amount" },
  date: { zh: "日期", en: "date" },
  voucher: { zh: "凭证号", en: "voucher number" },
};

/** 2026-05-01, 2026/5/1, 2026-5-1 or 2026年5月1日 as an ISO day; null when it is none (2026-02-30 included). */
export function receiptDay(text: string): string | null {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text.normalize("NFKC").trim());
  if (!m) return null;
  const day = `${m[1]}-${(m[2] ?? "").padStart(2, "0")}-${(m[3] ?? "").padStart(2, "0")}`;
  return isIsoDay(day) ? day : null;
}

/** An amount as written (元 unless a unit says 万元/亿元, thousands separators allowed): fen, or why not. */
function receiptFen(value: unknown): number | { zh: string; en: string } {
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value.normalize("NFKC").trim() : "";
  if (text === "") return { zh: "金额为空", en: "the amount is empty" };
  // In 元 a third decimal is below the fen; in 万元 or 亿元 it is not (1.2345万 is 12,345 元).
  const plainDecimals = /^[^万亿]*\.(\d+)[^万亿]*$/.exec(text)?.[1];
  if (plainDecimals !== undefined && plainDecimals.length > 2) return { zh: `金额 ${text} 不是精确到分的数`, en: `the amount ${text} is not exact to the fen` };
  const fen = parseAmountText(text);
  if (fen === null) return { zh: `金额 ${text} 不是金额`, en: `${text} is not an amount` };
  if (fen <= 0) return { zh: "拨付金额必须大于零", en: "a payment must be above zero" };
  if (fen > 1e15) return { zh: "金额过大", en: "the amount is too large" };
  return fen;
}

const Text64 = z.string().trim().normalize("NFC").min(1).max(64).regex(/^[^\p{Cc}\p{Cf}]+$/u);

/** One receipt from its cells (strings from CSV, or a JSON row's values); the issues name `rows.N.field`. */
export function readReceipt(cells: Partial<Record<ReceiptField, unknown>>, index: number): { receipt: Receipt } | { issues: ReceiptIssue[] } {
  const issues: ReceiptIssue[] = [];
  const field = (name: ReceiptField) => `rows.${index}.${name}`;
  const text = (name: ReceiptField): string | null => {
    const value = cells[name];
    const parsed = Text64.safeParse(typeof value === "string" ? unguarded(value.trim()) : value);
    if (parsed.success) return parsed.data;
    issues.push({ field: field(name), message: { zh: `${LABEL[name].zh}缺失或无效（1–64 个字符）`, en: `the ${LABEL[name].en} is missing or invalid (1–64 characters)` } });
    return null;
  };
  const applicationId = text("applicationId");
  const fen = receiptFen(cells.amount);
  if (typeof fen !== "number") issues.push({ field: field("amount"), message: fen });
  const rawDate = cells.date;
  const date = typeof rawDate === "string" ? receiptDay(rawDate) : null;
  if (date === null) {
    const shown = typeof rawDate === "string" ? rawDate : JSON.stringify(rawDate ?? null);
    issues.push({ field: field("date"), message: { zh: `日期 ${shown} 不是有效日期（YYYY-MM-DD）`, en: `the date ${shown} is not a calendar day (YYYY-MM-DD)` } });
  }
  const voucher = text("voucher");
  if (issues.length > 0 || applicationId === null || typeof fen !== "number" || date === null || voucher === null) return { issues };
  return { receipt: { applicationId, amountFen: fen, date, voucher } };
}

export interface ReadReceipts {
  /** Each row's receipt, or null where the row has issues (its position kept, so the service numbers rows alike). */
  receipts: (Receipt | null)[];
  issues: ReceiptIssue[];
}

/** JSON rows: objects with the four fields (the amount a number of yuan or a written amount). */
export function readReceiptRows(rows: readonly unknown[]): ReadReceipts {
  const out: ReadReceipts = { receipts: [], issues: [] };
  rows.forEach((value, index) => {
    const cells = value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
    const unknown = Object.keys(cells).find((k) => !(RECEIPT_FIELDS as readonly string[]).includes(k));
    if (unknown !== undefined) {
      out.issues.push({ field: `rows.${index}.${unknown}`, message: { zh: `未知字段 ${unknown}`, en: `unknown field ${unknown}` } });
      out.receipts.push(null);
      return;
    }
    const read = readReceipt(cells, index);
    if ("receipt" in read) out.receipts.push(read.receipt);
    else {
      out.receipts.push(null);
      out.issues.push(...read.issues);
    }
  });
  return out;
}

/** A receipts CSV: a header row naming the four columns (others are refused, not skipped), then one payment a row. */
export function readReceiptsCsv(text: string): ReadReceipts {
  const body = text.startsWith("\ufeff") ? text.slice(1) : text;
  const parsed = Papa.parse<string[]>(body, { skipEmptyLines: "greedy", newline: lineBreakOf(body) });
  const broken = parsed.errors.find((e) => e.type === "Quotes" || e.type === "Delimiter");
  if (broken) return { receipts: [], issues: [{ field: "body", message: { zh: `CSV 格式错误：${broken.message}`, en: `malformed CSV: ${broken.message}` } }] };
  const [header = [], ...rows] = parsed.data;
  const columns = header.map((h) => LOOKUP.get(normalizeHeader(h).key) ?? null);
  // 金额（万元）: a figure without a unit of its own is in the header's unit.
  const amountUnit = header.map((h) => normalizeHeader(h).unit)[columns.indexOf("amount")] ?? null;
  const issues: ReceiptIssue[] = [];
  header.forEach((h, i) => {
    if (columns[i] === null && h.trim() !== "") issues.push({ field: "header", message: { zh: `不认识的列「${h}」`, en: `unknown column "${h}"` } });
  });
  for (const f of RECEIPT_FIELDS) {
    if (!columns.includes(f)) issues.push({ field: "header", message: { zh: `缺少「${LABEL[f].zh}」列`, en: `the ${LABEL[f].en} column is missing` } });
  }
  if (rows.length === 0) issues.push({ field: "body", message: { zh: "回单文件没有数据行", en: "the receipts file has no rows" } });
  if (issues.length > 0) return { receipts: [], issues };
  return readReceiptRows(
    rows.map((cells) => {
      const row: Record<string, string> = {};
      columns.forEach((c, i) => {
        if (c !== null) row[c] = cells[i] ?? "";
      });
      if (amountUnit !== null && row.amount !== undefined && row.amount.trim() !== "" && !/[元万亿]/.test(row.amount)) row.amount = `${row.amount.trim()}${amountUnit}`;
      return row;
    }),
  );
}
