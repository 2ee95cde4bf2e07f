// Whether the compiled build in a directory (build/compile.ts) was made from the sources as they are now: it records
// the mtime of each source file it bundled in build.json, and of each bundled package's package.json (so that an
// `npm ci` that changes a package makes the build stale too); any of them changed or removed makes it stale (a new
// file counts once an existing one imports it). Plain JavaScript, because bin/subsidy.mjs asks before anything can
// load TypeScript; about 160 stats cost a few milliseconds.
import fs from "node:fs";
import path from "node:path";

/** The build's folder under the repository root. */
export const DIST_FOLDER = "dist";

/** The stamp's file name, beside the bundles. */
export const BUILD_STAMP = "build.json";

/**
 * @param {string} outdir the build's directory (dist/)
 * @param {string} root the repository root the stamp's paths are relative to
 * @returns {boolean}
 */
export function compiledIsFresh(outdir, root) {
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(path.join(outdir, BUILD_STAMP), "utf8"));
  } catch {
    return false;
  }
  if (!fs.existsSync(path.join(outdir, "cli.mjs"))) return false;
  for (const [file, mtimeMs] of Object.entries(stamp.inputs ?? {})) {
    try {
      if (fs.statSync(path.join(root, file)).mtimeMs !== mtimeMs) return false;
    } catch {
      return false;
    }
  }
  return true;
}
