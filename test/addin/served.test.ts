// The built add-in as the ledger service serves it (a child process on a real SQLite file, on plain HTTP as
// `npm start` runs it): the functions' help links follow the manifest to the service's origin, plain HTTP is
// warned of at start and in the manifest, and /api/health reports the catalog version the add-in compares.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogVersion } from "../../shared/catalog/version-node.ts";
import { startService, tempDir, type Service } from "../service/harness.ts";
import { buildForTest } from "./build-for-test.ts";

let service: Service;

beforeAll(async () => {
  const dist = await buildForTest();
  service = await startService({ dbPath: path.join(tempDir("subsidy-addin-served-"), "subsidy.db"), env: { SUBSIDY_ADDIN_DIST: dist } });
}, 120_000);

afterAll(async () => {
  await service?.stop();
});

describe("the add-in served by the ledger service", () => {
  it("rewrites every help link in functions.json and functions.zh-CN.json to the service's origin, and each opens", async () => {
    for (const file of ["functions.json", "functions.zh-CN.json"]) {
      const metadata = (await (await fetch(`${service.url}/addin/${file}`)).json()) as { functions: { id: string; helpUrl: string }[] };
      expect(metadata.functions.length).toBeGreaterThan(5);
      for (const f of metadata.functions) {
        expect(f.helpUrl, f.id).toBe(`${service.url}/addin/help/${f.id}.html`);
        const page = await fetch(f.helpUrl);
        expect(page.status, f.helpUrl).toBe(200);
      }
    }
  });

  it("warns at start and in the manifest that Excel refuses a manifest served over plain HTTP", async () => {
    const manifest = await (await fetch(`${service.url}/manifest.xml`)).text();
    expect(manifest).toMatch(/^<\?xml[^>]*\?>\s*<!-- This manifest is served over plain HTTP; Excel loads add-ins over HTTPS only/);
    expect(manifest).toContain("Excel 只通过 HTTPS 加载加载项");
    expect(manifest).toContain(`<SourceLocation DefaultValue="${service.url}/addin/taskpane.html" />`);
    expect(service.output()).toContain("This manifest is served over plain HTTP");
  });

  it("reports the catalog version of the rules it computes with", async () => {
    const health = (await (await fetch(`${service.url}/api/health`)).json()) as { catalogVersion: string };
    expect(health.catalogVersion).toMatch(/^[0-9a-f]{12}$/);
    expect(health.catalogVersion).toBe(catalogVersion());
  });
});
