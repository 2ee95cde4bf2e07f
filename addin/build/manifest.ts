// manifest.xml as served: the checked-in file with the configured public origin and the package version.
import { SOURCE_ORIGIN } from "./metadata.ts";

export const DEFAULT_ORIGIN = SOURCE_ORIGIN;
export const CDN_OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";

/** SUBSIDY_PUBLIC_ORIGIN: where Excel reaches the service; HTTPS only (Office refuses anything else). */
export function publicOrigin(value: string | undefined = process.env.SUBSIDY_PUBLIC_ORIGIN): string {
  const origin = (value ?? DEFAULT_ORIGIN).trim().replace(/\/+$/, "");
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new Error(`SUBSIDY_PUBLIC_ORIGIN is not a URL: ${origin}`);
  }
  if (url.protocol !== "https:") throw new Error(`SUBSIDY_PUBLIC_ORIGIN must be https:// (Office loads add-ins over HTTPS only): ${origin}`);
  if (url.pathname !== "/" || url.search || url.hash) throw new Error(`SUBSIDY_PUBLIC_ORIGIN must be an origin without a path: ${origin}`);
  return url.origin;
}

/** A manifest <Version> has four parts; the package's semver gives three. */
export function manifestVersion(version: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!m) throw new Error(`package version ${version} is not semver`);
  return `${m[1]}.${m[2]}.${m[3]}.0`;
}

export function rewriteManifest(xml: string, origin: string, version: string): string {
  return xml
    .replaceAll(SOURCE_ORIGIN, origin)
    .replace(/<Version>[^<]*<\/Version>/, `<Version>${manifestVersion(version)}</Version>`)
    .replace(/(functions(?:\.zh-CN)?\.json)\?v=[^"]*/g, `$1?v=${version}`);
}
