import { ProduceAcks, Producer } from '@platformatic/kafka';
import { ConnectorError } from '../errors.js';
import { bootstrapOf, type ConnectionSettings } from './connection-options.js';
import { murmur2 } from './java-partitioner.js';
import { KafkaError, kafkaError } from './kafka-failure.js';

export type Compression = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

/** A record as handed to Kafka: UTF-8 text (or bytes already encoded), null value = tombstone. */
export interface OutRecord {
  key: string | Buffer;
  value: string | Buffer | null;
  headers: Record<string, string>;
}

type Data = string | Buffer | null;
// The client does not export its Transaction class: the type of what beginTransaction gives.
type Transaction = Awaited<ReturnType<Producer<Data, Data, Data, Data>['beginTransaction']>>;

/** A transactional producer's id and the broker-side timeout of each of its transactions. */
export interface Transactional {
  id: string;
  timeoutMs: number;
}

/** One per table and connector: a second writer of the table takes the same id and fences the first. */
export const transactionalId = (connector: string, table: string) => `${connector}.${table}`;

// InitProducerId with no producer id and epoch: "make me the owner of this transactional id".
// The client's default (0/0) asks to continue as producer 0, which the broker answers with
// PRODUCER_FENCED once another producer holds the id: exactly when a new owner must take over.
const TAKE_OVER = { producerId: -1n, producerEpoch: -1 };

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
  /** The open transaction: while set, every send goes into it. */
  private current: Transaction | undefined;
  private owner = false;
  private broken = false;
  /** Sends in the open transaction. */
  private sends = 0;

  constructor(
    settings: ConnectionSettings,
    compression: Compression,
    readonly transactional?: Transactional,
  ) {
    this.bootstrap = bootstrapOf(settings);
    this.producer = new Producer({
      ...settings,
      ...(transactional && {
        transactionalId: transactional.id,
        // The client sends `timeout` as the transaction timeout (and as the produce timeout).
        timeout: transactional.timeoutMs,
      }),
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
    const messages = records.map((r) => ({
      topic,
      key: r.key,
      value: r.value,
      headers: r.headers,
    }));
    try {
      if (this.current) this.sends++;
      await (this.current ?? this.producer).send({ messages });
    } catch (err) {
      throw kafkaError(err, `writing ${records.length} records to ${topic}`, this.bootstrap);
    }
  }

  /**
   * Takes the transactional id over (InitProducerId): the broker aborts whatever transaction a
   * previous owner left open and fences it, so it can never write again. Resolves once that
   * abort is complete (the broker answers CONCURRENT_TRANSACTIONS until then; the client retries).
   */
  async fence(): Promise<void> {
    const id = this.transactional?.id as string;
    try {
      const tx = await this.producer.beginTransaction(TAKE_OVER);
      // Nothing was sent: ending it on the client is enough, the broker holds no transaction.
      await tx.cancel();
      this.owner = true;
    } catch (err) {
      throw kafkaError(err, `taking over transactional id ${id}`, this.bootstrap);
    }
  }

  /**
   * Runs `fn` in one transaction: every send inside it commits together, or not at all. A
   * failure aborts it and leaves this producer unusable: the client has counted the failed
   * batch's sequence numbers, and a commit whose answer was lost may have landed, so only a new
   * producer that takes the id over and reads the committed offsets again resumes correctly.
   * The error is therefore not retriable here: the task restarts (a fenced one stays stopped).
   */
  async transaction(fn: () => Promise<void>): Promise<void> {
    const id = this.transactional?.id as string;
    if (this.broken)
      throw new KafkaError('client', `producer of ${id} failed a transaction before`, false);
    if (!this.owner) await this.fence();
    let tx: Transaction | undefined;
    try {
      tx = await this.producer.beginTransaction();
      this.current = tx;
      this.sends = 0;
      await fn();
      // A transaction that wrote nothing cannot be committed (INVALID_TXN_STATE).
      if (this.sends === 0) await tx.cancel();
      else await tx.commit();
    } catch (err) {
      this.broken = true;
      await tx?.abort().catch(() => tx?.cancel().catch(() => {}));
      // The batch's own fault (a record too large): as it is, after the abort.
      if (err instanceof ConnectorError && !(err instanceof KafkaError)) throw err;
      const e = kafkaError(err, `transaction of ${id}`, this.bootstrap);
      throw new KafkaError(e.kind, e.message, false, e.broker, err);
    } finally {
      this.current = undefined;
    }
  }

  async close(): Promise<void> {
    await this.producer.close().catch(() => {});
  }
}
