import { ProduceAcks, Producer } from '@platformatic/kafka';
import { ConnectorError } from '../errors.js';
import { bootstrapOf, type ConnectionSettings } from './connection-options.js';
import { murmur2 } from './java-partitioner.js';
import { kafkaError } from './kafka-failure.js';

export type Compression = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

/** A record as handed to Kafka: UTF-8 text (or bytes already encoded), null value = tombstone. */
export interface OutRecord {
  key: string | Buffer;
  value: string | Buffer | null;
  headers: Record<string, string>;
}

type Data = string | Buffer | null;

/** Where records can be sent: a producer, or one transaction of it. */
export interface RecordTarget {
  send(topic: string, records: OutRecord[]): Promise<void>;
}

const bytes = (data?: Data): Buffer | undefined =>
  data === null || data === undefined
    ? undefined
    : typeof data === 'string'
      ? Buffer.from(data, 'utf8')
      : data;

/**
 * One idempotent producer (acks=all). The client keeps one request in flight per connection
 * for an idempotent producer and numbers every batch, so a retried batch can neither be
 * written twice nor overtake the next one: per-key order holds under retries. Keys are placed
 * as Java producers place them (murmur2, positive, modulo the partition count).
 * With a transactional id it writes in transactions (`transaction`), and starting it fences
 * every older producer with the same id (`fence`).
 */
export class RecordProducer implements RecordTarget {
  private readonly producer: Producer<Data, Data, Data, Data>;
  private readonly bootstrap: string[];
  private turns: Promise<unknown> = Promise.resolve();

  constructor(
    settings: ConnectionSettings,
    compression: Compression,
    readonly transactionalId?: string,
  ) {
    this.bootstrap = bootstrapOf(settings);
    this.producer = new Producer({
      ...settings,
      ...(transactionalId ? { transactionalId } : {}),
      idempotent: true,
      acks: ProduceAcks.ALL,
      compression,
      autocreateTopics: false,
      // The client reduces this modulo the partition count, as Java's Utils.toPositive(...) % n.
      partitioner: (_message, key) => (key ? murmur2(key) & 0x7fffffff : 0),
      serializers: { key: bytes, value: bytes, headerKey: bytes, headerValue: bytes },
    });
  }

  /** Resolves once every record is acknowledged by all in-sync replicas. */
  async send(topic: string, records: OutRecord[]): Promise<void> {
    if (records.length === 0) return;
    try {
      await this.producer.send({
        messages: records.map((r) => ({ topic, key: r.key, value: r.value, headers: r.headers })),
      });
    } catch (err) {
      throw kafkaError(err, `writing ${records.length} records to ${topic}`, this.bootstrap);
    }
  }

  /**
   * Takes the transactional id: the broker aborts whatever an older producer with the id left
   * open and refuses that producer from now on. Nothing is written.
   */
  async fence(): Promise<void> {
    try {
      // -1/-1 asks for the id's producer as a new one: the client's default (0/0) reads as
      // "producer 0 at epoch 0 resuming", which the broker refuses (PRODUCER_FENCED) once
      // another producer holds the id — exactly when fencing is needed.
      const tx = await this.producer.beginTransaction({ producerId: -1n, producerEpoch: -1 });
      await tx.cancel();
    } catch (err) {
      throw kafkaError(err, `starting transactional id ${this.transactionalId}`, this.bootstrap);
    }
  }

  /**
   * Runs `write` in one transaction and commits it: every record sent through the target
   * becomes visible to read_committed consumers, or (on any failure, aborted) none does.
   */
  transaction<T>(write: (target: RecordTarget) => Promise<T>): Promise<T> {
    // A producer has one transaction at a time: the writers of a task (scan segments, shard
    // readers) take turns.
    const turn = this.turns.then(() => this.oneTransaction(write));
    this.turns = turn.catch(() => {});
    return turn;
  }

  private async oneTransaction<T>(write: (target: RecordTarget) => Promise<T>): Promise<T> {
    const doing = `transaction of ${this.transactionalId}`;
    let tx: Awaited<ReturnType<typeof this.producer.beginTransaction>>;
    try {
      tx = await this.producer.beginTransaction();
    } catch (err) {
      throw kafkaError(err, doing, this.bootstrap);
    }
    try {
      const result = await write({
        send: async (topic, records) => {
          if (records.length === 0) return;
          await tx.send({ messages: records.map((r) => ({ topic, ...r })) });
        },
      });
      await tx.commit();
      return result;
    } catch (err) {
      if (!tx.completed) await tx.abort().catch(() => tx.cancel().catch(() => {}));
      // The connector's own errors (a record over the size limit) pass as they are.
      throw err instanceof ConnectorError ? err : kafkaError(err, doing, this.bootstrap);
    }
  }

  async close(): Promise<void> {
    await this.producer.close().catch(() => {});
  }
}
