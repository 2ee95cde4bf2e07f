// `npm run build:compiled` (and `npm run build`, `npm start` when missing or stale): bundles the CLI and the service
// into dist/ as ESM for Node 20, so that neither transpiles TypeScript at run time (tsx's loader thread costs start
// time and about 100 MB), and writes the catalog already parsed (dist/catalog.json, stamped with the version of
// rules/ it came from; shared/catalog/load-node.ts reads it while rules/ still hashes the same).
//   tsx build/compile.ts [outdir]      outdir defaults to dist/
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { PREBUILT_CATALOG, prebuildCatalog } from "../shared/catalog/load-node.ts";
import { REPO_ROOT } from "../shared/repo-root.ts";
import { BUILD_STAMP, DIST_FOLDER } from "./compiled-fresh.mjs";

export const DIST = path.join(REPO_ROOT, DIST_FOLDER);

/** The entry points, by their output name: dist/cli.mjs, dist/service.mjs and the worker threads' modules (what-if, SQLite writer, CSV export). */
const ENTRIES = {
  cli: "cli/main.ts",
  service: "dashboard/server/main.ts",
  "whatif-worker": "dashboard/server/whatif/worker.ts",
  "writer-worker": "dashboard/server/writer/worker.ts",
  "csv-export-worker": "dashboard/server/csv-export/worker.ts",
};

/**
 * Packages left to load from node_modules: native (better-sqlite3), large and needed only by some commands (pg,
 * exceljs, both imported lazily), and pino, whose transports start workers from its own files. Everything else is
 * bundled, fastify and its plugins included: resolving and loading their several hundred small files one by one
 * (CommonJS and ESM alike) took more of the service's start than running them (measured: about 2× a bare fastify
 * process with them external, about 1.4× bundled). zod and fastify-type-provider-zod are bundled together, so they
 * share one copy of zod.
 */
const EXTERNAL = ["better-sqlite3", "pg", "exceljs", "pino", "tsx", "esbuild"];

/** Builds into `outdir` (emptied of an earlier build's files first); returns the files written. */
export async function compile(outdir = DIST): Promise<string[]> {
  fs.mkdirSync(outdir, { recursive: true });
  for (const name of fs.readdirSync(outdir)) {
    if (/\.mjs(\.map)?$/.test(name) || name === PREBUILT_CATALOG || name === BUILD_STAMP) fs.rmSync(path.join(outdir, name));
  }
  // The bundle finds rules/, data/ and the web builds from where it sits (shared/repo-root.ts). Chunks sit beside
  // the entries, not in a subfolder, so that every file's import.meta.url is one folder away from the root.
  const fromBundle = path.relative(outdir, REPO_ROOT).split(path.sep).join("/");
  const result = await build({
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, file]) => [name, path.join(REPO_ROOT, file)])),
    outdir,
    bundle: true,
    splitting: true, // each command group's code (and the packages it imports) loads only when that command runs
    format: "esm",
    platform: "node",
    target: "node20",
    external: EXTERNAL,
    // Bundled CommonJS packages require Node's modules (and fast-json-stringify's generated code requires ajv's
    // runtime from node_modules): an ESM bundle has no require of its own.
    banner: { js: 'import { createRequire as __subsidyCreateRequire } from "node:module"; const require = __subsidyCreateRequire(import.meta.url);' },
    outExtension: { ".js": ".mjs" },
    entryNames: "[name]",
    chunkNames: "chunk-[hash]",
    // Written for `node --enable-source-maps dist/cli.mjs`; dist/ is not a folder the service serves.
    sourcemap: "linked",
    minifyWhitespace: true,
    minifySyntax: true,
    define: { __SUBSIDY_REPO_ROOT__: JSON.stringify(fromBundle === "" ? "./" : `${fromBundle}/`) },
    metafile: true,
    logLevel: "warning",
  });
  fs.writeFileSync(path.join(outdir, PREBUILT_CATALOG), JSON.stringify(prebuildCatalog()));
  // Each bundled source and its mtime, and for a bundled package its package.json (npm rewrites it with the package;
  // a stat per package file would cost more than the rest of the check): bin/subsidy.mjs runs the build only while
  // none has changed.
  const inputs: Record<string, number> = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    const inPackage = /^(.*\/node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    const file = path.resolve(inPackage ? `${inPackage[1]}/package.json` : input);
    inputs[path.relative(REPO_ROOT, file).split(path.sep).join("/")] = fs.statSync(file).mtimeMs;
  }
  fs.writeFileSync(path.join(outdir, BUILD_STAMP), JSON.stringify({ inputs }, null, 1));
  return fs.readdirSync(outdir).filter((n) => /\.mjs$/.test(n) || n === PREBUILT_CATALOG || n === BUILD_STAMP);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const outdir = path.resolve(process.argv[2] ?? DIST);
  const files = await compile(outdir);
  process.stderr.write(`compiled ${files.length} files into ${outdir}\n`);
}
