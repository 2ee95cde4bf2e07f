// Dates are calendar days in Chongqing (Asia/Shanghai), compared as ISO strings.
import type { Document, Provision } from "../catalog/schema.ts";

const SHANGHAI_DAY = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" });

let todayCache = { minute: -1, day: "" };

export function todayInShanghai(now = new Date()): string {
  // Formatting with a time zone costs microseconds; the day changes at most once a minute's boundary.
  const minute = Math.floor(now.getTime() / 60_000);
  if (minute !== todayCache.minute) todayCache = { minute, day: SHANGHAI_DAY.format(now) };
  return todayCache.day;
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

const knownDays = new Map<string, boolean>();

/** Whether text is a real calendar day in YYYY-MM-DD form (2026-02-30 is not). Memoised: ledgers repeat days. */
export function isIsoDay(text: string): boolean {
  const known = knownDays.get(text);
  if (known !== undefined) return known;
  const m = ISO_DAY.exec(text);
  const valid = m !== null && new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).toISOString().slice(0, 10) === text;
  if (knownDays.size < 100_000) knownDays.set(text, valid);
  return valid;
}

/** The days a provision applies, inclusive: its document's window, narrowed where the provision sets its own (yubei-3). */
export function windowOf(entry: { document: Document; provision: Provision }): { start: string; end: string | null } {
  const own = entry.provision.window;
  return own ? { start: own.start, end: own.end } : { start: entry.document.inForce.start, end: entry.document.inForce.end };
}

/** The window in force is inclusive at both ends. */
export function inForce(entry: { document: Document; provision: Provision }, day: string): boolean {
  const { start, end } = windowOf(entry);
  return day >= start && (end === null || day <= end);
}

/** Excel's 1900 date system serial → YYYY-MM-DD (serial 1 is 1900-01-01; Excel's fictitious 1900-02-29 is 60). */
export function dayFromExcelSerial(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2958466) return null;
  const whole = Math.floor(serial);
  const days = whole > 60 ? whole - 25569 : whole - 25568;
  return new Date(days * 86_400_000).toISOString().slice(0, 10);
}
