import { ProduceAcks, Producer } from '@platformatic/kafka';
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
 */
export class RecordProducer {
  private readonly producer: Producer<Data, Data, Data, Data>;
  private readonly bootstrap: string[];

  constructor(settings: ConnectionSettings, compression: Compression) {
    this.bootstrap = bootstrapOf(settings);
    this.producer = new Producer({
      ...settings,
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

  async close(): Promise<void> {
    await this.producer.close().catch(() => {});
  }
}
