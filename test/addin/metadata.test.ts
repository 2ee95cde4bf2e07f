// functions.json from the JSDoc, and the zh-CN file kept in lockstep with it.
import { describe, expect, it } from "vitest";
import { checkNames, generateMetadata, localize, MetadataError, type Metadata } from "../../addin/build/metadata.ts";
import { ZH_CN } from "../../addin/functions/metadata-zh-CN.ts";

const { en, zh, associate } = await generateMetadata("https://subsidy.example");

const structure = (m: Metadata) =>
  m.functions.map((f) => ({ id: f.id, result: f.result, options: f.options, parameters: f.parameters.map(({ type, dimensionality, optional, repeating }) => ({ type, dimensionality, optional, repeating })) }));

describe("custom function metadata", () => {
  it("has the SUBSIDY family, one associate per function", () => {
    expect(en.functions.map((f) => f.id)).toEqual(["SUBSIDY", "SUBSIDY.EXPLAIN", "SUBSIDY.BEST", "SUBSIDY.SOURCE", "SUBSIDY.CAP", "SUBSIDY.RATE", "SUBSIDY.REMAINING", "SUBSIDY.RULES", "SUBSIDY.MATCH", "SUBSIDY.VERSION"]);
    expect(associate.map((a) => a.id)).toEqual(en.functions.map((f) => f.id));
    expect(en.allowErrorForDataTypeAny).toBe(true);
    expect(en.allowCustomDataForDataTypeAny).toBe(true);
  });

  it("declares amounts as matrices (ranges spill) and facts as a repeating parameter", () => {
    const subsidy = en.functions[0];
    expect(subsidy?.result).toEqual({ dimensionality: "matrix" });
    expect(subsidy?.parameters.map((p) => [p.name, p.dimensionality ?? "scalar", p.optional ?? false, p.repeating ?? false])).toEqual([
      ["provision", "scalar", false, false],
      ["amount", "matrix", true, false],
      ["facts", "matrix", true, true],
    ]);
  });

  it("points every help URL at the service's origin, where the build writes the help pages", () => {
    for (const f of en.functions) expect(f.helpUrl).toBe(`https://subsidy.example/addin/help/${f.id}.html`);
  });

  it("keeps zh-CN in lockstep: same IDs, same parameters, Chinese names", () => {
    expect(structure(zh)).toEqual(structure(en));
    expect(zh.functions.map((f) => f.name)).toEqual(["补贴额", "补贴.说明", "补贴.就高", "补贴.原文", "补贴.上限", "补贴.比例", "补贴.剩余额度", "补贴.条款", "补贴.匹配", "补贴.版本"]);
    for (const f of zh.functions) expect(f.description).toMatch(/\p{Script=Han}/u);
  });

  it("fails when the translation drifts from the JSDoc", () => {
    const { SUBSIDY: _dropped, ...missingOne } = ZH_CN;
    expect(() => localize(en, missingOne)).toThrow(MetadataError);
    const renamedParam = { ...ZH_CN, SUBSIDY: { ...ZH_CN.SUBSIDY!, parameters: { ...ZH_CN.SUBSIDY!.parameters, extra: { name: "多余", description: "x" } } } };
    expect(() => localize(en, renamedParam)).toThrow(/does not have: extra/);
    expect(() => localize(en, { ...ZH_CN, "SUBSIDY.GONE": ZH_CN.SUBSIDY! })).toThrow(/do not exist: SUBSIDY.GONE/);
  });

  it("applies Excel's naming rules: names of at least 3 letters, digits, . or _", () => {
    const bad: Metadata = { functions: [{ id: "SUBSIDY", name: "补贴", parameters: [] }, { id: "X-1", name: "OK_NAME", parameters: [] }] };
    expect(checkNames(bad)).toHaveLength(2);
    expect(checkNames(en)).toEqual([]);
    expect(checkNames(zh)).toEqual([]);
  });
});
