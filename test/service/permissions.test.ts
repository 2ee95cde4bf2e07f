// The roles a row's change needs, derived from what it changes against the stored version (permissions.ts).
import { describe, expect, it } from "vitest";
import { requiredRoles } from "../../dashboard/server/auth/permissions.ts";
import { LedgerRow } from "../../shared/ledger/row.ts";
import { ledgerRow } from "./harness.ts";

const row = (overrides: Parameters<typeof ledgerRow>[2] = {}) => LedgerRow.parse(ledgerRow("P-1", 0, overrides));
const roles = (next: LedgerRow, before: LedgerRow | null) => requiredRoles(next, before).map((n) => `${n.role}:${n.field}`);

describe("requiredRoles", () => {
  it("asks a new row for every step it carries", () => {
    expect(roles(row(), null)).toEqual(["clerk:applicationId", "clerk:status"]);
    expect(roles(row({ status: "paid", approved: 900_000, paid: 900_000, paidDate: "2026-05-01" }), null)).toEqual([
      "clerk:applicationId",
      "payer:status",
      "reviewer:approved",
      "payer:paid",
      "payer:paidDate",
    ]);
  });

  it("asks an update only for what it changes", () => {
    const stored = row({ facts: { centralFunds: 1_000_000, annualPurchases: 5_000_000 } });
    expect(roles(row({ facts: { annualPurchases: 5_000_000, centralFunds: 1_000_000 } }), stored)).toEqual([]);
    expect(roles({ ...stored, note: "补充材料" }, stored)).toEqual([]);
    expect(roles({ ...stored, status: "approved", approved: 800_000 }, stored)).toEqual(["reviewer:status", "reviewer:approved"]);
    expect(roles({ ...stored, status: "rejected" }, stored)).toEqual(["reviewer:status"]);
    expect(roles({ ...stored, status: "withdrawn" }, stored)).toEqual(["clerk:status"]);
    expect(roles({ ...stored, paid: 100 }, stored)).toEqual(["payer:paid"]);
    expect(roles({ ...stored, enterprise: "另一家企业" }, stored)).toEqual(["clerk:enterprise"]);
  });

  it("asks the clerk for a change of the notice (申报批次), set or taken away, and nothing for null against none", () => {
    const notice = "jiulongpo-2026-1-sample";
    const plain = row();
    const under = row({ notice });
    expect(roles(under, plain)).toEqual(["clerk:notice"]);
    expect(roles(plain, under)).toEqual(["clerk:notice"]);
    expect(roles({ ...plain, status: "approved" }, under)).toEqual(["clerk:notice", "reviewer:status"]);
    expect(roles(row({ notice: null }), plain)).toEqual([]);
    expect(roles(plain, row({ notice: null }))).toEqual([]);
  });
});
