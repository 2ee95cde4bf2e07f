// manifest.xml: parsed by Microsoft's office-addin-manifest (offline) and walked element by element.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { OfficeAddinManifest } from "office-addin-manifest";
import { parseStringPromise } from "xml2js";
import { describe, expect, it } from "vitest";
import { manifestVersion, publicOrigin, rewriteManifest } from "../../addin/build/manifest.ts";

const MANIFEST = fileURLToPath(new URL("../../manifest.xml", import.meta.url));
const VERSION = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
const ORIGIN = "https://localhost:3443";

interface El {
  name: string;
  attrs: Record<string, string>;
  children: El[];
  text: string;
}

type Raw = { $?: Record<string, string>; _?: string } & Record<string, unknown>;

function toEl(name: string, raw: unknown): El {
  if (typeof raw === "string") return { name, attrs: {}, children: [], text: raw };
  const node = raw as Raw;
  const children: El[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === "$" || key === "_") continue;
    for (const item of value as unknown[]) children.push(toEl(key, item));
  }
  return { name, attrs: node.$ ?? {}, children, text: node._ ?? "" };
}

async function parse(xml: string): Promise<El> {
  const doc = (await parseStringPromise(xml)) as Record<string, unknown>;
  const [name, root] = Object.entries(doc)[0] ?? [];
  return toEl(name ?? "", root);
}

function all(el: El, predicate: (e: El) => boolean, out: El[] = []): El[] {
  if (predicate(el)) out.push(el);
  el.children.forEach((child) => all(child, predicate, out));
  return out;
}
const named = (root: El, name: string) => all(root, (e) => e.name === name);

async function checked(xml: string, origin: string) {
  const root = await parse(xml);
  const resources = named(root, "Resources")[0];
  expect(resources).toBeDefined();
  const resourceIds = new Map<string, El>();
  for (const e of all(resources as El, (e) => ["bt:Image", "bt:Url", "bt:String"].includes(e.name))) resourceIds.set(e.attrs.id ?? "", e);
  return { root, resourceIds, origin };
}

describe("manifest.xml", async () => {
  const xml = readFileSync(MANIFEST, "utf8");
  const { root, resourceIds } = await checked(xml, ORIGIN);
  const resolve = (resid: string | undefined) => resourceIds.get(resid ?? "")?.attrs.DefaultValue;

  it("parses with office-addin-manifest and carries the package version", async () => {
    const info = await OfficeAddinManifest.readManifestFile(MANIFEST);
    expect(info.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(info.version).toBe(manifestVersion(VERSION));
    expect(info.defaultLocale).toBe("en-US");
    expect(info.hosts).toContain("Workbook");
  });

  it("every resid resolves to a resource", () => {
    const refs = all(root, (e) => e.attrs.resid !== undefined);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) expect(resourceIds.has(ref.attrs.resid ?? ""), `${ref.name} resid=${ref.attrs.resid}`).toBe(true);
  });

  it("every URL is HTTPS on the configured origin", () => {
    const urls = all(root, () => true).flatMap((e) => Object.values(e.attrs).filter((v) => /^[a-z]+:\/\//i.test(v) && !v.includes("schemas.microsoft.com") && !v.includes("www.w3.org")));
    urls.push(...named(root, "AppDomain").map((e) => e.text));
    expect(urls.length).toBeGreaterThan(10);
    for (const url of urls) expect(url.startsWith(`${ORIGIN}/`) || url === ORIGIN, url).toBe(true);
  });

  it("IDs are at most 32 characters", () => {
    const ids = [...resourceIds.keys(), ...all(root, (e) => e.attrs.id !== undefined && e.name !== "OfficeTab").map((e) => e.attrs.id ?? ""), ...named(root, "TaskpaneId").map((e) => e.text)];
    for (const id of ids) expect(id.length, id).toBeLessThanOrEqual(32);
    expect(resolve("Functions.Namespace")?.length).toBeLessThanOrEqual(32);
  });

  it("declares a long-lived shared runtime that hosts the functions, the function file and the task pane on one page", () => {
    const set = all(root, (e) => e.name === "Set" && e.attrs.Name === "SharedRuntime")[0];
    expect(set?.attrs.MinVersion).toBe("1.1");
    const runtime = named(root, "Runtime")[0];
    expect(runtime?.attrs.lifetime).toBe("long");
    const customFunctions = all(root, (e) => e.name === "ExtensionPoint" && e.attrs["xsi:type"] === "CustomFunctions")[0] as El;
    expect(customFunctions).toBeDefined();
    const page = named(named(customFunctions, "Page")[0] as El, "SourceLocation")[0];
    const functionFile = named(root, "FunctionFile")[0];
    const taskpane = all(root, (e) => e.name === "Action" && e.attrs["xsi:type"] === "ShowTaskpane")[0] as El;
    const pageUrls = new Set([resolve(runtime?.attrs.resid), resolve(page?.attrs.resid), resolve(functionFile?.attrs.resid), resolve(named(taskpane, "SourceLocation")[0]?.attrs.resid)]);
    expect([...pageUrls]).toEqual([`${ORIGIN}/addin/taskpane.html`]);
    expect(named(root, "SourceLocation")[0]?.attrs.DefaultValue).toBe(`${ORIGIN}/addin/taskpane.html`);
  });

  it("puts the task-pane button on the Home tab", () => {
    const tab = all(root, (e) => e.name === "OfficeTab")[0] as El;
    expect(tab.attrs.id).toBe("TabHome");
    expect(all(tab, (e) => e.name === "Control" && e.attrs["xsi:type"] === "Button").length).toBe(1);
  });

  // Microsoft's manifest rules (learn.microsoft.com/javascript/api/manifest/override, …/defaultlocale): DefaultValue is
  // in the DefaultLocale, and an Override is for a locale that is different from the default.
  it("has complete English defaults, a zh-CN override for every user-facing string, and never overrides the default locale", () => {
    const defaultLocale = named(root, "DefaultLocale")[0]?.text;
    expect(defaultLocale).toBe("en-US");
    const overrides = all(root, (e) => e.name === "Override" || e.name === "bt:Override");
    expect(overrides.length).toBeGreaterThan(5);
    for (const o of overrides) expect(o.attrs.Locale?.toLowerCase(), o.attrs.Value).not.toBe(defaultLocale?.toLowerCase());
    const han = /\p{Script=Han}/u;
    const texts = [...named(root, "DisplayName"), ...named(root, "Description").filter((e) => e.attrs.DefaultValue !== undefined), ...all(root, (e) => e.name === "bt:String")];
    texts.push(...named(root, "ProviderName"));
    for (const e of texts) {
      const value = e.attrs.DefaultValue ?? e.text;
      expect(han.test(value), `${e.name} ${e.attrs.id ?? ""}: ${value}`).toBe(false);
      if (e.name === "ProviderName" || e.attrs.id === "Functions.Namespace") continue;
      const zh = e.children.filter((c) => c.name.endsWith("Override") && c.attrs.Locale === "zh-CN");
      expect(zh, `${e.name} ${e.attrs.id ?? ""}`).toHaveLength(1);
      expect(han.test(zh[0]?.attrs.Value ?? ""), `${e.attrs.id}`).toBe(true);
    }
  });

  it("keeps the elements in the order Microsoft's schema requires", () => {
    const order = (xmlPart: string, names: string[]) => {
      const at = names.map((n) => xmlPart.search(new RegExp(`<${n}[\\s>/]`)));
      for (const [k, position] of at.entries()) expect(position, names[k]).toBeGreaterThanOrEqual(0);
      expect(at).toEqual([...at].sort((a, b) => a - b));
    };
    const top = xml.slice(0, xml.indexOf("<VersionOverrides"));
    order(top, ["Id", "Version", "ProviderName", "DefaultLocale", "DisplayName", "Description", "IconUrl", "HighResolutionIconUrl", "SupportUrl", "AppDomains", "Hosts", "Requirements", "DefaultSettings", "Permissions"]);
    const overrides = xml.slice(xml.indexOf("<VersionOverrides"));
    order(overrides, ["Hosts", "Resources"]);
    order(overrides, ["Runtimes", "AllFormFactors", "DesktopFormFactor"]);
    order(overrides, ["GetStarted", "FunctionFile", "ExtensionPoint xsi:type=\"PrimaryCommandSurface\""]);
    order(overrides, ["bt:Images", "bt:Urls", "bt:ShortStrings", "bt:LongStrings"]);
  });

  it("points every icon at a PNG of the size Office asks for", () => {
    const pngSize = (url: string): [number, number] => {
      const file = fileURLToPath(new URL(`../../addin/public/${new URL(url).pathname.replace(/^\/addin\//, "")}`, import.meta.url));
      const data = readFileSync(file);
      expect(data.subarray(1, 4).toString("latin1"), url).toBe("PNG");
      return [data.readUInt32BE(16), data.readUInt32BE(20)];
    };
    expect(pngSize(named(root, "IconUrl")[0]?.attrs.DefaultValue ?? "")).toEqual([32, 32]);
    expect(pngSize(named(root, "HighResolutionIconUrl")[0]?.attrs.DefaultValue ?? "")).toEqual([64, 64]);
    const images = all(root, (e) => e.name === "bt:Image" && e.attrs.size !== undefined);
    expect(new Set(images.map((e) => e.attrs.size))).toEqual(new Set(["16", "32", "80"]));
    for (const image of images) {
      const size = Number(image.attrs.size);
      expect(pngSize(resolve(image.attrs.resid) ?? ""), image.attrs.resid).toEqual([size, size]);
    }
  });

  it("overrides names, descriptions and the metadata URL for zh-CN, and versions the metadata URLs", () => {
    const overrides = (id: string) => resourceIds.get(id)?.children.filter((c) => c.name === "bt:Override" && c.attrs.Locale === "zh-CN") ?? [];
    for (const id of ["Group.Label", "TaskpaneButton.Label", "TaskpaneButton.Tooltip", "GetStarted.Title", "GetStarted.Description"]) expect(overrides(id), id).toHaveLength(1);
    const metadata = resourceIds.get("Functions.Metadata.Url") as El;
    expect(metadata.attrs.DefaultValue).toBe(`${ORIGIN}/addin/functions.json?v=${VERSION}`);
    expect(overrides("Functions.Metadata.Url")[0]?.attrs.Value).toBe(`${ORIGIN}/addin/functions.zh-CN.json?v=${VERSION}`);
  });

  it("is rewritten for another origin and version, every URL following", async () => {
    const origin = "https://subsidy.cq.example:8443";
    const rewritten = rewriteManifest(xml, origin, "2.3.4");
    expect(rewritten).not.toContain(ORIGIN);
    const again = await parse(rewritten);
    expect(named(again, "Version")[0]?.text).toBe("2.3.4.0");
    expect(rewritten).toContain(`${origin}/addin/functions.json?v=2.3.4`);
    expect(rewritten).toContain(`${origin}/addin/functions.zh-CN.json?v=2.3.4`);
  });

  it("refuses a public origin that is not HTTPS or carries a path", () => {
    expect(publicOrigin(undefined)).toBe(ORIGIN);
    expect(publicOrigin("https://subsidy.example/")).toBe("https://subsidy.example");
    expect(() => publicOrigin("http://subsidy.example")).toThrow(/https/);
    expect(() => publicOrigin("https://subsidy.example/addin")).toThrow(/without a path/);
  });
});
