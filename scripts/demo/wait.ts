/** Bounded waiting: every wait of the demo ends, with an error naming what it waited for. */
import { setTimeout as sleep } from 'node:timers/promises';
import { WAIT_MS } from './settings.js';

/** Polls until a condition holds; the check may throw to abandon the wait. */
export type WaitFor = (
  what: string,
  check: () => boolean | Promise<boolean>,
  everyMs?: number,
) => Promise<void>;

/** `promise`, or an error after `ms`. */
export async function within<T>(what: string, promise: Promise<T>, ms = WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`timed out after ${Math.round(ms / 1000)} s: ${what}`)),
      ms,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `check` every `everyMs` until it is true; fails after WAIT_MS. */
export const pollUntil: WaitFor = async (what, check, everyMs = 100) => {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${Math.round(WAIT_MS / 1000)} s waiting for ${what}`);
    }
    await sleep(everyMs);
  }
};
