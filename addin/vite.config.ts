// Builds the add-in into addin/dist: one shared-runtime page (taskpane.html) that hosts both the custom
// functions and the task pane, plus functions.json, functions.zh-CN.json, manifest.xml and help pages.
// Configuration at build time: SUBSIDY_PUBLIC_ORIGIN (default https://localhost:3443), SUBSIDY_OFFICE_JS
// (default Microsoft's CDN office.js; set "custom-functions-runtime.js" or a self-hosted office.js URL where
// the CDN is unreachable).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { precompress } from "../build/precompress.ts";
import { catalogVersion } from "../shared/catalog/version-node.ts";
import { CDN_OFFICE_JS, publicOrigin } from "./build/manifest.ts";
import { addinPlugin } from "./build/plugin.ts";

const root = fileURLToPath(new URL(".", import.meta.url));
const repo = fileURLToPath(new URL("..", import.meta.url));
const version = (JSON.parse(readFileSync(`${repo}package.json`, "utf8")) as { version: string }).version;

export default defineConfig({
  root,
  base: "./",
  publicDir: "public",
  // The catalog version the functions report (CQ.SUBSIDY.VERSION) and the task pane compares with the service's.
  define: { __SUBSIDY_CATALOG_VERSION__: JSON.stringify(catalogVersion()) },
  // zod without eval, whichever chunk defines a schema first (shared/zod-no-eval.ts).
  resolve: { alias: [{ find: /^zod$/, replacement: fileURLToPath(new URL("../shared/zod-no-eval.ts", import.meta.url)) }] },
  plugins: [
    react(),
    addinPlugin({
      origin: publicOrigin(),
      version,
      officeJs: process.env.SUBSIDY_OFFICE_JS ?? CDN_OFFICE_JS,
      manifestPath: `${repo}manifest.xml`,
    }),
    precompress(),
  ],
  build: {
    outDir: process.env.SUBSIDY_ADDIN_OUT ?? "dist",
    emptyOutDir: true,
    target: "es2020",
    // One page holds the catalog, the engine, React and Fluent UI; it loads once per Excel session.
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: { taskpane: `${root}taskpane.html` },
      // taskpane.js keeps its name: the manifest's custom-functions Script URL points at it.
      output: { entryFileNames: "[name].js", chunkFileNames: "assets/[name]-[hash].js", assetFileNames: "assets/[name]-[hash][extname]" },
    },
  },
});
