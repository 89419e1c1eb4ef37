import { describe, expect, it } from 'vitest';
import type { ShardOffset, TableOffset } from '../kafka/offsets-format.js';
import { classifyStreamRecord, skipRule } from '../task/sync-decisions.js';
import {
  FAILOVER_MARGIN_MS,
  failoverCutoff,
  lowWaterMark,
  REGION_CLOCK_SKEW_MS,
  REPLICATION_LAG_ALLOWANCE_MS,
  type ShardMark,
  shardMarks,
} from './failover-cutoff.js';

/**
 * The decision a reader makes for a record after a failover: the stored generation's skip rule
 * through the one function that decides skips.
 */
const classifyFailoverRecord = (changeTimeMs: number, cutoffMs: number) =>
  classifyStreamRecord(changeTimeMs, {
    skip: skipRule({ stream_start: 'failover', stream_start_at: cutoffMs } as TableOffset),
    safeZoneMs: Number.MAX_SAFE_INTEGER,
    nowMs: changeTimeMs,
    caughtUp: false,
  });

const open = (lastChangeMs: number | null): ShardMark => ({ lastChangeMs, ended: false });
const ended = (lastChangeMs: number | null): ShardMark => ({ lastChangeMs, ended: true });

describe('lowWaterMark', () => {
  it.each([
    { name: 'no shards', shards: [], mark: null },
    { name: 'one open shard', shards: [open(5_000)], mark: 5_000 },
    {
      name: 'open shards: the lowest (a lagging shard)',
      shards: [open(9_000), open(2_000), open(7_000)],
      mark: 2_000,
    },
    {
      name: 'ended shards do not count while one is open',
      shards: [ended(1_000), open(8_000), ended(9_000)],
      mark: 8_000,
    },
    {
      name: 'all ended: the last time seen',
      shards: [ended(3_000), ended(9_000), ended(null)],
      mark: 9_000,
    },
    { name: 'all ended, none with a time', shards: [ended(null), ended(null)], mark: null },
    {
      name: 'an open shard without a time: unknown',
      shards: [open(8_000), open(null)],
      mark: null,
    },
    {
      name: 'the only open shard without a time, ended ones with',
      shards: [ended(8_000), open(null)],
      mark: null,
    },
    { name: 'equal times', shards: [open(4_000), open(4_000)], mark: 4_000 },
  ])('$name', ({ shards, mark }) => {
    expect(lowWaterMark(shards)).toBe(mark);
  });
});

describe('shardMarks', () => {
  const shard = (o: Partial<ShardOffset>): ShardOffset => ({
    sequence_number: '1',
    ended: false,
    ...o,
  });
  it.each([
    {
      name: 'the later of last record and head time',
      shards: { a: shard({ last_change_ms: 5_000, read_to_ms: 9_000 }) },
      marks: [{ lastChangeMs: 9_000, ended: false }],
    },
    {
      name: 'only a record time',
      shards: { a: shard({ last_change_ms: 5_000 }) },
      marks: [{ lastChangeMs: 5_000, ended: false }],
    },
    {
      name: 'an offset from before change times were stored',
      shards: { a: shard({}) },
      marks: [{ lastChangeMs: null, ended: false }],
    },
    {
      name: 'an ended shard whose child has an offset is ended',
      shards: {
        p: shard({ ended: true, last_change_ms: 3_000 }),
        c: shard({ last_change_ms: 8_000, parent_shard_id: 'p' }),
      },
      marks: [
        { lastChangeMs: 3_000, ended: true },
        { lastChangeMs: 8_000, ended: false },
      ],
    },
    {
      name: 'an ended shard whose child has no offset yet counts as open',
      shards: {
        p: shard({ ended: true, last_change_ms: 3_000 }),
        o: shard({ last_change_ms: 8_000, parent_shard_id: 'other' }),
      },
      marks: [
        { lastChangeMs: 3_000, ended: false },
        { lastChangeMs: 8_000, ended: false },
      ],
    },
  ])('$name', ({ shards, marks }) => {
    expect(shardMarks(new Map(Object.entries(shards)))).toEqual(marks);
  });

  it('the child not read yet holds the mark at its parent', () => {
    const shards = new Map(
      Object.entries({
        p: shard({ ended: true, last_change_ms: 3_000 }),
        o: shard({ last_change_ms: 8_000 }),
      }),
    );
    expect(lowWaterMark(shardMarks(shards))).toBe(3_000);
  });
});

describe('FAILOVER_MARGIN_MS', () => {
  it('is the minute of DynamoDB Local rounding, a minute of lag and 5 s of skew', () => {
    expect(FAILOVER_MARGIN_MS).toBe(125_000);
  });
});

// Times as wall clock on one day, for legible edges.
const at = (hh: number, mm: number, ss: number, ms = 0) => Date.UTC(2025, 0, 1, hh, mm, ss, ms);

describe('failoverCutoff and the failover skip rule', () => {
  it('subtracts the margin', () => {
    expect(failoverCutoff(at(12, 0, 7), FAILOVER_MARGIN_MS)).toBe(at(11, 58, 2));
    expect(failoverCutoff(at(12, 0, 7), 0)).toBe(at(12, 0, 7));
  });

  // AWS: times floored to the second; mark 12:00:07 → cut-off 11:58:02.
  // DynamoDB Local: floored to the minute; mark 12:00:00 → cut-off 11:57:55, so the record
  // stated 11:57:00 is the last one skipped and 11:58:00 (which may hold 11:58:59.999) is kept.
  it.each([
    { name: 'second: well before', mark: at(12, 0, 7), t: at(11, 50, 0), result: 'skip' },
    {
      name: 'second: 1 s before the cut-off',
      mark: at(12, 0, 7),
      t: at(11, 58, 1),
      result: 'skip',
    },
    {
      name: 'second: at the cut-off is skipped',
      mark: at(12, 0, 7),
      t: at(11, 58, 2),
      result: 'skip',
    },
    { name: 'second: 1 s after the cut-off', mark: at(12, 0, 7), t: at(11, 58, 3), result: 'keep' },
    {
      name: 'second: 1 ms after the cut-off',
      mark: at(12, 0, 7),
      t: at(11, 58, 2, 1),
      result: 'keep',
    },
    {
      name: 'second: at the mark (in the margin)',
      mark: at(12, 0, 7),
      t: at(12, 0, 7),
      result: 'keep',
    },
    { name: 'second: after the mark', mark: at(12, 0, 7), t: at(12, 5, 0), result: 'keep' },
    {
      name: 'minute: the minute before the cut-off',
      mark: at(12, 0, 0),
      t: at(11, 57, 0),
      result: 'skip',
    },
    {
      name: "minute: the cut-off's own minute",
      mark: at(12, 0, 0),
      t: at(11, 58, 0),
      result: 'keep',
    },
    {
      name: 'minute: one minute before the mark',
      mark: at(12, 0, 0),
      t: at(11, 59, 0),
      result: 'keep',
    },
    { name: 'minute: at the mark', mark: at(12, 0, 0), t: at(12, 0, 0), result: 'keep' },
  ])('$name', ({ mark, t, result }) => {
    expect(classifyFailoverRecord(t, failoverCutoff(mark, FAILOVER_MARGIN_MS))).toBe(result);
  });

  it('an exact cut-off with no margin: at is skipped, 1 ms later kept', () => {
    expect(classifyFailoverRecord(1_000, 1_000)).toBe('skip');
    expect(classifyFailoverRecord(1_001, 1_000)).toBe('keep');
  });
});

// The margin's claim, checked over the edges: a write the old stream had not delivered (stated
// at or after the mark there) is kept in the new stream, wherever it was made, for either
// rounding, any lag up to the allowance and any skew up to the bound.
describe('no gap within the stated bounds', () => {
  const floor = (ms: number, unit: number) => Math.floor(ms / unit) * unit;
  const mark = at(12, 0, 0);
  /** Writes not delivered from the old stream, and how many of those the cut-off would skip. */
  const sweep = (origin: 'new region' | 'old region', marginMs: number) => {
    const cutoff = failoverCutoff(mark, marginMs);
    let undelivered = 0;
    let lost = 0;
    for (const unit of [1_000, 60_000])
      for (const lag of [0, 1, 999, 30_000, REPLICATION_LAG_ALLOWANCE_MS])
        for (const skew of [-REGION_CLOCK_SKEW_MS, -1, 0, 1, REGION_CLOCK_SKEW_MS])
          for (const base of [mark - marginMs, mark - unit, mark])
            for (const d of [-1, 0, 1, 999, 59_999]) {
              const t = base + d; // true time by the new region's clock
              const [newClock, oldClock] =
                origin === 'new region' ? [t, t + lag + skew] : [t + lag, t + skew];
              if (floor(oldClock, unit) < mark) continue;
              undelivered++;
              if (classifyFailoverRecord(floor(newClock, unit), cutoff) === 'skip') lost++;
            }
    return { undelivered, lost };
  };
  it.each(['new region', 'old region'] as const)('a write made in the %s: none lost', (origin) => {
    const { undelivered, lost } = sweep(origin, FAILOVER_MARGIN_MS);
    expect(undelivered).toBeGreaterThan(100);
    expect(lost).toBe(0);
  });
  it('the check bites: without the skew part, a write made in the new region is lost', () => {
    expect(sweep('new region', FAILOVER_MARGIN_MS - REGION_CLOCK_SKEW_MS).lost).toBeGreaterThan(0);
  });
});
