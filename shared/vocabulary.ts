// The closed word lists of the domain, free of any library so that the smallest bundle (the dashboard's first
// download) can import them. The zod schemas in catalog/schema.ts and ledger/row.ts are built from these.
export const FACT_NAMES = ["centralFunds", "municipalFunds", "rndGrowth", "annualPurchases", "insuredValue"] as const;
export const DOCUMENT_KEYS = ["jiulongpo", "yubei", "chongqing2023", "chongqing2025", "chongqing2026"] as const;
export const JURISDICTIONS = ["jiulongpo", "yubei", "chongqing"] as const;
export { CAP_SCOPES } from "./catalog/cap-scopes.ts";
/** A token's roles (offices.ts names them): 经办, 审核, 拨付, 查看, 管理. */
export const ROLE_NAMES = ["clerk", "reviewer", "payer", "viewer", "admin"] as const;
export const STATUSES = ["applied", "approved", "paid", "rejected", "withdrawn"] as const;
