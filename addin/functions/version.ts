// The catalog version the functions were built with: a hash of the rule files (shared/catalog/version-node.ts),
// fixed by the build (vite.config.ts defines it). Excel may keep old function files for up to a day after the
// rules change; CQ.SUBSIDY.VERSION and the task pane let an officer see which rules a workbook computed with.
declare const __SUBSIDY_CATALOG_VERSION__: string | undefined;

export const CATALOG_VERSION: string = typeof __SUBSIDY_CATALOG_VERSION__ === "string" ? __SUBSIDY_CATALOG_VERSION__ : "unbuilt";
