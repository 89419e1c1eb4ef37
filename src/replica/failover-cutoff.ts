import type { ShardOffset } from '../kafka/offsets-format.js';

/** One shard position of the old region's stream, as the task's offsets store it. */
export interface ShardMark {
  /** ApproximateCreationDateTime of the last record read from the shard; null = none read. */
  lastChangeMs: number | null;
  /** The shard was read to its end. */
  ended: boolean;
}

/**
 * The marks of a generation's stored shard offsets. A shard's position is the later of its last
 * record's time and the time it was last seen at its head (read_to_ms). An ended shard whose
 * child has no offset yet counts as open at its position: the child, not read yet, holds the
 * records that follow it.
 */
export function shardMarks(shards: ReadonlyMap<string, ShardOffset>): ShardMark[] {
  const parents = new Set([...shards.values()].map((o) => o.parent_shard_id));
  return [...shards].map(([shardId, o]) => ({
    lastChangeMs: later(o.last_change_ms ?? null, o.read_to_ms ?? null),
    ended: o.ended && parents.has(shardId),
  }));
}

const later = (a: number | null, b: number | null) =>
  a === null ? b : b === null ? a : Math.max(a, b);

/**
 * The change time before which the task has delivered every record of the old region's stream.
 *
 * Each shard is read in order, so a shard whose last record read is at L has delivered all of
 * its records before L; but shards are read independently, and one may lag far behind the
 * others. Anything after the lowest open position may be unread, so the mark is the minimum
 * over open shards; a maximum would skip what the slowest shard had not reached. An ended shard
 * holds nothing unread, so it does not count while any shard is open; when every shard has
 * ended, the whole stream was read and the mark is the last time seen.
 *
 * An open shard without a time may hold unread records of any age, so the mark is unknown
 * (null, and the caller resyncs) rather than guessed. A child shard not read yet can be passed
 * with its parent's last time: its records all follow its parent's. A child left out of the
 * list entirely would be taken as read.
 */
export function lowWaterMark(shards: readonly ShardMark[]): number | null {
  const open = shards.filter((s) => !s.ended);
  if (open.length > 0) {
    if (open.some((s) => s.lastChangeMs === null)) return null;
    return Math.min(...open.map((s) => s.lastChangeMs ?? 0));
  }
  const times = shards.flatMap((s) => (s.lastChangeMs === null ? [] : [s.lastChangeMs]));
  return times.length === 0 ? null : Math.max(...times);
}

/**
 * Record times are floored, so one second (AWS) or one minute (DynamoDB Local) of true time
 * shares one stated time: a record stated at t may have been made up to this much later.
 */
export const RECORD_TIME_PRECISION_MS = 60_000;

/**
 * How long a write made in one region may take to reach another region's replica (and its
 * stream). Global tables usually replicate within a second (CloudWatch ReplicationLatency);
 * a write made in the new region shortly before the old one read its mark may not have reached
 * the old stream by then, and this allows a minute for it. A region failing is when lag grows:
 * a larger lag than this can lose such writes.
 */
export const REPLICATION_LAG_ALLOWANCE_MS = 60_000;

/** How far two regions' clocks, which stamp their own streams' records, may disagree. */
export const REGION_CLOCK_SKEW_MS = 5_000;

/**
 * What the cut-off stays below the low-water mark. A write stated at t in the new region's
 * stream reaches the old stream stated before t + precision + lag + skew; with
 * t ≤ mark − margin that is before the mark, so it was delivered. Records within the margin are
 * all kept: they come out as duplicates, never as a gap.
 */
export const FAILOVER_MARGIN_MS =
  RECORD_TIME_PRECISION_MS + REPLICATION_LAG_ALLOWANCE_MS + REGION_CLOCK_SKEW_MS;

/**
 * Records of the new region's stream at or before the cut-off were delivered from the old
 * region and are skipped (the skip rule 'failover', task/sync-decisions.ts); at the cut-off
 * itself too, which is safe since the margin bounds how much later than its stated time a
 * record can be stated in the other stream.
 */
export function failoverCutoff(lowWaterMs: number, marginMs: number): number {
  return lowWaterMs - marginMs;
}
