// The roles a row's change needs, derived from what it changes against the stored version (permissions.ts), and
// what GET /api/session says a token may do, held to those same checks for every office and set of roles.
import { describe, expect, it } from "vitest";
import { assertWriter, capabilities, checkCommitmentWrites, checkNoticeWrite, checkRowWrites, requiredRoles, type RowChange } from "../../dashboard/server/auth/permissions.ts";
import { ApiError } from "../../dashboard/server/errors.ts";
import { ROLE_NAMES, type RoleName, type TokenInfo, type TokenJurisdiction } from "../../dashboard/server/auth/tokens.ts";
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

describe("capabilities", () => {
  /** Whether the write checks let this through (a refusal is an ApiError; anything else is a bug). */
  const passes = (check: () => void): boolean => {
    try {
      check();
      return true;
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 403) throw error;
      return false;
    }
  };
  const change = (next: LedgerRow, before: LedgerRow | null): RowChange => ({ index: 0, row: next, jurisdiction: "jiulongpo", before: before && { jurisdiction: "jiulongpo", data: JSON.stringify(before) }, unchanged: false });
  const applied = row();
  const approved = row({ status: "approved", approved: 90_000 });
  const paid = row({ status: "paid", approved: 90_000, paid: 90_000, paidDate: "2026-05-01" });

  it("says a token may submit, approve, pay, enter commitments, draft or publish notices exactly when the write checks let it, in its own office", () => {
    const sets = Array.from({ length: 2 ** ROLE_NAMES.length - 1 }, (_, m) => ROLE_NAMES.filter((_, i) => ((m + 1) >> i) & 1));
    for (const jurisdiction of [null, "jiulongpo", "all"] as (TokenJurisdiction | null)[]) {
      for (const roles of sets) {
        const token: TokenInfo = { id: 1, name: "t", jurisdiction, roles: roles as RoleName[], createdAt: "", revokedAt: null };
        const write = (changes: RowChange[]) => () => {
          assertWriter(token);
          checkRowWrites(token, changes);
        };
        const label = `${jurisdiction} ${roles.join(",")}`;
        expect(capabilities(token), label).toEqual({
          submit: passes(write([change(applied, null)])),
          approve: passes(write([change(approved, applied)])),
          pay: passes(write([change(paid, approved)])),
          commitments: passes(() => {
            assertWriter(token);
            checkCommitmentWrites(token, [{ jurisdiction: "jiulongpo", year: 2027 }]);
          }),
          draftNotice: passes(() => {
            assertWriter(token);
            checkNoticeWrite(token, "jiulongpo", "draft");
          }),
          publishNotice: passes(() => {
            assertWriter(token);
            checkNoticeWrite(token, "jiulongpo", "publish");
          }),
          read: true,
        });
      }
    }
  });
});
