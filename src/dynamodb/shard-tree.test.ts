import { describe, expect, it } from 'vitest';
import {
  compareSequenceNumbers,
  departedCheckpoints,
  mergeShardPages,
  readyShards,
  type ShardCheckpoint,
  type ShardInfo,
} from './shard-tree.js';

const shard = (shardId: string, parentShardId?: string, closed = false): ShardInfo => ({
  shardId,
  parentShardId,
  endingSequenceNumber: closed ? '999' : undefined,
});
const ended: ShardCheckpoint = { sequenceNumber: '5', ended: true };
const reading: ShardCheckpoint = { sequenceNumber: '5', ended: false };

describe('readyShards: no child before its parent ended', () => {
  it.each<{
    name: string;
    shards: ShardInfo[];
    checkpoints?: Record<string, ShardCheckpoint>;
    running?: string[];
    ready: string[];
  }>([
    { name: 'single open shard', shards: [shard('a')], ready: ['a'] },
    {
      name: 'split: children wait for the parent',
      shards: [shard('p', undefined, true), shard('c1', 'p'), shard('c2', 'p')],
      ready: ['p'],
    },
    {
      name: 'split: both children start once the parent ended',
      shards: [shard('p', undefined, true), shard('c1', 'p'), shard('c2', 'p')],
      checkpoints: { p: ended },
      ready: ['c1', 'c2'],
    },
    {
      name: 'parent being read: child waits even if the parent is closed',
      shards: [shard('p', undefined, true), shard('c', 'p')],
      checkpoints: { p: reading },
      running: ['p'],
      ready: [],
    },
    {
      name: 'chain of closed parents: only the oldest',
      shards: [
        shard('a', undefined, true),
        shard('b', 'a', true),
        shard('c', 'b', true),
        shard('d', 'c'),
      ],
      ready: ['a'],
    },
    {
      name: 'chain: the next link after each end',
      shards: [
        shard('a', undefined, true),
        shard('b', 'a', true),
        shard('c', 'b', true),
        shard('d', 'c'),
      ],
      checkpoints: { a: ended, b: ended },
      ready: ['c'],
    },
    { name: 'parent already trimmed from the stream', shards: [shard('c', 'gone')], ready: ['c'] },
    {
      name: 'out-of-order listing (child before parent)',
      shards: [shard('c', 'p'), shard('p', undefined, true)],
      ready: ['p'],
    },
    { name: 'running shard is not started twice', shards: [shard('a')], running: ['a'], ready: [] },
    {
      name: 'ended shard is not restarted',
      shards: [shard('a', undefined, true)],
      checkpoints: { a: ended },
      ready: [],
    },
    {
      name: 'two independent lineages progress separately',
      shards: [
        shard('p1', undefined, true),
        shard('c1', 'p1'),
        shard('p2', undefined, true),
        shard('c2', 'p2'),
      ],
      checkpoints: { p1: ended },
      ready: ['c1', 'p2'],
    },
    {
      name: 'grandchild waits for child even when grandparent ended',
      shards: [shard('g', undefined, true), shard('p', 'g', true), shard('c', 'p')],
      checkpoints: { g: ended, p: reading },
      ready: ['p'],
    },
  ])('$name', ({ shards, checkpoints = {}, running = [], ready }) => {
    expect(readyShards(shards, (id) => checkpoints[id], new Set(running))).toEqual(ready);
  });
});

describe('mergeShardPages (multi-page DescribeStream)', () => {
  it('keeps every shard once, preferring the closed view', () => {
    const merged = mergeShardPages([
      [shard('a'), shard('b')],
      [shard('b', undefined, true), shard('c', 'a')],
    ]);
    expect(merged.map((s) => [s.shardId, s.endingSequenceNumber ?? null])).toEqual([
      ['a', null],
      ['b', '999'],
      ['c', null],
    ]);
  });
});

describe('checkpoints of shards that left the stream', () => {
  const cps = new Map<string, ShardCheckpoint>([
    ['old-ended', ended],
    ['old-reading', reading],
    ['live', reading],
  ]);
  const shards = [shard('live')];
  it('a shard we were still reading is lost (resync)', () => {
    expect(departedCheckpoints(shards, cps, false)).toEqual(['old-reading']);
  });
  it('an ended one is forgotten (offset tombstoned)', () => {
    expect(departedCheckpoints(shards, cps, true)).toEqual(['old-ended']);
  });
});

describe('compareSequenceNumbers', () => {
  it.each([
    ['9', '10', -1],
    ['100000000000000000000000', '99999999999999999999999', 1],
    ['000000000000000000012', '12', 0],
  ])('%s vs %s', (a, b, expected) => {
    expect(compareSequenceNumbers(a, b)).toBe(expected);
  });
});
