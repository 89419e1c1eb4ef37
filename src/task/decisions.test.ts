import { describe, expect, it } from 'vitest';
import { STREAM_TIME_MARGIN_MS } from '../dynamodb/stream-time.js';
import type { TableOffset } from '../kafka/offsets-format.js';
import { decideStart } from './start-decision.js';
import {
  alignedWait,
  classifyStreamRecord,
  initSyncTooLong,
  nextPollDelay,
  streamCaughtUp,
} from './sync-decisions.js';

const H = 3_600_000;

describe('classifyStreamRecord', () => {
  const ctx = {
    initSyncStart: 100 * H,
    overlapMs: H,
    safeZoneMs: 20 * H,
    nowMs: 110 * H,
    caughtUp: true,
  };
  it.each([
    {
      name: 'before start minus overlap: in the snapshot',
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
      name: 'exactly at start minus overlap: kept',
      t: 99 * H,
      caughtUp: false,
      now: 110 * H,
      result: 'keep',
    },
    { name: 'inside the overlap', t: 99.5 * H, caughtUp: false, now: 110 * H, result: 'keep' },
    { name: 'fresh record', t: 109 * H, caughtUp: true, now: 110 * H, result: 'keep' },
    {
      name: 'caught up, older than the safe zone: resync',
      t: 100.5 * H,
      caughtUp: true,
      now: 121 * H,
      result: 'resync',
    },
    {
      name: 'first pass after the snapshot: exempt',
      t: 100.5 * H,
      caughtUp: false,
      now: 121 * H,
      result: 'keep',
    },
    {
      name: 'caught up, at the edge of the safe zone',
      t: 101 * H,
      caughtUp: true,
      now: 121 * H,
      result: 'keep',
    },
  ])('$name', ({ t, caughtUp, now, result }) => {
    expect(classifyStreamRecord(t, { ...ctx, caughtUp, nowMs: now })).toBe(result);
  });

  // A change made after the scan began, its time rounded down to the minute (DynamoDB Local),
  // is kept even with an overlap below the margin (config refuses one; this is the backstop).
  it.each([
    { name: 'rounded down a minute: kept', ago: 60_000, result: 'keep' },
    { name: 'at the margin: kept', ago: STREAM_TIME_MARGIN_MS, result: 'keep' },
    { name: 'past the margin: skipped', ago: STREAM_TIME_MARGIN_MS + 1, result: 'skip' },
  ])('overlap 0, $name', ({ ago, result }) => {
    const start = ctx.initSyncStart;
    const verdict = classifyStreamRecord(start - ago, { ...ctx, overlapMs: 0, caughtUp: false });
    expect(verdict).toBe(result);
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

describe('initSyncTooLong', () => {
  it.each([
    [0, 20 * H, false],
    [0, 20 * H + 1, true],
  ])('%d → %d', (start, end, result) => {
    expect(initSyncTooLong(start, end, 20 * H)).toBe(result);
  });
});

describe('decideStart', () => {
  const stored = (o: Partial<TableOffset>): TableOffset => ({
    generation: 3,
    phase: 'SYNC',
    stream_arn: 'arn-1',
    init_sync_start: 1,
    init_sync_end: 2,
    segments: 1,
    sync_caught_up: true,
    ...o,
  });
  it.each([
    {
      name: 'nothing stored: brand-new INIT_SYNC',
      offset: undefined,
      arn: 'arn-1',
      decision: { action: 'new_init_sync', generation: 1 },
    },
    {
      name: 'scan under way: resume it',
      offset: stored({ phase: 'INIT_SYNC' }),
      arn: 'arn-1',
      decision: { action: 'resume_init_sync', generation: 3 },
    },
    {
      name: 'streaming: resume the stream',
      offset: stored({}),
      arn: 'arn-1',
      decision: { action: 'sync', generation: 3 },
    },
    {
      name: 'stream replaced: resync with a new generation',
      offset: stored({}),
      arn: 'arn-2',
      decision: {
        action: 'resync',
        generation: 4,
        reason: 'stream_changed',
        detail: 'stream was arn-1, is now arn-2',
      },
    },
    {
      name: 'stream replaced during the scan: resync too',
      offset: stored({ phase: 'INIT_SYNC' }),
      arn: 'arn-2',
      decision: {
        action: 'resync',
        generation: 4,
        reason: 'stream_changed',
        detail: 'stream was arn-1, is now arn-2',
      },
    },
  ])('$name', ({ offset, arn, decision }) => {
    expect(decideStart(offset, arn)).toEqual(decision);
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
