// Builds the add-in with the production Vite config into a temporary directory, with one difference: the page
// loads the custom-functions-runtime.js copied from @microsoft/office-js (the runtime refuses to run under any
// other file name, and the test machine has no internet for the CDN's office.js).
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";

const CONFIG = fileURLToPath(new URL("../../addin/vite.config.ts", import.meta.url));
let built: Promise<string> | undefined;

/** Builds the add-in into a new temp directory; `officeJs` is the page's Office script (default: as in production). */
export async function buildAddin(officeJs?: string): Promise<string> {
  const outDir = mkdtempSync(path.join(os.tmpdir(), "subsidy-addin-"));
  const saved = { ...process.env };
  if (officeJs !== undefined) process.env.SUBSIDY_OFFICE_JS = officeJs;
  process.env.SUBSIDY_ADDIN_OUT = outDir;
  try {
    await build({ configFile: CONFIG, logLevel: "warn" });
  } finally {
    process.env.SUBSIDY_OFFICE_JS = saved.SUBSIDY_OFFICE_JS;
    process.env.SUBSIDY_ADDIN_OUT = saved.SUBSIDY_ADDIN_OUT;
    if (saved.SUBSIDY_OFFICE_JS === undefined) delete process.env.SUBSIDY_OFFICE_JS;
    if (saved.SUBSIDY_ADDIN_OUT === undefined) delete process.env.SUBSIDY_ADDIN_OUT;
  }
  return outDir;
}

export function buildForTest(): Promise<string> {
  built ??= buildAddin("custom-functions-runtime.js");
  return built;
}
