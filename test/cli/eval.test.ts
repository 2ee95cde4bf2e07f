// The `subsidy` CLI end to end: a real process, its stdout, stderr and exit code.
import { execFileSync, spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const BIN = new URL("../../bin/subsidy.mjs", import.meta.url).pathname;

function subsidy(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("subsidy eval", () => {
  it("prints 100,000 yuan for jiulongpo-5 on 1,000,000 with the step that produced it", () => {
    const r = subsidy("eval", "jiulongpo-5", "1000000", "--date", "2026-03-01");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("最高可补 100,000 元");
    expect(r.stdout).toContain("1,000,000 元 × 10% = 100,000 元");
  });

  it("prints one JSON object with id, amount, unit and trace", () => {
    const r = subsidy("eval", "jiulongpo-5", "300000000", "--json", "--lang", "en", "--date", "2026-03-01", "--awarded", "5000000");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ id: "jiulongpo-5", amount: 15_000_000, unit: "CNY", bound: "headroom" });
    expect(out.trace.some((s: { step: string }) => s.step === "cap")).toBe(true);
    expect(out.explanation.join("\n")).toContain("limited by the headroom");
  });

  it("takes facts and 万-unit amounts", () => {
    const r = subsidy("eval", "jiulongpo-5", "--fact", "centralFunds=500万", "--json", "--date", "2026-03-01");
    expect(JSON.parse(r.stdout).amount).toBe(5_000_000);
  });

  // jiulongpo-11: 30%, 单个项目最高不超过2000万元, 单个企业年度补助不超过1亿元 (issue 13).
  const byScope: [string[], number, RegExp][] = [
    [["1亿", "--awarded", "8500万"], 15_000_000, /no scope named: taken as per enterprise per year/],
    [["1亿", "--awarded", "project=1900万"], 1_000_000, /awarded \(per project\) ¥19,000,000, counted against the cap per project/],
    [["1亿", "--awarded", "enterpriseYear=8500万", "--awarded", "project=0"], 15_000_000, /awarded \(per project\) ¥0/],
    [["1亿", "--awarded", "已获补助.单个项目=1900万", "--awarded", "8500万"], 1_000_000, /awarded \(per enterprise per year\) ¥85,000,000/],
    [["5亿", "--awarded", "8000万"], 20_000_000, /no awarded figure for the cap per project/],
  ];
  for (const [args, amount, says] of byScope) {
    it(`eval jiulongpo-11 ${args.join(" ")} → ${amount}`, () => {
      const r = subsidy("eval", "jiulongpo-11", ...args, "--json", "--lang", "en", "--date", "2026-05-01");
      expect(r.code, r.stdout).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.amount).toBe(amount);
      expect(out.explanation.join("\n")).toMatch(says);
    });
  }

  const errors: [string[], string, string?][] = [
    [["eval", "nope-9", "1"], "unknown_provision", "id"],
    [["eval", "jiulongpo-5", "abc"], "invalid_input", "amount"],
    [["eval", "jiulongpo-5"], "invalid_input", "amount"],
    [["eval", "jiulongpo-5", "1", "--fact", "bogus=1"], "invalid_input", "fact"],
    [["eval", "jiulongpo-5", "1", "--fact", "rndGrowth=1"], "invalid_input", "rndGrowth"],
    [["eval", "jiulongpo-5", "1", "--date", "2025-01-01"], "not_in_force", "date"],
    [["eval", "jiulongpo-5", "1", "--date", "tomorrow"], "invalid_input", "date"],
    [["eval", "jiulongpo-4"], "not_computable"],
    [["eval", "jiulongpo-5", "1", "--lang", "fr"], "invalid_input", "lang"],
    [["eval", "jiulongpo-5", "1", "--what"], "invalid_input"],
    [["eval", "jiulongpo-11", "1", "--awarded", "bogus=1"], "invalid_input", "awarded"],
    [["eval", "jiulongpo-11", "1", "--awarded", "project=x"], "invalid_input", "awarded.project"],
    [["eval", "jiulongpo-11", "1", "--awarded", "project=1", "--awarded", "project=2"], "invalid_input", "awarded.project"],
    [["eval", "jiulongpo-11", "1", "--awarded", "1", "--awarded", "enterpriseYear=2"], "invalid_input", "awarded.enterpriseYear"],
  ];
  for (const [args, code, field] of errors) {
    it(`${args.join(" ")} → exit 2, ${code}`, () => {
      const r = subsidy(...args);
      expect(r.code).toBe(2);
      const out = JSON.parse(r.stdout);
      expect(out.error.code).toBe(code);
      expect(out.error.message.length).toBeGreaterThan(0);
      if (field) expect(out.error.field).toBe(field);
    });
  }
});

describe("subsidy rules and explain", () => {
  it("lists the catalog as JSON, each with an id", () => {
    const out = JSON.parse(execFileSync(process.execPath, [BIN, "rules", "--json"], { encoding: "utf8" }));
    expect(out.length).toBe(144); // the 122 IDs of provision-ids.md and the 22 measures of chongqing2025
    expect(out.every((p: { id: string }) => typeof p.id === "string")).toBe(true);
    const yubei = JSON.parse(execFileSync(process.execPath, [BIN, "rules", "--document", "yubei", "--json"], { encoding: "utf8" }));
    expect(yubei.every((p: { document: string }) => p.document === "yubei")).toBe(true);
  });

  it("rejects an unknown document", () => {
    const r = subsidy("rules", "--document", "shanghai");
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.field).toBe("document");
  });

  it("explains a provision with its source text and dates in force", () => {
    const r = subsidy("explain", "chongqing2023-11");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("渝经信规范〔2023〕1号");
    expect(r.stdout).toContain("实际保险费率不超过 3% 上限");
    expect(r.stdout).toContain("500万元");
  });
});
