// The shapes of the enterprise file (一企一档) as GET /api/enterprises and /api/enterprises/:creditCode send them,
// shared by the service (dashboard/server/ledger/enterprise-file.ts) and the dashboard. Amounts in yuan.
import type { CapScope } from "../catalog/cap-scopes.ts";
import type { Text } from "../catalog/schema.ts";
import type { LedgerRow } from "./row.ts";
import type { StoredViolation } from "./stored-outcome.ts";
import type { Verdict } from "./evaluate.ts";
import type { SummaryRow } from "./summary.ts";

export interface EnterpriseHit {
  creditCode: string;
  /** The name most of its rows carry (a renamed enterprise keeps one credit code). */
  enterprise: string;
  jurisdictions: string[];
  rows: number;
  /** Yuan, of approved and paid rows, as GET /api/summary gives them. */
  approved: number;
  paid: number;
}

export interface FileApplication {
  applicationId: string;
  projectId: string;
  enterprise: string;
  district: string;
  jurisdiction: string | null;
  document: string | null;
  provision: string;
  notice: string | null;
  year: number;
  applicationDate: string;
  status: LedgerRow["status"];
  /** What the provision is computed on, as entered (yuan, or a count for a count provision). */
  amount: number | null;
  facts: LedgerRow["facts"];
  /** Yuan; null: none known (an open-ended award, a row the engine refused). */
  ceiling: number | null;
  approved: number | null;
  paid: number | null;
  verdict: Verdict;
  violations: StoredViolation[];
}

export interface CapHeadroom {
  capKey: string;
  scope: CapScope;
  label: Text;
  /** The account's project (per-project scopes) and calendar year (yearly scopes); null where the scope has none. */
  projectId: string | null;
  year: number | null;
  /** Yuan: the cap (null when the catalog no longer knows it), drawn so far, and cap − drawn, never below 0. */
  cap: number | null;
  drawn: number;
  headroom: number | null;
  /** The provisions and applications that drew on the account. */
  provisions: string[];
  applications: string[];
}

export interface EnterpriseFile {
  creditCode: string;
  enterprise: string;
  /** Every name its rows carry, commonest first. */
  names: string[];
  districts: string[];
  jurisdictions: string[];
  applications: FileApplication[];
  /**
   * Per document and year, as GET /api/summary?by=document,year gives them (no commitments: they are a jurisdiction's):
   * count and requested by application year, approved by approval year, paid by payment year.
   */
  totals: SummaryRow[];
  total: SummaryRow;
  /** Per document, approved and paid amounts whose date was never recorded (in no year of `totals`), yuan. */
  undated: { key: { document?: string }; approved: number; paid: number }[];
  caps: CapHeadroom[];
}
