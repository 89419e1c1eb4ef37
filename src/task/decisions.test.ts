import { describe, expect, it } from 'vitest';
import { STREAM_TIME_MARGIN_MS } from '../dynamodb/stream-time.js';
import type { TableOffset } from '../kafka/offsets-format.js';
import {
  alignedWait,
  classifyStreamRecord,
  nextPollDelay,
  type SkipRule,
  skipRule,
  streamCaughtUp,
} from './sync-decisions.js';

const H = 3_600_000;

describe('classifyStreamRecord', () => {
  const cut: SkipRule = {
    beforeMs: Number.POSITIVE_INFINITY,
    retiresAtCatchUp: true,
    reason: 'before_cut',
  };
  const beforeStart: SkipRule = {
    beforeMs: 99 * H,
    retiresAtCatchUp: false,
    reason: 'before_start',
  };
  it.each([
    {
      name: 'before the cut: in the snapshot, whatever its time',
      t: 98 * H,
      caughtUp: false,
      now: 110 * H,
      result: 'skip',
    },
    {
      name: 'caught up: the rule is retired, an old time is never a reason to skip',
      t: 98 * H,
      caughtUp: true,
      now: 110 * H,
      result: 'keep',
    },
    {
      name: "exactly at a 'latest' cut-off: kept",
      t: 99 * H,
      caughtUp: false,
      now: 110 * H,
      rule: beforeStart,
      result: 'keep',
    },
    { name: 'fresh record', t: 109 * H, caughtUp: true, now: 110 * H, result: 'keep' },
    {
      name: 'caught up, older than the safe zone: resync',
      t: 100.5 * H,
      caughtUp: true,
      now: 121 * H,
      result: 'resync',
    },
    {
      name: "first pass of a 'trim_horizon' start: exempt from the safe zone",
      t: 100.5 * H,
      caughtUp: false,
      now: 121 * H,
      rule: null,
      result: 'keep',
    },
    {
      name: 'caught up, at the edge of the safe zone',
      t: 101 * H,
      caughtUp: true,
      now: 121 * H,
      result: 'keep',
    },
    {
      name: "'latest' start: older records skipped",
      t: 98 * H,
      caughtUp: false,
      now: 110 * H,
      rule: beforeStart,
      result: 'skip',
    },
    {
      name: "'latest' start: still skipped once caught up (never wanted)",
      t: 98 * H,
      caughtUp: true,
      now: 110 * H,
      rule: beforeStart,
      result: 'skip',
    },
    {
      name: 'no rule (trim_horizon start): kept',
      t: 98 * H,
      caughtUp: false,
      now: 110 * H,
      rule: null,
      result: 'keep',
    },
  ])('$name', ({ t, caughtUp, now, result, rule }) => {
    const skip = rule === undefined ? cut : rule;
    expect(classifyStreamRecord(t, { skip, safeZoneMs: 20 * H, nowMs: now, caughtUp })).toBe(
      result,
    );
  });
});

describe('skipRule', () => {
  const stored = (o: Partial<TableOffset>): TableOffset => ({
    generation: 1,
    phase: 'SYNC',
    stream_arn: 'arn',
    init_sync_start: 100 * H,
    init_sync_end: 101 * H,
    segments: 1,
    sync_caught_up: false,
    ...o,
  });
  const latest = stored({
    init_sync_start: null,
    stream_start: 'latest',
    stream_start_at: 100 * H,
  });
  // A change made just after a 'latest' start, its time rounded down to the minute (DynamoDB
  // Local), is kept.
  it.each([
    { name: 'rounded down a minute: kept', ago: 60_000, result: 'keep' },
    { name: 'at the margin: kept', ago: STREAM_TIME_MARGIN_MS, result: 'keep' },
    { name: 'past the margin: skipped', ago: STREAM_TIME_MARGIN_MS + 1, result: 'skip' },
  ])("'latest' start, $name", ({ ago, result }) => {
    const ctx = { skip: skipRule(latest), safeZoneMs: 20 * H, nowMs: 101 * H, caughtUp: false };
    expect(classifyStreamRecord(100 * H - ago, ctx)).toBe(result);
  });
  it.each([
    {
      name: 'after a snapshot read beside the stream: all before the cut, until caught up',
      offset: stored({ stream_start: 'cut' }),
      rule: { beforeMs: Number.POSITIVE_INFINITY, retiresAtCatchUp: true, reason: 'before_cut' },
    },
    {
      name: 'after an initial_only snapshot: nothing (no stream follows it)',
      offset: stored({}),
      rule: null,
    },
    {
      name: "'latest' start: start minus the margin, for good",
      offset: latest,
      rule: {
        beforeMs: 100 * H - STREAM_TIME_MARGIN_MS,
        retiresAtCatchUp: false,
        reason: 'before_start',
      },
    },
    {
      name: 'after a failover: at or before the cut-off, for good (caught up too)',
      offset: stored({ stream_start: 'failover', stream_start_at: 99 * H }),
      rule: { beforeMs: 99 * H + 1, retiresAtCatchUp: false, reason: 'failover' },
    },
    {
      name: "'trim_horizon' start: nothing skipped",
      offset: stored({
        init_sync_start: null,
        stream_start: 'trim_horizon',
        stream_start_at: 100 * H,
      }),
      rule: null,
    },
  ])('$name', ({ offset, rule }) => {
    expect(skipRule(offset)).toEqual(rule);
  });
});

describe('streamCaughtUp', () => {
  it.each([
    { name: 'no shards listed yet', shards: [], done: [], result: false },
    { name: 'one shard at its head', shards: ['a'], done: ['a'], result: true },
    { name: 'a child not read yet', shards: ['p', 'c'], done: ['p'], result: false },
    {
      name: 'all ended or at head',
      shards: ['p', 'c1', 'c2'],
      done: ['p', 'c1', 'c2'],
      result: true,
    },
  ])('$name', ({ shards, done, result }) => {
    expect(streamCaughtUp(shards, (id) => done.includes(id))).toBe(result);
  });
});

describe('nextPollDelay', () => {
  const opts = { idlePollMs: 250, idlePollMaxMs: 2000 };
  it.each([
    { name: 'records: read again at once', quietFor: 60_000, gotRecords: true, delay: 0 },
    { name: 'just went quiet', quietFor: 0, gotRecords: false, delay: 250 },
    {
      name: 'quiet 1.9 s: still the shortest wait',
      quietFor: 1_900,
      gotRecords: false,
      delay: 250,
    },
    { name: 'quiet 2 s: a quarter of it', quietFor: 2_000, gotRecords: false, delay: 500 },
    { name: 'quiet 5 s', quietFor: 5_000, gotRecords: false, delay: 1000 },
    { name: 'quiet 8 s: the longest wait', quietFor: 8_000, gotRecords: false, delay: 2000 },
    {
      name: 'quiet an hour: still the longest',
      quietFor: 3_600_000,
      gotRecords: false,
      delay: 2000,
    },
  ])('$name → $delay ms', ({ quietFor, gotRecords, delay }) => {
    expect(nextPollDelay(quietFor, gotRecords, opts)).toBe(delay);
  });

  it('never waits less than idlePollMs after an empty answer, even with a smaller cap', () => {
    expect(nextPollDelay(60_000, false, { idlePollMs: 250, idlePollMaxMs: 100 })).toBe(250);
  });
});

describe('alignedWait', () => {
  it.each([
    { delay: 1000, now: 12_000, wait: 1000 },
    { delay: 1000, now: 12_001, wait: 999 },
    { delay: 1000, now: 12_999, wait: 1 },
    { delay: 250, now: 12_100, wait: 150 },
  ])('$delay ms from $now: $wait ms, to the next multiple', ({ delay, now, wait }) => {
    expect(alignedWait(delay, now)).toBe(wait);
    expect((now + wait) % delay).toBe(0);
  });
});
