// Each formula kind declares its own figures and where its sub-formulas sit (shared/formula/*.ts `figures`,
// `places`); parameters.ts walks them. What can go wrong is a kind forgetting a figure or naming the wrong place:
// then a number of the formula has no path (a notice cannot address it) or a path reads another number. Held over
// every provision of the catalog, against the formula's numbers found without the kinds.
import { describe, expect, it } from "vitest";
import { catalogParameters, formulaParameters, setInFormula } from "../../shared/engine/parameters.ts";
import { defaultEngine } from "../../shared/node.ts";

const catalog = defaultEngine().catalog;

/** Every number in the formula's data and where it sits, keys from the root: found by reading the object, no kind. */
function numberPlaces(value: unknown, at: (string | number)[] = [], out = new Map<string, number>()): Map<string, number> {
  if (typeof value === "number") out.set(JSON.stringify(at), value);
  else if (Array.isArray(value)) value.forEach((v, n) => numberPlaces(v, [...at, n], out));
  else if (value && typeof value === "object") for (const [key, v] of Object.entries(value)) numberPlaces(v, [...at, key], out);
  return out;
}

describe("figures by kind", () => {
  const entries = [...catalog.byId.values()];

  it("cover the whole catalog", () => {
    expect(entries.length).toBe(144);
  });

  it("give every number of every formula exactly one path, whose place holds that number", () => {
    for (const { provision } of entries) {
      const parameters = formulaParameters(provision.id, provision.formula);
      const declared = new Map(parameters.map((p) => [JSON.stringify(p.at), p.value]));
      expect(declared.size, provision.id).toBe(parameters.length);
      expect(declared, provision.id).toEqual(numberPlaces(provision.formula));
    }
  });

  it("set by a path changes that number and no other", () => {
    for (const p of catalogParameters(catalog)) {
      const formula = catalog.byId.get(p.provision)?.provision.formula;
      const changed = numberPlaces(setInFormula(formula as never, p.at, p.value + 1));
      const expected = numberPlaces(formula);
      expected.set(JSON.stringify(p.at), p.value + 1);
      expect(changed, p.path).toEqual(expected);
    }
  });
});
