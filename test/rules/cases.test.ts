// The worked cases beside the catalog (rules/cases/*.yaml), run against the engine: OpenFisca-style data tests.
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { RULES_DIR } from "../../shared/catalog/load-node.ts";
import { RuleCasesFile, type RuleCase } from "../../shared/catalog/schema.ts";
import { defaultEngine } from "../../shared/node.ts";

const engine = defaultEngine();
const casesDir = path.join(RULES_DIR, "cases");
const files = fs.readdirSync(casesDir).filter((f) => f.endsWith(".yaml"));
const all: RuleCase[] = [];

for (const file of files) {
  const parsed = RuleCasesFile.safeParse(YAML.parse(fs.readFileSync(path.join(casesDir, file), "utf8")));
  describe(`rules/cases/${file}`, () => {
    it("is valid", () => expect(parsed.error?.issues ?? []).toEqual([]));
    if (!parsed.success) return;
    all.push(...parsed.data.cases);
    for (const c of parsed.data.cases) {
      it(`${c.provision}: ${c.name}`, () => {
        const result = engine.evaluate(c.provision, c.amount ?? null, c.facts, {
          ...(c.date === undefined ? {} : { date: c.date }),
          ...(c.awarded === undefined ? {} : { awarded: c.awarded }),
        });
        if ("error" in c.expect) {
          expect(result.ok ? "ok" : result.error.code, c.why).toBe(c.expect.error);
          return;
        }
        expect(result.ok ? null : result.error, c.why).toBeNull();
        if (!result.ok) return;
        expect(result.ceiling, c.why).toBe(c.expect.ceiling);
        if (c.expect.floor !== undefined) expect(result.floor, c.why).toBe(c.expect.floor);
        if (c.expect.bound !== undefined) expect(result.bound, c.why).toBe(c.expect.bound);
      });
    }
  });
}

describe("coverage of the cases", () => {
  it("gives every computable provision at least two cases", () => {
    const count = new Map<string, number>();
    for (const c of all) count.set(c.provision, (count.get(c.provision) ?? 0) + 1);
    const thin = [...engine.catalog.byId.values()]
      .filter(({ provision }) => provision.formula.kind !== "notComputable")
      .map(({ provision }) => provision.id)
      .filter((id) => (count.get(id) ?? 0) < 2);
    expect(thin).toEqual([]);
  });

  it("names only provisions of the catalog", () => {
    expect(all.map((c) => c.provision).filter((id) => !engine.catalog.byId.has(id))).toEqual([]);
  });
});
