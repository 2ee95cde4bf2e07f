// functions.json from the JSDoc in addin/functions/functions.ts through custom-functions-metadata's API (its CLI
// exits 0 even when it fails, so the build calls the API and fails on any error), and functions.zh-CN.json:
// the same structure with the names and descriptions of metadata-zh-CN.ts.
import { fileURLToPath } from "node:url";
import { generateCustomFunctionsMetadata } from "custom-functions-metadata";
import { ZH_CN, type LocalizedFunction } from "../functions/metadata-zh-CN.ts";

export const FUNCTIONS_SOURCE = fileURLToPath(new URL("../functions/functions.ts", import.meta.url));
/** The origin written in the JSDoc @helpurl tags; the build replaces it with the configured public origin. */
export const SOURCE_ORIGIN = "https://localhost:3443";

export interface ParameterMetadata {
  name: string;
  description?: string;
  type?: string;
  dimensionality?: string;
  optional?: boolean;
  repeating?: boolean;
}

export interface FunctionMetadata {
  id: string;
  name: string;
  description?: string;
  helpUrl?: string;
  parameters: ParameterMetadata[];
  result?: { dimensionality?: string; type?: string };
  options?: Record<string, boolean>;
}

export interface Metadata {
  allowCustomDataForDataTypeAny?: boolean;
  allowErrorForDataTypeAny?: boolean;
  functions: FunctionMetadata[];
}

export class MetadataError extends Error {
  constructor(readonly problems: string[]) {
    super(`custom function metadata:\n  ${problems.join("\n  ")}`);
  }
}

/** Excel's rule for IDs (A–Z, 0–9, ., _) and for names (letters, digits, ., _), both at least 3 characters. */
const ID_RULE = /^[A-Za-z][A-Za-z0-9._]{2,127}$/;
const NAME_RULE = /^\p{L}[\p{L}0-9._]{2,127}$/u;

export function checkNames(metadata: Metadata): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const f of metadata.functions) {
    if (!ID_RULE.test(f.id)) problems.push(`${f.id}: the ID breaks Excel's rules (A–Z, 0–9, ., _; at least 3 characters)`);
    if (!NAME_RULE.test(f.name)) problems.push(`${f.id}: the name ${f.name} breaks Excel's rules (letters, digits, ., _; at least 3 characters)`);
    if (seen.has(f.name.toUpperCase())) problems.push(`${f.id}: duplicate name ${f.name}`);
    seen.add(f.name.toUpperCase());
  }
  return problems;
}

export interface GeneratedMetadata {
  en: Metadata;
  zh: Metadata;
  /** The generator's list of (function, ID) pairs, for the CustomFunctions.associate calls. */
  associate: { functionName: string; id: string }[];
}

/** The zh-CN file: the generated structure with the table's names and descriptions; any drift is an error. */
export function localize(en: Metadata, table: Record<string, LocalizedFunction>): Metadata {
  const problems: string[] = [];
  const functions = en.functions.map((f) => {
    const zh = table[f.id];
    if (!zh) {
      problems.push(`${f.id}: no zh-CN entry`);
      return f;
    }
    const names = f.parameters.map((p) => p.name);
    const extra = Object.keys(zh.parameters).filter((name) => !names.includes(name));
    if (extra.length) problems.push(`${f.id}: zh-CN names parameters the function does not have: ${extra.join(", ")}`);
    const parameters = f.parameters.map((p) => {
      const t = zh.parameters[p.name];
      if (!t) problems.push(`${f.id}: no zh-CN entry for parameter ${p.name}`);
      return t ? { ...p, name: t.name, description: t.description } : p;
    });
    return { ...f, name: zh.name, description: zh.description, parameters };
  });
  const unknown = Object.keys(table).filter((id) => !en.functions.some((f) => f.id === id));
  if (unknown.length) problems.push(`zh-CN entries for functions that do not exist: ${unknown.join(", ")}`);
  const zh = { ...en, functions };
  problems.push(...checkNames(zh));
  if (problems.length) throw new MetadataError(problems);
  return zh;
}

export async function generateMetadata(origin: string = SOURCE_ORIGIN): Promise<GeneratedMetadata> {
  const result = await generateCustomFunctionsMetadata(FUNCTIONS_SOURCE, false);
  if (result.errors.length > 0) throw new MetadataError(result.errors);
  if (!result.metadataJson) throw new MetadataError([`no @customfunction found in ${FUNCTIONS_SOURCE}`]);
  const generated = JSON.parse(result.metadataJson) as Metadata;
  const en: Metadata = {
    ...generated,
    // Error cells reach the functions as values, so that one bad cell in a range gets its own error and the
    // others still compute (without this, Excel returns the error for the whole call without invoking it).
    allowErrorForDataTypeAny: true,
    // Excel data types (a formatted number, an entity) reach the functions as their JSON, so that a number is read
    // through its basic value and anything else is refused with a message rather than "[object Object]".
    allowCustomDataForDataTypeAny: true,
    functions: generated.functions.map((f) => ({ ...f, ...(f.helpUrl ? { helpUrl: f.helpUrl.replace(SOURCE_ORIGIN, origin) } : {}) })),
  };
  const problems = checkNames(en);
  if (problems.length) throw new MetadataError(problems);
  return {
    en,
    zh: localize(en, ZH_CN),
    associate: result.associate.map(({ functionName, id }) => ({ functionName, id })),
  };
}
