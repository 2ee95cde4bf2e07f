// `subsidy db verify`: walks every audit chain (audit/chain.ts) page by page in one read snapshot and reports each
// place it breaks. An entry whose content no longer gives its hash was altered; a version missing before an entry
// was deleted; an entry whose prev_hash is not the hash of the entry before it follows one that was replaced (hash
// and all). The chains' ends are held to what they record: a current row, commitment or notice must be its
// history's last version, a token its created (and revoked) event.
import { sql, type Kysely } from "kysely";
import { readSnapshot } from "../db/copy.ts";
import type { Db, Executor } from "../db/open.ts";
import { CHAIN_START, chainHash, type ChainedTable } from "./chain.ts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const PAGE = 1000;
/** A ledger someone rewrote wholesale breaks everywhere: the first thousand say enough. */
const MAX_BREAKS = 1000;

export type BreakReason = "altered" | "missing_before" | "relinked" | "head_mismatch" | "no_history" | "event_missing";

export interface ChainBreak {
  table: ChainedTable;
  applicationId?: string;
  jurisdiction?: string;
  year?: number;
  tokenId?: number;
  /** notice_history: the notice whose chain breaks. */
  noticeId?: string;
  /** The entry where the chain breaks: its version (its `seq` for token events, payments and decisions); null when no entry exists. */
  version: number | null;
  reason: BreakReason;
  /** missing_before: the versions absent before this entry. */
  missing?: { from: number; to: number };
  message: { zh: string; en: string };
}

export interface VerifyReport {
  ok: boolean;
  checked: { ledgerHistory: number; commitmentsHistory: number; tokenEvents: number; payments: number; decisions: number; noticeHistory: number };
  breaks: ChainBreak[];
  /** Set when more than MAX_BREAKS breaks were found (only the first are listed). */
  truncated?: true;
}

interface ChainSpec {
  table: ChainedTable;
  /** The columns naming one chain (none: the table is one chain). */
  chain: readonly string[];
  /** The position in the chain. */
  position: "version" | "seq";
  /** The table holding each chain's current version, for the end check. */
  current?: "ledger_rows" | "commitments" | "notices";
  /** The current table's columns matching `chain`, where they are named otherwise. */
  currentKeys?: readonly string[];
  /** An entry that may open its chain at any version: one a migration wrote for a record whose earlier versions were never kept. */
  opensAnywhere?: (row: Record<string, unknown>) => boolean;
  /** The chain's identity as a break names it. */
  name: (row: Record<string, unknown>) => Pick<ChainBreak, "applicationId" | "jurisdiction" | "year" | "tokenId" | "noticeId">;
}

const SPECS: Record<keyof VerifyReport["checked"], ChainSpec> = {
  ledgerHistory: { table: "ledger_history", chain: ["application_id"], position: "version", current: "ledger_rows", name: (r) => ({ applicationId: String(r.application_id) }) },
  commitmentsHistory: {
    table: "commitments_history",
    chain: ["jurisdiction", "year"],
    position: "version",
    current: "commitments",
    name: (r) => ({ jurisdiction: String(r.jurisdiction), year: Number(r.year) }),
  },
  tokenEvents: { table: "token_events", chain: [], position: "seq", name: (r) => ({ tokenId: Number(r.token_id) }) },
  // Each row's payments (migration 6): their own chain per row, in seq order.
  payments: { table: "ledger_payments", chain: ["application_id"], position: "seq", name: (r) => ({ applicationId: String(r.application_id) }) },
  // Each row's decisions (migration 8) likewise.
  decisions: { table: "ledger_decisions", chain: ["application_id"], position: "seq", name: (r) => ({ applicationId: String(r.application_id) }) },
  // Each notice's versions: a notice stored before its history opens its chain with one `migrated` entry.
  noticeHistory: {
    table: "notice_history",
    chain: ["notice_id"],
    position: "version",
    current: "notices",
    currentKeys: ["id"],
    opensAnywhere: (r) => r.operation === "migrated",
    name: (r) => ({ noticeId: String(r.notice_id) }),
  },
};

class Breaks {
  readonly list: ChainBreak[] = [];
  truncated = false;
  add(b: ChainBreak): void {
    if (this.list.length < MAX_BREAKS) this.list.push(b);
    else this.truncated = true;
  }
}

function message(reason: BreakReason, at: number | null, detail: { from?: number; to?: number; last?: number } = {}): { zh: string; en: string } {
  switch (reason) {
    case "altered":
      return { zh: `第 ${at} 条的内容与其哈希不符：记录被改动过`, en: `entry ${at} does not match its hash: it was altered` };
    case "missing_before":
      return { zh: `第 ${at} 条之前缺少第 ${detail.from}–${detail.to} 条：记录被删除`, en: `entries ${detail.from}–${detail.to} before entry ${at} are missing: deleted` };
    case "relinked":
      return { zh: `第 ${at} 条记录的前一哈希与前一条不符：前一条被替换过`, en: `entry ${at}'s prev_hash is not the previous entry's hash: that entry was replaced` };
    case "head_mismatch":
      return { zh: `当前数据为第 ${at} 版，历史记录止于第 ${detail.last} 版`, en: `the current record is version ${at}, its history ends at version ${detail.last}` };
    case "no_history":
      return { zh: `当前数据（第 ${at} 版）没有任何历史记录`, en: `the current record (version ${at}) has no history at all` };
    case "event_missing":
      return { zh: "令牌缺少其创建或撤销事件", en: "the token lacks its created or revoked event" };
  }
}

/** Walks one table's chains; returns how many entries it checked. */
async function walk(ex: Executor, spec: ChainSpec, breaks: Breaks): Promise<number> {
  const db = ex as AnyDb;
  const keys = [...spec.chain, spec.position];
  const h = (k: string) => sql.ref(`h.${k}`);
  let after: unknown[] | null = null;
  let chainOf: string | null = null;
  let previous = null as { row: Record<string, unknown>; position: number; hash: string } | null;
  let checked = 0;
  const endChain = () => {
    if (!previous || !spec.current) return;
    const current = previous.row.current_version;
    if (current !== null && current !== undefined && Number(current) !== previous.position) {
      breaks.add({ table: spec.table, ...spec.name(previous.row), version: Number(current), reason: "head_mismatch", message: message("head_mismatch", Number(current), { last: previous.position }) });
    }
  };
  for (;;) {
    let query = db.selectFrom(`${spec.table} as h`).selectAll("h");
    if (spec.current) {
      const current = spec.current;
      query = query
        .leftJoin(`${current} as c`, (j) => spec.chain.reduce((on, k, i) => on.onRef(`c.${spec.currentKeys?.[i] ?? k}`, "=", `h.${k}`), j))
        .select(sql.ref("c.version").as("current_version"));
    }
    if (after) query = query.where(sql<boolean>`(${sql.join(keys.map(h))}) > (${sql.join(after)})`);
    for (const k of keys) query = query.orderBy(`h.${k}`);
    const rows = (await query.limit(PAGE).execute()) as Record<string, unknown>[];
    if (rows.length === 0) break;
    for (const row of rows) {
      checked++;
      const id = JSON.stringify(spec.chain.map((k) => row[k]));
      if (id !== chainOf) {
        endChain();
        chainOf = id;
        previous = null;
      }
      const position = Number(row[spec.position]);
      const expected: number = previous ? previous.position + 1 : spec.opensAnywhere?.(row) ? position : 1;
      const prevHash: string = previous?.hash ?? CHAIN_START;
      const stored = String(row.hash);
      const named = { table: spec.table, ...spec.name(row), version: position };
      if (chainHash(spec.table, row, String(row.prev_hash)) !== stored) {
        breaks.add({ ...named, reason: "altered", message: message("altered", position) });
      } else if (position !== expected) {
        const missing = { from: expected, to: position - 1 };
        breaks.add({ ...named, reason: "missing_before", missing, message: message("missing_before", position, missing) });
      } else if (row.prev_hash !== prevHash) {
        breaks.add({ ...named, reason: "relinked", message: message("relinked", position) });
      }
      previous = { row, position, hash: stored };
    }
    const last = rows[rows.length - 1] ?? {};
    after = keys.map((k) => last[k]);
  }
  endChain();
  return checked;
}

/** Current rows and commitments without any history, tokens without their events: nothing in a chain to walk. */
async function orphans(ex: Executor, breaks: Breaks): Promise<void> {
  const rows = await ex
    .selectFrom("ledger_rows as c")
    .select(["c.application_id", "c.version"])
    .where((eb) => eb.not(eb.exists(eb.selectFrom("ledger_history as h").select("h.version").whereRef("h.application_id", "=", "c.application_id"))))
    .orderBy("c.application_id")
    .limit(MAX_BREAKS + 1)
    .execute();
  for (const r of rows) breaks.add({ table: "ledger_history", applicationId: r.application_id, version: r.version, reason: "no_history", message: message("no_history", r.version) });
  const commitments = await ex
    .selectFrom("commitments as c")
    .select(["c.jurisdiction", "c.year", "c.version"])
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom("commitments_history as h").select("h.version").whereRef("h.jurisdiction", "=", "c.jurisdiction").whereRef("h.year", "=", "c.year"))),
    )
    .orderBy("c.jurisdiction")
    .orderBy("c.year")
    .limit(MAX_BREAKS + 1)
    .execute();
  for (const c of commitments) {
    breaks.add({ table: "commitments_history", jurisdiction: c.jurisdiction, year: c.year, version: c.version, reason: "no_history", message: message("no_history", c.version) });
  }
  const tokens = await ex
    .selectFrom("tokens as t")
    .select("t.id")
    .where((eb) =>
      eb.or([
        eb.not(eb.exists(eb.selectFrom("token_events as e").select("e.seq").whereRef("e.token_id", "=", "t.id").where("e.event", "=", "created"))),
        eb.and([
          eb("t.revoked_at", "is not", null),
          eb.not(eb.exists(eb.selectFrom("token_events as e").select("e.seq").whereRef("e.token_id", "=", "t.id").where("e.event", "=", "revoked"))),
        ]),
      ]),
    )
    .orderBy("t.id")
    .limit(MAX_BREAKS + 1)
    .execute();
  for (const t of tokens) breaks.add({ table: "token_events", tokenId: Number(t.id), version: null, reason: "event_missing", message: message("event_missing", null) });
}

/** Notices without any history entry. */
async function noticeOrphans(ex: Executor, breaks: Breaks): Promise<void> {
  const notices = await ex
    .selectFrom("notices as c")
    .select(["c.id", "c.version"])
    .where((eb) => eb.not(eb.exists(eb.selectFrom("notice_history as h").select("h.version").whereRef("h.notice_id", "=", "c.id"))))
    .orderBy("c.id")
    .limit(MAX_BREAKS + 1)
    .execute();
  for (const n of notices) breaks.add({ table: "notice_history", noticeId: n.id, version: Number(n.version), reason: "no_history", message: message("no_history", Number(n.version)) });
}

/**
 * Checks every chain in one read snapshot (a service may go on writing meanwhile); `payments: false` below schema 6,
 * `decisions: false` below 8, `notices: false` below the notice history's migration.
 */
export async function verifyChains(db: Db, options: { payments?: boolean; decisions?: boolean; notices?: boolean } = {}): Promise<VerifyReport> {
  return readSnapshot(db, async (ex) => {
    const breaks = new Breaks();
    const checked = { ledgerHistory: 0, commitmentsHistory: 0, tokenEvents: 0, payments: 0, decisions: 0, noticeHistory: 0 };
    for (const key of Object.keys(SPECS) as (keyof typeof SPECS)[]) {
      if (key === "payments" && options.payments === false) continue;
      if (key === "decisions" && options.decisions === false) continue;
      if (key === "noticeHistory" && options.notices === false) continue;
      checked[key] = await walk(ex, SPECS[key], breaks);
    }
    await orphans(ex, breaks);
    if (options.notices !== false) await noticeOrphans(ex, breaks);
    const report: VerifyReport = { ok: breaks.list.length === 0 && !breaks.truncated, checked, breaks: breaks.list };
    if (breaks.truncated) report.truncated = true;
    return report;
  });
}
