// The repository's root directory, for Node code that finds files beside the sources (rules/, data/, the web and
// add-in builds). From the sources it is two levels above this file; in a compiled bundle (build/compile.ts) this
// file's code sits in dist/<entry>.mjs, so the build defines the way from the bundle back to the root.
import { fileURLToPath } from "node:url";

declare const __SUBSIDY_REPO_ROOT__: string | undefined;

/** The relative URL from the bundle to the repository, defined only in a compiled build. */
const FROM_BUNDLE: string | null = typeof __SUBSIDY_REPO_ROOT__ === "string" ? __SUBSIDY_REPO_ROOT__ : null;

export const REPO_ROOT = fileURLToPath(new URL(FROM_BUNDLE ?? "../", import.meta.url));

/** Where a compiled bundle's own files sit (dist/catalog.json, dist/build.json); null when running the sources. */
export const BUNDLE_DIR: string | null = FROM_BUNDLE === null ? null : fileURLToPath(new URL("./", import.meta.url));
