// The coupling a write's re-evaluation relies on: provisions sharing a cap across applications or a stacking group
// are one group, everything else stands alone. The stored-evaluation property test holds the consequence (stored
// outcomes equal a whole-ledger evaluation); this pins the groups themselves.
import { describe, expect, it } from "vitest";
import { couplingOf } from "../../shared/ledger/coupling.ts";
import { defaultEngine } from "../../shared/node.ts";

const coupling = couplingOf(defaultEngine());
const sorted = (ids: readonly string[]) => [...ids].sort();

describe("provision coupling", () => {
  it("joins the provisions of one cap across applications", () => {
    expect(sorted(coupling.of("yubei-2c"))).toEqual(["yubei-2", "yubei-2b", "yubei-2c", "yubei-2d", "yubei-4b", "yubei-5"]);
  });
  it("joins a stacking group across documents (就新: chongqing2023-3 with chongqing2026-6b and -6c)", () => {
    expect(coupling.of("chongqing2023-3")).toEqual(expect.arrayContaining(["chongqing2026-6b", "chongqing2026-6c"]));
    expect(coupling.of("chongqing2026-6b")).toContain("chongqing2023-3");
  });
  it("leaves a provision without shared caps or stacking alone, and an unknown ID alone", () => {
    expect(coupling.of("jiulongpo-5")).toEqual(["jiulongpo-5"]);
    expect(coupling.of("no-such-provision")).toEqual(["no-such-provision"]);
  });
  it("is symmetric: every member's group is the same group", () => {
    for (const id of defaultEngine().catalog.byId.keys()) for (const other of coupling.of(id)) expect(sorted(coupling.of(other))).toEqual(sorted(coupling.of(id)));
  });
});
