// Test helpers that wait for something to happen instead of sleeping for a
// while and hoping it did: a condition re-checked until it holds, or the
// first event that matches.

/**
 * Resolves once `check()` holds; re-checked every few milliseconds. Fails,
 * naming `what`, after `ms` (a bound for a broken build, not a wait: a
 * working one returns as soon as the condition holds).
 */
export async function until(what: string, check: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * A log of events: `push` records one (hand it to whatever emits them);
 * `next(match)` resolves with the first recorded event that matches, now or
 * when it arrives.
 */
export function eventLog<T>() {
  const seen: T[] = [];
  const waiting = new Set<() => void>();
  return {
    seen,
    push(event: T): void {
      seen.push(event);
      for (const wake of [...waiting]) wake();
    },
    next(match: (event: T) => boolean): Promise<T> {
      return new Promise<T>((resolve) => {
        const look = () => {
          const found = seen.find(match);
          if (found === undefined) return false;
          waiting.delete(wake);
          resolve(found);
          return true;
        };
        const wake = () => void look();
        if (!look()) waiting.add(wake);
      });
    },
  };
}
