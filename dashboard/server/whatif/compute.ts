// A what-if on the stored ledger: the figures per group before (as stored) and after a change of parameters. Only
// the enterprises with rows of the provisions the change can reach (shared/ledger/reach.ts) are evaluated again —
// all their rows, a step of enterprises at a time, as the stored evaluation does; every other row keeps its stored
// outcome, which the change cannot move. Runs in the what-if worker (worker.ts), on a read connection of its own.
import { sql, type RawBuilder } from "kysely";
import type { Engine } from "../../../shared/engine/engine.ts";
import { evaluateLedger } from "../../../shared/ledger/evaluate.ts";
import { provisionsReached } from "../../../shared/ledger/reach.ts";
import type { LedgerRow } from "../../../shared/ledger/row.ts";
import { chunks } from "../db/chunks.ts";
import type { Executor } from "../db/open.ts";

/** What a what-if may group by: the ledger's group keys but the enterprise (a million groups answer nothing). */
export const WHATIF_GROUP_KEYS = ["document", "provision", "jurisdiction", "year", "district", "status"] as const;
export type WhatIfGroupKey = (typeof WHATIF_GROUP_KEYS)[number];

const COLUMN: Record<WhatIfGroupKey, string> = {
  document: "document",
  provision: "provision_id",
  jurisdiction: "jurisdiction",
  year: "year",
  district: "district",
  status: "status",
};

/** A group's figures in fen: rows, the sum of ceilings (rows without one add nothing: uncapped), what rows count against caps. */
export interface Figures {
  rows: number;
  ceilingFen: number;
  countedFen: number;
  uncapped: number;
}

export interface WhatIfGroup {
  key: Partial<Record<WhatIfGroupKey, string | number>>;
  before: Figures;
  after: Figures;
  difference: Figures;
}

export interface WhatIfFigures {
  by: WhatIfGroupKey[];
  groups: WhatIfGroup[];
  /** Rows evaluated again: every row of the affected enterprises. */
  evaluatedRows: number;
  affectedEnterprises: number;
  /** The provisions whose rows the change can move (changed ones, and those sharing a cap or stacking group). */
  reached: string[];
}

export interface WhatIfQuery {
  /** Provisions whose figures change. */
  changed: readonly string[];
  by: readonly WhatIfGroupKey[];
  /** A reader's office: only its rows (no cap or stacking group spans two jurisdictions). */
  jurisdiction: string | null;
  /** Called between steps: throws to stop (the time limit). */
  step?: () => void;
}

/** Enterprises evaluated per step: their rows are read, evaluated and dropped before the next. */
const ENTERPRISES_PER_STEP = 2000;

const zero = (): Figures => ({ rows: 0, ceilingFen: 0, countedFen: 0, uncapped: 0 });

function keyColumn(key: WhatIfGroupKey): RawBuilder<unknown> {
  const name = sql.ref(COLUMN[key]);
  return key === "document" || key === "jurisdiction" ? sql`coalesce(${name}, '')` : name;
}

const normal = (key: WhatIfGroupKey, value: unknown): string | number => (key === "year" ? Number(value) : String(value ?? ""));

export async function whatIfFigures(ex: Executor, engine: Engine, query: WhatIfQuery): Promise<WhatIfFigures> {
  const by = [...query.by];
  const scope = query.jurisdiction === null ? sql`` : sql`WHERE jurisdiction = ${query.jurisdiction}`;
  const groupBy = by.length === 0 ? sql`` : sql`GROUP BY ${sql.join(by.map(keyColumn))}`;
  const selected = by.map((k, i) => sql`${keyColumn(k)} AS ${sql.ref(`k${i}`)}`);
  // Before: the stored outcomes, summed in the database.
  const { rows: stored } = await sql<Record<string, unknown>>`SELECT ${sql.join([...selected, sql`count(*) AS n`])},
      coalesce(sum(ceiling_fen), 0) AS ceiling, coalesce(sum(counted_fen), 0) AS counted,
      sum(CASE WHEN ceiling_fen IS NULL THEN 1 ELSE 0 END) AS uncapped
    FROM ledger_rows ${scope} ${groupBy}`.execute(ex);
  const groups = new Map<string, WhatIfGroup>();
  const groupOf = (values: (string | number)[]): WhatIfGroup => {
    const id = JSON.stringify(values);
    let group = groups.get(id);
    if (!group) {
      const key: WhatIfGroup["key"] = {};
      by.forEach((k, n) => (key[k] = values[n] as string | number));
      group = { key, before: zero(), after: zero(), difference: zero() };
      groups.set(id, group);
    }
    return group;
  };
  for (const row of stored) {
    if (Number(row.n) === 0) continue;
    const group = groupOf(by.map((k, i) => normal(k, row[`k${i}`])));
    group.before = { rows: Number(row.n), ceilingFen: Number(row.ceiling), countedFen: Number(row.counted), uncapped: Number(row.uncapped) };
    group.after = { ...group.before };
  }
  query.step?.();

  const reached = provisionsReached(engine.catalog, query.changed);
  let codes: string[] = [];
  if (reached.length > 0) {
    let select = ex.selectFrom("ledger_rows").select("credit_code").distinct().where("provision_id", "in", reached);
    if (query.jurisdiction !== null) select = select.where("jurisdiction", "=", query.jurisdiction);
    codes = (await select.execute()).map((r) => r.credit_code);
  }
  query.step?.();

  let evaluatedRows = 0;
  for (const part of chunks(codes, ENTERPRISES_PER_STEP)) {
    let select = ex.selectFrom("ledger_rows").select(["data", "ceiling_fen", "counted_fen", "provision_id", "document", "jurisdiction", "year", "district", "status"]).where("credit_code", "in", part);
    if (query.jurisdiction !== null) select = select.where("jurisdiction", "=", query.jurisdiction);
    const records = await select.execute();
    const rows = records.map((r) => JSON.parse(r.data) as LedgerRow);
    const { columns } = evaluateLedger(engine, rows, { trace: false });
    records.forEach((record, i) => {
      const after = groupOf(by.map((k) => normal(k, (record as Record<string, unknown>)[COLUMN[k]]))).after;
      const ceiling = columns.ceilingFen[i] as number;
      after.ceilingFen += (Number.isNaN(ceiling) ? 0 : ceiling) - (record.ceiling_fen ?? 0);
      after.uncapped += (Number.isNaN(ceiling) ? 1 : 0) - (record.ceiling_fen === null ? 1 : 0);
      after.countedFen += (columns.countedFen[i] as number) - record.counted_fen;
    });
    evaluatedRows += records.length;
    query.step?.();
  }

  for (const group of groups.values()) {
    const { before: b, after: a } = group;
    group.difference = { rows: a.rows - b.rows, ceilingFen: a.ceilingFen - b.ceilingFen, countedFen: a.countedFen - b.countedFen, uncapped: a.uncapped - b.uncapped };
  }
  const sorted = [...groups.values()].sort((x, y) => compareKeys(by, x, y));
  return { by, groups: sorted, evaluatedRows, affectedEnterprises: codes.length, reached };
}

function compareKeys(by: readonly WhatIfGroupKey[], x: WhatIfGroup, y: WhatIfGroup): number {
  for (const k of by) {
    const [a, b] = [x.key[k] ?? "", y.key[k] ?? ""];
    if (a === b) continue;
    return typeof a === "number" && typeof b === "number" ? a - b : String(a).localeCompare(String(b), "en", { numeric: true });
  }
  return 0;
}
