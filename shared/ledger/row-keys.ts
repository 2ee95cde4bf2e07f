// Rows grouped by a text key (application ID; provision group, enterprise and project) without building the key.
// A million-row ledger would otherwise concatenate a million strings and insert them into a Map, which alone costs
// most of a second; here the rows' own strings are hashed, and row indices grouped by hash.

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

/** Rows per part of the partitioned grouping: a part's table (two Int32 per slot, half full) then fits in the L2 cache. */
const PART_ROWS = 4096;

/**
 * The groups of rows (two or more) whose keys are equal, each in the order the rows are given; most rows share no
 * key. `hash(row)` hashes a row's key; `same(a, b)` says whether two rows' keys are equal (asked only when their
 * hashes agree).
 *
 * The rows are first partitioned by the top bits of their hash — equal keys land in one part — and each part is
 * grouped through a small open-addressing table: one table over a million rows would miss the cache on almost
 * every probe.
 */
export function sameKeyGroups(rows: ArrayLike<number>, hash: (row: number) => number, same: (a: number, b: number) => boolean, allocate: Allocator = FRESH): number[][] {
  const m = rows.length;
  let bits = 0;
  while (m >> bits > PART_ROWS) bits++;
  const partOf = (h: number): number => (bits === 0 ? 0 : h >>> (32 - bits));
  // Positions in `rows`, in parts, each part in the order given.
  const hashes = allocate.int32(m);
  const start = new Int32Array((1 << bits) + 1);
  for (let k = 0; k < m; k++) {
    const h = hash(rows[k] as number) | 0;
    hashes[k] = h;
    start[partOf(h) + 1] = (start[partOf(h) + 1] as number) + 1;
  }
  let largest = 0;
  for (let p = 0; p < 1 << bits; p++) {
    largest = Math.max(largest, start[p + 1] as number);
    start[p + 1] = (start[p + 1] as number) + (start[p] as number);
  }
  const inParts = allocate.int32(m);
  const fill = start.slice(0, 1 << bits);
  for (let k = 0; k < m; k++) {
    const p = partOf(hashes[k] as number);
    inParts[fill[p] as number] = k;
    fill[p] = (fill[p] as number) + 1;
  }

  let size = 16;
  while (size < largest * 2) size *= 2;
  const mask = size - 1;
  // Per slot: the position + 1 of the first row with its key (0 is empty), and that key's hash.
  const table = allocate.int32(size * 2);
  const groups = new Map<number, number[]>();
  for (let p = 0; p < 1 << bits; p++) {
    const from = start[p] as number;
    const to = start[p + 1] as number;
    for (let q = from; q < to; q++) {
      const k = inParts[q] as number;
      const h = hashes[k] as number;
      for (let at = h & mask; ; at = (at + 1) & mask) {
        const held = table[2 * at] as number;
        if (held === 0) {
          table[2 * at] = k + 1;
          table[2 * at + 1] = h;
          break;
        }
        if (table[2 * at + 1] === h && same(rows[held - 1] as number, rows[k] as number)) {
          const group = groups.get(held - 1);
          if (group) group.push(k);
          else groups.set(held - 1, [held - 1, k]);
          break;
        }
      }
    }
    // Empty the table for the next part: every slot in use holds a row of this part.
    for (let q = from; q < to; q++) {
      const h = hashes[inParts[q] as number] as number;
      for (let at = h & mask; table[2 * at] !== 0; at = (at + 1) & mask) table[2 * at] = 0;
    }
  }
  return [...groups.values()].map((group) => group.map((k) => rows[k] as number));
}
