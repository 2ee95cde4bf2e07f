// A what-if on the stored ledger: the figures per group before (as stored) and after a change of parameters. Only
// the rows of the provisions the change can reach (shared/ledger/coupling.ts: the changed ones and those sharing a
// cap account or a stacking group with them) are evaluated again, every enterprise's together, a step of enterprises at a time; every other
// row keeps its stored outcome, which the change cannot move. The figures before come from ledger_totals (kept by
// every write), so nothing scans the ledger. Runs in the what-if worker (worker.ts), on a read connection of its own.
import { sql } from "kysely";
import type { Engine } from "../../../shared/engine/engine.ts";
import { evaluateLedger } from "../../../shared/ledger/evaluate.ts";
import { couplingOf } from "../../../shared/ledger/coupling.ts";
import type { LedgerRow } from "../../../shared/ledger/row.ts";
import { chunks } from "../db/chunks.ts";
import type { Executor } from "../db/open.ts";
import type { StoredRecord } from "../ledger/stored-evaluation.ts";

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
  /** Rows evaluated again: every row of the reached provisions. */
  evaluatedRows: number;
  affectedEnterprises: number;
  /** The provisions whose rows the change can move (changed ones, and those sharing a cap account with them). */
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

/** Rows evaluated per step (whole enterprises: a step may run over to finish one). */
const ROWS_PER_STEP = 20_000;

const zero = (): Figures => ({ rows: 0, ceilingFen: 0, countedFen: 0, uncapped: 0 });

/** A stored row's value for a group key, as ledger_totals keys it. */
function keyOf(record: Pick<StoredRecord, "provision_id" | "document" | "jurisdiction" | "year" | "district" | "status">, key: WhatIfGroupKey): string | number | null {
  return key === "provision" ? record.provision_id : record[key];
}

const normal = (key: WhatIfGroupKey, value: unknown): string | number => (key === "year" ? Number(value) : String(value ?? ""));

export async function whatIfFigures(ex: Executor, engine: Engine, query: WhatIfQuery): Promise<WhatIfFigures> {
  const by = [...query.by];
  const scope = query.jurisdiction === null ? sql`` : sql`WHERE jurisdiction = ${query.jurisdiction}`;
  const groupBy = by.length === 0 ? sql`` : sql`GROUP BY ${sql.join(by.map((k) => sql.ref(COLUMN[k])))}`;
  const selected = by.map((k, i) => sql`${sql.ref(COLUMN[k])} AS ${sql.ref(`k${i}`)}`);
  // Before: the stored outcomes' totals (ledger_totals holds unknown provisions' jurisdiction and document as '').
  const { rows: stored } = await sql<Record<string, unknown>>`SELECT ${sql.join([...selected, sql`coalesce(sum(count), 0) AS n`])},
      coalesce(sum(requested_fen), 0) AS ceiling, coalesce(sum(counted_fen), 0) AS counted, coalesce(sum(uncapped), 0) AS uncapped
    FROM ledger_totals ${scope} ${groupBy}`.execute(ex);
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

  const coupling = couplingOf(engine);
  const reached = [...new Set(query.changed.flatMap((id) => coupling.of(id)))];
  // The reached provisions' rows, each enterprise's together (ordered by credit code), read and evaluated in steps.
  const records: Pick<StoredRecord, "data" | "credit_code" | "ceiling_fen" | "counted_fen" | "provision_id" | "document" | "jurisdiction" | "year" | "district" | "status">[] = [];
  for (const part of chunks(reached, 200)) {
    let select = ex.selectFrom("ledger_rows").select(["data", "credit_code", "ceiling_fen", "counted_fen", "provision_id", "document", "jurisdiction", "year", "district", "status"]).where("provision_id", "in", part);
    if (query.jurisdiction !== null) select = select.where("jurisdiction", "=", query.jurisdiction);
    records.push(...(await select.execute()));
  }
  records.sort((x, y) => (x.credit_code < y.credit_code ? -1 : x.credit_code > y.credit_code ? 1 : 0));
  query.step?.();

  let enterprises = 0;
  for (let start = 0; start < records.length; ) {
    // A step ends at an enterprise's last row: an enterprise's caps are drawn in one evaluation.
    let end = Math.min(records.length, start + ROWS_PER_STEP);
    while (end < records.length && records[end]?.credit_code === records[end - 1]?.credit_code) end++;
    const step = records.slice(start, end);
    const { columns } = evaluateLedger(engine, step.map((r) => JSON.parse(r.data) as LedgerRow), { trace: false });
    step.forEach((record, i) => {
      if (i === 0 || record.credit_code !== step[i - 1]?.credit_code) enterprises++;
      const after = groupOf(by.map((k) => normal(k, keyOf(record, k)))).after;
      const ceiling = columns.ceilingFen[i] as number;
      after.ceilingFen += (Number.isNaN(ceiling) ? 0 : ceiling) - (record.ceiling_fen ?? 0);
      after.uncapped += (Number.isNaN(ceiling) ? 1 : 0) - (record.ceiling_fen === null ? 1 : 0);
      after.countedFen += (columns.countedFen[i] as number) - record.counted_fen;
    });
    start = end;
    query.step?.();
  }
  for (const group of groups.values()) {
    const { before: b, after: a } = group;
    group.difference = { rows: a.rows - b.rows, ceilingFen: a.ceilingFen - b.ceilingFen, countedFen: a.countedFen - b.countedFen, uncapped: a.uncapped - b.uncapped };
  }
  const sorted = [...groups.values()].sort((x, y) => compareKeys(by, x, y));
  return { by, groups: sorted, evaluatedRows: records.length, affectedEnterprises: enterprises, reached };
}

function compareKeys(by: readonly WhatIfGroupKey[], x: WhatIfGroup, y: WhatIfGroup): number {
  for (const k of by) {
    const [a, b] = [x.key[k] ?? "", y.key[k] ?? ""];
    if (a === b) continue;
    return typeof a === "number" && typeof b === "number" ? a - b : String(a).localeCompare(String(b), "en", { numeric: true });
  }
  return 0;
}
