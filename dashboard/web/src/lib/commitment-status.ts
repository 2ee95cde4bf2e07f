// How a year stands against its commitment. A ceiling (预算上限) is judged by utilization, red when used up; a floor
// (至少投入) the other way round: a closed year either reached it (已达承诺) or fell short by an amount (未达承诺下限).
import type { SummaryRow } from "../../../../shared/ledger/summary.ts";
import { utilizationLevel, type UtilizationLevel } from "./utilization.ts";

export type FloorState = "met" | "short" | "open" | "future";

export type CommitmentStatus =
  | { kind: "none" }
  | { kind: "ceiling"; level: UtilizationLevel }
  /** shortBy: what is still missing to the floor, yuan (0 once met). */
  | { kind: "floor"; state: FloorState; shortBy: number };

/** `currentYear` is the year under way in Chongqing: years before it are closed. */
export function commitmentStatus(row: Pick<SummaryRow, "key" | "committed" | "approved" | "atLeast" | "utilization">, currentYear: number): CommitmentStatus {
  if (row.committed === null) return { kind: "none" };
  if (!row.atLeast) return { kind: "ceiling", level: utilizationLevel(row.utilization) };
  const shortFen = Math.max(0, Math.round(row.committed * 100) - Math.round(row.approved * 100));
  const year = Number(row.key.year);
  let state: FloorState;
  if (shortFen === 0) state = "met";
  else if (!Number.isInteger(year) || year < currentYear) state = "short";
  else if (year === currentYear) state = "open";
  else state = "future";
  return { kind: "floor", state, shortBy: shortFen / 100 };
}
