import { type Kafka, Partitioners } from 'kafkajs';
import { schema } from '../src/config/schema.js';
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
 * Ceiling (b) for INIT_SYNC: kafkajs sending `total` of the connector's own records (its first
 * ones, over and over: same text, keys, headers) batched as the connector batches them: a scan
 * page of `batchSize` at a time, split into record batches under kafka.maxMessageBytes, one
 * sender per segment, all on one producer configured as the connector's (idempotent, one
 * request in flight, acks=all, murmur2 keys), to a topic with the broker's defaults.
 */
export async function rawProduce(
  kafka: Kafka,
  topic: string,
  sample: OutMessage[],
  total: number,
  batchSize: number,
  lanes: number,
): Promise<RawProduceResult> {
  if (sample.length === 0) throw new Error('raw produce: no sample records');
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [{ topic, numPartitions: 1 }],
    waitForLeaders: true,
  });
  await admin.disconnect();
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
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
        bytes += Buffer.byteLength(m.key) + (m.value === null ? 0 : Buffer.byteLength(m.value));
        page.push(m);
      }
      for (const messages of batchesOf(page, MAX_BATCH_BYTES)) {
        await producer.send({ topic, acks: -1, messages });
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: lanes }, lane));
    return { messages: total, bytes, ms: performance.now() - started };
  } finally {
    await producer.disconnect();
  }
}
