// Rows grouped by a text key (application ID; credit code; credit code, project and provision group) without
// building the key. A million-row ledger would otherwise concatenate a million strings and insert them into a Map,
// which alone costs most of a second; this table hashes the rows' own strings and stores row indices.

import { FRESH, type Allocator } from "./typed-arrays.ts";

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Folds a text into an FNV-1a hash; chain calls to hash several texts as one key. */
export function hashText(text: string, hash = FNV_OFFSET): number {
  let h = hash;
  for (let k = 0; k < text.length; k++) h = Math.imul(h ^ text.charCodeAt(k), FNV_PRIME);
  // A separator, so that ("ab", "c") and ("a", "bc") hash apart.
  return Math.imul(h ^ 0xffff, FNV_PRIME);
}

/**
 * An open-addressing table of row indices: `firstOf(i)` answers the first row added under row i's key, adding i
 * when the key is new. The caller says how to hash a row's key and when two rows' keys are equal.
 */
export class RowKeys {
  /**
   * Two entries per slot, side by side so that a probe reads one cache line: the row index + 1 (0 is empty), and
   * the key's hash, compared first so that rows are read only when the hashes agree.
   */
  private readonly table: Int32Array;
  private readonly mask: number;

  constructor(
    expectedRows: number,
    private readonly hash: (row: number) => number,
    private readonly same: (a: number, b: number) => boolean,
    allocate: Allocator = FRESH,
  ) {
    let size = 16;
    while (size < expectedRows * 2) size *= 2;
    this.table = allocate.int32(size * 2);
    this.mask = size - 1;
  }

  firstOf(row: number): number {
    const { table, mask } = this;
    const hash = this.hash(row) | 0;
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const held = table[2 * at] as number;
      if (held === 0) {
        table[2 * at] = row + 1;
        table[2 * at + 1] = hash;
        return row;
      }
      if (table[2 * at + 1] === hash && this.same(held - 1, row)) return held - 1;
    }
  }
}
