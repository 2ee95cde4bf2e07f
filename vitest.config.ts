import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Browser and service tests start real processes; two cores, so keep files to two at a time.
    maxWorkers: 2,
    // CI reads the totals from the JSON report (.ci/run); people read the default reporter.
    reporters: process.env.VITEST_JSON ? ["default", ["json", { outputFile: process.env.VITEST_JSON }]] : ["default"],
  },
});
