import { Consumer, FetchIsolationLevels } from '@platformatic/kafka';
import { ConnectorError } from '../errors.js';
import type { Logger } from '../observability/logger.js';
import { bootstrapOf, type ConnectionSettings } from './connection-options.js';
import { kafkaError } from './kafka-failure.js';
import { fetchPartition } from './partition-fetch.js';

export interface GroupConsumerOptions {
  groupId: string;
  topic: string;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  /** Longest time the broker holds a fetch while there is nothing new. */
  maxWaitMs: number;
  /** Most bytes per partition and fetch (compressed). */
  maxFetchBytes: number;
}

export interface GroupRecord {
  partition: number;
  offset: bigint;
  key: Buffer | null;
  value: Buffer | null;
}

/** One fetch round over the assigned partitions: its records, and where each partition is now. */
export interface FetchedBatch {
  records: GroupRecord[];
  /** Per partition, the next offset to read: what to commit once the records are applied. */
  next: Map<number, bigint>;
  /** The group generation the batch was fetched in. */
  generation: number;
}

/**
 * A member of a Kafka consumer group that reads one topic with its own fetch loop and commits
 * only when told: the caller applies a batch, then commits its `next` offsets. The client's
 * message stream is not used because it neither hides records of aborted transactions (a topic
 * written with exactly_once can hold some) nor lets a caller take whole fetch answers. Read
 * read_committed; after a rebalance each partition resumes from its committed offset (or its
 * first stored one), so records applied but not committed are read again: the caller must be
 * idempotent.
 */
export class GroupConsumer {
  private readonly consumer: Consumer;
  private positions = new Map<number, bigint>();
  private generation = -2;
  private readonly committed = new Map<number, bigint>();

  constructor(
    private readonly settings: ConnectionSettings,
    private readonly opts: GroupConsumerOptions,
    private readonly logger: Logger,
  ) {
    this.consumer = new Consumer({
      ...settings,
      groupId: opts.groupId,
      sessionTimeout: opts.sessionTimeoutMs,
      rebalanceTimeout: opts.sessionTimeoutMs,
      heartbeatInterval: opts.heartbeatIntervalMs,
    });
    // The client emits 'error' when it gives up rejoining; the next fetch round reports it.
    this.consumer.on('error', (err: unknown) => {
      this.logger.warn('consumer group error', { groupId: opts.groupId, error: String(err) });
    });
  }

  private fail(err: unknown, doing: string): Error {
    if (err instanceof ConnectorError) return err;
    return kafkaError(err, `${doing} (group ${this.opts.groupId})`, bootstrapOf(this.settings));
  }

  /** Not a fault to wait out: the topic's name or the connector's progress is the problem. */
  private missing(): ConnectorError {
    return new ConnectorError(`topic ${this.opts.topic} not found`, { retriable: false });
  }

  /** Joins the group, subscribed to the topic. */
  async join(): Promise<void> {
    try {
      const metadata = await this.consumer.metadata({ topics: [this.opts.topic] });
      if (!metadata.topics.get(this.opts.topic))
        throw new Error(`topic ${this.opts.topic} not found`);
      this.consumer.topics.track(this.opts.topic);
      await this.consumer.joinGroup({
        sessionTimeout: this.opts.sessionTimeoutMs,
        rebalanceTimeout: this.opts.sessionTimeoutMs,
        heartbeatInterval: this.opts.heartbeatIntervalMs,
      });
    } catch (err) {
      throw this.fail(err, `joining the consumer group for ${this.opts.topic}`);
    }
  }

  /** The partitions of the topic this member holds now. */
  assigned(): number[] {
    const mine = this.consumer.assignments?.find((a) => a.topic === this.opts.topic);
    return [...(mine?.partitions ?? [])].sort((a, b) => a - b);
  }

  /** At a new generation: each assigned partition from its committed offset, else its first. */
  private async refresh(): Promise<void> {
    const generation = this.consumer.generationId;
    const partitions = this.assigned();
    const positions = new Map<number, bigint>();
    if (partitions.length > 0) {
      const [committed, starts] = await Promise.all([
        this.consumer.listCommittedOffsets({ topics: [{ topic: this.opts.topic, partitions }] }),
        this.firstOffsets(),
      ]);
      const stored = committed.get(this.opts.topic) ?? [];
      for (const p of partitions) {
        const at = stored[p];
        const start = starts.get(p) ?? 0n;
        // Below the first stored offset (retention deleted what was committed), the first.
        positions.set(p, at !== undefined && at >= 0n ? (at < start ? start : at) : start);
        if (at !== undefined && at >= 0n) this.committed.set(p, at);
      }
    }
    this.positions = positions;
    this.generation = generation;
    this.logger.info('partitions assigned', {
      groupId: this.opts.groupId,
      generationId: generation,
      partitions,
      from: Object.fromEntries([...positions].map(([p, o]) => [p, o.toString()])),
    });
  }

  private async offsetsAt(timestamp: bigint): Promise<Map<number, bigint>> {
    const offsets = await this.consumer.listOffsets({
      topics: [this.opts.topic],
      timestamp,
      isolationLevel: FetchIsolationLevels.READ_COMMITTED,
    });
    return new Map((offsets.get(this.opts.topic) ?? []).map((o, p) => [p, o]));
  }

  firstOffsets = () => this.offsetsAt(-2n);

  /** Each partition's end offset (last stable offset: what a read_committed reader reaches). */
  async endOffsets(): Promise<Map<number, bigint>> {
    try {
      return await this.offsetsAt(-1n);
    } catch (err) {
      throw this.fail(err, `listing the end offsets of ${this.opts.topic}`);
    }
  }

  /** Committed offsets as this member last committed or found them. */
  committedOffsets(): ReadonlyMap<number, bigint> {
    return this.committed;
  }

  /** One fetch of every assigned partition, in parallel; waits up to maxWaitMs when idle. */
  async poll(): Promise<FetchedBatch> {
    try {
      if (this.generation !== this.consumer.generationId) await this.refresh();
      const generation = this.generation;
      const metadata = await this.consumer.metadata({ topics: [this.opts.topic] });
      const info = metadata.topics.get(this.opts.topic);
      if (!info) throw this.missing();
      const records: GroupRecord[] = [];
      const next = new Map(this.positions);
      if (next.size === 0) {
        await new Promise((r) => setTimeout(r, this.opts.maxWaitMs));
        return { records, next, generation };
      }
      const perPartition = await Promise.all(
        [...next].map(async ([partition, from]) => {
          const leader = info.partitions[partition]?.leader;
          if (leader === undefined) throw new Error(`partition ${partition} has no leader`);
          const out: GroupRecord[] = [];
          const { next: at } = await fetchPartition(
            this.consumer,
            {
              node: leader,
              topicId: info.id,
              partition,
              from,
              maxWaitMs: this.opts.maxWaitMs,
              maxBytes: this.opts.maxFetchBytes,
              isolationLevel: FetchIsolationLevels.READ_COMMITTED,
            },
            (offset, r) => out.push({ partition, offset, key: r.key, value: r.value }),
          );
          return [partition, at, out] as const;
        }),
      );
      for (const [partition, at, out] of perPartition) {
        next.set(partition, at);
        records.push(...out);
      }
      // Reading moves on at once; committing waits for the caller.
      if (this.generation === generation) this.positions = new Map(next);
      return { records, next, generation };
    } catch (err) {
      throw this.fail(err, `fetching ${this.opts.topic}`);
    }
  }

  /**
   * Commits a batch's `next` offsets, once its records were applied; only what moved is sent.
   * A batch of an older generation is not committed: its partitions may be another member's by
   * now, and whoever holds them re-reads from the last commit (harmless to an idempotent caller).
   */
  async commit(batch: Pick<FetchedBatch, 'next' | 'generation'>): Promise<boolean> {
    if (batch.generation !== this.consumer.generationId) return false;
    const mine = new Set(this.assigned());
    const offsets = [...batch.next]
      .filter(([p, o]) => mine.has(p) && this.committed.get(p) !== o)
      .map(([partition, offset]) => ({
        topic: this.opts.topic,
        partition,
        offset,
        leaderEpoch: -1,
      }));
    if (offsets.length === 0) return false;
    try {
      await this.consumer.commit({ offsets });
    } catch (err) {
      throw this.fail(err, `committing offsets of ${this.opts.topic}`);
    }
    for (const { partition, offset } of offsets) this.committed.set(partition, offset);
    return true;
  }

  /** Closes, leaving the group (LeaveGroup: a restarted replicate gets the partitions at once). */
  async close(): Promise<void> {
    await this.consumer.close(true).catch((err: unknown) => {
      this.logger.debug('consumer close failed', { error: String(err) });
    });
  }
}
