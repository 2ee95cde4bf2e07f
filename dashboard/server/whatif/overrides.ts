// A what-if's overrides, figures by parameter path as a notice writes them ("8%", "1500万元"): read into the
// parameter's unit, or refused naming `overrides.<path>`; and, for each, whether a notice could set it — the same
// check a notice of the document passes (shared/engine/notices.ts readNotice), so a what-if that stays within the
// document's ceilings could be issued as a draft notice.
import type { Catalog } from "../../../shared/catalog/catalog.ts";
import type { Notice } from "../../../shared/catalog/notice.ts";
import type { Text } from "../../../shared/catalog/schema.ts";
import { readNotice } from "../../../shared/engine/notices.ts";
import { formulaParameters, getParameter, parseParameterValue, provisionOfPath } from "../../../shared/engine/parameters.ts";
import { ApiError, type Issue } from "../errors.ts";

export type Written = string | number;

/** The overrides in the parameters' units (bp, fen); throws a 400 naming every path that is unknown or unreadable. */
export function readOverrides(catalog: Catalog, overrides: Readonly<Record<string, Written>>): Map<string, number> {
  const values = new Map<string, number>();
  const issues: Issue[] = [];
  for (const [path, written] of Object.entries(overrides)) {
    const field = `overrides.${path}`;
    const parameter = getParameter(catalog, path);
    if (!parameter) {
      const entry = catalog.byId.get(provisionOfPath(path));
      const known = entry ? formulaParameters(entry.provision.id, entry.provision.formula).map((p) => p.path).join(", ") || "—" : null;
      issues.push({
        field,
        message: entry
          ? { zh: `${entry.provision.id} 没有参数 ${path}（可用：${known}）`, en: `${entry.provision.id} has no parameter ${path} (it has: ${known})` }
          : { zh: `没有条款 ${provisionOfPath(path)}`, en: `no provision ${provisionOfPath(path)}` },
      });
      continue;
    }
    const value = parseParameterValue(parameter, written);
    if (value === null) {
      const rate = parameter.unit === "bp";
      issues.push({
        field,
        message: {
          zh: `${JSON.stringify(written)} 不是${rate ? "比例（如 8%）" : "金额（如 1500万元）"}`,
          en: `${JSON.stringify(written)} is not ${rate ? "a rate (write 8%)" : "an amount (write 1500万元)"}`,
        },
      });
      continue;
    }
    values.set(path, value);
  }
  const [first] = issues;
  if (first) throw new ApiError(400, "invalid_input", first.message, first.field, issues);
  return values;
}

export interface OverrideStanding {
  path: string;
  provision: string;
  document: string;
  unit: "bp" | "fen";
  /** The document's figure and the what-if's, in the unit. */
  documentValue: number;
  value: number;
  /** Whether a notice of the document could set it (never above a ceiling, never below a floor or threshold). */
  withinDocument: boolean;
  /** Why not, when not. */
  reason: Text | null;
}

/**
 * Each override against its document, read as a draft notice of that document would be: the issues readNotice
 * names on `overrides.<path>` are the reasons. The draft's window is the document's first day in force, so that only
 * the figures are judged.
 */
export function standings(catalog: Catalog, overrides: Readonly<Record<string, Written>>): OverrideStanding[] {
  const byDocument = new Map<string, Record<string, Written>>();
  for (const [path, written] of Object.entries(overrides)) {
    const document = catalog.byId.get(provisionOfPath(path))?.document.key as string;
    byDocument.set(document, { ...(byDocument.get(document) ?? {}), [path]: written });
  }
  const reasons = new Map<string, Text>();
  for (const [key, own] of byDocument) {
    const document = catalog.documents.find((d) => d.key === key);
    if (!document) continue;
    const draft: Notice = {
      id: "what-if",
      document: document.key,
      title: { zh: "测算草案", en: "what-if draft" },
      number: null,
      issued: document.inForce.start,
      window: { start: document.inForce.start, end: document.inForce.start },
      budget: null,
      overrides: own,
      conditions: {},
      sample: false,
    };
    for (const issue of readNotice(catalog, draft).issues) {
      const path = issue.path.startsWith("overrides.") ? issue.path.slice("overrides.".length) : null;
      if (path !== null && !reasons.has(path)) reasons.set(path, issue.message);
    }
  }
  return Object.entries(overrides).map(([path, written]) => {
    const parameter = getParameter(catalog, path);
    if (!parameter) throw new Error(`no parameter ${path}: read the overrides first`);
    const reason = reasons.get(path) ?? null;
    return {
      path,
      provision: parameter.provision,
      document: catalog.byId.get(parameter.provision)?.document.key as string,
      unit: parameter.unit,
      documentValue: parameter.value,
      value: parseParameterValue(parameter, written) as number,
      withinDocument: reason === null,
      reason,
    };
  });
}
