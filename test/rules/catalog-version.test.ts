// The catalog version must move with every rule file that changes what is paid, and only with them.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { RULES_DIR } from "../../shared/catalog/load-node.ts";
import { catalogVersion } from "../../shared/catalog/version-node.ts";

const copies: string[] = [];
function copyOfRules(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rules-"));
  copies.push(dir);
  fs.cpSync(RULES_DIR, dir, { recursive: true });
  return dir;
}
afterAll(() => copies.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

describe("the catalog version", () => {
  it("is the same for the same files, whatever their line endings", () => {
    const dir = copyOfRules();
    const file = path.join(dir, "documents", fs.readdirSync(path.join(dir, "documents")).find((n) => n.endsWith(".yaml")) as string);
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(/\n/g, "\r\n"));
    expect(catalogVersion(dir)).toBe(catalogVersion());
    expect(catalogVersion()).toMatch(/^[0-9a-f]{12}$/);
  });

  it("changes when a document, the commitments or a notice changes", () => {
    for (const rel of ["documents/jiulongpo.yaml", "commitments.yaml", "notices/jiulongpo-2026-1-sample.yaml"]) {
      const dir = copyOfRules();
      fs.appendFileSync(path.join(dir, rel), "\n# edited\n");
      expect(catalogVersion(dir), rel).not.toBe(catalogVersion());
    }
  });
});
