import { describe, expect, it } from 'vitest';
import { mapBounded } from './bounded.js';

describe('mapBounded', () => {
  it.each([1, 2, 5, 50])(
    'limit %i: every item once, results in order, never above the limit',
    async (limit) => {
      let inFlight = 0;
      let most = 0;
      const items = Array.from({ length: 23 }, (_, i) => i);
      const out = await mapBounded(items, limit, async (i) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((r) => setTimeout(r, (i * 7) % 5));
        inFlight--;
        return i * 2;
      });
      expect(out).toEqual(items.map((i) => i * 2));
      expect(most).toBeLessThanOrEqual(limit);
    },
  );

  it('a failure stops new calls and rejects, after the calls in flight end', async () => {
    const started: number[] = [];
    let ended = 0;
    const run = mapBounded([0, 1, 2, 3, 4, 5], 2, async (i) => {
      started.push(i);
      await new Promise((r) => setTimeout(r, 5));
      ended++;
      if (i === 1) throw new Error('boom');
      return i;
    });
    await expect(run).rejects.toThrow('boom');
    expect(ended).toBe(started.length);
    expect(started.length).toBeLessThan(6);
  });
});
