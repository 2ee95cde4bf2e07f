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

export class CapAccounts {
  private readonly accounts = new Map<string, CapAccount>();

  /** The account under the key, opened (empty) on first use: the ledger looks it up once per row and cap. */
  account(key: string): CapAccount {
    let account = this.accounts.get(key);
    if (!account) {
      account = { fen: 0, users: [] };
      this.accounts.set(key, account);
    }
    return account;
  }

  /** The account under the key, if any row consumed from it. */
  find(key: string): CapAccount | undefined {
    return this.accounts.get(key);
  }

  /** Fen consumed so far on the account. */
  consumed(key: string): Fen {
    return this.accounts.get(key)?.fen ?? 0;
  }

  /** Application IDs of the rows that consumed the account so far, in ledger order. */
  consumers(key: string): readonly string[] {
    return this.accounts.get(key)?.users ?? [];
  }

  consume(key: string, fen: Fen, applicationId: string): void {
    const account = this.account(key);
    account.fen += fen;
    account.users.push(applicationId);
  }
}
