// Bounded parallelism over streams and lists: never more than `width` tasks in
// flight, so memory follows the width, not the size of the folder.

/** Maps an async stream with at most `width` calls in flight; results come in the order they finish. */
export async function* mapWindow<T, R>(source: AsyncIterable<T>, width: number, fn: (item: T) => Promise<R>): AsyncGenerator<R> {
  const iterator = source[Symbol.asyncIterator]();
  const inFlight = new Map<number, Promise<{ key: number; value: R }>>();
  let nextKey = 0;
  let exhausted = false;
  try {
    for (;;) {
      while (!exhausted && inFlight.size < width) {
        const next = await iterator.next();
        if (next.done) {
          exhausted = true;
          break;
        }
        const key = nextKey++;
        inFlight.set(key, fn(next.value).then((value) => ({ key, value })));
      }
      if (inFlight.size === 0) return;
      const settled = await Promise.race(inFlight.values());
      inFlight.delete(settled.key);
      yield settled.value;
    }
  } finally {
    // Stopped early (cancelled, or a failure): what is still running finishes unobserved.
    for (const pending of inFlight.values()) pending.catch(() => undefined);
    if (!exhausted) await iterator.return?.(undefined);
  }
}

/**
 * Runs `fn` over `items` with at most `width` at once; resolves when all are
 * done. After the first failure no new item is started, and it rejects with
 * that failure only once every call already started has ended: nothing is
 * still writing when the caller handles the error.
 */
export async function forEachLimited<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  let failure: unknown;
  const lane = async () => {
    while (!failed && next < items.length) {
      try {
        await fn(items[next++]!);
      } catch (error) {
        if (!failed) failure = error;
        failed = true;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
  if (failed) throw failure;
}
