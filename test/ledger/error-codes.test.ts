// One code per failure: every error code the sources can produce (API error bodies, the CLI's JSON errors, the
// engine's errors, the ledger check's violations) is in shared/error-codes.ts, each registered code is produced
// somewhere, and no two codes mean the same thing or carry the same message.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ERROR_CODES as ENGINE_ERROR_CODES } from "../../shared/engine/types.ts";
import { ERROR_CODE_MEANINGS, ERROR_CODES } from "../../shared/error-codes.ts";
import { VIOLATION_CODES } from "../../shared/ledger/violation.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
// The dashboard's web client has an ApiError of its own (network states, not codes the product answers with).
const FOLDERS = ["shared", "cli", "dashboard/server", "addin/functions", "addin/taskpane"];

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" || e.name === "dist" || e.name === "generated" ? [] : sources(rel);
    return /\.tsx?$/.test(e.name) ? [rel] : [];
  });
}

// Where a code is produced: an ApiError or CliError, a refusal, a payment problem, a copy error, an object with a code.
const PRODUCERS = [
  /new ApiError\(\s*[\w.]+,\s*"([a-z_]+)"/g,
  /new CliError\(\s*"([a-z_]+)"/g,
  /refuse\(\s*\d+,\s*"([a-z_]+)"/g,
  /\badd\(\s*\d+,\s*"([a-z_]+)"/g,
  /new CopyError\(\s*"([a-z_]+)"/g,
  /\bcode:\s*"([a-z_]+)"/g,
];
// zod's own issue codes (ctx.addIssue({ code: "custom" })) are not the product's.
const ZOD_ISSUE_CODES = new Set(["custom", "invalid_type", "too_big", "too_small", "unrecognized_keys", "invalid_value", "invalid_format", "invalid_union"]);

interface Use {
  code: string;
  file: string;
  /** The English message written at the call, with its ${…} parts blanked, when it is a literal. */
  en: string | null;
}

function uses(): Use[] {
  const out: Use[] = [];
  for (const file of FOLDERS.flatMap(sources)) {
    const text = fs.readFileSync(path.join(ROOT, file), "utf8");
    for (const pattern of PRODUCERS) {
      for (const m of text.matchAll(pattern)) {
        const code = m[1] as string;
        if (ZOD_ISSUE_CODES.has(code)) continue;
        // The message follows the code in the same call: the first `en:` within a few lines.
        const after = text.slice((m.index ?? 0) + m[0].length, (m.index ?? 0) + m[0].length + 400);
        // Up to the next producer: a call whose message is a variable must not take the next call's message.
        const own = after.split(/\bnew (?:Api|Cli|Copy)Error\(|\brefuse\(\s*\d|\badd\(\s*\d|\bcode:\s*"/)[0] ?? "";
        const en = /\ben:\s*(["`])((?:\\.|(?!\1).)*)\1/s.exec(own);
        out.push({ code, file, en: en ? (en[2] as string).replace(/\$\{[^}]*\}/g, "…") : null });
      }
    }
  }
  return out;
}

describe("error codes", () => {
  const found = uses();

  it("finds the codes the sources produce", () => {
    // A guard on the scan itself: if the patterns stopped matching, every other test here would pass vacuously.
    expect(new Set(found.map((u) => u.code)).size).toBeGreaterThan(30);
  });

  it("registers every code the sources produce", () => {
    const unregistered = found.filter((u) => !(ERROR_CODES as string[]).includes(u.code)).map((u) => `${u.code} (${u.file})`);
    expect(unregistered).toEqual([]);
  });

  it("registers the engine's errors and the ledger check's violations", () => {
    for (const code of [...ENGINE_ERROR_CODES, ...VIOLATION_CODES]) expect(ERROR_CODES, code).toContain(code);
  });

  it("produces every registered code", () => {
    const produced = new Set<string>([...found.map((u) => u.code), ...ENGINE_ERROR_CODES, ...VIOLATION_CODES]);
    expect(ERROR_CODES.filter((c) => !produced.has(c))).toEqual([]);
  });

  it("gives each code its own meaning, in both languages", () => {
    for (const lang of ["zh", "en"] as const) {
      const meanings = Object.values(ERROR_CODE_MEANINGS).map((m) => m[lang]);
      expect(meanings.filter((m, i) => meanings.indexOf(m) !== i)).toEqual([]);
    }
  });

  it("never sends one message under two codes", () => {
    const codesOf = new Map<string, Set<string>>();
    // A sentence, not a label passed beside the code (roleIssue(…, { en: "commitments" })).
    for (const u of found) if (u.en !== null && u.en.split(" ").length >= 3) codesOf.set(u.en, (codesOf.get(u.en) ?? new Set()).add(u.code));
    expect([...codesOf].filter(([, codes]) => codes.size > 1).map(([en, codes]) => `${[...codes].join(" / ")}: ${en}`)).toEqual([]);
  });

  it("keeps the merged codes merged", () => {
    // Each pair named one failure twice; the first of each is gone.
    for (const old of ["unknown_rule", "duplicate_application", "above_approved", "above_ceiling", "whatif_busy", "db_error", "forbidden"]) {
      expect(found.filter((u) => u.code === old).map((u) => u.file), old).toEqual([]);
      expect(ERROR_CODES, old).not.toContain(old);
    }
  });
});
