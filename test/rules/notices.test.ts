// Application notices (rules/notices/): each checked against its document when the catalog is built, evaluated
// with its worked cases beside it (rules/notices/cases/<id>.yaml), refused with the path named when it would pay
// above the document's ceiling.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { buildCatalog } from "../../shared/catalog/catalog.ts";
import { readRuleFiles, RULES_DIR } from "../../shared/catalog/load-node.ts";
import { NoticeError } from "../../shared/catalog/notice.ts";
import { RuleCasesFile } from "../../shared/catalog/schema.ts";
import { defaultEngine } from "../../shared/node.ts";

const engine = defaultEngine();
const SAMPLE = "jiulongpo-2026-1-sample";
const casesDir = path.join(RULES_DIR, "notices", "cases");
const files = readRuleFiles();

describe("notices in rules/notices/", () => {
  it("are loaded, the sample marked as one", () => {
    expect(engine.catalog.notices.map((n) => n.id)).toContain(SAMPLE);
    expect(engine.catalog.notices.find((n) => n.id === SAMPLE)).toMatchObject({ document: "jiulongpo", sample: true, budget: 8000_0000_00 });
  });

  it("each have their cases beside them", () => {
    for (const notice of engine.catalog.notices) expect(fs.existsSync(path.join(casesDir, `${notice.id}.yaml`)), notice.id).toBe(true);
  });
});

for (const file of fs.readdirSync(casesDir).filter((f) => f.endsWith(".yaml"))) {
  const notice = file.replace(/\.yaml$/, "");
  const parsed = RuleCasesFile.safeParse(YAML.parse(fs.readFileSync(path.join(casesDir, file), "utf8")));
  describe(`rules/notices/cases/${file}`, () => {
    it("is valid and names a notice", () => {
      expect(parsed.error?.issues ?? []).toEqual([]);
      expect(engine.catalog.notices.some((n) => n.id === notice)).toBe(true);
    });
    for (const c of parsed.data?.cases ?? []) {
      it(`${c.provision}: ${c.name}`, () => {
        const result = engine.evaluate(c.provision, c.amount ?? null, c.facts, { notice, ...(c.date ? { date: c.date } : {}), ...(c.awarded === undefined ? {} : { awarded: c.awarded }) });
        if ("error" in c.expect) return expect(result.ok ? "ok" : result.error.code, c.why).toBe(c.expect.error);
        expect(result.ok ? null : result.error, c.why).toBeNull();
        if (!result.ok) return;
        expect(result.ceiling, c.why).toBe(c.expect.ceiling);
        if (c.expect.bound !== undefined) expect(result.bound, c.why).toBe(c.expect.bound);
      });
    }
  });
}

describe("evaluation under a notice", () => {
  const date = "2026-03-15";
  it("sets the notice's figures beside the document's in the trace, and what the document alone allows", () => {
    const result = engine.evaluate("jiulongpo-5", 300_000_000, {}, { date, notice: SAMPLE });
    expect(result).toMatchObject({ ok: true, ceiling: 15_000_000, notice: { id: SAMPLE, documentCeilingFen: 20_000_000_00, documentCeiling: 20_000_000 } });
    if (!result.ok) return;
    const step = result.trace.find((s) => s.step === "notice");
    expect(step).toMatchObject({
      notice: SAMPLE,
      withinWindow: true,
      overrides: [
        { path: "jiulongpo-5.rate", unit: "bp", documentValue: 1000, noticeValue: 800 },
        { path: "jiulongpo-5.caps.enterpriseYear", unit: "fen", documentValue: 20_000_000_00, noticeValue: 15_000_000_00 },
      ],
    });
    // The cap step cites the notice's figure, not the document's sentence alone.
    expect(result.trace.find((s) => s.step === "cap")).toMatchObject({ limitFen: 15_000_000_00, citation: expect.stringContaining("1,500万元；文件：单个企业每年最高2000万元") });
    // Without the notice, the document's ceiling.
    expect(engine.evaluate("jiulongpo-5", 300_000_000, {}, { date })).toMatchObject({ ceiling: 20_000_000 });
  });

  it("says when the application date is outside the notice's window, and keeps the figures", () => {
    const result = engine.evaluate("jiulongpo-5", 100_000_000, {}, { date: "2026-06-01", notice: SAMPLE });
    expect(result).toMatchObject({ ceiling: 8_000_000 });
    expect(result.ok && result.trace.find((s) => s.step === "notice")).toMatchObject({ withinWindow: false });
  });

  it("refuses an unknown notice and a notice of another document, naming the field", () => {
    expect(engine.evaluate("jiulongpo-5", 1, {}, { date, notice: "nope" })).toMatchObject({ ok: false, error: { code: "invalid_input", field: "notice" } });
    const other = engine.evaluate("yubei-2", 1, {}, { date, notice: SAMPLE });
    expect(other).toMatchObject({ ok: false, error: { code: "invalid_input", field: "notice" } });
    expect(other.ok ? "" : other.error.message.en).toContain("is for jiulongpo");
  });
});

describe("a notice checked against its document", () => {
  const sample = files.notices[`${SAMPLE}.yaml`] ?? "";
  const build = (text: string, name = `${SAMPLE}.yaml`) => () => buildCatalog(files.documents, files.commitments, { [name]: text });
  const refusal = (text: string): NoticeError => {
    try {
      build(text)();
    } catch (e) {
      return e as NoticeError;
    }
    throw new Error("the notice was accepted");
  };

  it("is refused when it raises a rate above the document's, with the path named", () => {
    const e = refusal(sample.replace("jiulongpo-5.rate: 8%", "jiulongpo-5.rate: 12%"));
    expect(e).toBeInstanceOf(NoticeError);
    expect(e.message).toContain("overrides.jiulongpo-5.rate: 12% is above the document's ceiling of 10%");
    expect(e.worded[0]?.message.zh).toContain("12% 超过文件规定的最高 10%");
  });

  it("is refused when it raises a cap, names a path the provision lacks, or a provision of another document", () => {
    expect(refusal(sample.replace("jiulongpo-5.caps.enterpriseYear: 1500万元", "jiulongpo-5.caps.enterpriseYear: 2500万元")).message).toContain("overrides.jiulongpo-5.caps.enterpriseYear: ¥25,000,000 is above the document's ceiling of ¥20,000,000");
    expect(refusal(sample.replace("jiulongpo-5.rate: 8%", "jiulongpo-5.caps.project: 8%")).message).toMatch(/overrides\.jiulongpo-5\.caps\.project: jiulongpo-5 has no parameter .*it has: jiulongpo-5\.caps\.enterpriseYear/);
    expect(refusal(sample.replace("jiulongpo-5.rate: 8%", "yubei-2.rate: 8%")).message).toContain("overrides.yubei-2.rate: yubei-2 is not a provision of jiulongpo");
    expect(refusal(sample.replace("jiulongpo-5.rate: 8%", "jiulongpo-5.rate: 八成")).message).toContain("is not a rate");
  });

  it("may not change an exact sum, loosen a threshold, or split a shared cap", () => {
    const over = (lines: string) => sample.replace("  jiulongpo-5.rate: 8%", lines);
    expect(refusal(over("  jiulongpo-3b.threshold: 500万元")).message).toContain("below the document's threshold");
    expect(build(over("  jiulongpo-3b.threshold: 2000万元"))).not.toThrow();
    expect(refusal(over("  jiulongpo-12b.caps.enterpriseYear: 800万元")).message).toContain("the shared cap jiulongpo-12-models must be set to one figure");
    expect(build(over("  jiulongpo-12b.caps.enterpriseYear: 800万元\n  jiulongpo-12c.caps.enterpriseYear: 800万元"))).not.toThrow();
    const yubei = sample.replace("document: jiulongpo", "document: yubei").replace(/overrides:[\s\S]*?conditions:\n  jiulongpo-5:/, "overrides:\n  yubei-4.fixed: 10万元\nconditions:\n  yubei-4:");
    expect(refusal(yubei).message).toContain("overrides.yubei-4.fixed: the document grants exactly ¥150,000");
  });

  it("is refused when its window lies outside the document's, or its id is not its file's name", () => {
    expect(refusal(sample.replace("window: { start: 2026-03-02, end: 2026-04-30 }", "window: { start: 2028-03-02, end: 2028-04-30 }")).message).toContain("window: the window lies outside");
    expect(build(sample, "other.yaml")).toThrowError(/is not the file's name/);
  });

  it("may not take an ID of the service's own (api-…), so a file never collides with a notice entered through it", () => {
    expect(build(sample.replace(`id: ${SAMPLE}`, "id: api-jiulongpo-1"), "api-jiulongpo-1.yaml")).toThrowError(/begins with api-/);
  });
});

describe("subsidy eval --notice", () => {
  const BIN = new URL("../../bin/subsidy.mjs", import.meta.url).pathname;
  const run = (...args: string[]) => spawnSync(process.execPath, [BIN, "eval", ...args], { encoding: "utf8" });

  it("pays the notice's 8% and its 1500万 year cap, naming the document's figures", () => {
    const small = run("jiulongpo-5", "1亿", "--notice", SAMPLE, "--date", "2026-03-15");
    expect(small.status).toBe(0);
    expect(small.stdout).toContain("jiulongpo-5 最高可补 8,000,000 元（按申报通知 jiulongpo-2026-1-sample；文件最高 10,000,000 元）");
    expect(small.stdout).toContain("jiulongpo-5.rate 8%（文件 10%）");
    const large = JSON.parse(run("jiulongpo-5", "3亿", "--notice", SAMPLE, "--json", "--date", "2026-03-15").stdout);
    expect(large).toMatchObject({ amount: 15_000_000, bound: "cap", notice: { id: SAMPLE, documentCeiling: 20_000_000 } });
  });

  it("exits 2 with a JSON error naming the field for an unknown notice", () => {
    const r = run("jiulongpo-5", "1亿", "--notice", "nope");
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { code: "invalid_input", field: "notice" } });
  });
});
