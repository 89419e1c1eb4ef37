import { describe, expect, it } from 'vitest';
import { lagFields, partitionLags } from './progress.js';

describe('partitionLags', () => {
  it.each([
    { name: 'nothing assigned', assigned: [], ends: [[0, 5n]], committed: [], lags: [] },
    { name: 'caught up', assigned: [0], ends: [[0, 5n]], committed: [[0, 5n]], lags: [0n] },
    {
      name: 'behind',
      assigned: [0, 1],
      ends: [
        [0, 9n],
        [1, 3n],
      ],
      committed: [
        [0, 5n],
        [1, 3n],
      ],
      lags: [4n, 0n],
    },
    {
      name: 'nothing committed: all of it',
      assigned: [1],
      ends: [[1, 7n]],
      committed: [],
      lags: [7n],
    },
    { name: 'never negative', assigned: [0], ends: [[0, 3n]], committed: [[0, 5n]], lags: [0n] },
  ] as const)('$name', ({ assigned, ends, committed, lags }) => {
    const out = partitionLags(
      assigned,
      new Map(ends as unknown as [number, bigint][]),
      new Map(committed as unknown as [number, bigint][]),
    );
    expect(out.map((p) => p.lag)).toEqual(lags);
  });

  it('log fields: per partition and total', () => {
    const lags = partitionLags(
      [0, 1],
      new Map([
        [0, 9n],
        [1, 4n],
      ]),
      new Map([[0, 5n]]),
    );
    expect(lagFields(lags)).toEqual({ lag: { '0': 4, '1': 4 }, lagTotal: 8 });
  });
});
