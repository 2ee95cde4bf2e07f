// Excel keeps the values it computed before the pane admitted the service's notices into the functions' engine: a
// =CQ.SUBSIDY(…, "notice", "api-…") cell computed then still shows "no notice …". A full recalculation makes Excel
// invoke every custom function again (a plain recalculation skips cells whose inputs did not change).
import type { ExcelRun } from "./ledger-sheet.ts";

/** What became of the request: outside Excel (a plain browser, the test page) there is nothing to recalculate. */
export type Recalculation = "requested" | "no-excel" | "failed";

/** Excel.CalculationType.full where office.js defines it; its value, "Full", where the enum is absent. */
function fullCalculation(): string {
  const excel = (globalThis as { Excel?: { CalculationType?: { full?: string } } }).Excel;
  return excel?.CalculationType?.full ?? "Full";
}

/** Asks Excel for a full recalculation; never throws, so a host that refuses it leaves the pane working. */
export async function recalculateWorkbook(run: ExcelRun | null): Promise<Recalculation> {
  if (!run) return "no-excel";
  try {
    await run(async (context) => {
      context.workbook.application.calculate(fullCalculation());
      await context.sync();
    });
    return "requested";
  } catch (error) {
    // The values stay as they were until Excel next recalculates (F9); the notices are loaded either way.
    console.warn("full recalculation after loading notices failed", error);
    return "failed";
  }
}
