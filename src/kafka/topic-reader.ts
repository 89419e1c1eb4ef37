import { Consumer, FetchIsolationLevels } from '@platformatic/kafka';
import { bootstrapOf, type ConnectionSettings } from './connection-options.js';
import { kafkaError } from './kafka-failure.js';
import { fetchPartition } from './partition-fetch.js';
import type { Compression } from './record-producer.js';

export interface ReadRecord {
  partition: number;
  offset: bigint;
  key: Buffer | null;
  value: Buffer | null;
  headers: [Buffer | null, Buffer | null][];
  timestamp: bigint;
  /** The codec its batch was stored with. */
  compression: Compression;
}

const CODECS: Compression[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

export interface ReadOptions {
  /** read_committed (the default) hides records of aborted transactions, as Java's consumer does. */
  readCommitted?: boolean;
  /** Keep following after the end (until the signal aborts), instead of stopping there. */
  follow?: AbortSignal;
  /** Longest time the broker holds a fetch while there is nothing new (follow mode). */
  maxWaitMs?: number;
  /** Start at the end instead of the first stored record (follow mode: only what comes next). */
  fromEnd?: boolean;
  /** Stop early (without follow): the read ends after the fetch in flight. */
  signal?: AbortSignal;
  /** Only these partitions, each from its first offset up to (not including) its second. */
  ranges?: ReadonlyMap<number, readonly [bigint, bigint]>;
  /**
   * Most bytes per partition and fetch (default 4 MB). The limit counts compressed bytes, and a
   * batch of repetitive records can decode to 40 times its size, so a reader that must stay
   * small (reconciliation) asks for less.
   */
  maxFetchBytes?: number;
  /**
   * read_committed up to the high watermark rather than the last stable offset: every record
   * written before the call, waiting (up to OPEN_TRANSACTION_WAIT_MS) for transactions still
   * open there to end. The read after a transactional id was taken over needs this: the last
   * stable offset can be held back by another producer's open transaction, and what was
   * committed after it must be read too.
   */
  toHighWatermark?: boolean;
}

const PARTITION_MAX_BYTES = 4 * 1024 * 1024;
/** Below its end offset a partition always has a batch to return; a run of empty answers is a fault, not a wait. */
const MAX_EMPTY_FETCHES = 5;
/** A transaction open longer than this is past any sane transaction timeout: a fault. */
export const OPEN_TRANSACTION_WAIT_MS = 180_000;

/**
 * Reads a topic from its first stored record by manual assignment: no consumer group, nothing
 * committed, nothing to clean up. Without `follow`, it stops at the end offsets the topic had
 * when called: deterministic, nothing missed, no idle guessing. Returns the records read.
 */
export async function readTopic(
  settings: ConnectionSettings,
  topic: string,
  onRecord: (record: ReadRecord) => void,
  opts: ReadOptions = {},
): Promise<number> {
  const isolationLevel =
    opts.readCommitted === false
      ? FetchIsolationLevels.READ_UNCOMMITTED
      : FetchIsolationLevels.READ_COMMITTED;
  // The group id is never used: fetch and listOffsets need no group.
  const consumer = new Consumer({ ...settings, groupId: `${settings.clientId}-reader` });
  try {
    const metadata = await consumer.metadata({ topics: [topic] });
    const info = metadata.topics.get(topic);
    if (!info) throw new Error(`topic ${topic} not found`);
    const endIsolation = opts.toHighWatermark
      ? FetchIsolationLevels.READ_UNCOMMITTED
      : isolationLevel;
    const [starts, ends] = await Promise.all(
      [
        [-2n, isolationLevel],
        [-1n, endIsolation],
      ].map(async ([timestamp, level]) => {
        const offsets = await consumer.listOffsets({
          topics: [topic],
          timestamp: timestamp as bigint,
          isolationLevel: level as number,
        });
        return offsets.get(topic) ?? [];
      }),
    );
    const waitUntil = Date.now() + OPEN_TRANSACTION_WAIT_MS;
    let count = 0;
    await Promise.all(
      info.partitions.map(async (p, partition) => {
        const range = opts.ranges?.get(partition);
        if (opts.ranges && !range) return;
        const first = (opts.fromEnd ? ends : starts)?.[partition] ?? 0n;
        let next = range && range[0] > first ? range[0] : first;
        let empty = 0;
        const last = ends?.[partition] ?? 0n;
        const end = range && range[1] < last ? range[1] : last;
        while (opts.follow ? !opts.follow.aborted : next < end && !opts.signal?.aborted) {
          const answer = await fetchPartition(
            consumer,
            {
              node: p.leader,
              topicId: info.id,
              partition,
              from: next,
              maxWaitMs: opts.follow ? (opts.maxWaitMs ?? 500) : opts.toHighWatermark ? 200 : 0,
              maxBytes: opts.maxFetchBytes ?? PARTITION_MAX_BYTES,
              isolationLevel,
            },
            (offset, r, batch) => {
              if (!opts.follow && offset >= end) return;
              onRecord({
                partition,
                offset,
                key: r.key,
                value: r.value,
                headers: r.headers,
                timestamp: batch.firstTimestamp + r.timestampDelta,
                compression: CODECS[batch.attributes & 7] ?? 'none',
              });
              count++;
            },
          );
          next = answer.next;
          if (answer.batches > 0) empty = 0;
          else if (opts.toHighWatermark && next >= (answer.lastStableOffset ?? next + 1n)) {
            // Held back by an open transaction: it ends by commit, abort or its timeout.
            if (Date.now() > waitUntil)
              throw new Error(
                `partition ${partition} has had a transaction open at offset ${next} for over ${OPEN_TRANSACTION_WAIT_MS} ms`,
              );
          } else if (!opts.follow && ++empty >= MAX_EMPTY_FETCHES)
            throw new Error(
              `partition ${partition} answered nothing at offset ${next}, before its end ${end}`,
            );
        }
      }),
    );
    return count;
  } catch (err) {
    throw kafkaError(err, `reading ${topic}`, bootstrapOf(settings));
  } finally {
    await consumer.close().catch(() => {});
  }
}

/** Each partition's end offset (the next offset to be written), in partition order. */
export async function topicEndOffsets(
  settings: ConnectionSettings,
  topic: string,
): Promise<bigint[]> {
  const consumer = new Consumer({ ...settings, groupId: `${settings.clientId}-reader` });
  try {
    const offsets = await consumer.listOffsets({
      topics: [topic],
      timestamp: -1n,
      isolationLevel: FetchIsolationLevels.READ_UNCOMMITTED,
    });
    return [...(offsets.get(topic) ?? [])];
  } catch (err) {
    throw kafkaError(err, `listing the end offsets of ${topic}`, bootstrapOf(settings));
  } finally {
    await consumer.close().catch(() => {});
  }
}
