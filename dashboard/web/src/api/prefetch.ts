// Requests a view will make, started by the shell as soon as its script runs, before the view's own chunk has
// loaded: the first view then waits for its chunks and its data at once, not one after the other (at 1M rows,
// the overview's summary and its chunks each take a noticeable part of the first view). A view takes its request
// once, on its first mount with the same key; later mounts ask the service again.
const started = new Map<string, Promise<unknown>>();

export function prefetch<T>(key: string, run: () => Promise<T>): void {
  const promise = run();
  // Not taken yet is not unhandled: the view that takes it sees the error and shows it.
  promise.catch(() => {});
  started.set(key, promise);
}

/** The request started for `key`, if any and not taken before; otherwise `run`'s. */
export function prefetched<T>(key: string, run: () => Promise<T>): Promise<T> {
  const promise = started.get(key) as Promise<T> | undefined;
  started.delete(key);
  return promise ?? run();
}
