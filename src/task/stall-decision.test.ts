import { describe, expect, it } from 'vitest';
import { type LagWatch, type StallRules, stallOf, watchLag } from './stall-decision.js';
import type { ProgressMarks } from './task-progress.js';

const rules: StallRules = { afterMs: 60_000, lagMs: 300_000 };
const NOW = 10_000_000;
const marks = (m: Partial<ProgressMarks>): ProgressMarks => ({
  scanProgressMs: null,
  shardRounds: [],
  millisBehindSource: null,
  ...m,
});

describe('stallOf', () => {
  it.each([
    { name: 'nothing running: never stalled', m: marks({}), lag: null, result: null },
    {
      name: 'scan progressed just now',
      m: marks({ scanProgressMs: NOW - 1_000 }),
      lag: null,
      result: null,
    },
    {
      name: 'scan quiet a little less than the limit',
      m: marks({ scanProgressMs: NOW - 59_999 }),
      lag: null,
      result: null,
    },
    {
      name: 'scan quiet exactly the limit: stalled',
      m: marks({ scanProgressMs: NOW - 60_000 }),
      lag: null,
      result: { reason: 'scan_no_progress', shardId: null, forMs: 60_000 },
    },
    {
      name: 'every shard completed a round recently',
      m: marks({
        shardRounds: [
          ['s1', NOW - 2_000],
          ['s2', NOW - 100],
        ],
      }),
      lag: null,
      result: null,
    },
    {
      name: 'one shard without a round: names that shard',
      m: marks({
        shardRounds: [
          ['s1', NOW - 2_000],
          ['s2', NOW - 90_000],
        ],
      }),
      lag: null,
      result: { reason: 'shard_no_round', shardId: 's2', forMs: 90_000 },
    },
    {
      name: 'two stuck shards: the longest-standing one',
      m: marks({
        shardRounds: [
          ['s1', NOW - 70_000],
          ['s2', NOW - 90_000],
        ],
      }),
      lag: null,
      result: { reason: 'shard_no_round', shardId: 's2', forMs: 90_000 },
    },
    {
      name: 'lag above the threshold and growing for the limit',
      m: marks({ shardRounds: [['s1', NOW - 100]] }),
      lag: { sinceMs: NOW - 60_000, firstLagMs: 400_000, lastLagMs: 460_000 },
      result: { reason: 'lag_growing', shardId: null, forMs: 60_000 },
    },
    {
      name: 'lag above the threshold but flat (nothing new read): not growing',
      m: marks({ shardRounds: [['s1', NOW - 100]] }),
      lag: { sinceMs: NOW - 600_000, firstLagMs: 400_000, lastLagMs: 400_000 },
      result: null,
    },
    {
      name: 'lag growing, but not yet for the limit',
      m: marks({ shardRounds: [['s1', NOW - 100]] }),
      lag: { sinceMs: NOW - 30_000, firstLagMs: 400_000, lastLagMs: 430_000 },
      result: null,
    },
  ])('$name', ({ m, lag, result }) => {
    expect(stallOf(m, lag as LagWatch | null, NOW, rules)).toEqual(result);
  });
});

describe('watchLag', () => {
  const w = (sinceMs: number, firstLagMs: number, lastLagMs: number) => ({
    sinceMs,
    firstLagMs,
    lastLagMs,
  });
  it.each([
    { name: 'no lag known', prev: null, lag: null, result: null },
    {
      name: 'lag under the threshold ends any watch',
      prev: w(1, 400_000, 500_000),
      lag: 300_000,
      result: null,
    },
    {
      name: 'lag goes over: the watch starts now',
      prev: null,
      lag: 310_000,
      result: w(NOW, 310_000, 310_000),
    },
    {
      name: 'lag grows: the start is kept',
      prev: w(5, 310_000, 320_000),
      lag: 350_000,
      result: w(5, 310_000, 350_000),
    },
    {
      name: 'catching up below the first sample: the watch starts again',
      prev: w(5, 400_000, 450_000),
      lag: 350_000,
      result: w(NOW, 350_000, 350_000),
    },
    {
      name: 'a dip that stays above the first sample keeps the watch',
      prev: w(5, 310_000, 450_000),
      lag: 400_000,
      result: w(5, 310_000, 400_000),
    },
  ])('$name', ({ prev, lag, result }) => {
    expect(watchLag(prev, lag, NOW, rules)).toEqual(result);
  });
});
