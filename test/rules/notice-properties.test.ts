// A notice never pays above its document (fast-check): any notice that lowers ceilings (rates, caps, sums) and
// raises thresholds within a document is accepted, and under it every application's ceiling is at most the
// document's for the same inputs; any figure moved the other way is refused, naming its path.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Notice } from "../../shared/catalog/notice.ts";
import type { FactName } from "../../shared/catalog/schema.ts";
import { Engine } from "../../shared/engine/engine.ts";
import { noticeCatalog, readNotice } from "../../shared/engine/notices.ts";
import { formatParameterValue, formulaParameters, type Parameter } from "../../shared/engine/parameters.ts";
import { defaultEngine } from "../../shared/node.ts";

const engine = defaultEngine();
const catalog = engine.catalog;
const DATE = "2026-06-30";
// Provisions in force on DATE with a figure a notice may move, by document.
const movable = [...catalog.byId.values()]
  .map((entry) => ({ entry, parameters: formulaParameters(entry.provision.id, entry.provision.formula).filter((p) => p.direction !== "exact" && p.direction !== "floor" && !p.group) }))
  .filter(({ entry, parameters }) => parameters.length > 0 && engine.resolve(entry.provision.id, DATE).ok);

function noticeOf(document: string, overrides: Record<string, string>): Notice {
  return { id: "property", document: document as Notice["document"], title: { zh: "性质测试", en: "property" }, number: null, issued: DATE, window: { start: DATE, end: DATE }, budget: null, overrides, conditions: {}, sample: true };
}

/** A figure written as a notice writes it: a rate in whole basis points as a percentage, a sum in yuan. */
const written = (p: Parameter, value: number) => (p.unit === "bp" ? `${value / 100}%` : String(value / 100));

const arbCase = fc
  .nat({ max: movable.length - 1 })
  .chain((k) => {
    const { entry, parameters } = movable[k] as (typeof movable)[number];
    return fc.record({
      k: fc.constant(k),
      moves: fc.array(fc.record({ which: fc.nat({ max: parameters.length - 1 }), share: fc.integer({ min: 0, max: 100 }) }), { minLength: 1, maxLength: 3 }),
      amount: fc.oneof(fc.integer({ min: 0, max: 500_000_000 }), fc.integer({ min: 0, max: 40 })),
      facts: fc.record(Object.fromEntries(entry.provision.facts.map((f) => [f.name, fc.integer({ min: 0, max: 200_000_000 })])) as Record<FactName, fc.Arbitrary<number>>),
      awarded: fc.option(fc.integer({ min: 0, max: 30_000_000 }), { nil: undefined }),
    });
  });

describe("a notice against its document", () => {
  it("refuses a range's ceiling below its floor, naming the path set", () => {
    expect(readNotice(catalog, noticeOf("chongqing2023", { "chongqing2023-3.ceiling": "40万元" })).issues).toEqual([
      { path: "overrides.chongqing2023-3.ceiling", message: { zh: "最低额 50万元 高于最高额 40万元", en: "the floor ¥500,000 is above the ceiling ¥400,000" } },
    ]);
    expect(readNotice(catalog, noticeOf("chongqing2023", { "chongqing2023-3.floor": "100万元", "chongqing2023-3.ceiling": "150万元" })).issues).toEqual([]);
  });

  it("never pays above the document when it only lowers ceilings and raises thresholds", () => {
    fc.assert(
      fc.property(arbCase, ({ k, moves, amount, facts, awarded }) => {
        const { entry, parameters } = movable[k] as (typeof movable)[number];
        const overrides: Record<string, string> = {};
        for (const { which, share } of moves) {
          const p = parameters[which] as Parameter;
          // Ceilings down to `share`% of the document's figure, thresholds up by as much (whole fen, whole bp).
          // A range's ceiling stays at least its floor (tested below: refused otherwise).
          const floor = p.name === "ceiling" ? (formulaParameters(entry.provision.id, entry.provision.formula).find((q) => q.path === p.path.replace(/ceiling$/, "floor"))?.value ?? 0) : 0;
          const value = p.direction === "threshold" ? p.value + Math.floor((p.value * share) / 100) : Math.max(floor, Math.floor((p.value * share) / 100));
          overrides[p.path] = written(p, p.unit === "fen" ? value : Math.floor(value));
        }
        const notice = noticeOf(entry.document.key, overrides);
        expect(readNotice(catalog, notice).issues).toEqual([]);
        const under = new Engine(noticeCatalog(catalog, notice));
        const id = entry.provision.id;
        const input = entry.provision.amount ? (entry.provision.amount.unit === "count" ? amount % 41 : amount) : null;
        const options = { date: DATE, trace: false, ...(awarded === undefined ? {} : { awarded }) };
        const [a, b] = [under.evaluate(id, input, facts, options), engine.evaluate(id, input, facts, options)];
        expect(a.ok).toBe(b.ok);
        if (a.ok && b.ok && b.ceilingFen !== null) expect(a.ceilingFen ?? Infinity).toBeLessThanOrEqual(b.ceilingFen);
      }),
      { numRuns: 500 },
    );
  });

  it("refuses, naming the path, any ceiling raised or threshold lowered", () => {
    fc.assert(
      fc.property(fc.nat({ max: movable.length - 1 }), fc.nat(), fc.integer({ min: 1, max: 100 }), (k, which, extra) => {
        const { entry, parameters } = movable[k] as (typeof movable)[number];
        const p = parameters[which % parameters.length] as Parameter;
        const step = Math.max(1, Math.floor((p.value * extra) / 100));
        const value = p.direction === "threshold" ? p.value - step : p.value + step;
        if (value < 0) return;
        const { issues } = readNotice(catalog, noticeOf(entry.document.key, { [p.path]: written(p, value) }));
        expect(issues.map((i) => i.path)).toEqual([`overrides.${p.path}`]);
        expect(issues[0]?.message.zh).toContain(formatParameterValue(p, p.value, "zh"));
      }),
      { numRuns: 300 },
    );
  });
});
