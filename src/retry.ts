import { setTimeout as wait } from 'node:timers/promises';
import { errorMessage, isRetriable } from './errors.js';

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** 2 doubles the ceiling each attempt. */
  factor?: number;
}

/**
 * "Full jitter" backoff: a random delay between 0 and the exponential ceiling, so many tasks
 * throttled at once do not retry in step.
 */
export function backoffDelay(
  attempt: number,
  opts: BackoffOptions,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(opts.maxMs, opts.initialMs * (opts.factor ?? 2) ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export interface RetryDeps {
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

export interface RetryOptions extends BackoffOptions {
  /** Give up after this many attempts; omit to retry retriable errors for ever. */
  maxAttempts?: number;
  /** Give up once this long has passed since the first failure; omit for no time limit. */
  giveUpAfterMs?: number;
  /** Called before each wait: the place to log at warn and count. */
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown; message: string }) => void;
  signal?: AbortSignal;
}

/** The one retry helper: retries what isRetriable() allows, with jittered exponential backoff. */
export async function retry<T>(
  fn: (attempt: number) => Promise<T>,
  opts: RetryOptions,
  deps: RetryDeps,
): Promise<T> {
  const now = deps.now ?? Date.now;
  let firstFailure: number | undefined;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      firstFailure ??= now();
      const exhausted =
        (opts.maxAttempts !== undefined && attempt + 1 >= opts.maxAttempts) ||
        (opts.giveUpAfterMs !== undefined && now() - firstFailure >= opts.giveUpAfterMs);
      if (!isRetriable(error) || exhausted || opts.signal?.aborted) throw error;
      const delayMs = backoffDelay(attempt, opts, deps.random);
      opts.onRetry?.({ attempt, delayMs, error, message: errorMessage(error) });
      await deps.sleep(delayMs, opts.signal);
    }
  }
}

/** A sleep that ends early (without throwing) when the signal aborts, so shutdown is prompt. */
export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  wait(ms, undefined, { signal }).catch(() => {});

/**
 * The promise, or a rejection (the signal's reason) as soon as the signal aborts: a caller that
 * stops, or leaves a region that hangs, does not wait for an answer it no longer wants. The
 * call itself runs on to its own timeout, its answer dropped.
 */
export function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason);
    signal.addEventListener('abort', abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}
