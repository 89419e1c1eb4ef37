import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { readAhead } from './read-ahead.js';

describe('readAhead', () => {
  it('keeps a failure that happens before anyone awaits it for the later await', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const pending = readAhead(Promise.reject(new Error('scan failed')));
      await sleep(20); // the delivery of the current page
      await expect(pending).rejects.toThrow('scan failed');
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('passes the result through', async () => {
    await expect(readAhead(Promise.resolve(42))).resolves.toBe(42);
  });
});
