// The enterprise file in the URL (?view=enterprise&q=&code=) and the calculator profile it derives from the
// applications: the latest figure of each fact and each provision's amount, the latest application's district.
import { describe, expect, it } from "vitest";
import type { FileApplication } from "../../shared/ledger/enterprise-file.ts";
import { calculatorRouteOf, profileOfFile } from "../../dashboard/web/src/lib/enterprise-profile.ts";
import { parseRoute, routeToSearch } from "../../dashboard/web/src/lib/route.ts";

const app = (over: Partial<FileApplication>): FileApplication => ({
  applicationId: "A",
  projectId: "P",
  enterprise: "重庆测试有限公司",
  district: "九龙坡区",
  jurisdiction: "jiulongpo",
  document: "jiulongpo",
  provision: "jiulongpo-5",
  notice: null,
  year: 2026,
  applicationDate: "2026-01-01",
  status: "applied",
  amount: null,
  facts: {},
  ceiling: null,
  approved: null,
  paid: null,
  verdict: "ok",
  violations: [],
  ...over,
});

describe("enterprise route and profile", () => {
  it("round-trips the credit code (upper case) and the search, on the enterprise view only", () => {
    const search = routeToSearch({ view: "enterprise", filters: {}, q: "甲子 %_", code: "91500107MA5U4LGX4U" });
    expect(search).toBe(`?view=enterprise&code=91500107MA5U4LGX4U&q=${encodeURIComponent("甲子 %_").replace(/%20/g, "+")}`);
    expect(parseRoute(search)).toEqual({ view: "enterprise", filters: {}, q: "甲子 %_", code: "91500107MA5U4LGX4U" });
    expect(parseRoute("?view=enterprise&code=91500107ma5u4lgx4u").code).toBe("91500107MA5U4LGX4U");
    expect(parseRoute("?view=enterprise&code=<script>").code).toBeUndefined();
    expect(parseRoute(`?view=enterprise&q=${"x".repeat(81)}`).q).toBeUndefined();
    expect(parseRoute("?view=overview&code=91500107MA5U4LGX4U").code).toBeUndefined();
  });

  it("takes the latest figure of each fact and amount, and the latest district", () => {
    const file = {
      applications: [
        app({ applicationId: "1", amount: 1_000_000, facts: { centralFunds: 5, annualPurchases: 7 } }),
        app({ applicationId: "2", provision: "yubei-4b", district: "渝北区", amount: 2_000_000, facts: { centralFunds: 9 } }),
        app({ applicationId: "3", amount: 3_000_000.5 }), // back in 九龙坡: its district is the latest
      ],
    };
    expect(profileOfFile(file)).toEqual({ district: "九龙坡区", profile: { facts: { centralFunds: 9, annualPurchases: 7 }, amounts: { "jiulongpo-5": 3_000_000.5, "yubei-4b": 2_000_000 } } });
    const route = calculatorRouteOf(file);
    expect(parseRoute(routeToSearch(route))).toEqual(route);
    // Nothing known beyond the district: the calculator opens on the district alone.
    expect(calculatorRouteOf({ applications: [app({})] })).toEqual({ view: "calculator", filters: { district: "九龙坡区" } });
  });
});
