import { schema } from '../src/config/schema.js';
import type { KafkaClient } from '../src/kafka/kafka-client.js';
import { batchesOf } from '../src/kafka/record-sender.js';
import type { OutMessage } from '../src/records/to-messages.js';

export interface RawProduceResult {
  messages: number;
  bytes: number;
  ms: number;
}

/** The connector's default: a Scan page goes to Kafka in record batches of at most this size. */
const MAX_BATCH_BYTES = schema.kafka.maxMessageBytes.default;

/**
 * Ceiling (b) for INIT_SYNC: the connector's Kafka producer sending `total` of the connector's own records (its first
 * ones, over and over: same text, keys, headers) batched as the connector batches them: a scan
 * page of `batchSize` at a time, split into record batches under kafka.maxMessageBytes, one
 * sender per segment, all on one producer made as the connector makes its own (idempotent,
 * acks=all, murmur2 keys, the default compression), to a topic with the broker's defaults.
 */
export async function rawProduce(
  kafka: KafkaClient,
  topic: string,
  sample: OutMessage[],
  total: number,
  batchSize: number,
  lanes: number,
): Promise<RawProduceResult> {
  if (sample.length === 0) throw new Error('raw produce: no sample records');
  const admin = kafka.admin();
  try {
    await admin.ensureTopic({ topic, partitions: 1, replicationFactor: 1, configs: {} });
  } finally {
    await admin.close();
  }
  const producer = kafka.producer();
  let next = 0;
  let bytes = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < total) {
      const from = next;
      next = Math.min(total, next + batchSize);
      const page: OutMessage[] = [];
      for (let i = from; i < next; i++) {
        const m = sample[i % sample.length] as OutMessage;
        bytes += m.key.length + (m.value === null ? 0 : m.value.length);
        page.push(m);
      }
      for (const messages of batchesOf(page, MAX_BATCH_BYTES)) {
        await producer.send(topic, messages);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: lanes }, lane));
    return { messages: total, bytes, ms: performance.now() - started };
  } finally {
    await producer.close();
  }
}
