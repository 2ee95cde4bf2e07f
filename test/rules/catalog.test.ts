// The catalog against its sources: exactly the stable IDs, every citation verbatim, every file valid.
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { buildCatalog, CatalogError, parseDocument } from "../../shared/catalog/catalog.ts";
import { loadCatalog, readRuleFiles, RULES_DIR } from "../../shared/catalog/load-node.ts";
import { DOCUMENT_KEYS } from "../../shared/catalog/schema.ts";

const catalog = loadCatalog();
const squash = (text: string) => text.replace(/\s+/g, "");

function expectedIds(): string[] {
  const table = fs.readFileSync(path.join(RULES_DIR, "sources", "provision-ids.md"), "utf8");
  const ids = [...table.matchAll(/^\| `([a-z0-9]+-[0-9]+[a-z]?)` \|/gm)].map((m) => m[1] as string);
  for (let n = 1; n <= 22; n++) ids.push(`chongqing2025-${n}`);
  return ids.sort();
}

/** Every value stored under a key named "citation", anywhere in the document. */
function citations(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => citations(v, found));
  else if (value && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) {
      if (key === "citation" && typeof v === "string") found.push(v);
      else citations(v, found);
    }
  }
  return found;
}

describe("catalog", () => {
  it("has one document per key", () => {
    expect(catalog.documents.map((d) => d.key).sort()).toEqual([...DOCUMENT_KEYS].sort());
  });

  it("defines exactly the stable provision IDs", () => {
    expect([...catalog.byId.keys()].sort()).toEqual(expectedIds());
  });

  for (const document of catalog.documents) {
    it(`cites ${document.key} verbatim`, () => {
      const source = squash(fs.readFileSync(path.join(RULES_DIR, "sources", document.source.file), "utf8"));
      const raw = YAML.parse(readRuleFiles().documents[`${document.key}.yaml`] ?? "");
      const all = citations(raw);
      expect(all.length).toBeGreaterThanOrEqual(document.provisions.length);
      const missing = all.filter((c) => !source.includes(squash(c)));
      expect(missing).toEqual([]);
    });
  }

  it("names existing provisions in stacking groups, at least one of the group's own document", () => {
    for (const document of catalog.documents) {
      for (const group of document.stacking?.sameKind ?? []) {
        for (const id of group.provisions) expect(catalog.byId.has(id), `${document.key}: ${id}`).toBe(true);
        expect(group.provisions.some((id) => id.startsWith(`${document.key}-`)), group.name.en).toBe(true);
      }
    }
  });

  it("groups chongqing2023-3 with chongqing2026-6b and 6c under 就新, as 渝经信规范〔2026〕1号 states", () => {
    const doc = catalog.documents.find((d) => d.key === "chongqing2026");
    expect(doc?.stacking?.principle).toBe("newer");
    expect(doc?.stacking?.citation).toContain("就新、不重复");
    expect(doc?.stacking?.sameKind.map((g) => [...g.provisions].sort())).toEqual([["chongqing2023-3", "chongqing2026-6b"], ["chongqing2023-3", "chongqing2026-6c"]]);
  });

  it("refuses a stacking group naming an unknown provision, or none of its own", () => {
    const files = readRuleFiles().documents;
    const unknown = (files["yubei.yaml"] ?? "").replace("provisions: [yubei-2e, yubei-2f]", "provisions: [yubei-2e, yubei-99]");
    expect(() => buildCatalog({ ...files, "yubei.yaml": unknown })).toThrowError(/stacking\.sameKind\.1: no provision yubei-99/);
    const foreign = (files["yubei.yaml"] ?? "").replace("provisions: [yubei-2e, yubei-2f]", "provisions: [jiulongpo-1, jiulongpo-3]");
    expect(() => buildCatalog({ ...files, "yubei.yaml": foreign })).toThrowError(/names none of yubei's own provisions/);
  });

  it("encodes yubei-3's three-year window and jiulongpo-16's yearly voucher cap, each with its reading", () => {
    const yubei3 = catalog.byId.get("yubei-3")?.provision;
    expect(yubei3?.window).toMatchObject({ start: "2021-10-14", end: "2024-10-13" });
    expect(yubei3?.notes?.zh).toContain("三年");
    const j16 = catalog.byId.get("jiulongpo-16")?.provision;
    expect(j16?.formula).toMatchObject({ kind: "capped", caps: [{ scope: "enterpriseYear" }] });
    expect(j16?.notes?.zh).toContain("每年");
  });

  it("gives every shared cap group one scope", () => {
    const scopes = new Map<string, Set<string>>();
    const walk = (f: unknown): void => {
      if (!f || typeof f !== "object") return;
      const node = f as { kind?: string; caps?: { group?: string; scope: string }[] };
      for (const cap of node.caps ?? []) if (cap.group) scopes.set(cap.group, (scopes.get(cap.group) ?? new Set()).add(cap.scope));
      Object.values(f).forEach(walk);
    };
    for (const { provision } of catalog.byId.values()) walk(provision.formula);
    expect(scopes.size).toBeGreaterThan(0);
    for (const [group, set] of scopes) expect([group, set.size]).toEqual([group, 1]);
  });
});

describe("malformed catalog files", () => {
  const good = readRuleFiles().documents["jiulongpo.yaml"] ?? "";

  it("names the file and the path of a bad rate", () => {
    const bad = good.replace("rate: 10%", "rate: ten percent");
    expect(() => parseDocument("jiulongpo.yaml", bad)).toThrowError(/jiulongpo\.yaml: provisions\.\d+\.formula.*not a rate: "ten percent"/);
  });

  it("rejects an unknown formula kind", () => {
    const bad = good.replace("kind: branch", "kind: javascript");
    expect(() => parseDocument("jiulongpo.yaml", bad)).toThrowError(CatalogError);
  });

  it("rejects an amount that is not one", () => {
    const bad = good.replace("limit: 2000万元", "limit: 两千万");
    expect(() => parseDocument("jiulongpo.yaml", bad)).toThrowError(/not an amount: "两千万"/);
  });

  it("rejects unknown keys, so a typo cannot silently drop a cap", () => {
    const bad = good.replace("caps:", "capz:");
    expect(() => parseDocument("jiulongpo.yaml", bad)).toThrowError(CatalogError);
  });

  it("rejects text that is not YAML", () => {
    expect(() => parseDocument("x.yaml", "key: [unclosed")).toThrowError(/not valid YAML/);
  });

  it("rejects a provision filed under the wrong document and duplicate IDs", () => {
    const files = readRuleFiles().documents;
    expect(() => buildCatalog({ ...files, "copy.yaml": files["jiulongpo.yaml"] ?? "" })).toThrowError(/duplicate provision ID/);
    const misfiled = (files["jiulongpo.yaml"] ?? "").replace("id: jiulongpo-4", "id: yubei-99");
    expect(() => buildCatalog({ "jiulongpo.yaml": misfiled })).toThrowError(/does not belong/);
  });
});
