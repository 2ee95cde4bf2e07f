// What each cap scope (上限口径) means, in one table: its name, its label as the texts word it, the ledger fields
// that key an account of it, its period, and whose receipts a bare `awarded` figure counts against it. The engine,
// the ledger, the CLI, the add-in and the dashboard read scopes from here; adding a scope is adding a row.
// Library-free, like vocabulary.ts, so the dashboard's first download can import it.

export interface CapScopeMeaning {
  /** How the documents word the scope (单个企业年度补助不超过…), and in English. */
  label: { zh: string; en: string };
  /** Further Chinese names accepted where a user names the scope (Excel's 已获补助.单个项目). */
  aliases: readonly string[];
  /**
   * Whose receipts the cap counts: one award only (never across applications), a project's (or product's) across
   * its applications, or the enterprise's across all its applications.
   */
  level: "award" | "project" | "enterprise";
  /** The ledger fields that key an account of the cap, beside the enterprise's credit code and the cap itself. */
  keyedBy: readonly "projectId"[];
  /** The period an account runs over: the calendar year of the application date, or none (for good). */
  period: "year" | null;
}

export const CAP_SCOPE_TABLE = {
  award: { label: { zh: "单笔", en: "per award" }, aliases: ["每笔", "单次"], level: "award", keyedBy: [], period: null },
  project: { label: { zh: "单个项目", en: "per project" }, aliases: ["每个项目", "项目"], level: "project", keyedBy: ["projectId"], period: null },
  projectCumulative: {
    label: { zh: "单个项目累计", en: "per project, cumulative" },
    aliases: ["每个项目累计", "项目累计"],
    level: "project",
    keyedBy: ["projectId"],
    period: null,
  },
  enterprise: { label: { zh: "单个企业", en: "per enterprise" }, aliases: ["每家企业", "企业"], level: "enterprise", keyedBy: [], period: null },
  enterpriseYear: {
    label: { zh: "单个企业每年", en: "per enterprise per year" },
    aliases: ["单个企业年度", "每家企业每年", "企业年度"],
    level: "enterprise",
    keyedBy: [],
    period: "year",
  },
  // The project ID of a ledger row names the product.
  productYear: {
    label: { zh: "单个产品每年", en: "per product per year" },
    aliases: ["单个产品年度", "每个产品每年", "产品年度"],
    level: "project",
    keyedBy: ["projectId"],
    period: "year",
  },
} as const satisfies Record<string, CapScopeMeaning>;

export type CapScope = keyof typeof CAP_SCOPE_TABLE;

/** Every scope, in the table's order (zod's enum wants a non-empty tuple). */
export const CAP_SCOPES = Object.keys(CAP_SCOPE_TABLE) as [CapScope, ...CapScope[]];

export function scopeMeaning(scope: CapScope): CapScopeMeaning {
  return CAP_SCOPE_TABLE[scope];
}

export function scopeLabel(scope: CapScope, lang: "zh" | "en"): string {
  return CAP_SCOPE_TABLE[scope].label[lang];
}

/** Whether a cap of the scope counts what earlier applications received: every scope but a cap on one award. */
export function spansApplications(scope: CapScope): boolean {
  return CAP_SCOPE_TABLE[scope].level !== "award";
}

/** Whether the scope's accounts are kept per project (or product). */
export function perProject(scope: CapScope): boolean {
  return (CAP_SCOPE_TABLE[scope].keyedBy as readonly string[]).includes("projectId");
}

/** Whether the scope's accounts run per calendar year of the application date. */
export function perYear(scope: CapScope): boolean {
  return CAP_SCOPE_TABLE[scope].period === "year";
}

/**
 * The account of a ledger row under a cap of the scope, as text (beside the credit code and cap key): its project
 * and year where the scope keys them; null for a scope that never spans applications.
 */
export function accountPeriod(scope: CapScope, row: { projectId: string; applicationDate: string }): string | null {
  if (!spansApplications(scope)) return null;
  return JSON.stringify([perProject(scope) ? row.projectId : null, perYear(scope) ? row.applicationDate.slice(0, 4) : null]);
}

/**
 * The scopes a bare `awarded` figure (no scope named) applies to, among a provision's caps across applications:
 * what the enterprise already received within its enterprise-level caps' period; where the provision's only such
 * caps are per project or per product, those.
 */
export function bareAwardedScopes(scopes: Iterable<CapScope>): CapScope[] {
  const spanning = [...new Set(scopes)].filter(spansApplications);
  const enterprise = spanning.filter((s) => CAP_SCOPE_TABLE[s].level === "enterprise");
  return enterprise.length > 0 ? enterprise : spanning;
}

const BY_NAME: ReadonlyMap<string, CapScope> = new Map(
  CAP_SCOPES.flatMap((scope) => {
    const m = CAP_SCOPE_TABLE[scope];
    return [scope.toLowerCase(), m.label.zh, m.label.en.toLowerCase(), ...m.aliases].map((name) => [name, scope] as const);
  }),
);

/** The scope a user named: its code name (any case), its Chinese label or an alias, its English label; else null. */
export function scopeNamed(text: string): CapScope | null {
  const t = text.trim();
  return BY_NAME.get(t) ?? BY_NAME.get(t.toLowerCase()) ?? null;
}

/** Every scope's label, as message IDs `scope.<name>` for the dashboard's message tables. */
export function scopeMessages(lang: "zh" | "en"): Record<`scope.${CapScope}`, string> {
  return Object.fromEntries(CAP_SCOPES.map((s) => [`scope.${s}`, CAP_SCOPE_TABLE[s].label[lang]])) as Record<`scope.${CapScope}`, string>;
}
