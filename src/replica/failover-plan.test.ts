import { describe, expect, it } from 'vitest';
import {
  type FailoverFacts,
  type FailoverPlan,
  planFailover,
  STREAM_RETENTION_MS,
} from './failover-plan.js';

const NOW = 1_000 * STREAM_RETENTION_MS;
const HOUR = 3_600_000;
const MARGIN = 125_000;
const SAFE = 20 * HOUR;

const facts = (f: Partial<FailoverFacts>): FailoverFacts => ({
  lowWaterMs: NOW - HOUR,
  newRegionTrimHorizonMs: null,
  nowMs: NOW,
  safeZoneMs: SAFE,
  marginMs: MARGIN,
  ...f,
});
const resume = (cutoffMs: number): FailoverPlan => ({ action: 'resume_with_skip', cutoffMs });
const gap = (detail: string): FailoverPlan => ({
  action: 'resync',
  reason: 'gap_beyond_retention',
  detail,
});

describe('planFailover', () => {
  it.each([
    {
      name: 'no change time stored: nothing to bridge from',
      f: facts({ lowWaterMs: null }),
      plan: {
        action: 'resync',
        reason: 'no_position',
        detail: 'no change time in the old offsets',
      } as FailoverPlan,
    },
    {
      name: 'a recent mark, horizon unknown: resume, skipping up to mark − margin',
      f: facts({ lowWaterMs: NOW - HOUR }),
      plan: resume(NOW - HOUR - MARGIN),
    },
    {
      name: 'a mark after now (clock skew): resume',
      f: facts({ lowWaterMs: NOW + 5_000 }),
      plan: resume(NOW + 5_000 - MARGIN),
    },
    {
      name: 'known horizon before the cut-off: resume',
      f: facts({ newRegionTrimHorizonMs: NOW - HOUR - MARGIN - 1 }),
      plan: resume(NOW - HOUR - MARGIN),
    },
    {
      name: 'known horizon exactly at the cut-off: resume (only skipped records were trimmed)',
      f: facts({ newRegionTrimHorizonMs: NOW - HOUR - MARGIN }),
      plan: resume(NOW - HOUR - MARGIN),
    },
    {
      name: 'known horizon 1 ms after the cut-off: resync',
      f: facts({ newRegionTrimHorizonMs: NOW - HOUR - MARGIN + 1 }),
      plan: gap("cut-off before the new stream's oldest record"),
    },
    {
      name: 'known horizon after the mark itself: resync',
      f: facts({ newRegionTrimHorizonMs: NOW - HOUR / 2 }),
      plan: gap("cut-off before the new stream's oldest record"),
    },
    {
      name: 'horizon unknown, cut-off exactly now − 24 h: past the trim test, not the safe zone',
      f: facts({ lowWaterMs: NOW - STREAM_RETENTION_MS + MARGIN }),
      plan: gap('cut-off older than the safe zone'),
    },
    {
      name: 'horizon unknown, cut-off 1 ms before now − 24 h: resync',
      f: facts({ lowWaterMs: NOW - STREAM_RETENTION_MS + MARGIN - 1 }),
      plan: gap('cut-off before now − 24 h'),
    },
    {
      name: 'horizon unknown, the full 24 h as safe zone, cut-off exactly now − 24 h: resume',
      f: facts({ lowWaterMs: NOW - STREAM_RETENTION_MS + MARGIN, safeZoneMs: STREAM_RETENTION_MS }),
      plan: resume(NOW - STREAM_RETENTION_MS),
    },
    {
      name: 'cut-off exactly the safe zone old: resume',
      f: facts({ lowWaterMs: NOW - SAFE + MARGIN }),
      plan: resume(NOW - SAFE),
    },
    {
      name: 'cut-off 1 ms older than the safe zone: resync',
      f: facts({ lowWaterMs: NOW - SAFE + MARGIN - 1 }),
      plan: gap('cut-off older than the safe zone'),
    },
    {
      name: 'a known horizon does not lift the safe zone',
      f: facts({ lowWaterMs: NOW - 23 * HOUR, newRegionTrimHorizonMs: NOW - 24 * HOUR }),
      plan: gap('cut-off older than the safe zone'),
    },
    {
      name: 'a mark just inside the safe zone, margin pushes the cut-off out: resync',
      f: facts({ lowWaterMs: NOW - SAFE + 1 }),
      plan: gap('cut-off older than the safe zone'),
    },
    {
      name: 'no margin: the cut-off is the mark',
      f: facts({ marginMs: 0, newRegionTrimHorizonMs: NOW - HOUR }),
      plan: resume(NOW - HOUR),
    },
  ])('$name', ({ f, plan }) => {
    expect(planFailover(f)).toStrictEqual(plan);
  });
});
