// The task pane's pure parts: search, details, messages, settings.
import { describe, expect, it } from "vitest";
import { addinEngine } from "../../addin/functions/engine.ts";
import { provisionDetails } from "../../addin/taskpane/logic/details.ts";
import { searchProvisions } from "../../addin/taskpane/logic/search.ts";
import { checkServiceUrl, loadSettings, saveSettings, type KeyValueStore } from "../../addin/taskpane/logic/settings.ts";
import { MESSAGES } from "../../addin/taskpane/ui/messages.ts";

const catalog = addinEngine().catalog;

describe("provision search", () => {
  it("finds by ID first, then by Chinese or English words", () => {
    expect(searchProvisions(catalog, "jiulongpo-5")[0]?.provision.id).toBe("jiulongpo-5");
    expect(searchProvisions(catalog, "设备投资").map((e) => e.provision.id)).toContain("jiulongpo-5");
    expect(searchProvisions(catalog, "equipment investment").map((e) => e.provision.id)).toContain("jiulongpo-5");
    expect(searchProvisions(catalog, "中央 配套").every((e) => /中央/.test(JSON.stringify(e)) && /配套/.test(JSON.stringify(e)))).toBe(true);
    expect(searchProvisions(catalog, "no such words anywhere")).toEqual([]);
    expect(searchProvisions(catalog, "", 5)).toHaveLength(5);
  });

  it("shows a provision's source, window in force, inputs, rate and cap", () => {
    const entry = catalog.byId.get("jiulongpo-5");
    if (!entry) throw new Error("jiulongpo-5 missing");
    expect(provisionDetails(entry, "zh")).toMatchObject({
      inForce: "2025-11-04 — 2027-12-31",
      amount: "项目设备投资",
      facts: [{ name: "centralFunds", meaning: "获得的中央财政补助资金" }],
      rate: "10%",
      cap: "单个企业每年 20,000,000 元",
    });
  });
});

describe("messages", () => {
  it("has the same keys in zh-CN and en, none empty", () => {
    expect(Object.keys(MESSAGES.en).sort()).toEqual(Object.keys(MESSAGES["zh-CN"]).sort());
    for (const catalog of Object.values(MESSAGES)) for (const text of Object.values(catalog)) expect(text.length).toBeGreaterThan(0);
  });
});

describe("settings", () => {
  it("keeps the URL and token in the add-in's store, trimmed", async () => {
    const data = new Map<string, string>();
    const store: KeyValueStore = { getItem: async (k) => data.get(k) ?? null, setItem: async (k, v) => void data.set(k, v) };
    expect(await loadSettings(store, "https://x.example")).toEqual({ serviceUrl: "https://x.example", token: "" });
    await saveSettings(store, { serviceUrl: " https://subsidy.example/ ", token: " abc " });
    expect(await loadSettings(store, "https://x.example")).toEqual({ serviceUrl: "https://subsidy.example", token: "abc" });
  });

  it("accepts HTTPS, or HTTP on this machine only", () => {
    expect(checkServiceUrl("https://subsidy.example")).toBe("ok");
    expect(checkServiceUrl("http://localhost:3000")).toBe("ok");
    expect(checkServiceUrl("http://subsidy.example")).toBe("insecure");
    expect(checkServiceUrl("ftp://x")).toBe("invalid");
    expect(checkServiceUrl("not a url")).toBe("invalid");
  });
});
