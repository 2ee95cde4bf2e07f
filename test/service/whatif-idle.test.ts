// A what-if worker that has run and then sat idle is replaced by a fresh one (threads/idle-replacement.ts): the
// heap its what-ifs grew goes back, and the next what-if runs on the fresh worker with the same answer.
import { expect, it } from "vitest";
import { openDb } from "../../dashboard/server/db/open.ts";
import { WhatIfRunner } from "../../dashboard/server/whatif/runner.ts";
import { defaultEngine } from "../../shared/node.ts";
import { tempDir } from "./harness.ts";

it("replaces a used what-if worker after its idle time, keeps the fresh one, and answers alike on it", async () => {
  const file = `${tempDir("subsidy-whatif-idle-")}/ledger.db`;
  await (await openDb(file)).close();
  const catalog = defaultEngine().catalog;
  const runner = new WhatIfRunner(file, catalog, { slots: 1, timeoutMs: 60_000, idleMs: 300 });
  const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const job = { values: [["jiulongpo-3.rate", 0.1]] as [string, number][], notices: [], changed: ["jiulongpo-3"], by: [], jurisdiction: null };
  try {
    expect(runner.threadIds()).toEqual([null]);
    const first = await runner.run(job);
    const [used] = runner.threadIds();
    expect(used).not.toBeNull();
    const deadline = Date.now() + 10_000;
    while (runner.threadIds()[0] === used && Date.now() < deadline) await wait(50);
    const [fresh] = runner.threadIds();
    expect(fresh).not.toBeNull();
    expect(fresh).not.toBe(used);
    await wait(1_000);
    expect(runner.threadIds()).toEqual([fresh]);
    expect(await runner.run(job)).toEqual(first);
    expect(runner.threadIds()).toEqual([fresh]);
  } finally {
    await runner.close();
  }
}, 120_000);
