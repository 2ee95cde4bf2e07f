// What the enterprise already received (已获补助), by cap scope: one meaning for the engine, the CLI, Excel and the
// API. A figure names its scope (`awarded.project`, 已获补助.单个项目); a bare figure counts under the provision's
// default scopes (bareAwardedScopes: its enterprise-level caps, else its per-project or per-product ones).
import { scopeNamed, type CapScope } from "../catalog/cap-scopes.ts";

/** Figures by scope: yuan for one evaluation, a column of yuan for a batch. */
export type AwardedByScope<T = number> = Partial<Record<CapScope, T>>;

/** As callers give it: one bare figure, or figures by scope. */
export type Awarded<T = number> = T | AwardedByScope<T>;

const PREFIXES = ["awarded", "已获补助"];

/**
 * What an input's name says of an awarded figure: `{ scope: null }` for a bare "awarded" / 已获补助, the scope for
 * "awarded.<scope>" / 已获补助.<label> (the scope's code name, label or alias); "unknownScope" when the prefix is
 * there and the scope is not; null when the name is not an awarded figure at all. `bareScope` also takes a scope
 * alone ("project", 单个项目), as the CLI's `--awarded project=…` does.
 */
export function awardedNamed(name: string, bareScope = false): { scope: CapScope | null } | "unknownScope" | null {
  const text = name.trim();
  for (const prefix of PREFIXES) {
    if (text.toLowerCase() === prefix) return { scope: null };
    if (text.toLowerCase().startsWith(`${prefix}.`) || text.startsWith(`${prefix}．`)) {
      const scope = scopeNamed(text.slice(prefix.length + 1));
      return scope ? { scope } : "unknownScope";
    }
  }
  if (!bareScope) return null;
  const scope = scopeNamed(text);
  return scope ? { scope } : "unknownScope";
}

/**
 * The engine's `awarded` from a bare figure and figures by scope as a caller collected them (the CLI's repeated
 * `--awarded`, Excel's pairs): the bare figure alone, the figures by scope alone, or, given side by side, figures by
 * scope with the bare one under the provision's `bareScopes` (null: provision unknown). `{ twice }` names the scope
 * when the bare figure falls on a scope also given.
 */
export function awardedOption<T>(bareScopes: readonly CapScope[] | null, bare: T | undefined, byScope: AwardedByScope<T>): Awarded<T> | undefined | { twice: CapScope } {
  if (Object.keys(byScope).length === 0) return bare;
  if (bare === undefined) return byScope;
  const out: AwardedByScope<T> = { ...byScope };
  for (const scope of bareScopes ?? []) {
    if (out[scope] !== undefined) return { twice: scope };
    out[scope] = bare;
  }
  return out;
}
