// zh-CN unless the browser prefers another language; a choice made with the switch is remembered.
import { en } from "./en.ts";
import { zhCN } from "./zh-CN.ts";
import type { Lang } from "../../../../shared/money/format.ts";

export type Locale = "zh-CN" | "en";
export type MessageId = keyof typeof zhCN;

export const MESSAGES: Record<Locale, Record<MessageId, string>> = { "zh-CN": zhCN, en };
const STORAGE_KEY = "subsidy-dashboard.locale";

export function detectLocale(): Locale {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (stored === "zh-CN" || stored === "en") return stored;
  } catch {
    // Storage can be blocked; the browser's language still decides.
  }
  const first = (navigator.languages?.[0] ?? navigator.language ?? "zh-CN").toLowerCase();
  return first.startsWith("en") ? "en" : "zh-CN";
}

export function rememberLocale(locale: Locale): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Not remembered: the switch still applies to this page.
  }
}

/** shared/money's language code for a UI locale. */
export function langOf(locale: Locale): Lang {
  return locale === "en" ? "en" : "zh";
}

/** Whether a computed id (a field name from the ledger check, say) has a text. */
export function isMessageId(id: string): id is MessageId {
  return Object.prototype.hasOwnProperty.call(MESSAGES["zh-CN"], id);
}
