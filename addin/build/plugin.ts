// The Vite plugin that makes addin/dist a complete add-in: generated metadata (the build fails on any metadata
// error), one CustomFunctions.associate per @customfunction appended to functions.ts (as Microsoft's
// custom-functions-metadata-plugin does for webpack), the Office script tag, the manifest for the configured
// origin, the help pages, and a copy of the packaged custom-functions runtime (for the browser test and for
// self-hosting where the Office CDN is unreachable).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Plugin } from "vite";
import { helpPages } from "./help.ts";
import { rewriteManifest } from "./manifest.ts";
import { FUNCTIONS_SOURCE, generateMetadata, type GeneratedMetadata } from "./metadata.ts";

export interface AddinPluginOptions {
  origin: string;
  version: string;
  /** The <script src> of the Office runtime on the page. */
  officeJs: string;
  manifestPath: string;
}

export const RUNTIME_FILE = "custom-functions-runtime.js";
/** The runtime loads this table of hosts' script files from beside itself at start. */
export const RUNTIME_COMPANIONS = ["o15apptofilemappingtable.js"];

export function packagedRuntimePath(file = RUNTIME_FILE): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve("@microsoft/office-js/package.json")), "dist", file);
}

export function addinPlugin(options: AddinPluginOptions): Plugin {
  let metadata: GeneratedMetadata | undefined;
  return {
    name: "subsidy-addin",
    async buildStart() {
      try {
        metadata = await generateMetadata(options.origin);
      } catch (error) {
        this.error((error as Error).message);
      }
      this.addWatchFile(FUNCTIONS_SOURCE);
    },
    transform(code, id) {
      if (path.resolve(id.split("?")[0] ?? id) !== FUNCTIONS_SOURCE || !metadata) return null;
      const calls = metadata.associate.map(({ functionName, id: fid }) => `  globalThis.CustomFunctions.associate(${JSON.stringify(fid)}, ${functionName});`);
      // Where office.js could not load there is no runtime to register with; the task pane must still render.
      return { code: `${code}\nif (globalThis.CustomFunctions) {\n${calls.join("\n")}\n}\n`, map: null };
    },
    transformIndexHtml() {
      return [{ tag: "script", attrs: { src: options.officeJs }, injectTo: "head" }];
    },
    generateBundle() {
      if (!metadata) return;
      const emit = (fileName: string, source: string) => this.emitFile({ type: "asset", fileName, source });
      emit("functions.json", JSON.stringify(metadata.en, null, 2));
      emit("functions.zh-CN.json", JSON.stringify(metadata.zh, null, 2));
      emit("manifest.xml", rewriteManifest(readFileSync(options.manifestPath, "utf8"), options.origin, options.version));
      for (const file of [RUNTIME_FILE, ...RUNTIME_COMPANIONS]) emit(file, readFileSync(packagedRuntimePath(file), "utf8"));
      for (const [fileName, html] of Object.entries(helpPages(metadata.en, metadata.zh))) emit(fileName, html);
    },
  };
}
