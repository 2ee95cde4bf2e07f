// A provision's cap and the headroom left under it, by cap scope and branch: what Excel's CQ.SUBSIDY.CAP and
// CQ.SUBSIDY.REMAINING answer, read from the caps the engine compiled, so that they agree with Engine.evaluate and
// with the ledger. The scope defaults as a bare `awarded` figure does (bareAwardedScopes); without a branch, the
// larger of the branches' answers stands (最高: the largest the provision allows).
import { CAP_SCOPES, scopeLabel, scopeNamed, spansApplications, type CapScope } from "../catalog/cap-scopes.ts";
import type { Text } from "../catalog/schema.ts";
import type { Fen } from "../money/fen.ts";
import type { CompiledFormula } from "./compile.ts";
import type { CapUse } from "./types.ts";

export type Branch = NonNullable<CapUse["branch"]>;

export interface CapQuery {
  scope?: CapScope | undefined;
  branch?: Branch | undefined;
}

/** Why there is no answer: a bad argument (invalid) or nothing to answer with (none). */
export interface CapQueryFailure {
  ok: false;
  kind: "invalid" | "none";
  field: "scope" | "branch" | "provision";
  message: Text;
}

export type CapAnswer = { ok: true; fen: Fen; scope: CapScope[]; caps: CapUse[] } | CapQueryFailure;

const BRANCH_NAMES: Record<string, Branch> = {
  received: "received",
  otherwise: "otherwise",
  已获: "received",
  未获: "otherwise",
  是: "received",
  否: "otherwise",
};

/**
 * The branch a user named: received / otherwise, 已获 / 未获, 是 / 否, or TRUE / FALSE (the branch's fact was
 * received); null for no branch (empty); "unknown" for anything else.
 */
export function branchNamed(value: unknown): Branch | null | "unknown" {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value === "boolean") return value ? "received" : "otherwise";
  if (typeof value !== "string") return "unknown";
  const text = value.trim();
  if (text === "") return null;
  return BRANCH_NAMES[text.toLowerCase()] ?? BRANCH_NAMES[text] ?? "unknown";
}

/** The scope a user named, or null for none given; "unknown" for a name that is no scope. */
export function scopeArgument(value: unknown): CapScope | null | "unknown" {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value !== "string") return "unknown";
  const text = value.trim().replace(/^(awarded|已获补助)[.．]/i, "");
  if (text === "") return null;
  return scopeNamed(text) ?? "unknown";
}

function listScopes(scopes: Iterable<CapScope>, lang: "zh" | "en"): string {
  return [...new Set(scopes)].map((s) => `${scopeLabel(s, lang)} ${s}`).join(lang === "zh" ? "、" : ", ");
}

/**
 * The caps a query selects, grouped by the path they lie on: one group per branch where the provision's caps differ
 * by branch, else one. `spanning`: only caps across applications (REMAINING); else every cap (CAP).
 */
function select(id: string, compiled: CompiledFormula, query: CapQuery, spanning: boolean): { groups: CapUse[][]; scopes: CapScope[] } | CapQueryFailure {
  const all = spanning ? compiled.caps.filter((cap) => spansApplications(cap.scope)) : compiled.caps;
  if (all.length === 0) {
    return spanning
      ? { ok: false, kind: "none", field: "provision", message: { zh: `${id} 没有跨申报累计的上限`, en: `${id} has no cap that spans applications` } }
      : { ok: false, kind: "none", field: "provision", message: { zh: `${id} 原文未规定上限`, en: `${id} states no cap` } };
  }
  if (query.branch && !compiled.branches) {
    return { ok: false, kind: "invalid", field: "branch", message: { zh: `${id} 不分情形，无需给出情形`, en: `${id} has no branches; give no branch` } };
  }
  const defaults = compiled.bareScopes.length > 0 ? compiled.bareScopes : [...new Set(all.map((cap) => cap.scope))];
  const scopes: CapScope[] = query.scope ? [query.scope] : [...defaults];
  const inScope = all.filter((cap) => scopes.includes(cap.scope));
  if (inScope.length === 0) {
    const scope = query.scope ?? scopes[0] ?? CAP_SCOPES[0];
    return {
      ok: false,
      kind: "none",
      field: "scope",
      message: {
        zh: `${id} 没有${scopeLabel(scope, "zh")}上限（其上限口径：${listScopes(all.map((c) => c.scope), "zh")}）`,
        en: `${id} has no cap ${scopeLabel(scope, "en")} (its caps: ${listScopes(all.map((c) => c.scope), "en")})`,
      },
    };
  }
  const branches: Branch[] = query.branch ? [query.branch] : inScope.some((cap) => cap.branch) ? ["received", "otherwise"] : [];
  const groups = branches.length === 0 ? [inScope] : branches.map((b) => inScope.filter((cap) => cap.branch === null || cap.branch === b)).filter((g) => g.length > 0);
  if (groups.length === 0) {
    return {
      ok: false,
      kind: "none",
      field: "branch",
      message: { zh: `${id} 在该情形下没有${listScopes(scopes, "zh")}上限`, en: `${id} has no cap ${listScopes(scopes, "en")} in that branch` },
    };
  }
  return { groups, scopes };
}

/** The cap in the scope (the tightest on a path; the largest across branches when none is given), in fen. */
export function capInScope(id: string, compiled: CompiledFormula, query: CapQuery = {}): CapAnswer {
  const selected = select(id, compiled, query, false);
  if ("ok" in selected) return selected;
  return best(selected.groups, selected.scopes, (cap) => cap.limitFen);
}

/**
 * The headroom left in the scope after `awardedFen` already received in it: cap minus awarded, never below 0 (the
 * tightest on a path; the largest across branches when none is given), in fen.
 */
export function headroomInScope(id: string, compiled: CompiledFormula, awardedFen: Fen, query: CapQuery = {}): CapAnswer {
  const selected = select(id, compiled, query, true);
  if ("ok" in selected) return selected;
  return best(selected.groups, selected.scopes, (cap) => Math.max(0, cap.limitFen - awardedFen));
}

function best(groups: CapUse[][], scopes: CapScope[], value: (cap: CapUse) => Fen): CapAnswer {
  let answer = -1;
  let caps: CapUse[] = [];
  for (const group of groups) {
    const tightest = Math.min(...group.map(value));
    if (tightest > answer) {
      answer = tightest;
      caps = group;
    }
  }
  return { ok: true, fen: answer, scope: scopes, caps };
}
