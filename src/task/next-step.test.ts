import { describe, expect, it } from 'vitest';
import type { TableOffset } from '../kafka/offsets-format.js';
import {
  afterReconcile,
  afterScan,
  decideStart,
  needsReconcile,
  onLostPosition,
  type StartContext,
} from './next-step.js';

const H = 3_600_000;
const stored = (o: Partial<TableOffset>): TableOffset => ({
  generation: 3,
  phase: 'SYNC',
  stream_arn: 'arn-1',
  init_sync_start: 100 * H,
  init_sync_end: 101 * H,
  segments: 1,
  sync_caught_up: true,
  ...o,
});
const ctx = (o: Partial<StartContext> = {}): StartContext => ({
  streamArn: 'arn-1',
  mode: 'initial',
  snapshotRequest: null,
  ...o,
});
const noCut = {
  action: 'resync',
  generation: 4,
  reason: 'no_stream_cut',
  detail: 'the snapshot was not read beside the stream',
};
const changed = {
  action: 'resync',
  generation: 4,
  reason: 'stream_changed',
  detail: 'stream was arn-1, is now arn-2',
};

describe('decideStart', () => {
  it.each([
    {
      name: 'nothing stored: a first snapshot',
      offset: undefined,
      c: ctx(),
      step: { action: 'snapshot', generation: 1, first: true },
    },
    {
      name: "nothing stored, mode 'never': the stream only",
      offset: undefined,
      c: ctx({ mode: 'never' }),
      step: { action: 'stream_only', generation: 1 },
    },
    {
      name: "nothing stored, mode 'initial_only': a first snapshot",
      offset: undefined,
      c: ctx({ mode: 'initial_only' }),
      step: { action: 'snapshot', generation: 1, first: true },
    },
    {
      name: 'scan beside the stream under way: resume it',
      offset: stored({ phase: 'INIT_SYNC', stream_start: 'cut', sync_caught_up: false }),
      c: ctx(),
      step: { action: 'scan', generation: 3 },
    },
    {
      name: 'initial_only scan under way: resume it',
      offset: stored({ phase: 'INIT_SYNC', sync_caught_up: false }),
      c: ctx({ mode: 'initial_only' }),
      step: { action: 'scan', generation: 3 },
    },
    {
      name: 'scan without a cut (an earlier version), now streaming: a new snapshot',
      offset: stored({ phase: 'INIT_SYNC', sync_caught_up: false }),
      c: ctx(),
      step: noCut,
    },
    {
      name: 'reconciliation under way: run it again',
      offset: stored({ phase: 'RECONCILE', stream_start: 'cut' }),
      c: ctx(),
      step: { action: 'reconcile', generation: 3 },
    },
    {
      name: 'reconciliation after a scan without a cut: a new snapshot',
      offset: stored({ phase: 'RECONCILE', sync_caught_up: false }),
      c: ctx(),
      step: noCut,
    },
    {
      name: 'first catch-up after a scan without a cut: a new snapshot',
      offset: stored({ sync_caught_up: false }),
      c: ctx(),
      step: noCut,
    },
    {
      name: 'after a failover, not caught up yet (the snapshot is the old one): resume the stream',
      offset: stored({
        generation: 4,
        stream_start: 'failover',
        stream_start_at: 99 * H,
        sync_caught_up: false,
        region: 'eu-west-1',
      }),
      c: ctx(),
      step: { action: 'sync', generation: 4 },
    },
    {
      name: 'streaming, caught up once (an earlier version): resume the stream',
      offset: stored({ stream_start: null }),
      c: ctx(),
      step: { action: 'sync', generation: 3 },
    },
    {
      name: "'trim_horizon' start, not caught up yet: resume the stream",
      offset: stored({
        init_sync_start: null,
        stream_start: 'trim_horizon',
        sync_caught_up: false,
      }),
      c: ctx(),
      step: { action: 'sync', generation: 3 },
    },
    {
      name: 'streaming: resume the stream',
      offset: stored({}),
      c: ctx(),
      step: { action: 'sync', generation: 3 },
    },
    {
      name: 'streaming, mode now initial_only: done',
      offset: stored({}),
      c: ctx({ mode: 'initial_only' }),
      step: { action: 'done', generation: 3 },
    },
    {
      name: 'done, initial_only: stays done, even on a new stream',
      offset: stored({ phase: 'DONE' }),
      c: ctx({ mode: 'initial_only', streamArn: 'arn-2' }),
      step: { action: 'done', generation: 3 },
    },
    {
      name: 'done (initial_only), now streaming: a new snapshot, read beside the stream',
      offset: stored({ phase: 'DONE', sync_caught_up: false }),
      c: ctx(),
      step: noCut,
    },
    {
      name: 'stream replaced: resync with a new generation',
      offset: stored({}),
      c: ctx({ streamArn: 'arn-2' }),
      step: changed,
    },
    {
      name: 'stream replaced during the scan: resync too',
      offset: stored({ phase: 'INIT_SYNC' }),
      c: ctx({ streamArn: 'arn-2' }),
      step: changed,
    },
    {
      name: 'a snapshot command newer than the generation: resync',
      offset: stored({ snapshot_request: 5 }),
      c: ctx({ snapshotRequest: 6, mode: 'initial_only' }),
      step: {
        action: 'resync',
        generation: 4,
        reason: 'snapshot_requested',
        detail: 'snapshot command of 1970-01-01T00:00:00.006Z',
      },
    },
    {
      name: 'a snapshot command this generation answers: nothing to do',
      offset: stored({ snapshot_request: 6 }),
      c: ctx({ snapshotRequest: 6 }),
      step: { action: 'sync', generation: 3 },
    },
  ])('$name', ({ offset, c, step }) => {
    expect(decideStart(offset, c)).toEqual(step);
  });
});

describe('afterScan', () => {
  const marks = (m: number[]) => JSON.stringify(m.map(String));
  it.each([
    {
      name: 'fresh topic: straight to the stream',
      offset: stored({ topic_marks: marks([0, 0]) }),
      mode: 'initial',
      step: { action: 'sync', generation: 3 },
    },
    {
      name: 'topic held records: reconcile',
      offset: stored({ topic_marks: marks([0, 7]) }),
      mode: 'initial',
      step: { action: 'reconcile', generation: 3 },
    },
    {
      name: 'offsets from before reconciliation existed: no marks, no reconcile',
      offset: stored({}),
      mode: 'initial',
      step: { action: 'sync', generation: 3 },
    },
    {
      name: 'initial_only, fresh topic: done',
      offset: stored({ topic_marks: marks([0]) }),
      mode: 'initial_only',
      step: { action: 'done', generation: 3 },
    },
  ] as const)('$name', ({ offset, mode, step }) => {
    expect(afterScan(offset, mode)).toEqual(step);
  });

  it('reconciles only when a mark is above zero', () => {
    expect(needsReconcile(stored({ topic_marks: '["0","0"]' }))).toBe(false);
    expect(needsReconcile(stored({ topic_marks: '["0","12"]' }))).toBe(true);
    expect(afterReconcile(3, 'initial')).toEqual({ action: 'sync', generation: 3 });
    expect(afterReconcile(3, 'initial_only')).toEqual({ action: 'done', generation: 3 });
  });
});

describe('onLostPosition', () => {
  it.each([
    ['resync', 'safe_zone', 'resync'],
    ['fail', 'safe_zone', 'fail'],
    ['fail', 'trimmed', 'fail'],
    ['fail', 'stream_changed', 'fail'],
    // An operator's command, or a snapshot without a stream cut, is not a lost position.
    ['fail', 'snapshot_requested', 'resync'],
    ['fail', 'no_stream_cut', 'resync'],
    // A global table's snapshot moved region loses nothing; a stream that cannot bridge does.
    ['fail', 'region_failover', 'resync'],
    ['fail', 'gap_beyond_retention', 'fail'],
    ['fail', 'no_position', 'fail'],
  ] as const)('%s, %s → %s', (policy, reason, result) => {
    expect(onLostPosition(policy, reason)).toBe(result);
  });
});
