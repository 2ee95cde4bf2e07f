// Offices and roles as people read them, and the one rule both the service and the add-in apply to a row's office:
// the service refuses a write of another office's row (permissions.ts), the task pane marks such a row before it is
// sent. Labels live here, once, so the service's refusals, `token list` and the task pane say the same words.
import type { Catalog } from "../catalog/catalog.ts";
import type { Text } from "../catalog/schema.ts";
import type { Lang } from "../money/format.ts";
import { TERMS } from "../terms.ts";
import type { ROLE_NAMES } from "../vocabulary.ts";

export type RoleName = (typeof ROLE_NAMES)[number];

/** 经办 enters and submits rows, 审核 approves or rejects, 拨付 records payments, 查看 reads, 管理 tokens and commitments. */
export const ROLE_LABEL: Record<RoleName, Text> = {
  clerk: { zh: "经办", en: "clerk" },
  reviewer: { zh: "审核", en: "reviewer" },
  payer: { zh: "拨付", en: "payer" },
  viewer: { zh: "查看", en: "viewer" },
  admin: { zh: "管理", en: "admin" },
};

const JURISDICTION_LABEL: Record<string, Text> = {
  jiulongpo: { zh: "九龙坡区", en: "Jiulongpo" },
  yubei: { zh: "渝北区", en: "Yubei" },
  chongqing: { zh: "重庆市", en: "Chongqing" },
};

/** A row's or commitment's jurisdiction by name; an unknown key as it is. */
export function jurisdictionLabel(key: string, lang: Lang): string {
  return JURISDICTION_LABEL[key]?.[lang] ?? key;
}

/** An office (a jurisdiction, `all`, or null: no known jurisdiction) as a place in a sentence. */
export function officeLabel(jurisdiction: string | null): Text {
  const j = TERMS.jurisdiction;
  if (jurisdiction === null) return { zh: `未知${j.zh}（条款不在目录中）`, en: `no known ${j.en.toLowerCase()} (the provision is not in the catalog)` };
  if (jurisdiction === "all") return { zh: `全部${j.zh}`, en: "all jurisdictions" };
  return { zh: jurisdictionLabel(jurisdiction, "zh"), en: jurisdictionLabel(jurisdiction, "en") };
}

/** A token made before offices existed (no jurisdiction): it reads as it did and may not write until re-issued. */
export const UNSCOPED: Text = { zh: `未限定${TERMS.office.zh}`, en: "unscoped" };

/** What a token is, for its holder: "渝北区 · 经办、审核" / "Yubei · clerk, reviewer". */
export function tokenLabel(token: { jurisdiction: string | null; roles: readonly RoleName[] }, lang: Lang): string {
  const place = token.jurisdiction === null ? UNSCOPED[lang] : officeLabel(token.jurisdiction)[lang];
  return `${place} · ${token.roles.map((r) => ROLE_LABEL[r][lang]).join(lang === "zh" ? "、" : ", ")}`;
}

/** A ledger row's office: its provision's document's jurisdiction (null when the catalog does not know the provision). */
export function rowJurisdiction(catalog: Pick<Catalog, "byId">, row: { provisionId: string }): string | null {
  return catalog.byId.get(row.provisionId)?.document.jurisdiction ?? null;
}

/** Whether a token of this office (null: unscoped) may write something of that jurisdiction. */
export function mayWriteIn(token: { jurisdiction: string | null }, jurisdiction: string | null): boolean {
  return token.jurisdiction === "all" || (token.jurisdiction !== null && token.jurisdiction === jurisdiction);
}
