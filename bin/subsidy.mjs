#!/usr/bin/env node
// `subsidy` CLI entry: runs the compiled build (dist/cli.mjs, `npm run build`) when it was made from the sources as
// they are now; otherwise the TypeScript sources through tsx, so that `npx subsidy …` works in a fresh clone and
// after any edit. SUBSIDY_FROM_SOURCES=1 always takes the sources (the tests do, so they never test a stale build).
import { fileURLToPath } from "node:url";
import { compiledIsFresh, DIST_FOLDER } from "../build/compiled-fresh.mjs";

const root = fileURLToPath(new URL("../", import.meta.url));
if (process.env.SUBSIDY_FROM_SOURCES !== "1" && compiledIsFresh(fileURLToPath(new URL(`../${DIST_FOLDER}/`, import.meta.url)), root)) {
  await import("../dist/cli.mjs");
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../cli/main.ts");
}
