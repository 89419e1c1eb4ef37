import type { KafkaClient } from './kafka-client.js';
import {
  type OffsetPartition,
  type OffsetValue,
  offsetKey,
  type ShardOffset,
} from './offsets-format.js';
import type { RecordProducer } from './record-producer.js';

export interface OffsetEntry {
  partition: OffsetPartition;
  /** null deletes the partition's offset (a tombstone on the compacted topic). */
  value: OffsetValue | null;
}

/** An offset as the record that stores it (the Kafka Connect format, DESIGN §5). */
function offsetMessage(connector: string, e: OffsetEntry) {
  return {
    key: offsetKey(connector, e.partition),
    value: e.value === null ? null : JSON.stringify(e.value),
    headers: {},
  };
}

/**
 * Durable progress on the compacted offsets topic. The whole topic is read once at start,
 * before any task runs; afterwards this process is the only writer of the keys of the tables
 * it runs, so the in-memory view stays exact (a table that comes from another writer is read
 * again first: reloadTables). Values change here only after Kafka acknowledged them.
 */
export class OffsetStore {
  private readonly values = new Map<string, { partition: OffsetPartition; value: OffsetValue }>();

  private constructor(
    readonly connector: string,
    readonly topic: string,
  ) {}

  static async load(kafka: KafkaClient, topic: string, connector: string): Promise<OffsetStore> {
    const store = new OffsetStore(connector, topic);
    await kafka.readTopic(topic, (message) => {
      const entry = store.decode(message);
      if (entry) store.apply(entry);
    });
    return store;
  }

  /**
   * Keeps reading the topic for operators' commands (the `snapshot` CLI), until the signal
   * aborts. Only command partitions are taken: every other key this process writes itself, and
   * an older copy read back must not replace a newer value.
   */
  async followCommands(kafka: KafkaClient, signal: AbortSignal): Promise<void> {
    await kafka.readTopic(
      this.topic,
      (message) => {
        const entry = this.decode(message);
        if (entry && 'command' in entry.partition) this.apply(entry);
      },
      { follow: signal, maxWaitMs: 2000 },
    );
  }

  /** Writes an operator's command (snapshot, failover); the worker running the connector acts on it. */
  static async sendCommand(
    producer: Pick<RecordProducer, 'send'>,
    topic: string,
    connector: string,
    entry: OffsetEntry,
  ): Promise<void> {
    await producer.send(topic, [offsetMessage(connector, entry)]);
  }

  private decode(message: { key: Buffer | null; value: Buffer | null }): OffsetEntry | undefined {
    if (!message.key) return undefined;
    const [name, partition] = JSON.parse(message.key.toString('utf8')) as [string, OffsetPartition];
    if (name !== this.connector) return undefined;
    return {
      partition,
      value: message.value ? (JSON.parse(message.value.toString('utf8')) as OffsetValue) : null,
    };
  }

  get<T extends OffsetValue>(partition: OffsetPartition): T | undefined {
    return this.values.get(offsetKey(this.connector, partition))?.value as T | undefined;
  }

  /** The shard offsets of one generation of a table, by shard id. */
  shardsOf(table: string, generation: number): Map<string, ShardOffset> {
    const out = new Map<string, ShardOffset>();
    for (const { partition, value } of this.partitionsOf(table))
      if ('shard_id' in partition && partition.generation === generation)
        out.set(partition.shard_id, value as ShardOffset);
    return out;
  }

  /** Every stored partition of a table (any generation). */
  partitionsOf(table: string): { partition: OffsetPartition; value: OffsetValue }[] {
    return [...this.values.values()].filter((e) => e.partition.table === table);
  }

  /** Writes entries and waits for Kafka's acknowledgement (acks=all) before they count. */
  async write(producer: Pick<RecordProducer, 'send'>, entries: OffsetEntry[]): Promise<void> {
    await this.send(producer, entries);
    this.committed(entries);
  }

  /**
   * Sends entries without counting them yet: inside a transaction, they count only once it
   * committed (`committed`), since an aborted one never happened.
   */
  async send(producer: Pick<RecordProducer, 'send'>, entries: OffsetEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await producer.send(
      this.topic,
      entries.map((e) => offsetMessage(this.connector, e)),
    );
  }

  /** Entries Kafka now holds for good: the in-memory view takes them. */
  committed(entries: OffsetEntry[]): void {
    for (const e of entries) this.apply(e);
  }

  /**
   * Reads tables' offsets again, after another writer may have written them: a transactional
   * id taken over, or (distributed mode) a table handed over by another worker. What was
   * committed up to then, and nothing left open (read_committed, to the end the topic had,
   * waiting for open transactions there to end). Replaces those tables' view.
   */
  async reloadTables(kafka: KafkaClient, tables: readonly string[]): Promise<void> {
    if (tables.length === 0) return;
    const wanted = new Set(tables);
    const ours = (p: OffsetPartition) => wanted.has(p.table) && !('command' in p);
    const fresh = new OffsetStore(this.connector, this.topic);
    await kafka.readTopic(
      this.topic,
      (message) => {
        const entry = fresh.decode(message);
        if (entry && ours(entry.partition)) fresh.apply(entry);
      },
      { toHighWatermark: true },
    );
    for (const [key, e] of this.values) if (ours(e.partition)) this.values.delete(key);
    for (const [key, e] of fresh.values) this.values.set(key, e);
  }

  private apply(entry: OffsetEntry): void {
    const key = offsetKey(this.connector, entry.partition);
    if (entry.value === null) this.values.delete(key);
    else this.values.set(key, { partition: entry.partition, value: entry.value });
  }
}
