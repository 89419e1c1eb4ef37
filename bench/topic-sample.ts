import type { IHeaders, Kafka } from 'kafkajs';

export interface SampledMessage {
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
}

/** The first `count` records of a topic exactly as stored (bytes, headers), read by a fresh group. */
export async function sampleTopic(
  kafka: Kafka,
  topic: string,
  count: number,
  timeoutMs = 60_000,
): Promise<SampledMessage[]> {
  const consumer = kafka.consumer({
    groupId: `${topic}-sample-${Date.now()}`,
    maxWaitTimeInMs: 100,
  });
  const sample: SampledMessage[] = [];
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
            sample.push({ key: message.key, value: message.value, headers: message.headers ?? {} });
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
