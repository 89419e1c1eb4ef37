import { failoverCutoff } from './failover-cutoff.js';

/** How long DynamoDB Streams keep a record. */
export const STREAM_RETENTION_MS = 86_400_000;

export interface FailoverFacts {
  /** lowWaterMark() of the old region's shard offsets. */
  lowWaterMs: number | null;
  /**
   * The time before which the new region's stream may have dropped records (its oldest
   * record's time); null = not known, taken as nowMs − STREAM_RETENTION_MS.
   */
  newRegionTrimHorizonMs: number | null;
  nowMs: number;
  /** sync.safeZoneMs: a change older than this is close enough to the trim to be lost. */
  safeZoneMs: number;
  marginMs: number;
}

export type FailoverPlan =
  | { action: 'resume_with_skip'; cutoffMs: number }
  | { action: 'resync'; reason: 'gap_beyond_retention' | 'no_position'; detail: string };

/**
 * How the task continues in the new region: read its replica's stream from TRIM_HORIZON and
 * skip what is at or before the cut-off, or resync from that replica when the stream cannot
 * bridge from the old position, rather than guess.
 *
 * The stream bridges only if it still holds every record after the cut-off: a trim horizon
 * after the cut-off may have dropped some (one at the cut-off dropped only records that would
 * be skipped anyway). A known horizon is not enough on its own: a cut-off older than the safe
 * zone lies so near the 24 h edge that records after it may be trimmed while the task reads
 * up to them, the rule the stream reader applies to a lagging shard.
 */
export function planFailover(f: FailoverFacts): FailoverPlan {
  if (f.lowWaterMs === null)
    return { action: 'resync', reason: 'no_position', detail: 'no change time in the old offsets' };
  const cutoffMs = failoverCutoff(f.lowWaterMs, f.marginMs);
  const horizonMs = f.newRegionTrimHorizonMs ?? f.nowMs - STREAM_RETENTION_MS;
  if (cutoffMs < horizonMs) {
    const which =
      f.newRegionTrimHorizonMs === null ? 'now − 24 h' : "the new stream's oldest record";
    return { action: 'resync', reason: 'gap_beyond_retention', detail: `cut-off before ${which}` };
  }
  if (f.nowMs - cutoffMs > f.safeZoneMs)
    return {
      action: 'resync',
      reason: 'gap_beyond_retention',
      detail: 'cut-off older than the safe zone',
    };
  return { action: 'resume_with_skip', cutoffMs };
}
