// A ledger's rows read into the columns its evaluation works on: each row's provision, day, enterprise, status,
// amounts in fen and key hashes as numbers. A million row objects and their strings lie scattered over the heap;
// reading each row once, in file order, and working on dense arrays afterwards is most of what makes a large
// ledger fast. Rows can also be pushed one at a time, for a caller that evaluates as it goes (the sample).
import type { FactName } from "../catalog/schema.ts";
import type { Engine } from "../engine/engine.ts";
import { fenOfExactYuan, plainFen } from "../money/fen.ts";
import { dayKey } from "./order.ts";
import { kindGroups, planKey, provisionPlan, type KindGroup, type ProvisionPlan } from "./provision-plan.ts";
import { STATUSES, type LedgerRow, type Status } from "./row.ts";
import { hashText } from "./row-keys.ts";
import { columnsOf, FRESH, widenedColumns, type Allocator, type ColumnsOf } from "./typed-arrays.ts";

/** Status codes: the index in STATUSES. */
export const STATUS_CODE: Readonly<Record<Status, number>> = Object.fromEntries(STATUSES.map((s, i) => [s, i])) as Record<Status, number>;
const APPLIED = STATUS_CODE.applied;
const APPROVED = STATUS_CODE.approved;
const PAID = STATUS_CODE.paid;

/** Whether a status code is of a decided row (approved or paid). */
export function isDecided(status: number): boolean {
  return status === APPROVED || status === PAID;
}

/** Whether a status code is of a row still in play (applied, approved or paid): what it asks for is checked. */
export function isLive(status: number): boolean {
  return status === APPLIED || status === APPROVED || status === PAID;
}

/**
 * What a row counts against the caps on its path, in fen (see evaluate.ts): approved and paid rows their approved
 * amount (else the paid amount), applied rows their ceiling (else their floor), other rows nothing. NaN is "none".
 */
export function countedFenOf(status: number, approvedFen: number, paidFen: number, ceilingFen: number, floorFen: number): number {
  if (isDecided(status)) return Number.isNaN(approvedFen) ? (Number.isNaN(paidFen) ? 0 : paidFen) : approvedFen;
  if (status === APPLIED) return Number.isNaN(ceilingFen) ? (Number.isNaN(floorFen) ? 0 : floorFen) : ceilingFen;
  return 0;
}

/** Numbers a text key by first appearance; the previous key is tried first, since files list related rows together. */
class Numbering {
  readonly firstRow: number[] = [];
  private readonly numbers = new Map<string, number>();
  private lastKey: string | null = null;
  private last = -1;

  numberOf(key: string, row: number): number {
    if (key === this.lastKey) return this.last;
    let n = this.numbers.get(key);
    if (n === undefined) {
      n = this.firstRow.length;
      this.numbers.set(key, n);
      this.firstRow.push(row);
    }
    this.lastKey = key;
    this.last = n;
    return n;
  }

  /** Forgets the key if `row` introduced it (it is then the last number). */
  drop(key: string, row: number): void {
    const n = this.numbers.get(key);
    if (n === undefined || this.firstRow[n] !== row) return;
    this.numbers.delete(key);
    this.firstRow.pop();
    this.lastKey = null;
  }
}

/** Whether a fact or amount value is one the engine takes as given: a number, not negative, exact to the fen. */
const plainYuan = (value: number): boolean => !Number.isNaN(plainFen(value));

/** The input's columns, one row each: the fields below, with what they hold. */
const INPUT_COLUMNS = {
  provision: "int32",
  day: "float64",
  enterprise: "int32",
  status: "uint8",
  amount: "float64",
  plain: "uint8",
  hasFacts: "uint8",
  approvedFen: "float64",
  paidFen: "float64",
  paidDay: "float64",
  idHash: "int32",
  projectHash: "int32",
} as const;

export class LedgerInput implements ColumnsOf<typeof INPUT_COLUMNS> {
  /** The rows, as given to `of` or pushed. */
  readonly rows: readonly LedgerRow[];
  readonly plans: ProvisionPlan[] = [];
  /** Per row: its provision, as an index into `plans`. */
  provision!: Int32Array;
  /** Per row: the day key of the application date (order.ts); NaN when it is not a calendar day. */
  day!: Float64Array;
  /** Per row: its enterprise (credit code as entered) as a dense number, in order of first appearance. */
  enterprise!: Int32Array;
  /** Per row: the index of its status in STATUSES. */
  status!: Uint8Array;
  /** Per row: the amount as entered (yuan, or a count); NaN when blank. */
  amount!: Float64Array;
  /**
   * Per row: 1 when the amount and facts are values the engine takes as given — blank, or not negative and exact
   * to the fen (a whole count), facts only of the provision's. Other rows are evaluated from their own values, and
   * the engine rounds them or words what is wrong.
   */
  plain!: Uint8Array;
  /** Per row: 1 when it gives any fact. */
  hasFacts!: Uint8Array;
  /** Per row: approved and paid amounts in fen; NaN when blank. */
  approvedFen!: Float64Array;
  paidFen!: Float64Array;
  /** Per row: the day key of the paid date; NaN when blank, -1 when it is not a calendar day. */
  paidDay!: Float64Array;
  /** Per row: hashes of the application ID and (where a cap or stacking group needs it) of the project ID. */
  idHash!: Int32Array;
  projectHash!: Int32Array;

  private readonly planNumbers = new Numbering();
  private readonly enterprises = new Numbering();
  private readonly kinds: ReadonlyMap<string, readonly KindGroup[]>;

  private constructor(
    readonly engine: Engine,
    rows: readonly LedgerRow[],
    capacity: number,
    /** Where the columns come from; also for working arrays that live as long as the input. */
    readonly allocate: Allocator,
  ) {
    this.rows = rows;
    this.kinds = kindGroups(engine.catalog);
    Object.assign(this, columnsOf(INPUT_COLUMNS, capacity, allocate));
  }

  /** The columns of a whole ledger (the rows are not copied: they must not change while the input is in use). */
  static of(engine: Engine, rows: readonly LedgerRow[], allocate: Allocator = FRESH): LedgerInput {
    const input = new LedgerInput(engine, rows, rows.length, allocate);
    for (let i = 0; i < rows.length; i++) input.read(i);
    input.length = rows.length;
    return input;
  }

  /** An empty input that rows are pushed to one at a time. */
  static growing(engine: Engine): LedgerInput {
    return new LedgerInput(engine, [], 16, FRESH);
  }

  /** Rows read so far. */
  length = 0;

  /** Per enterprise: the first row with its credit code. */
  get firstRowOf(): readonly number[] {
    return this.enterprises.firstRow;
  }

  /** Adds a row to a growing input and returns its index. */
  push(row: LedgerRow): number {
    const i = this.length;
    if (i === this.provision.length) this.grow();
    (this.rows as LedgerRow[]).push(row);
    this.read(i);
    this.length = i + 1;
    return i;
  }

  /** Removes the last row pushed (after a look at its ceiling that is not to count). */
  pop(): void {
    const row = (this.rows as LedgerRow[]).pop();
    this.length = this.rows.length;
    if (row) this.enterprises.drop(row.creditCode, this.length);
  }

  /** Reads row i into the columns. */
  private read(i: number): void {
    const row = this.rows[i] as LedgerRow;
    const p = this.planNumbers.numberOf(planKey(row.provisionId, row.notice), i);
    if (p === this.plans.length) this.plans.push(provisionPlan(this.engine, row.provisionId, this.kinds, row.notice ?? null));
    const plan = this.plans[p] as ProvisionPlan;
    this.provision[i] = p;
    this.day[i] = dayKey(row.applicationDate);
    this.enterprise[i] = this.enterprises.numberOf(row.creditCode, i);
    this.status[i] = STATUS_CODE[row.status] ?? 255;
    this.amount[i] = row.amount ?? NaN;
    this.approvedFen[i] = row.approved === null ? NaN : fenOfExactYuan(row.approved);
    this.paidFen[i] = row.paid === null ? NaN : fenOfExactYuan(row.paid);
    const paidDay = row.paidDate === null ? NaN : dayKey(row.paidDate);
    this.paidDay[i] = row.paidDate !== null && Number.isNaN(paidDay) ? -1 : paidDay;
    this.idHash[i] = hashText(row.applicationId);
    this.projectHash[i] = plan.perProject || plan.kinds.length > 0 ? hashText(row.projectId) : 0;
    let plain = row.amount === null || (typeof row.amount === "number" && (plan.count ? Number.isInteger(row.amount) && row.amount >= 0 : plainYuan(row.amount)));
    let hasFacts = 0;
    // for…in allocates nothing for the common empty record.
    for (const name in row.facts) {
      const value = row.facts[name as FactName];
      if (value === undefined || value === null) continue;
      hasFacts = 1;
      if (!plan.facts.includes(name as FactName) || typeof value !== "number" || !plainYuan(value)) plain = false;
    }
    this.plain[i] = plain ? 1 : 0;
    this.hasFacts[i] = hasFacts;
  }

  private grow(): void {
    Object.assign(this, widenedColumns(INPUT_COLUMNS, this, this.provision.length * 2));
  }
}
