/** What a check says: keep waiting (undefined), done with a value, or failed. */
export type Verdict<T> = undefined | { value: T } | { error: Error };

/**
 * Waits for `check` to settle: it runs now and each time the owner calls the listeners in
 * `listeners` (a new log line, the process exiting). Rejects with `timeout()` after `timeoutMs`.
 * Imports nothing, so both the tests' and the bench's worker wrappers use it.
 */
export function watchUntil<T>(
  listeners: Set<() => void>,
  timeoutMs: number,
  timeout: () => Error,
  check: () => Verdict<T>,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      listeners.delete(run);
    };
    const run = () => {
      const verdict = check();
      if (!verdict) return;
      done();
      if ('error' in verdict) reject(verdict.error);
      else resolve(verdict.value);
    };
    const timer = setTimeout(() => {
      done();
      reject(timeout());
    }, timeoutMs);
    listeners.add(run);
    run();
  });
}
