// The catalog version this build was made with (vite.config.ts bakes it from shared/catalog/version-node.ts), to
// be compared with the one the service reports: after a rules/ edit without a rebuild the two would disagree.
declare const __SUBSIDY_CATALOG_VERSION__: string | undefined;

/** null when the code runs unbuilt (tests importing it directly): nothing to compare. */
export const BUILT_CATALOG_VERSION: string | null = typeof __SUBSIDY_CATALOG_VERSION__ === "string" ? __SUBSIDY_CATALOG_VERSION__ : null;
