// What earlier rows have consumed of each cap, per enterprise and per the cap's scope and period.
//
// Each scope's keys and period are those of its row in shared/catalog/cap-scopes.ts (per project ID, per calendar
// year of the application date, both or neither); award caps do not span rows and are never counted here.
//
// An account is found by hashing its enterprise number, cap key, year and project hash into one open-addressing
// table of account numbers; what an account holds lives in parallel arrays. A ledger looks up an account per row
// and cap, so nothing here allocates per lookup or builds key text.
import { perProject as byProject, perYear as byYear, spansApplications, type CapScope } from "../catalog/cap-scopes.ts";
import type { Fen } from "../money/fen.ts";
import { columnsOf, FRESH, widenedColumns, type Allocator, type ColumnsOf } from "./typed-arrays.ts";

/** What identifies a row's account for one cap, besides the cap. */
export interface AccountOwner {
  enterprise: number;
  year: number;
  /** The row, so that a project hash that matches can be checked against the project ID itself. */
  row: number;
  projectHash: number;
}

/** Room for this many accounts and consumptions at first; they grow as needed. */
const FIRST_ROOM = 256;

const ACCOUNT_COLUMNS = { enterprise: "int32", cap: "int32", year: "float64", projectRow: "int32", hash: "int32", fenOf: "float64", lastEvent: "int32" } as const;
const EVENT_COLUMNS = { row: "int32", previous: "int32" } as const;

export class CapAccounts {
  /** Account number + 1 per slot; 0 is empty. */
  private slots: Int32Array;
  private mask: number;
  private count = 0;
  /** Per account: its key, what it consumed (fen) and its last consumption (an index into the events). */
  private accounts: ColumnsOf<typeof ACCOUNT_COLUMNS>;
  /** Per consumption, oldest first: the row and the account's previous consumption, a list per account. */
  private eventLog: ColumnsOf<typeof EVENT_COLUMNS>;
  private events = 0;
  /** Cap keys as numbers. */
  private readonly capNumbers = new Map<string, number>();

  /** `sameProject(a, b)`: whether rows a and b name the same project ID (asked only when their hashes agree). */
  constructor(
    private readonly sameProject: (a: number, b: number) => boolean,
    allocate: Allocator = FRESH,
  ) {
    this.slots = allocate.int32(2 * FIRST_ROOM);
    this.mask = 2 * FIRST_ROOM - 1;
    this.accounts = columnsOf(ACCOUNT_COLUMNS, FIRST_ROOM, allocate);
    this.eventLog = columnsOf(EVENT_COLUMNS, FIRST_ROOM, allocate);
  }

  /** The number of a cap key, for `find`. */
  capNumber(key: string): number {
    let n = this.capNumbers.get(key);
    if (n === undefined) {
      n = this.capNumbers.size;
      this.capNumbers.set(key, n);
    }
    return n;
  }

  /**
   * The owner's account for the cap (`capNumber` of its key, under `scope`), or -1 when it has none yet and
   * `open` is false. Award caps never span rows: -1.
   */
  find(cap: number, scope: CapScope, owner: AccountOwner, open: boolean): number {
    if (!spansApplications(scope)) return -1;
    const perProject = byProject(scope);
    const year = byYear(scope) ? owner.year : -1;
    const projectHash = perProject ? owner.projectHash : 0;
    const h = mix(mix(mix(mix(0x9e3779b9, owner.enterprise), cap), year), projectHash);
    const { slots, mask } = this;
    const accounts = this.accounts;
    for (let at = h & mask; ; at = (at + 1) & mask) {
      const held = (slots[at] as number) - 1;
      if (held < 0) break;
      if (
        accounts.hash[held] === h &&
        accounts.enterprise[held] === owner.enterprise &&
        accounts.cap[held] === cap &&
        accounts.year[held] === year &&
        (!perProject || this.sameProject(accounts.projectRow[held] as number, owner.row))
      )
        return held;
    }
    if (!open) return -1;
    const account = this.count++;
    if (account === this.accounts.fenOf.length) this.accounts = widenedColumns(ACCOUNT_COLUMNS, this.accounts, account * 2);
    const { enterprise, cap: caps, year: years, projectRow, hash, fenOf, lastEvent } = this.accounts;
    enterprise[account] = owner.enterprise;
    caps[account] = cap;
    years[account] = year;
    projectRow[account] = perProject ? owner.row : -1;
    hash[account] = h;
    fenOf[account] = 0;
    lastEvent[account] = -1;
    this.insert(account, h);
    return account;
  }

  /**
   * Drops every account. A caller that goes enterprise by enterprise (caps never span enterprises) forgets each
   * one's accounts when done with it, so that the table stays small enough to stay in the cache.
   */
  forget(): void {
    const { slots, mask } = this;
    const { hash } = this.accounts;
    // Every slot in use holds one of the accounts dropped, so emptying them all leaves no broken probe chain.
    for (let a = 0; a < this.count; a++) {
      for (let at = (hash[a] as number) & mask; ; at = (at + 1) & mask) {
        if (slots[at] === a + 1) {
          slots[at] = 0;
          break;
        }
      }
    }
    this.count = 0;
    this.events = 0;
  }

  /** What the account has consumed (fen); 0 for -1, an account not opened. */
  fen(account: number): Fen {
    return account < 0 ? 0 : (this.accounts.fenOf[account] as number);
  }

  /** The row consumes `fen` of the account. */
  consume(account: number, fen: Fen, row: number): void {
    const { fenOf, lastEvent } = this.accounts;
    fenOf[account] = (fenOf[account] as number) + fen;
    const e = this.events++;
    if (e === this.eventLog.row.length) this.eventLog = widenedColumns(EVENT_COLUMNS, this.eventLog, e * 2);
    this.eventLog.row[e] = row;
    this.eventLog.previous[e] = lastEvent[account] as number;
    lastEvent[account] = e;
  }

  /** The rows that consumed the account, in the order they did. */
  users(account: number): number[] {
    const out: number[] = [];
    const { row, previous } = this.eventLog;
    for (let e = account < 0 ? -1 : (this.accounts.lastEvent[account] as number); e >= 0; e = previous[e] as number) out.push(row[e] as number);
    return out.reverse();
  }

  private insert(account: number, h: number): void {
    if (this.count * 2 > this.slots.length) {
      this.slots = new Int32Array(this.slots.length * 2);
      this.mask = this.slots.length - 1;
      for (let a = 0; a < this.count - 1; a++) this.place(a, this.accounts.hash[a] as number);
    }
    this.place(account, h);
  }

  private place(account: number, h: number): void {
    const { slots, mask } = this;
    let at = h & mask;
    while (slots[at] !== 0) at = (at + 1) & mask;
    slots[at] = account + 1;
  }
}

/** One step of a multiplicative hash over 32-bit parts. */
function mix(h: number, part: number): number {
  return Math.imul(h ^ part, 0x01000193) ^ (h >>> 15);
}
