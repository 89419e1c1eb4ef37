import type { Kafka } from 'kafkajs';
import type { OutMessage } from '../src/records/to-messages.js';

/**
 * The first `count` records of a topic (that `keep` accepts) as the connector handed them to
 * kafkajs (strings: the connector's records are UTF-8 JSON text), read by a fresh group.
 */
export async function sampleTopic(
  kafka: Kafka,
  topic: string,
  count: number,
  keep: (m: OutMessage) => boolean = () => true,
  timeoutMs = 60_000,
): Promise<OutMessage[]> {
  const consumer = kafka.consumer({
    groupId: `${topic}-sample-${Date.now()}`,
    maxWaitTimeInMs: 100,
  });
  const sample: OutMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`${topic}: sampled ${sample.length} of ${count} in ${timeoutMs} ms`)),
        timeoutMs,
      );
      consumer
        .run({
          eachMessage: async ({ message }) => {
            if (sample.length >= count) return;
            const headers: Record<string, string> = {};
            for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(v);
            const m = {
              key: message.key?.toString() ?? '',
              value: message.value?.toString() ?? null,
              headers,
            };
            if (keep(m)) sample.push(m);
            if (sample.length >= count) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return sample;
}
