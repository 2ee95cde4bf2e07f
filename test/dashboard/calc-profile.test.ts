// The calculator's profile in the URL: what a link carries is what the view reads, and malformed figures are dropped.
import { describe, expect, it } from "vitest";
import { calculatorRoute } from "../../dashboard/web/src/lib/calc-profile.ts";
import { parseRoute, routeToSearch } from "../../dashboard/web/src/lib/route.ts";

describe("calculator route", () => {
  it("round-trips district, date, facts and amounts by provision ID, keys in a fixed order", () => {
    const route = calculatorRoute("jiulongpo", { date: "2026-06-30", facts: { centralFunds: 5_000_000 }, amounts: { "jiulongpo-5": 20_000_000, "chongqing2023-2": 1.5 } });
    const search = routeToSearch(route);
    expect(search).toBe(`?view=calculator&district=${encodeURIComponent("九龙坡区")}&date=2026-06-30&centralFunds=5000000&amount.chongqing2023-2=1.5&amount.jiulongpo-5=20000000`);
    expect(parseRoute(search)).toEqual(route);
  });

  it("drops what is not a figure, a day or a provision ID, and ignores a profile on other views", () => {
    const route = parseRoute("?view=calculator&date=30/06/2026&centralFunds=-1&rndGrowth=abc&insuredValue=200&amount.DROP%20TABLE=5&amount.yubei-2=1e99");
    expect(route.profile).toEqual({ facts: { insuredValue: 200 }, amounts: {} });
    expect(parseRoute("?view=overview&centralFunds=5").profile).toBeUndefined();
    expect(calculatorRoute().filters).toEqual({});
    expect(calculatorRoute("沙坪坝区").filters).toEqual({ district: "沙坪坝区" });
  });
});
