// Saving a token in the task pane as a user does, shared by the pane's browser tests: the labels it is found by in
// each locale, and the steps (Settings, enter, Save, wait for the pane to have asked the service, back to the ledger).
import type { Page } from "playwright-core";

export const TOKEN_TEXT = {
  "zh-CN": { settings: "设置", ledger: "兑现台账", token: "令牌（经办权限可发布）", save: "保存" },
  "en-US": { settings: "Settings", ledger: "Ledger", token: "Token (a clerk's may publish)", save: "Save" },
} as const;
export type PaneLocale = keyof typeof TOKEN_TEXT;

/** Enters and saves a token under Settings and returns to the ledger tab once the service has answered (`state`). */
export async function saveToken(page: Page, locale: PaneLocale, token: string, state: "known" | "refused" = "known"): Promise<void> {
  const text = TOKEN_TEXT[locale];
  await page.getByRole("tab", { name: text.settings }).click();
  await page.getByLabel(text.token).fill(token);
  await page.getByRole("button", { name: text.save }).click();
  await page.locator(`main[data-session="${state}"]`).waitFor();
  await page.getByRole("tab", { name: text.ledger }).click();
}
