// Where a ledger evaluation's typed columns come from, and how they grow.
//
// A million-row evaluation works on some 100 MB of columns. Allocated afresh each time, they make V8 run a full
// garbage collection per evaluation — it collects whenever memory outside its heap grows by 64 MB — and on a heap
// that holds the million rows, that costs a fifth of a second. evaluateLedger therefore carves its working columns
// from one arena kept from one evaluation to the next; what it returns is allocated afresh.
export type Column = Int32Array | Float64Array | Uint8Array;

/** Makes zeroed typed arrays. */
export interface Allocator {
  int32(n: number): Int32Array;
  float64(n: number): Float64Array;
  uint8(n: number): Uint8Array;
}

/** Arrays of their own, left to the garbage collector. */
export const FRESH: Allocator = {
  int32: (n) => new Int32Array(n),
  float64: (n) => new Float64Array(n),
  uint8: (n) => new Uint8Array(n),
};

/**
 * Zeroed arrays cut from one buffer, all given back at once by `reset`: arrays cut before a reset must not be used
 * after it. The buffer grows to the largest need seen and is kept.
 */
export class Arena implements Allocator {
  private buffer = new ArrayBuffer(1 << 16);
  private used = 0;
  /** Bytes cut since the last reset, over every buffer. */
  private cutSinceReset = 0;

  reset(): void {
    // One buffer for all that the last round needed, so the next round of the same size cuts from it alone.
    if (this.cutSinceReset > this.buffer.byteLength) this.buffer = new ArrayBuffer(this.cutSinceReset);
    this.used = 0;
    this.cutSinceReset = 0;
  }

  int32(n: number): Int32Array {
    return this.cut(Int32Array, n);
  }

  float64(n: number): Float64Array {
    return this.cut(Float64Array, n);
  }

  uint8(n: number): Uint8Array {
    return this.cut(Uint8Array, n);
  }

  private cut<T extends Column>(type: { new (buffer: ArrayBuffer, offset: number, length: number): T; BYTES_PER_ELEMENT: number }, n: number): T {
    // Every array starts at an 8-byte boundary, as a Float64Array must.
    const bytes = Math.ceil((n * type.BYTES_PER_ELEMENT) / 8) * 8;
    if (this.used + bytes > this.buffer.byteLength) {
      // Arrays cut so far keep the old buffer alive until they are dropped; later evaluations use the larger one.
      this.buffer = new ArrayBuffer(Math.max(2 * bytes, 2 * this.buffer.byteLength));
      this.used = 0;
    }
    const array = new type(this.buffer, this.used, n);
    this.used += bytes;
    this.cutSinceReset += bytes;
    array.fill(0);
    return array;
  }
}

/** A copy of `a` with room for `size` entries (the rest zero). */
export function widen<T extends Column>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

/** The element type of each of a set of named columns. */
export type ColumnKinds = Readonly<Record<string, keyof Allocator>>;
type ArrayOf<K extends keyof Allocator> = ReturnType<Allocator[K]>;
/** The columns themselves, by name. */
export type ColumnsOf<S extends ColumnKinds> = { [K in keyof S]: ArrayOf<S[K]> };

/** One zeroed array of length n per column of the set. */
export function columnsOf<S extends ColumnKinds>(kinds: S, n: number, allocate: Allocator): ColumnsOf<S> {
  const out: Record<string, Column> = {};
  for (const name in kinds) out[name] = allocate[kinds[name] as keyof Allocator](n);
  return out as ColumnsOf<S>;
}

/** The columns of the set, each widened to `size` entries: one list of names, so that no column is left short. */
export function widenedColumns<S extends ColumnKinds>(kinds: S, columns: ColumnsOf<S>, size: number): ColumnsOf<S> {
  const out: Record<string, Column> = {};
  for (const name in kinds) out[name] = widen(columns[name] as Column, size);
  return out as ColumnsOf<S>;
}
