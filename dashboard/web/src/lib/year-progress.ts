// Cumulative approved and paid over one calendar year, and a run-rate forecast of the day the commitment runs out.
// Sums are in integer fen so that a running total never picks up binary-float artefacts.
import { fenFromYuan } from "../../../../shared/money/fen.ts";

export interface ProgressRow {
  applicationDate: string;
  status: string;
  approved: number | null;
  paid: number | null;
  paidDate: string | null;
}

export interface DayPoint {
  day: string;
  /** Day of the year, 0-based: the chart's x. */
  index: number;
  approved: number | null;
  paid: number | null;
  /** The forecast line, from today to the projected day of exhaustion (or the year's end). */
  forecast: number | null;
}

export interface Forecast {
  /** Months averaged, and the window's first and last day. */
  months: number;
  from: string;
  to: string;
  /** Average approved per day over the window, yuan. */
  perDay: number;
  perMonth: number;
  /** The day cumulative approved reaches the commitment, if it does within the year. */
  exhaustedOn: string | null;
  /** Already reached on or before today. */
  alreadyExhausted: boolean;
  /** Approved at the year's end if the run rate holds, yuan. */
  yearEnd: number;
}

export interface YearProgress {
  points: DayPoint[];
  todayIndex: number | null;
  approvedToDate: number;
  paidToDate: number;
  forecast: Forecast | null;
  /** Why there is no forecast. */
  noForecast: "noCommitment" | "pastYear" | "futureYear" | "noRecentAwards" | null;
}

const DAY_MS = 86_400_000;

function dayString(year: number, index: number): string {
  return new Date(Date.UTC(year, 0, 1) + index * DAY_MS).toISOString().slice(0, 10);
}

function dayIndex(year: number, day: string): number {
  return Math.round((Date.parse(`${day}T00:00:00Z`) - Date.UTC(year, 0, 1)) / DAY_MS);
}

function fen(yuan: number | null): number {
  return yuan === null ? 0 : (fenFromYuan(yuan)?.fen ?? 0);
}

/** Approved counts on the application date (the ledger records no decision date); paid on the payment date. */
export function yearProgress(rows: readonly ProgressRow[], year: number, commitment: number | null, today: string, months = 3): YearProgress {
  const length = dayIndex(year, `${year + 1}-01-01`);
  const approvedByDay = new Array<number>(length).fill(0);
  const paidByDay = new Array<number>(length).fill(0);
  for (const row of rows) {
    if ((row.status === "approved" || row.status === "paid") && row.approved !== null) {
      const i = dayIndex(year, row.applicationDate);
      if (i >= 0 && i < length) approvedByDay[i]! += fen(row.approved);
    }
    if (row.paid !== null && row.paidDate) {
      const i = dayIndex(year, row.paidDate);
      if (i >= 0 && i < length) paidByDay[i]! += fen(row.paid);
    }
  }
  const todayRaw = dayIndex(year, today);
  const todayIndex = todayRaw >= 0 && todayRaw < length ? todayRaw : null;
  // Past years are complete; in the current year the lines stop today; a future year has nothing yet.
  const lastIndex = todayRaw >= length ? length - 1 : todayRaw;
  const points: DayPoint[] = [];
  let approvedFen = 0;
  let paidFen = 0;
  for (let i = 0; i < length; i++) {
    approvedFen += approvedByDay[i]!;
    paidFen += paidByDay[i]!;
    const shown = i <= lastIndex;
    points.push({ day: dayString(year, i), index: i, approved: shown ? approvedFen / 100 : null, paid: shown ? paidFen / 100 : null, forecast: null });
  }
  const toDate = lastIndex >= 0 ? points[Math.min(lastIndex, length - 1)]! : null;
  const approvedToDate = toDate?.approved ?? 0;
  const paidToDate = toDate?.paid ?? 0;
  const base = { points, todayIndex, approvedToDate, paidToDate };

  if (commitment === null) return { ...base, forecast: null, noForecast: "noCommitment" };
  const commitmentFen = fen(commitment);
  const crossed = points.find((p) => p.approved !== null && Math.round(p.approved * 100) >= commitmentFen);
  if (todayRaw >= length) {
    // A past year: no forecast, but the day it ran out, if it did, is a fact worth showing.
    if (!crossed) return { ...base, forecast: null, noForecast: "pastYear" };
    const last = dayString(year, length - 1);
    return { ...base, forecast: { months: 0, from: last, to: last, perDay: 0, perMonth: 0, exhaustedOn: crossed.day, alreadyExhausted: true, yearEnd: approvedToDate }, noForecast: null };
  }
  if (todayRaw < 0) return { ...base, forecast: null, noForecast: "futureYear" };

  // The window: the last `months` complete calendar months before today's month, within this year.
  const todayMonth = Number(today.slice(5, 7)) - 1;
  const firstMonth = Math.max(0, todayMonth - months);
  const windowMonths = todayMonth - firstMonth;
  const windowStart = dayIndex(year, `${year}-${String(firstMonth + 1).padStart(2, "0")}-01`);
  // In January there is no complete month yet: average what this year has so far.
  const windowEnd = windowMonths > 0 ? dayIndex(year, `${year}-${String(todayMonth + 1).padStart(2, "0")}-01`) - 1 : todayRaw;
  let windowFen = 0;
  for (let i = windowStart; i <= windowEnd; i++) windowFen += approvedByDay[i]!;
  const days = windowEnd - windowStart + 1;
  const perDay = windowFen / 100 / days;
  const forecast: Forecast = {
    months: Math.max(windowMonths, 0),
    from: dayString(year, windowStart),
    to: dayString(year, windowEnd),
    perDay,
    perMonth: (perDay * 365) / 12,
    exhaustedOn: null,
    alreadyExhausted: false,
    yearEnd: approvedToDate + perDay * (length - 1 - todayRaw),
  };
  if (crossed) {
    return { ...base, forecast: { ...forecast, alreadyExhausted: true, exhaustedOn: crossed.day }, noForecast: null };
  }
  if (perDay <= 0) return { ...base, forecast, noForecast: "noRecentAwards" };
  const daysLeft = Math.ceil((commitment - approvedToDate) / perDay);
  const exhaustIndex = todayRaw + daysLeft;
  if (exhaustIndex < length) forecast.exhaustedOn = dayString(year, exhaustIndex);
  for (let i = todayRaw; i < length && i <= exhaustIndex; i++) points[i]!.forecast = approvedToDate + perDay * (i - todayRaw);
  return { ...base, forecast, noForecast: null };
}
