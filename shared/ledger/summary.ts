// Totals for leadership: counts, requested (sum of ceilings), approved and paid, grouped by any of the keys below,
// against the budget commitments of each jurisdiction and year. Read from evaluateLedger's result columns and the
// rows as given: a summary builds no EvaluatedRow.
import { commitmentKind } from "../catalog/commitment-kind.ts";
import type { Commitment, Text } from "../catalog/schema.ts";
import { fenOfExactYuan, type Fen } from "../money/fen.ts";
import type { EvaluatedRow, LedgerEvaluation } from "./evaluate.ts";
import { isColumnar } from "./is-columnar.ts";
import type { LedgerRow } from "./row.ts";

export const GROUP_KEYS = ["jurisdiction", "year", "document", "provision", "district", "enterprise", "status"] as const;
export type GroupKey = (typeof GROUP_KEYS)[number];

export interface SummaryRow {
  key: Partial<Record<GroupKey, string | number>>;
  count: number;
  /** Sum of the rows' ceilings (yuan). Rows without a ceiling (an open-ended award, or one not evaluable) add nothing; see uncapped. */
  requested: number;
  /** Rows that add nothing to requested because no ceiling is known. */
  uncapped: number;
  /** Approved amounts of approved and paid rows (yuan). */
  approved: number;
  /** Paid amounts of approved and paid rows (yuan). */
  paid: number;
  /** The commitments of the group's jurisdiction(s) and year(s); null when the grouping splits a commitment or a year has none. */
  committed: number | null;
  /** approved ÷ committed. */
  utilization: number | null;
  /** committed − approved (negative when over-committed): the commitment left, not a cap's headroom. */
  commitmentLeft: number | null;
  /** paid ÷ approved; null when nothing is approved. */
  paidRatio: number | null;
  /** Any commitment used is sample data. */
  sample: boolean;
  /** Any commitment used is a floor (至少投入: a sum to spend at least), not a ceiling on awards. */
  atLeast: boolean;
  /** The notes of the commitments used (待确认 and the like), each once. */
  notes: Text[];
}

/** The distinct notes of some commitments, in their order. */
export function notesOf(commitments: readonly Commitment[]): Text[] {
  const out: Text[] = [];
  for (const c of commitments) if (c.note && !out.some((n) => n.zh === c.note?.zh && n.en === c.note?.en)) out.push(c.note);
  return out;
}

export function isGroupKey(value: string): value is GroupKey {
  return (GROUP_KEYS as readonly string[]).includes(value);
}

/**
 * What a summary reads of each row: from evaluateLedger's columns and the rows as given, without building an
 * EvaluatedRow (which would evaluate the row again); from the row objects for an evaluation that has only them.
 */
interface SummarySource {
  length: number;
  row(i: number): LedgerRow;
  year(i: number): number;
  jurisdiction(i: number): string | null;
  document(i: number): string | null;
  /** NaN where the row has no ceiling. */
  ceilingFen(i: number): number;
}

function sourceOf(evaluation: LedgerEvaluation): SummarySource {
  if (isColumnar(evaluation)) {
    const { input, columns } = evaluation;
    const keys = (i: number) => columns.provisions[columns.provision[i] as number];
    return {
      length: input.length,
      row: (i) => input[i] as LedgerRow,
      year: (i) => columns.year[i] as number,
      jurisdiction: (i) => keys(i)?.jurisdiction ?? null,
      document: (i) => keys(i)?.document ?? null,
      ceilingFen: (i) => columns.ceilingFen[i] as number,
    };
  }
  const rows = evaluation.rows;
  const at = (i: number) => rows[i] as EvaluatedRow;
  return { length: rows.length, row: (i) => at(i).row, year: (i) => at(i).year, jurisdiction: (i) => at(i).jurisdiction, document: (i) => at(i).document, ceilingFen: (i) => at(i).ceilingFen ?? NaN };
}

function keyValue(source: SummarySource, i: number, key: GroupKey): string | number {
  switch (key) {
    case "jurisdiction":
      return source.jurisdiction(i) ?? "";
    case "year":
      return source.year(i);
    case "document":
      return source.document(i) ?? "";
    case "provision":
      return source.row(i).provisionId;
    case "district":
      return source.row(i).district;
    case "enterprise":
      return source.row(i).enterprise;
    case "status":
      return source.row(i).status;
  }
}

/** One group's totals before commitments are applied: what summaryOfGroups takes, from the rows or from SQL. */
export interface GroupTotals {
  key: Partial<Record<GroupKey, string | number>>;
  count: number;
  /** Fen. */
  requested: Fen;
  uncapped: number;
  approved: Fen;
  paid: Fen;
  /** The years the group's rows fall in: a group without year takes the commitments of each. */
  years: Set<number>;
}

/**
 * The commitment for one jurisdiction and year. A document's commitment is used where one exists; entered and
 * sample ones only fill years the documents leave open. Several of one kind for the same year add up.
 */
export function commitmentFor(commitments: readonly Commitment[], jurisdiction: string, year: number): Commitment[] {
  const all = commitments.filter((c) => c.jurisdiction === jurisdiction && c.year === year);
  const stated = all.filter((c) => c.source.kind === "document" && !c.sample);
  if (stated.length > 0) return stated;
  const real = all.filter((c) => !c.sample);
  return real.length > 0 ? real : all;
}

/**
 * Groups the evaluated ledger by `by` (in that order of keys). Commitments apply to groups keyed by jurisdiction,
 * optionally by year, and by nothing finer; a group without year takes the commitments of every year its rows fall in.
 */
export function summarize(evaluation: LedgerEvaluation, by: readonly GroupKey[], commitments: readonly Commitment[]): SummaryRow[] {
  const groups = new Map<string, GroupTotals>();
  const source = sourceOf(evaluation);
  const values: (string | number)[] = new Array(by.length);
  for (let i = 0; i < source.length; i++) {
    for (let k = 0; k < by.length; k++) values[k] = keyValue(source, i, by[k] as GroupKey);
    const id = JSON.stringify(values);
    let acc = groups.get(id);
    if (!acc) {
      const key: Partial<Record<GroupKey, string | number>> = {};
      by.forEach((k, n) => (key[k] = values[n]));
      acc = { key, count: 0, requested: 0, uncapped: 0, approved: 0, paid: 0, years: new Set() };
      groups.set(id, acc);
    }
    const row = source.row(i);
    const ceilingFen = source.ceilingFen(i);
    acc.count++;
    acc.years.add(source.year(i));
    if (Number.isNaN(ceilingFen)) acc.uncapped++;
    else acc.requested += ceilingFen;
    if (row.status === "approved" || row.status === "paid") {
      acc.approved += fenOfExactYuan(row.approved ?? 0);
      acc.paid += fenOfExactYuan(row.paid ?? 0);
    }
  }
  return summaryOfGroups([...groups.values()], by, commitments);
}

/** The summary rows of grouped totals, with the commitments of each group's jurisdiction and years, sorted by `by`. */
export function summaryOfGroups(groups: readonly GroupTotals[], by: readonly GroupKey[], commitments: readonly Commitment[]): SummaryRow[] {
  const commitmentGrouping = by.includes("jurisdiction") && by.every((k) => k === "jurisdiction" || k === "year");
  const rows = groups.map((acc): SummaryRow => {
    let committed: Fen | null = null;
    let sample = false;
    let atLeast = false;
    const used: Commitment[] = [];
    if (commitmentGrouping && acc.key.jurisdiction) {
      committed = 0;
      for (const year of acc.years) {
        const found = commitmentFor(commitments, String(acc.key.jurisdiction), year);
        if (found.length === 0) {
          committed = null;
          break;
        }
        for (const c of found) {
          committed += c.amount;
          sample ||= c.sample;
          atLeast ||= commitmentKind(c) === "floor";
          used.push(c);
        }
      }
    }
    return {
      key: acc.key,
      count: acc.count,
      requested: acc.requested / 100,
      uncapped: acc.uncapped,
      approved: acc.approved / 100,
      paid: acc.paid / 100,
      committed: committed === null ? null : committed / 100,
      utilization: committed === null || committed === 0 ? null : acc.approved / committed,
      commitmentLeft: committed === null ? null : (committed - acc.approved) / 100,
      paidRatio: acc.approved === 0 ? null : acc.paid / acc.approved,
      sample: committed === null ? false : sample,
      atLeast: committed === null ? false : atLeast,
      notes: committed === null ? [] : notesOf(used),
    };
  });
  return rows.sort((a, b) => compareKeys(a.key, b.key, by));
}

function compareKeys(a: SummaryRow["key"], b: SummaryRow["key"], by: readonly GroupKey[]): number {
  for (const k of by) {
    const x = a[k] ?? "";
    const y = b[k] ?? "";
    if (x === y) continue;
    if (typeof x === "number" && typeof y === "number") return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

/** Adds up summary rows (for a total line): amounts in fen, so the total is exact. */
export function totalOf(rows: readonly SummaryRow[]): SummaryRow {
  const fen = (f: (r: SummaryRow) => number) => rows.reduce((s, r) => s + Math.round(f(r) * 100), 0);
  const approved = fen((r) => r.approved);
  const paid = fen((r) => r.paid);
  const all = rows.every((r) => r.committed !== null) && rows.length > 0;
  const committed = all ? fen((r) => r.committed ?? 0) : null;
  return {
    key: {},
    count: rows.reduce((s, r) => s + r.count, 0),
    requested: fen((r) => r.requested) / 100,
    uncapped: rows.reduce((s, r) => s + r.uncapped, 0),
    approved: approved / 100,
    paid: paid / 100,
    committed: committed === null ? null : committed / 100,
    utilization: committed ? approved / committed : null,
    commitmentLeft: committed === null ? null : (committed - approved) / 100,
    paidRatio: approved === 0 ? null : paid / approved,
    sample: rows.some((r) => r.sample),
    atLeast: rows.some((r) => r.atLeast),
    notes: rows.flatMap((r) => r.notes).filter((n, i, all) => all.findIndex((m) => m.zh === n.zh && m.en === n.en) === i),
  };
}

/** A summary row as the JSON answers send it: with `remaining`, commitmentLeft's name before 2026-12, for one release. */
export type SummaryRowJson = SummaryRow & { /** @deprecated the same figure as commitmentLeft */ remaining: number | null };

export function withDeprecatedNames(row: SummaryRow): SummaryRowJson {
  return { ...row, remaining: row.commitmentLeft };
}
