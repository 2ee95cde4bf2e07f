// Builds the leadership dashboard into dashboard/web/dist, which the ledger service serves at /.
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { precompress } from "../../build/precompress.ts";
import { catalogVersion } from "../../shared/catalog/version-node.ts";

const here = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root: here,
  base: "/",
  // The catalog version this build was made with; the footer compares it with the service's (/api/health).
  define: { __SUBSIDY_CATALOG_VERSION__: JSON.stringify(catalogVersion()) },
  // zod without eval, whichever chunk defines a schema first (shared/zod-no-eval.ts).
  resolve: { alias: [{ find: /^zod$/, replacement: fileURLToPath(new URL("../../shared/zod-no-eval.ts", import.meta.url)) }] },
  plugins: [react(), precompress()],
  build: {
    outDir: fileURLToPath(new URL("./dist", import.meta.url)),
    emptyOutDir: true,
    // Source maps only on request (SUBSIDY_SOURCE_MAPS=1, which also makes the service serve them).
    sourcemap: /^(1|true|yes|on)$/i.test(process.env.SUBSIDY_SOURCE_MAPS ?? ""),
    // The what-if engine and the catalog YAML are split off by dynamic import; keep the rest in one entry chunk.
    chunkSizeWarningLimit: 900,
  },
  server: {
    // shared/catalog/bundled.ts globs ../../rules from shared/, outside this root.
    fs: { allow: [fileURLToPath(new URL("../..", import.meta.url))] },
    proxy: { "/api": process.env.DASHBOARD_API ?? "http://127.0.0.1:3000" },
  },
});
