import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    environment: "node",
    // The tests run the sources, never a dist/ build that may be stale (bin/subsidy.mjs reads this); the compiled
    // build's own test builds into a temp dir and runs that.
    env: { SUBSIDY_FROM_SOURCES: "1" },
    // The PostgreSQL the service tests also run on: SUBSIDY_TEST_DATABASE_URL, or one started for the run.
    globalSetup: ["test/service/postgres-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Browser and service tests start real processes; two cores, so keep files to two at a time.
    maxWorkers: 2,
    // CI reads the totals from the JSON report (.ci/run); people read the default reporter.
    reporters: process.env.VITEST_JSON ? ["default", ["json", { outputFile: process.env.VITEST_JSON }]] : ["default"],
  },
});
