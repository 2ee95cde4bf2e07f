// The task pane's approve / reject / record-payment actions in headless Chromium, served by the real ledger service
// (a child process on a real SQLite file): offered by what the saved token may do, each taken through its event
// route on the rows named, and each refusal shown with the service's own message and field, in zh-CN and en.
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, ledgerRow, makeToken, startService, tempDir, type Service } from "../service/harness.ts";
import { buildForTest } from "./build-for-test.ts";
import { CHROMIUM, openExcelHost } from "./excel-host.ts";
import { saveToken, TOKEN_TEXT } from "./pane-token.ts";

let browser: Browser;
let service: Service;
const t = {} as Record<"clerk" | "reviewer" | "payer", string>;

beforeAll(async () => {
  const dist = await buildForTest();
  const dbPath = path.join(tempDir("subsidy-addin-actions-"), "subsidy.db");
  t.clerk = await makeToken(dbPath, "clerk", "九龙坡区经信委 经办", "jiulongpo");
  t.reviewer = await makeToken(dbPath, "reviewer", "九龙坡区经信委 审核", "jiulongpo");
  t.payer = await makeToken(dbPath, "payer", "九龙坡区财政局 拨付", "jiulongpo");
  service = await startService({ dbPath, env: { SUBSIDY_ADDIN_DIST: dist } });
  const put = await call(service, "PUT", "/api/ledger/rows", { token: t.clerk, json: { rows: [ledgerRow("ACT-1", 1), ledgerRow("ACT-2", 2), ledgerRow("ACT-3", 3)] } });
  expect(put.status, put.text).toBe(200);
  browser = await chromium.launch(CHROMIUM);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await service?.stop();
});

const TEXT = {
  "zh-CN": {
    ...TOKEN_TEXT["zh-CN"],
    ids: "申请编号（多个用逗号分隔）",
    amount: "金额（元）：核定金额或本次拨付金额",
    date: "日期 YYYY-MM-DD（审核留空为今天；拨付必填）",
    voucher: "凭证号（拨付）",
    opinion: "审核意见或不予核定的理由",
    approve: "核定",
    reject: "不予核定",
    pay: "记录拨付",
  },
  "en-US": {
    ...TOKEN_TEXT["en-US"],
    ids: "Application IDs (comma-separated)",
    amount: "Amount (yuan): the approved amount or this payment",
    date: "Date YYYY-MM-DD (a decision: empty for today; a payment: required)",
    voucher: "Voucher number (payments)",
    opinion: "Opinion, or the reason for a rejection",
    approve: "Approve",
    reject: "Reject",
    pay: "Record payment",
  },
} as const;
type Locale = keyof typeof TEXT;

/** Saves the token and waits for the actions it may take to be offered. */
async function saveActingToken(page: Page, locale: Locale, token: string): Promise<void> {
  await saveToken(page, locale, token);
  await page.getByTestId("row-actions").waitFor();
}

/** Fills the form and takes the step; resolves to each result line's text, once the summary is shown. */
async function act(page: Page, locale: Locale, step: "approve" | "reject" | "pay", fields: Partial<Record<"ids" | "amount" | "date" | "voucher" | "opinion", string>>): Promise<string[]> {
  for (const [name, value] of Object.entries(fields)) await page.getByLabel(TEXT[locale][name as keyof typeof fields]).fill(value);
  const list = page.getByTestId("action-results");
  const run = (await list.count()) === 0 ? 0 : Number(await list.getAttribute("data-run"));
  await page.getByRole("button", { name: TEXT[locale][step], exact: true }).click();
  await page.locator(`[data-testid="action-results"][data-run="${run + 1}"]`).waitFor();
  return page.getByTestId("action-results").locator("li").allTextContents();
}

const buttons = (page: Page, locale: Locale) =>
  Promise.all((["approve", "reject", "pay"] as const).map(async (step) => [step, await page.getByRole("button", { name: TEXT[locale][step], exact: true }).count()]));

describe("approving and paying from the task pane", () => {
  it("approves, refuses what the service refuses with its message, and records a payment (zh-CN)", async () => {
    const host = await openExcelHost("", { locale: "zh-CN", browser, serviceUrl: service.url, storage: true, waitForFunctions: false });
    try {
      const { page } = host;
      await saveActingToken(page, "zh-CN", t.reviewer);
      // A reviewer approves and rejects; paying is not offered.
      expect(await buttons(page, "zh-CN")).toEqual([["approve", 1], ["reject", 1], ["pay", 0]]);
      // Dated: the decision date becomes the rows' approval date (核准日期), and a payment may not precede it.
      expect(await act(page, "zh-CN", "approve", { ids: "ACT-1，ACT-2", amount: "1,000", date: "2026-03-20", opinion: "同意" })).toEqual(["ACT-1 已记录", "ACT-2 已记录"]);
      // Approved already: the service's refusal, its field and message, shown as it said them.
      const again = await act(page, "zh-CN", "approve", { ids: "ACT-1", amount: "900" });
      expect(again).toEqual(["ACT-1 status: ACT-1 的状态为 approved，不能核定"]);
      expect(await page.getByTestId("actions-summary").textContent()).toBe("0 行已记录，1 行被拒绝。");

      await saveActingToken(page, "zh-CN", t.payer);
      expect(await buttons(page, "zh-CN")).toEqual([["approve", 0], ["reject", 0], ["pay", 1]]);
      const above = await act(page, "zh-CN", "pay", { ids: "ACT-1", amount: "1000.01", date: "2026-04-01", voucher: "GK-1" });
      expect(above).toHaveLength(1);
      expect(above[0]).toMatch(/^ACT-1 amount: .*超过核定金额$/);
      expect(await act(page, "zh-CN", "pay", { amount: "600" })).toEqual(["ACT-1 已记录"]);
      const payments = (await call(service, "GET", "/api/ledger/rows/ACT-1/payments", { token: t.payer })).body as { paid: number; payments: { amount: number; date: string; voucher: string; tokenName: string }[] };
      expect(payments.paid).toBe(600);
      expect(payments.payments.map((p) => [p.amount, p.date, p.voucher, p.tokenName])).toEqual([[600, "2026-04-01", "GK-1", "九龙坡区财政局 拨付"]]);
      await page.screenshot({ path: "test-results/addin-actions-zh-CN.png", fullPage: true });
      expect(host.pageErrors).toEqual([]);
    } finally {
      await host.close();
    }
  }, 120_000);

  it("says the same in English, and offers nothing to a clerk-only token", async () => {
    const host = await openExcelHost("", { locale: "en-US", browser, serviceUrl: service.url, storage: true, waitForFunctions: false });
    try {
      const { page } = host;
      await page.getByRole("tab", { name: "Settings" }).click();
      await page.getByLabel(TEXT["en-US"].token).fill(t.clerk);
      await page.getByRole("button", { name: "Save" }).click();
      await page.locator('main[data-session="known"]').waitFor();
      await page.getByRole("tab", { name: "Ledger" }).click();
      expect(await page.getByTestId("actions-none").textContent()).toBe("This token (Jiulongpo · clerk) has neither the reviewer nor the payer role: it cannot approve or pay.");
      expect(await buttons(page, "en-US")).toEqual([["approve", 0], ["reject", 0], ["pay", 0]]);

      await saveActingToken(page, "en-US", t.reviewer);
      // A rejection without its reason: the service's 400, naming the field.
      const noReason = await act(page, "en-US", "reject", { ids: "ACT-3" });
      expect(noReason).toHaveLength(1);
      expect(noReason[0]).toMatch(/^ACT-3 opinion: /);
      expect(await act(page, "en-US", "reject", { opinion: "incomplete documents" })).toEqual(["ACT-3 recorded"]);
      const decisions = (await call(service, "GET", "/api/ledger/rows/ACT-3/decisions", { token: t.reviewer })).body as { decisions: { event: string; opinion: string | null }[] };
      expect(decisions.decisions.map((d) => [d.event, d.opinion])).toEqual([["submitted", null], ["rejected", "incomplete documents"]]);
      expect(host.pageErrors).toEqual([]);
    } finally {
      await host.close();
    }
  }, 120_000);
});
