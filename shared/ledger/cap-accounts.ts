// What earlier rows have consumed of each cap, per enterprise and per the cap's scope and period.
//
// Periods: enterpriseYear and productYear caps run per calendar year of the application date; project and
// projectCumulative caps per project ID (productYear: per project ID and year, the project being the product);
// enterprise caps have no period; award caps do not span rows and are never counted here.
import type { CapScope } from "../catalog/schema.ts";
import type { Fen } from "../money/fen.ts";
import type { LedgerRow } from "./row.ts";

const SEP = "\u0000";

/** The account a row draws on for one cap: enterprise (credit code), cap key and the period of the cap's scope. */
export function accountKey(row: LedgerRow, year: number, capKey: string, scope: CapScope): string | null {
  const base = row.creditCode + SEP + capKey + SEP;
  switch (scope) {
    case "award":
      return null;
    case "enterprise":
      return base;
    case "enterpriseYear":
      return base + year;
    case "project":
    case "projectCumulative":
      return base + "p" + SEP + row.projectId;
    case "productYear":
      return base + "p" + SEP + row.projectId + SEP + year;
  }
}

/** One account: what its rows consumed (fen) and their application IDs, in ledger order. */
export interface CapAccount {
  fen: Fen;
  users: string[];
}

/** A cap on a row's path, as the engine reports it. */
interface CapRef {
  key: string;
  scope: CapScope;
}

type Periods = Map<string | number, CapAccount>;

/**
 * The accounts, held per enterprise, cap key and period as accountKey describes them, in nested maps: a ledger
 * looks one up per row and cap, and building the key text each time costs more than the lookups.
 */
export class CapAccounts {
  private readonly enterprises = new Map<string, Map<string, Periods>>();
  /** Rows come grouped by enterprise: the last enterprise's accounts are tried first. */
  private lastCode: string | null = null;
  private last: Map<string, Periods> | null = null;

  /** The row's account for the cap, opened (empty) on first use; null for award caps, which never span rows. */
  account(row: LedgerRow, year: number, cap: CapRef): CapAccount | null {
    const period = periodOf(row, year, cap.scope);
    if (period === null) return null;
    let caps = this.last;
    if (row.creditCode !== this.lastCode || caps === null) {
      caps = this.enterprises.get(row.creditCode) ?? null;
      if (caps === null) {
        caps = new Map();
        this.enterprises.set(row.creditCode, caps);
      }
      this.lastCode = row.creditCode;
      this.last = caps;
    }
    let periods = caps.get(cap.key);
    if (!periods) {
      periods = new Map();
      caps.set(cap.key, periods);
    }
    let account = periods.get(period);
    if (!account) {
      account = { fen: 0, users: [] };
      periods.set(period, account);
    }
    return account;
  }
}

/** The period part of accountKey: "" for no period, the year, the project ID, or both. */
function periodOf(row: LedgerRow, year: number, scope: CapScope): string | number | null {
  switch (scope) {
    case "award":
      return null;
    case "enterprise":
      return "";
    case "enterpriseYear":
      return year;
    case "project":
    case "projectCumulative":
      return row.projectId;
    case "productYear":
      return row.projectId + SEP + year;
  }
}
