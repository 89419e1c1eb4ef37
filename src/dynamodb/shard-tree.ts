/**
 * Pure shard-lineage decisions. DynamoDB Streams guarantee per-key order only if a child shard is
 * read after its parent has been read to its end; peers that skip this reorder changes.
 */
export interface ShardInfo {
  shardId: string;
  parentShardId?: string;
  /** Set once the shard is closed (no more records will be added). */
  endingSequenceNumber?: string;
}

export interface ShardCheckpoint {
  sequenceNumber: string | null;
  ended: boolean;
}

/** Merges DescribeStream pages; a shard seen twice (pages overlapping) counts once. */
export function mergeShardPages(pages: ShardInfo[][]): ShardInfo[] {
  const byId = new Map<string, ShardInfo>();
  for (const page of pages) {
    for (const shard of page) {
      const known = byId.get(shard.shardId);
      // A later page may know the shard closed; keep the most complete view.
      if (!known || (!known.endingSequenceNumber && shard.endingSequenceNumber))
        byId.set(shard.shardId, shard);
    }
  }
  return [...byId.values()];
}

/**
 * Shards that may be read now: not ended, not already being read, and whose parent has ended
 * (durably, per checkpoint) or is no longer in the stream (aged out; if we still needed it,
 * lostCheckpoints() says so and the task resyncs). Parents come before children in the result.
 */
export function readyShards(
  shards: ShardInfo[],
  checkpoint: (shardId: string) => ShardCheckpoint | undefined,
  running: ReadonlySet<string>,
): string[] {
  const present = new Set(shards.map((s) => s.shardId));
  return shards
    .filter((s) => !checkpoint(s.shardId)?.ended && !running.has(s.shardId))
    .filter(
      (s) =>
        !s.parentShardId ||
        !present.has(s.parentShardId) ||
        checkpoint(s.parentShardId)?.ended === true,
    )
    .map((s) => s.shardId)
    .sort();
}

/**
 * Checkpointed shards that have left the stream. Not ended: we were still reading it, so its
 * tail is lost (the task resyncs). Ended: its offset can be deleted.
 */
export function departedCheckpoints(
  shards: ShardInfo[],
  checkpoints: ReadonlyMap<string, ShardCheckpoint>,
  ended: boolean,
): string[] {
  const present = new Set(shards.map((s) => s.shardId));
  return [...checkpoints.entries()]
    .filter(([id, cp]) => cp.ended === ended && !present.has(id))
    .map(([id]) => id)
    .sort();
}

export function compareSequenceNumbers(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
