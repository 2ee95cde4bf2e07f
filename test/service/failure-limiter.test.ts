// The authentication-failure counter on its own: its window, the /64 an IPv6 client is counted by, and the bound
// on how many addresses it remembers however many an attacker uses.
import { describe, expect, it } from "vitest";
import { addressKey, FailureLimiter } from "../../dashboard/server/auth/failure-limiter.ts";
import { hostAllowed, parseHost } from "../../dashboard/server/http/host-check.ts";

describe("FailureLimiter", () => {
  it("throttles an address over the limit until its window ends, and only that address", () => {
    let now = 0;
    const limiter = new FailureLimiter(3, 60_000, 100, () => now);
    expect([1, 2, 3].map(() => limiter.fail("203.0.113.1"))).toEqual([0, 0, 0]);
    now = 15_000;
    expect(limiter.fail("203.0.113.1")).toBe(45_000);
    expect(limiter.fail("203.0.113.2")).toBe(0);
    now = 60_000;
    expect(limiter.fail("203.0.113.1")).toBe(0);
  });

  it("counts an IPv6 client by its /64 and an IPv4-mapped address as IPv4", () => {
    expect(addressKey("2001:db8:1:2:aaaa::1")).toBe(addressKey("2001:0db8:0001:0002:ffff:1:2:3"));
    expect(addressKey("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:db8:1:3::1")).not.toBe(addressKey("2001:db8:1:2::1"));
    expect(addressKey("::1")).toBe("0:0:0:0::/64");
    expect(addressKey("::ffff:198.51.100.7")).toBe("198.51.100.7");
    const limiter = new FailureLimiter(2, 60_000);
    limiter.fail("2001:db8:1:2::a");
    limiter.fail("2001:db8:1:2::b");
    expect(limiter.fail("2001:db8:1:2::c")).toBeGreaterThan(0);
  });

  it("remembers a bounded number of addresses, forgetting the oldest", () => {
    const limiter = new FailureLimiter(1, 60_000, 1000, () => 0);
    for (let i = 0; i < 50_000; i++) limiter.fail(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
    expect(limiter.size).toBeLessThanOrEqual(1000);
    // The newest are still counted.
    expect(limiter.fail(`10.0.${(49_999 >> 8) & 255}.${49_999 & 255}`)).toBeGreaterThan(0);
  });
});

describe("Host check", () => {
  it("reads a Host header's name and port, refusing what is not one", () => {
    expect(parseHost("Subsidy.Example.gov.cn.:443")).toEqual({ name: "subsidy.example.gov.cn", port: "443" });
    expect(parseHost("[::1]:3000")).toEqual({ name: "[::1]", port: "3000" });
    for (const bad of ["", "a b", "user@host", "host:port", "host:123456", "[::1", "http://host"]) expect(parseHost(bad), bad).toBeNull();
  });

  it("takes the public origin's default port as the same host", () => {
    expect(hostAllowed("subsidy.example.gov.cn", "https://subsidy.example.gov.cn")).toBe(true);
    expect(hostAllowed("subsidy.example.gov.cn:443", "https://subsidy.example.gov.cn")).toBe(true);
    expect(hostAllowed("subsidy.example.gov.cn:80", "https://subsidy.example.gov.cn")).toBe(false);
    expect(hostAllowed("subsidy.example.gov.cn", "https://subsidy.example.gov.cn:8443")).toBe(false);
    expect(hostAllowed("subsidy.example.gov.cn:8443", "https://subsidy.example.gov.cn:8443")).toBe(true);
    expect(hostAllowed("localhost:9999", "https://subsidy.example.gov.cn")).toBe(true);
    expect(hostAllowed("attacker.example", "")).toBe(false);
    expect(hostAllowed(undefined, "https://subsidy.example.gov.cn")).toBe(false);
  });
});
