import type { ProgressMarks } from './task-progress.js';

export interface StallRules {
  /** How long without progress (or with growing lag) makes a task STALLED. */
  afterMs: number;
  /** millis_behind_source above this, and growing for `afterMs`, is a stall. */
  lagMs: number;
}

export type StallReason = 'scan_no_progress' | 'shard_no_round' | 'lag_growing';

export interface Stall {
  reason: StallReason;
  shardId: string | null;
  /** How long the task has gone without progress (or lagged more and more). */
  forMs: number;
}

/**
 * Lag above the threshold since `sinceMs`, with the lag then and the latest one. A reader that
 * catches up shrinks its lag between samples: the watch starts again from the smaller lag.
 */
export interface LagWatch {
  sinceMs: number;
  firstLagMs: number;
  lastLagMs: number;
}

export function watchLag(
  prev: LagWatch | null,
  lagMs: number | null,
  nowMs: number,
  rules: StallRules,
): LagWatch | null {
  if (lagMs === null || lagMs <= rules.lagMs) return null;
  if (prev === null || lagMs < prev.firstLagMs)
    return { sinceMs: nowMs, firstLagMs: lagMs, lastLagMs: lagMs };
  return { ...prev, lastLagMs: lagMs };
}

/**
 * Whether a running task is stalled, and why (the longest-standing cause): a scan that has
 * handed nothing to Kafka, a shard whose reader has not completed a GetRecords round (a call
 * that hangs or keeps failing, a Kafka write that does not finish), or a lag that stays above
 * the threshold and grows. Progress of any kind ends the stall by itself.
 */
export function stallOf(
  marks: ProgressMarks,
  lag: LagWatch | null,
  nowMs: number,
  rules: StallRules,
): Stall | null {
  let worst: Stall | null = null;
  const consider = (reason: StallReason, shardId: string | null, forMs: number) => {
    if (forMs >= rules.afterMs && (worst === null || forMs > worst.forMs))
      worst = { reason, shardId, forMs };
  };
  if (marks.scanProgressMs !== null)
    consider('scan_no_progress', null, nowMs - marks.scanProgressMs);
  for (const [shardId, atMs] of marks.shardRounds)
    consider('shard_no_round', shardId, nowMs - atMs);
  if (lag !== null && lag.lastLagMs > lag.firstLagMs)
    consider('lag_growing', null, nowMs - lag.sinceMs);
  return worst;
}
