// The award's steps the pane offers on the ledger table's selected rows, by what the token may do (GET /api/session's
// `may`): approve or reject (审核, reviewer) and record a payment (拨付, payer), each through its event route
// (POST …/decisions, POST …/payments) one row at a time, so that each row answers for itself: a refusal comes back
// with the service's own message in both languages and the field it names.
import type { Text } from "../../../shared/catalog/schema.ts";
import { COLUMN_HEADER } from "../../../shared/ledger/columns.ts";
import type { Lang } from "../../../shared/money/format.ts";
import { LEDGER_TABLE, type ExcelRun } from "./ledger-sheet.ts";
import { idempotencyKey } from "./publish.ts";
import type { SessionState } from "./session.ts";

export type ActionKind = "approve" | "reject" | "pay";

/** What the user typed: amounts in yuan, the day (YYYY-MM-DD), the voucher number, the opinion or reason. */
export interface ActionInput {
  amount?: string;
  date?: string;
  voucher?: string;
  opinion?: string;
}

export interface ActionResult {
  applicationId: string;
  ok: boolean;
  status: number;
  /** The service's message when refused. */
  message?: Text;
  /** The field it names when refused. */
  field?: string;
}

/** The steps the token may take, in the pane's order. */
export function offeredActions(state: SessionState): ActionKind[] {
  if (state.state !== "known" || state.session.unscoped) return [];
  const { may } = state.session;
  return [...(may.approve ? (["approve", "reject"] as const) : []), ...(may.pay ? (["pay"] as const) : [])];
}

const filled = (text: string | undefined): string | undefined => (text === undefined || text.trim() === "" ? undefined : text.trim());

/** An amount as typed ("1,000.50", "1000"); a text that is no number is sent as such, for the service to name. */
function amountOf(text: string | undefined): number | string | undefined {
  const t = filled(text);
  if (t === undefined) return undefined;
  const n = Number(t.replace(/[,，\s]/g, ""));
  return Number.isFinite(n) ? n : t;
}

/** The route and body of a step (the service checks them; nothing is second-guessed here). */
export function actionRequest(kind: ActionKind, input: ActionInput): { route: "decisions" | "payments"; body: Record<string, unknown> } {
  const date = filled(input.date);
  const opinion = filled(input.opinion);
  const amount = amountOf(input.amount);
  if (kind === "pay") return { route: "payments", body: { amount, date, voucher: filled(input.voucher) } };
  if (kind === "approve") return { route: "decisions", body: { event: "approved", amount, date, opinion } };
  return { route: "decisions", body: { event: "rejected", date, opinion } };
}

/**
 * Takes the step on each row, one request each, with an Idempotency-Key from the row and the body: a retry, or a
 * second click on the same step, is answered once.
 */
export async function runAction(serviceUrl: string, token: string, ids: readonly string[], kind: ActionKind, input: ActionInput, fetchImpl: typeof fetch = fetch): Promise<ActionResult[]> {
  const { route, body } = actionRequest(kind, input);
  const json = JSON.stringify(body);
  const results: ActionResult[] = [];
  for (const applicationId of ids) {
    const url = `${serviceUrl.replace(/\/+$/, "")}/api/ledger/rows/${encodeURIComponent(applicationId)}/${route}`;
    try {
      const response = await fetchImpl(url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "idempotency-key": await idempotencyKey(`${route}:${applicationId}:${json}`) },
        body: json,
      });
      if (response.ok) {
        results.push({ applicationId, ok: true, status: response.status });
        continue;
      }
      const answer = (await response.json().catch(() => ({}))) as { error?: { message?: Text; field?: string } };
      results.push({
        applicationId,
        ok: false,
        status: response.status,
        message: answer.error?.message ?? { zh: `服务返回 ${response.status}`, en: `the service answered ${response.status}` },
        field: answer.error?.field ?? "",
      });
    } catch (error) {
      results.push({ applicationId, ok: false, status: 0, message: { zh: `无法连接服务：${(error as Error).message}`, en: `cannot reach the service: ${(error as Error).message}` }, field: "network" });
    }
  }
  return results;
}

/** The application IDs of the ledger table's rows the selection covers (none outside the table). */
export function selectedApplicationIds(run: ExcelRun, lang: Lang): Promise<string[]> {
  return run(async (context) => {
    const table = context.workbook.tables.getItemOrNullObject(LEDGER_TABLE);
    table.load("isNullObject");
    await context.sync();
    if (table.isNullObject) return [];
    const body = table.getDataBodyRange();
    const overlap = body.getIntersectionOrNullObject(context.workbook.getSelectedRange());
    const header = table.getHeaderRowRange();
    body.load("rowIndex");
    overlap.load(["isNullObject", "rowIndex", "rowCount"]);
    header.load("values");
    await context.sync();
    if (overlap.isNullObject) return [];
    const column = (header.values[0] as string[]).indexOf(COLUMN_HEADER.applicationId[lang]);
    if (column < 0) return [];
    const cells = body.getCell(overlap.rowIndex - body.rowIndex, column).getResizedRange(overlap.rowCount - 1, 0);
    cells.load("values");
    await context.sync();
    return (cells.values as unknown[][]).map((r) => String(r[0] ?? "").trim()).filter((id) => id !== "");
  });
}
