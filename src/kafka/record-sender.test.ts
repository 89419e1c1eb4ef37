import { describe, expect, it } from 'vitest';
import { batchesOf } from './record-sender.js';

// Each message below is 100 bytes of overhead plus its key and value.
const msg = (key: string, valueBytes: number) => ({
  key: Buffer.from(key),
  value: Buffer.alloc(valueBytes, 'x'),
  headers: {},
});

describe('batchesOf', () => {
  it.each([
    { name: 'nothing', sizes: [], max: 1000, batches: [] },
    { name: 'all fit', sizes: [100, 100, 100], max: 1000, batches: [3] },
    {
      name: 'split at the limit, order kept',
      sizes: [390, 390, 390, 390],
      max: 1000,
      batches: [2, 2],
    },
    { name: 'exactly the limit fits', sizes: [399, 399], max: 1000, batches: [2] },
    {
      name: 'an oversized message goes alone',
      sizes: [100, 5000, 100],
      max: 1000,
      batches: [1, 1, 1],
    },
  ])('$name', ({ sizes, max, batches }) => {
    const messages = sizes.map((s, i) => msg(String(i), s));
    const out = batchesOf(messages, max);
    expect(out.map((b) => b.length)).toEqual(batches);
    expect(out.flat()).toEqual(messages);
  });
});
