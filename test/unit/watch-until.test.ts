import { describe, expect, it } from 'vitest';
import { type Verdict, watchUntil } from '../support/watch-until.js';

describe('watchUntil', () => {
  it('settles on a later notification and stops listening', async () => {
    const listeners = new Set<() => void>();
    let verdict: Verdict<string>;
    const waiting = watchUntil(
      listeners,
      1000,
      () => new Error('timeout'),
      () => verdict,
    );
    for (const l of [...listeners]) l(); // nothing yet
    verdict = { value: 'seen' };
    for (const l of [...listeners]) l();
    await expect(waiting).resolves.toBe('seen');
    expect(listeners.size).toBe(0);
  });

  it('rejects with the error a check returns', async () => {
    const listeners = new Set<() => void>();
    const waiting = watchUntil(
      listeners,
      1000,
      () => new Error('timeout'),
      () => ({
        error: new Error('exited first'),
      }),
    );
    await expect(waiting).rejects.toThrow('exited first');
    expect(listeners.size).toBe(0);
  });

  it('rejects with the timeout error when nothing settles it', async () => {
    const listeners = new Set<() => void>();
    const waiting = watchUntil(
      listeners,
      20,
      () => new Error('no such log'),
      () => undefined,
    );
    await expect(waiting).rejects.toThrow('no such log');
    expect(listeners.size).toBe(0);
  });
});
