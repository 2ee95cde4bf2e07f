// Rows grouped by a text key (application ID; credit code; credit code, project and provision group) without
// building the key. A million-row ledger would otherwise concatenate a million strings and insert them into a Map,
// which alone costs most of a second; this table hashes the rows' own strings and stores row indices.

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
  /** Row index + 1 per slot; 0 is empty. */
  private readonly slots: Int32Array;
  /** The key's hash per slot: compared first, so that rows are read only when the hashes agree. */
  private readonly hashes: Int32Array;
  private readonly mask: number;

  constructor(
    expectedRows: number,
    private readonly hash: (row: number) => number,
    private readonly same: (a: number, b: number) => boolean,
  ) {
    let size = 16;
    while (size < expectedRows * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.hashes = new Int32Array(size);
    this.mask = size - 1;
  }

  firstOf(row: number): number {
    const { slots, hashes, mask } = this;
    const hash = this.hash(row) | 0;
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const held = slots[at] as number;
      if (held === 0) {
        slots[at] = row + 1;
        hashes[at] = hash;
        return row;
      }
      if (hashes[at] === hash && this.same(held - 1, row)) return held - 1;
    }
  }
}
