// CQ.SUBSIDY for one cell, the one-formula-per-row ledger's call: the same answers as the range path (a property
// test holds them equal) without its columns, maps and per-cell bookkeeping, straight to Engine.evaluate.
// Anything it does not take on (a range, a pair other than a fact or the date, a name given twice, an engine
// error whose wording the range path owns) returns undefined and goes the general way, so the two never differ.
import type { CatalogEntry } from "../../shared/catalog/catalog.ts";
import type { FactName } from "../../shared/catalog/schema.ts";
import type { Engine } from "../../shared/engine/engine.ts";
import type { Facts } from "../../shared/engine/types.ts";
import type { Lang } from "../../shared/money/format.ts";
import { CellError, fromEngineError } from "./cell-error.ts";
import { countsAmount, declaredFacts, noCeiling, undeclaredFactError } from "./ceiling.ts";
import { readAmount, readCount, readDate } from "./cells.ts";
import { pairName } from "./inputs.ts";

interface Provision {
  entry: CatalogEntry;
  id: string;
  count: boolean;
  declared: ReadonlySet<FactName>;
}

/** By the ID as the cell spells it: a ledger names the same few provisions on every row. Bounded. */
const provisions = new Map<string, Provision | null>();
/** Pair names as typed → fact or date; null for any other (awarded, unknown): those go the general way. */
const names = new Map<string, FactName | "date" | null>();

function provisionOf(engine: Engine, id: string): Provision | null {
  let p = provisions.get(id);
  if (p !== undefined) return p;
  const entry = engine.catalog.byId.get(id.trim().toLowerCase());
  const pid = entry?.provision.id ?? "";
  p = entry ? { entry, id: pid, count: countsAmount(engine, pid), declared: declaredFacts(engine, pid) } : null;
  if (provisions.size < 10_000) provisions.set(id, p);
  return p;
}

function nameOf(text: string): FactName | "date" | null {
  let n = names.get(text);
  if (n !== undefined) return n;
  const found = pairName(text.trim());
  // Only the date and the five facts: any other pair (awarded, awarded by scope…) is the general path's.
  n = found === "date" || (found !== undefined && Object.hasOwn(FACT_BIT, found)) ? (found as FactName | "date") : null;
  if (names.size < 10_000) names.set(text, n);
  return n;
}

/** Date texts as typed → the day: a ledger repeats a few hundred days. Only valid days are kept. */
const days = new Map<string, string | undefined>();
function readDay(text: string, lang: Lang): string | undefined | CellError {
  const day = readDate(text, lang);
  if (!(day instanceof CellError) && days.size < 10_000) days.set(text, day);
  return day;
}

/** The value of a 1×1 matrix argument (or an omitted one); NOT_SCALAR for anything else. */
const NOT_SCALAR = Symbol("not scalar");
function single(value: unknown): unknown {
  if (!Array.isArray(value)) return value ?? null;
  if (value.length !== 1) return NOT_SCALAR;
  const row: unknown = value[0];
  return Array.isArray(row) && row.length === 1 ? row[0] : NOT_SCALAR;
}

const isBlank = (v: unknown) => v === null || v === undefined || v === 0 || (typeof v === "string" && v.trim() === "");

export function scalarSubsidy(engine: Engine, provision: unknown, amount: unknown, pairs: unknown, lang: Lang): unknown[][] | CellError | undefined {
  if (typeof provision !== "string") return undefined;
  const p = provisionOf(engine, provision);
  if (!p) return undefined;
  const amountCell = single(amount);
  if (amountCell === NOT_SCALAR) return undefined;

  let date: string | undefined;
  let dateGiven = false;
  const facts: Facts = {};
  let given = 0;
  let readError: CellError | undefined;
  let dateError: CellError | undefined;
  let undeclared: CellError | undefined;
  const a = p.count ? readCount("amount", amountCell, lang) : readAmount("amount", amountCell, lang);
  if (a instanceof CellError) readError = a;

  if (Array.isArray(pairs) && pairs.length > 0) {
    const list = pairs as unknown[];
    // Excel sends one empty slot when no pair was typed; an odd count is the general path's message.
    if (!(list.length === 1 && single(list[0]) === null)) {
      if (list.length % 2 !== 0) return undefined;
      for (let k = 0; k < list.length; k += 2) {
        const nameCell = single(list[k]);
        const valueCell = single(list[k + 1]);
        if (nameCell === NOT_SCALAR || valueCell === NOT_SCALAR) return undefined;
        if (isBlank(nameCell) && isBlank(valueCell)) continue;
        if (typeof nameCell !== "string") return undefined;
        const name = nameOf(nameCell);
        if (name === null) return undefined;
        if (name === "date") {
          if (dateGiven) return undefined;
          dateGiven = true;
          const day = typeof valueCell === "string" ? (days.get(valueCell) ?? readDay(valueCell, lang)) : readDate(valueCell, lang);
          // A bad date is the whole call's error, as on the range path (after every name is checked).
          if (day instanceof CellError) dateError = day;
          else date = day;
          continue;
        }
        const bit = 1 << FACT_BIT[name];
        if (given & bit) return undefined;
        given |= bit;
        const v = readAmount(name, valueCell, lang);
        if (v instanceof CellError) {
          readError ??= v;
          continue;
        }
        if (v !== v) continue;
        if (p.declared.has(name)) facts[name] = v;
        else if (v !== 0) undeclared ??= undeclaredFactError(engine, p.id, p.declared, name, lang);
      }
    }
  }
  if (dateError) return dateError;
  if (readError || undeclared) {
    // A provision unavailable on the day is the whole call's error, ahead of the cell's own (as on the range path).
    const resolution = engine.resolve(p.id, date);
    if (!resolution.ok) return fromEngineError(resolution.error, lang);
  }
  if (readError) return readError;
  if (undeclared) return undeclared;
  const result = engine.evaluate(p.id, typeof a === "number" && a === a ? a : null, facts, date === undefined ? NO_DATE : { date, trace: false });
  // Engine errors keep the range path's wording (the batch API words a few of them differently).
  if (!result.ok) return undefined;
  return [[result.ceiling === null ? noCeiling(result.floor ?? 0, lang) : result.ceiling]];
}

const NO_DATE = { trace: false } as const;
const FACT_BIT: Record<FactName, number> = { centralFunds: 0, municipalFunds: 1, rndGrowth: 2, annualPurchases: 3, insuredValue: 4 };
