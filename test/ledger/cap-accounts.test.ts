// The cap accounts' table against a Map of the accounts' keys as text: what each account consumed, who consumed it,
// and forgetting, through the table's growth and colliding hashes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CapScope } from "../../shared/catalog/schema.ts";
import { CapAccounts } from "../../shared/ledger/cap-accounts.ts";

const SCOPES: CapScope[] = ["project", "projectCumulative", "enterprise", "enterpriseYear", "productYear"];

/** The account of a use as text, by the periods the scopes have (shared/ledger/README.md). */
function keyOf(u: { enterprise: number; cap: number; scope: CapScope; year: number; project: string }): string {
  const year = u.scope === "enterpriseYear" || u.scope === "productYear" ? u.year : "";
  const project = u.scope === "project" || u.scope === "projectCumulative" || u.scope === "productYear" ? u.project : "";
  return `${u.enterprise}|${u.cap}|${year}|${project}`;
}

const arbUse = fc.record({
  enterprise: fc.integer({ min: 0, max: 40 }),
  cap: fc.integer({ min: 0, max: 3 }),
  scope: fc.constantFrom(...SCOPES),
  year: fc.integer({ min: 2024, max: 2026 }),
  project: fc.constantFrom("P1", "P2", "P3", "P10", "P11"),
  fen: fc.integer({ min: 0, max: 1_000_000 }),
});

describe("cap accounts", () => {
  it("keep what each account consumed and who consumed it, as a Map of text keys does", () => {
    fc.assert(
      // Forgetting every so many rows, as the ledger does per enterprise: a table that kept forgotten accounts would fill.
      fc.property(fc.array(arbUse, { minLength: 1, maxLength: 1500 }), fc.integer({ min: 1, max: 2000 }), (uses, forgetEvery) => {
        const projectOf: string[] = [];
        // One scope per cap number, as the catalog gives each cap key one scope.
        const scopeOf = (cap: number) => SCOPES[cap % SCOPES.length] as CapScope;
        const accounts = new CapAccounts((a, b) => projectOf[a] === projectOf[b]);
        let expected = new Map<string, { fen: number; users: number[] }>();
        uses.forEach((u, row) => {
          if (row > 0 && row % forgetEvery === 0) {
            accounts.forget();
            expected = new Map();
          }
          const use = { ...u, scope: scopeOf(u.cap) };
          projectOf[row] = use.project;
          // The project's length stands in for its hash: different projects share one, and the table must tell them apart.
          const owner = { enterprise: use.enterprise, year: use.year, row, projectHash: use.project.length };
          const key = keyOf(use);
          const before = expected.get(key);
          expect(accounts.fen(accounts.find(use.cap, use.scope, owner, false))).toBe(before?.fen ?? 0);
          const account = accounts.find(use.cap, use.scope, owner, true);
          accounts.consume(account, use.fen, row);
          const now = { fen: (before?.fen ?? 0) + use.fen, users: [...(before?.users ?? []), row] };
          expected.set(key, now);
          expect(accounts.fen(account)).toBe(now.fen);
          expect(accounts.users(account)).toEqual(now.users);
        });
      }),
      { numRuns: 60 },
    );
  });

  it("never keep an account for an award cap", () => {
    const accounts = new CapAccounts(() => true);
    expect(accounts.find(0, "award", { enterprise: 1, year: 2026, row: 0, projectHash: 0 }, true)).toBe(-1);
    expect(accounts.fen(-1)).toBe(0);
    expect(accounts.users(-1)).toEqual([]);
  });
});
