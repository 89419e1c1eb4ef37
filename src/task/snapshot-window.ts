/**
 * The decisions of the online snapshot (docs/design/online-snapshot.md, issue 14; not wired
 * into INIT_SYNC yet): when a held scan page may be written (the stream has passed its high
 * watermark), and which of its items the stream overtook. Times are the worker's clock;
 * `settleMs` (δ) bounds stream propagation, Scan staleness and clock offset.
 */

/** What a shard reader has written to Kafka, as the high watermark needs it. */
export interface ShardMark {
  ended: boolean;
  /** When the newest GetRecords request that found the shard's head was sent, if any. */
  headAskedAtMs: number | null;
  /** The newest change time (rounded down by DynamoDB) among the records written. */
  newestChangeMs: number | null;
}

export interface StreamView {
  /** The shards of the newest listing, and when it was taken. */
  shardIds: readonly string[];
  listedAtMs: number;
  /** When the reader last saw a shard end: a listing older than that may miss its children. */
  lastEndSeenAtMs: number | null;
  marks: ReadonlyMap<string, ShardMark>;
}

/**
 * Whether every record of a write made before `markMs` has been written to Kafka: each shard
 * of a listing newer than the last end seen has ended, reached its head (an answer short of a
 * full page) on a request sent at or after the mark, or written a record whose change time is at or after it (a rounded-down time
 * is never later than the write, and the shard's earlier records precede it).
 */
export function passedMark(view: StreamView, markMs: number): boolean {
  if (view.lastEndSeenAtMs !== null && view.listedAtMs < view.lastEndSeenAtMs) return false;
  if (view.shardIds.length === 0) return view.listedAtMs >= markMs;
  return view.shardIds.every((id) => {
    const mark = view.marks.get(id);
    if (!mark) return false;
    return (
      mark.ended ||
      (mark.headAskedAtMs !== null && mark.headAskedAtMs >= markMs) ||
      (mark.newestChangeMs !== null && mark.newestChangeMs >= markMs)
    );
  });
}

/**
 * The keys of stream records the reader delivers, by when they were received, kept only as
 * long as a held page may need them: memory grows with the write rate × the hold time, never
 * with the table.
 */
export class OvertakenKeys {
  private readonly receivedAt = new Map<string, number>();

  constructor(private readonly settleMs: number) {}

  get size(): number {
    return this.receivedAt.size;
  }

  received(keys: Iterable<string>, atMs: number): void {
    for (const key of keys) {
      // Re-inserted at the end, so the map stays in order of receipt for pruning.
      this.receivedAt.delete(key);
      this.receivedAt.set(key, atMs);
    }
  }

  /** Whether a page whose Scan was sent at `askedAtMs` must drop `key`: the stream has it. */
  overtook(key: string, askedAtMs: number): boolean {
    const at = this.receivedAt.get(key);
    return at !== undefined && at >= askedAtMs - this.settleMs;
  }

  /** Forgets what no page sent at or after `oldestAskedAtMs` can be overtaken by. */
  prune(oldestAskedAtMs: number): void {
    const before = oldestAskedAtMs - this.settleMs;
    for (const [key, at] of this.receivedAt) {
      if (at >= before) break;
      this.receivedAt.delete(key);
    }
  }
}
