// The catalog version the functions were built with (shared/catalog/built-version.ts). Excel may keep old function
// files for up to a day after the rules change; CQ.SUBSIDY.VERSION and the task pane let an officer see which
// rules a workbook computed with.
import { BUILT_CATALOG_VERSION } from "../../shared/catalog/built-version.ts";

export const CATALOG_VERSION: string = BUILT_CATALOG_VERSION ?? "unbuilt";
