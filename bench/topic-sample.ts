import type { KafkaClient } from '../src/kafka/kafka-client.js';
import type { OutMessage } from '../src/records/to-messages.js';

/**
 * The first `count` records of a topic (that `keep` accepts) as the connector handed them to
 * Kafka (their bytes: UTF-8 JSON text).
 */
export async function sampleTopic(
  kafka: KafkaClient,
  topic: string,
  count: number,
  keep: (m: OutMessage) => boolean = () => true,
  timeoutMs = 60_000,
): Promise<OutMessage[]> {
  const sample: OutMessage[] = [];
  const done = new AbortController();
  const timer = setTimeout(() => done.abort(), timeoutMs);
  try {
    await kafka.readTopic(
      topic,
      (r) => {
        if (sample.length >= count) return;
        const headers: Record<string, string> = {};
        for (const [k, v] of r.headers) if (k) headers[k.toString()] = v?.toString() ?? '';
        const m = { key: r.key ?? Buffer.alloc(0), value: r.value, headers };
        if (keep(m)) sample.push(m);
        if (sample.length >= count) done.abort();
      },
      { follow: done.signal, maxWaitMs: 100 },
    );
  } finally {
    clearTimeout(timer);
  }
  if (sample.length < count)
    throw new Error(`${topic}: sampled ${sample.length} of ${count} in ${timeoutMs} ms`);
  return sample;
}
