// The compiled build (build/compile.ts) end to end: built into a temp dir, its CLI and its service run as real
// processes with plain node (no tsx), and its prebuilt catalog used only while it matches rules/.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compiledIsFresh } from "../../build/compiled-fresh.mjs";
import { compile } from "../../build/compile.ts";
import { assembleCatalog } from "../../shared/catalog/catalog.ts";
import { loadCatalog, refreshPrebuiltCatalog, type PrebuiltCatalog } from "../../shared/catalog/load-node.ts";
import { catalogVersion } from "../../shared/catalog/version-node.ts";
import { call, ledgerRow, makeToken, REPO, startService, tempDir } from "../service/harness.ts";

let out: string;

beforeAll(async () => {
  out = tempDir("subsidy-compiled-");
  // The bundles keep every package external; from a temp dir they find the repository's node_modules this way.
  fs.symlinkSync(path.join(REPO, "node_modules"), path.join(out, "node_modules"), "dir");
  await compile(out);
}, 120_000);

afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

function run(file: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [file, ...args], { encoding: "utf8", cwd: REPO });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const EVAL = ["eval", "jiulongpo-5", "1000000", "--json", "--date", "2026-03-01"];

describe("compiled build", () => {
  it("the compiled CLI evaluates jiulongpo-5 on 1,000,000 as the sources do, from the prebuilt catalog (no warning)", () => {
    const compiled = run(path.join(out, "cli.mjs"), ...EVAL);
    expect(compiled.stderr).toBe("");
    expect(compiled.code).toBe(0);
    const sources = run(path.join(REPO, "bin", "subsidy.mjs"), ...EVAL);
    expect(sources.code).toBe(0);
    expect(JSON.parse(compiled.stdout)).toMatchObject({ id: "jiulongpo-5", amount: 100_000, unit: "CNY" });
    expect(JSON.parse(compiled.stdout)).toEqual(JSON.parse(sources.stdout));
  });

  it("the prebuilt catalog carries rules/'s version and assembles to the catalog the YAML gives", () => {
    const prebuilt = JSON.parse(fs.readFileSync(path.join(out, "catalog.json"), "utf8")) as PrebuiltCatalog;
    expect(prebuilt.catalogVersion).toBe(catalogVersion());
    expect(assembleCatalog(prebuilt.data)).toEqual(loadCatalog());
  });

  it("a prebuilt catalog of another version is not used (YAML read, answer unchanged, warning printed) until refreshed", () => {
    const file = path.join(out, "catalog.json");
    const fresh = fs.readFileSync(file, "utf8");
    try {
      const stale = JSON.parse(fresh) as PrebuiltCatalog;
      // Were it used, this would show: no documents, so jiulongpo-5 would be unknown.
      fs.writeFileSync(file, JSON.stringify({ catalogVersion: "000000000000", data: { ...stale.data, documents: [] } }));
      const r = run(path.join(out, "cli.mjs"), ...EVAL);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ id: "jiulongpo-5", amount: 100_000 });
      expect(r.stderr).toContain(`holds catalog 000000000000 but rules/ is ${catalogVersion()} (the build is stale)`);
      // What `subsidy demo` does from a compiled build: the catalog is rewritten, and used again.
      expect(refreshPrebuiltCatalog(out)).toBe(true);
      expect(refreshPrebuiltCatalog(out)).toBe(false);
      expect(fs.readFileSync(file, "utf8")).toBe(fresh);
      expect(run(path.join(out, "cli.mjs"), ...EVAL).stderr).toBe("");
    } finally {
      fs.writeFileSync(file, fresh);
    }
  });

  it("the build stamp is fresh as built and stale once a bundled source's mtime differs", () => {
    expect(compiledIsFresh(out, REPO)).toBe(true);
    const stampFile = path.join(out, "build.json");
    const stamp = fs.readFileSync(stampFile, "utf8");
    try {
      const parsed = JSON.parse(stamp) as { inputs: Record<string, number> };
      expect(Object.keys(parsed.inputs)).toContain("cli/main.ts");
      parsed.inputs["cli/main.ts"] = 0;
      fs.writeFileSync(stampFile, JSON.stringify(parsed));
      expect(compiledIsFresh(out, REPO)).toBe(false);
    } finally {
      fs.writeFileSync(stampFile, stamp);
    }
  });

  it("the compiled service answers 200 on /api/health on a temp SQLite file, with rules/'s catalog version", async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, "subsidy.db");
    const token = await makeToken(dbPath, "editor", "publisher");
    const service = await startService({ dbPath, entry: path.join(out, "service.mjs") });
    try {
      const res = await fetch(`${service.url}/api/health`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { catalogVersion: string }).catalogVersion).toBe(catalogVersion());
      expect(service.output()).not.toContain("stale");
      // The worker threads load from the bundle too: the SQLite writer's, the what-if's and the CSV export's (their
      // own entries) and the scan worker (in-line).
      const batch = await call(service, "PUT", "/api/ledger/rows", { token, json: { rows: [ledgerRow("C-1", 1), ledgerRow("C-2", 2)] } });
      expect(batch.status).toBe(200);
      expect(batch.body).toMatchObject({ inserted: 2 });
      const whatIf = await fetch(`${service.url}/api/whatif`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ overrides: { "jiulongpo-5.rate": "8%" } }) });
      expect(whatIf.status).toBe(200);
      const byEnterprise = await fetch(`${service.url}/api/summary?by=enterprise`);
      expect(byEnterprise.status).toBe(200);
      const csv = await fetch(`${service.url}/api/ledger/export?format=csv&lang=en`);
      expect(csv.status).toBe(200);
      expect((await csv.text()).split("\r\n").slice(1, -1).map((line) => line.split(",")[0])).toEqual(["C-1", "C-2"]);
    } finally {
      expect(await service.stop()).toBe(0);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
