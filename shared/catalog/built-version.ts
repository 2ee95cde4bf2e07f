// The catalog version a browser bundle was built with: the dashboard's and the add-in's vite configs bake it
// (define __SUBSIDY_CATALOG_VERSION__) from shared/catalog/version-node.ts, so that each can compare it with the
// version the service reports — after a rules/ edit without a rebuild the two disagree, and that must be seen.
declare const __SUBSIDY_CATALOG_VERSION__: string | undefined;

/** null when the code runs unbuilt (tests importing it directly): nothing to compare. */
export const BUILT_CATALOG_VERSION: string | null = typeof __SUBSIDY_CATALOG_VERSION__ === "string" ? __SUBSIDY_CATALOG_VERSION__ : null;
