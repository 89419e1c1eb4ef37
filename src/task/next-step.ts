import { type ResyncReason, ResyncRequired } from '../errors.js';
import type { TableOffset } from '../kafka/offsets-format.js';

export type SnapshotMode = 'initial' | 'never' | 'initial_only';

/** A table task's next step (DESIGN §6, §11.10): a pure function of stored offsets and outcomes. */
export type Step =
  /** A new generation that starts with a snapshot: the first one, or after a resync. */
  | { action: 'snapshot'; generation: number; first: boolean }
  /** A new generation without a snapshot (initSync.mode 'never'): the stream from sync.startPosition. */
  | { action: 'stream_only'; generation: number }
  | { action: 'scan'; generation: number }
  | { action: 'reconcile'; generation: number }
  | { action: 'sync'; generation: number }
  | { action: 'done'; generation: number }
  | { action: 'resync'; generation: number; reason: ResyncReason; detail: string };

export interface StartContext {
  streamArn: string;
  mode: SnapshotMode;
  /** requested_at of the newest `snapshot` command for the table, or null. */
  snapshotRequest: number | null;
}

const resync = (stored: TableOffset, reason: ResyncReason, detail: string): Step => ({
  action: 'resync',
  generation: stored.generation + 1,
  reason,
  detail,
});

/** A `snapshot` command newer than the one the stored generation answers. */
export function snapshotRequested(stored: TableOffset, request: number | null): request is number {
  return request !== null && request > (stored.snapshot_request ?? 0);
}

export const streamChangedDetail = (was: string, now: string) => `stream was ${was}, is now ${now}`;

export const snapshotRequestDetail = (request: number) =>
  `snapshot command of ${new Date(request).toISOString()}`;

export function snapshotRequestStep(stored: TableOffset, request: number): Step {
  return resync(stored, 'snapshot_requested', snapshotRequestDetail(request));
}

/**
 * A snapshot whose stream has not caught up yet, taken without a stream cut: by initial_only
 * (no stream follows it) or by a version before the online snapshot, which read the stream
 * after the scan. Its stream can only be followed by replaying records the snapshot already
 * holds, which would take items back in time: such a generation starts over instead.
 */
function withoutCut(stored: TableOffset): boolean {
  return (
    stored.init_sync_start !== null &&
    (stored.stream_start ?? null) === null &&
    !stored.sync_caught_up
  );
}

/**
 * Where a task starts. A stream that was disabled and enabled again is a new stream: the old
 * positions mean nothing in it. A DONE table (initial_only) does not follow its stream, so a
 * new stream does not matter to it.
 */
export function decideStart(stored: TableOffset | undefined, ctx: StartContext): Step {
  if (!stored) {
    return ctx.mode === 'never'
      ? { action: 'stream_only', generation: 1 }
      : { action: 'snapshot', generation: 1, first: true };
  }
  const { generation } = stored;
  if (snapshotRequested(stored, ctx.snapshotRequest))
    return snapshotRequestStep(stored, ctx.snapshotRequest);
  if (stored.phase === 'DONE' && ctx.mode === 'initial_only') return { action: 'done', generation };
  if (stored.stream_arn !== ctx.streamArn)
    return resync(stored, 'stream_changed', streamChangedDetail(stored.stream_arn, ctx.streamArn));
  if (ctx.mode !== 'initial_only' && withoutCut(stored))
    return resync(stored, 'no_stream_cut', 'the snapshot was not read beside the stream');
  switch (stored.phase) {
    case 'INIT_SYNC':
      return { action: 'scan', generation };
    case 'RECONCILE':
      return { action: 'reconcile', generation };
    case 'SYNC':
    case 'DONE':
      return ctx.mode === 'initial_only'
        ? { action: 'done', generation }
        : { action: 'sync', generation };
  }
}

/** Whether the table topic held records before this generation began (see TableOffset.topic_marks). */
export function needsReconcile(stored: TableOffset): boolean {
  return topicMarks(stored).some((mark) => mark > 0n);
}

export function topicMarks(stored: TableOffset): bigint[] {
  if (!stored.topic_marks) return [];
  return (JSON.parse(stored.topic_marks) as (number | string)[]).map((m) => BigInt(m));
}

/**
 * After every segment of the scan finished. However long it took, a snapshot read beside the
 * stream missed nothing (docs/design/online-snapshot.md).
 */
export function afterScan(stored: TableOffset, mode: SnapshotMode): Step {
  return needsReconcile(stored)
    ? { action: 'reconcile', generation: stored.generation }
    : afterReconcile(stored.generation, mode);
}

export function afterReconcile(generation: number, mode: SnapshotMode): Step {
  return mode === 'initial_only' ? { action: 'done', generation } : { action: 'sync', generation };
}

/** A stream reader's failure as a step: a resync when it asked for one; anything else throws. */
export function resyncAfter(err: unknown, generation: number): Step {
  if (!(err instanceof ResyncRequired)) throw err;
  return { action: 'resync', generation: generation + 1, reason: err.reason, detail: err.message };
}

/**
 * The one decision every resync passes (sync.onLostPosition). An operator's snapshot command,
 * a snapshot taken again because it had no stream cut, and one taken again in the region a
 * failover moved to, are not lost positions: they are always honoured.
 */
export function onLostPosition(policy: 'resync' | 'fail', reason: ResyncReason): 'resync' | 'fail' {
  return reason === 'snapshot_requested' ||
    reason === 'no_stream_cut' ||
    reason === 'region_failover'
    ? 'resync'
    : policy;
}
