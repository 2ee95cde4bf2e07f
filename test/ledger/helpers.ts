// Building ledger rows for tests: valid defaults, overridden per case.
import { completeCreditCode } from "../../shared/ledger/credit-code.ts";
import { LedgerRow, type LedgerRowInput } from "../../shared/ledger/row.ts";

/** A valid credit code, distinct per seed (0–999,999). */
export function code(seed: number): string {
  return completeCreditCode(`91500107MA${String(seed).padStart(6, "0")}`) as string;
}

let next = 0;
export function row(over: Partial<LedgerRowInput> = {}): LedgerRow {
  next++;
  return LedgerRow.parse({
    applicationId: `T-${next}`,
    projectId: `P-${next}`,
    enterprise: "重庆测试智能装备有限公司",
    creditCode: code(1),
    district: "九龙坡区",
    provisionId: "jiulongpo-3",
    amount: 10_000_000,
    facts: {},
    applicationDate: "2026-03-01",
    status: "applied",
    approved: null,
    paid: null,
    paidDate: null,
    note: "",
    ...over,
  });
}
