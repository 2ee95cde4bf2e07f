// Parts of the columnar ledger evaluation: traces of batched rows, rows grouped by key hash, day keys. The whole
// evaluation is held to the plain reference ledger in reference.test.ts.
import { describe, expect, it } from "vitest";
import { evaluateLedger } from "../../shared/ledger/evaluate.ts";
import { dayKey, dayText } from "../../shared/ledger/order.ts";
import { hashText, sameKeyGroups } from "../../shared/ledger/row-keys.ts";
import { defaultEngine } from "../../shared/node.ts";
import { row } from "./helpers.ts";

const engine = defaultEngine();

describe("columnar ledger evaluation", () => {
  it("keeps traces for the rows it evaluated in batches", () => {
    const rows = [row({ provisionId: "jiulongpo-1", amount: 3_000_000 })];
    const [e] = evaluateLedger(engine, rows).rows;
    const alone = engine.evaluate("jiulongpo-1", 3_000_000, {}, { date: "2026-03-01" });
    expect(alone.ok && alone.trace.length > 1).toBe(true);
    expect(e?.trace).toEqual(alone.ok ? alone.trace : null);
  });
});

describe("row keys", () => {
  it("groups rows by key, in the order given, even when every hash collides", () => {
    const keys = ["a", "b", "a", "c", "b", "a"];
    const rows = Int32Array.from([5, 1, 0, 2, 3, 4]);
    const groups = sameKeyGroups(rows, () => 7, (x, y) => keys[x] === keys[y]);
    expect(groups.sort((g, h) => (g[0] as number) - (h[0] as number))).toEqual([[1, 4], [5, 0, 2]]);
  });

  it("groups a large set of rows across parts of the table as a Map of the keys does", () => {
    const ids = Array.from({ length: 50_000 }, (_, i) => `A-${(i * 7919) % 20_011}`);
    const rows = Int32Array.from(ids.keys());
    const groups = sameKeyGroups(rows, (i) => hashText(ids[i] as string), (a, b) => ids[a] === ids[b]);
    const expected = new Map<string, number[]>();
    ids.forEach((id, i) => expected.set(id, [...(expected.get(id) ?? []), i]));
    const sorted = (gs: number[][]) => gs.map((g) => g.join(",")).sort();
    expect(sorted(groups)).toEqual(sorted([...expected.values()].filter((g) => g.length > 1)));
  });

  it("hashes text so that the split between parts matters", () => {
    expect(hashText("c", hashText("ab"))).not.toBe(hashText("bc", hashText("a")));
  });
});

describe("day keys", () => {
  it("accept calendar days only, and order as the text does", () => {
    expect(dayKey("2024-02-29")).not.toBeNaN();
    for (const bad of ["2026-02-29", "2026-02-30", "2026-13-01", "2026-00-10", "2026-1-01", "2026/01/01", "20260101"]) expect(dayKey(bad)).toBeNaN();
    const days = ["2025-12-31", "2026-01-01", "2026-01-31", "2026-02-01", "2026-12-31", "2027-01-01"];
    const keys = days.map(dayKey);
    expect([...keys].sort((a, b) => a - b)).toEqual(keys);
    expect(keys.map(dayText)).toEqual(days);
    expect(dayText(dayKey("2024-02-29"))).toBe("2024-02-29");
  });
});
