import { describe, expect, it } from 'vitest';
import { OvertakenKeys, passedMark, type ShardMark } from './snapshot-window.js';

const mark = (m: Partial<ShardMark>): ShardMark => ({
  ended: false,
  headAskedAtMs: null,
  newestChangeMs: null,
  ...m,
});

describe('passedMark', () => {
  const MARK = 10_000;
  it.each([
    {
      name: 'an empty answer to a request sent at the mark',
      marks: { a: mark({ headAskedAtMs: MARK }) },
      result: true,
    },
    {
      name: 'an empty answer to a request sent before the mark: records may still come',
      marks: { a: mark({ headAskedAtMs: MARK - 1 }) },
      result: false,
    },
    {
      name: 'a record written with a change time at the mark',
      marks: { a: mark({ newestChangeMs: MARK }) },
      result: true,
    },
    {
      name: 'records, all older than the mark, and no empty answer since',
      marks: { a: mark({ newestChangeMs: MARK - 1, headAskedAtMs: MARK - 500 }) },
      result: false,
    },
    { name: 'an ended shard', marks: { a: mark({ ended: true }) }, result: true },
    {
      name: 'one shard passed, the other not',
      marks: { a: mark({ ended: true }), b: mark({ headAskedAtMs: 1 }) },
      result: false,
    },
    {
      name: 'a listed shard not read yet (a child waiting for its parent)',
      marks: { a: mark({ ended: true }) },
      shardIds: ['a', 'b'],
      result: false,
    },
    {
      name: 'a listing older than a shard end: the children may be missing',
      marks: { a: mark({ ended: true }) },
      lastEndSeenAtMs: 9_500,
      listedAtMs: 9_000,
      result: false,
    },
    {
      name: 'a listing taken after the end',
      marks: { a: mark({ ended: true }) },
      lastEndSeenAtMs: 9_000,
      listedAtMs: 9_500,
      result: true,
    },
    { name: 'no shards, listed after the mark', marks: {}, listedAtMs: MARK, result: true },
    { name: 'no shards, listed before the mark', marks: {}, listedAtMs: MARK - 1, result: false },
  ])('$name', ({ marks, shardIds, lastEndSeenAtMs, listedAtMs, result }) => {
    const view = {
      shardIds: shardIds ?? Object.keys(marks),
      listedAtMs: listedAtMs ?? 0,
      lastEndSeenAtMs: lastEndSeenAtMs ?? null,
      marks: new Map(Object.entries(marks)),
    };
    expect(passedMark(view, MARK)).toBe(result);
  });
});

describe('OvertakenKeys', () => {
  const SETTLE = 1_000;
  it.each([
    { name: 'received long before the page was asked for: kept', at: 8_999, result: false },
    { name: 'received within the settle time before: dropped', at: 9_000, result: true },
    { name: 'received after the page was asked for: dropped', at: 12_000, result: true },
  ])('$name', ({ at, result }) => {
    const keys = new OvertakenKeys(SETTLE);
    keys.received(['k'], at);
    expect(keys.overtook('k', 10_000)).toBe(result);
    expect(keys.overtook('other', 10_000)).toBe(false);
  });

  it('keeps only what a held page may need, a key by its newest receipt', () => {
    const keys = new OvertakenKeys(SETTLE);
    keys.received(['a', 'b'], 1_000);
    keys.received(['c'], 5_000);
    keys.received(['a'], 6_000);
    keys.prune(6_000);
    expect(keys.size).toBe(2);
    expect(keys.overtook('a', 6_000)).toBe(true);
    expect(keys.overtook('c', 6_000)).toBe(true);
    expect(keys.overtook('b', 1_000)).toBe(false);
    keys.prune(100_000);
    expect(keys.size).toBe(0);
  });
});
