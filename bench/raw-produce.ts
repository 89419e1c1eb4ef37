import { type Kafka, Partitioners } from 'kafkajs';
import { TOPIC_MAX_MESSAGE_BYTES } from './connector-config.js';
import type { SampledMessage } from './topic-sample.js';

export interface RawProduceResult {
  messages: number;
  bytes: number;
  ms: number;
}

/**
 * Ceiling (b) for INIT_SYNC: kafkajs sending `total` of the connector's own records (its first
 * ones, over and over: same bytes, keys, headers) with the connector's batching: one
 * `producer.send` per scan page of `batchSize`, one sender per segment, all on one producer
 * configured as the connector's, to a topic configured as the connector's (idempotent, one request in flight, acks=all, murmur2 keys).
 */
export async function rawProduce(
  kafka: Kafka,
  topic: string,
  sample: SampledMessage[],
  total: number,
  batchSize: number,
  lanes: number,
): Promise<RawProduceResult> {
  if (sample.length === 0) throw new Error('raw produce: no sample records');
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [
      {
        topic,
        numPartitions: 1,
        configEntries: [{ name: 'max.message.bytes', value: String(TOPIC_MAX_MESSAGE_BYTES) }],
      },
    ],
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
      const messages: SampledMessage[] = [];
      for (let i = from; i < next; i++) {
        const m = sample[i % sample.length] as SampledMessage;
        bytes += (m.key?.length ?? 0) + (m.value?.length ?? 0);
        messages.push(m);
      }
      await producer.send({ topic, acks: -1, messages });
    }
  };
  try {
    await Promise.all(Array.from({ length: lanes }, lane));
    return { messages: total, bytes, ms: performance.now() - started };
  } finally {
    await producer.disconnect();
  }
}
