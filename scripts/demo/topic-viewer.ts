/** Follows the table's topic from the beginning, through the connector's own Kafka layer. */
import { type KafkaClient, plainKafkaClient } from '../../src/kafka/kafka-client.js';
import { type WaitFor, within } from './wait.js';

export function kafkaClient(brokers: string): KafkaClient {
  return plainKafkaClient(brokers.split(','), 'dynamodb-kafka-connect-demo');
}

/** The connector creates its topic when its task starts; Kafka here does not auto-create topics. */
export async function waitForTopic(
  kafka: KafkaClient,
  topic: string,
  waitFor: WaitFor,
): Promise<void> {
  const admin = kafka.admin();
  try {
    await waitFor(
      `topic ${topic}`,
      async () => (await within('listing topics', admin.listTopics())).includes(topic),
      250,
    );
  } finally {
    await within('closing the admin client', admin.close(), 10_000).catch(() => {});
  }
}

/** A running follow of a topic; `stop` ends it. */
export interface Viewer {
  stop(): Promise<void>;
}

/**
 * Hands every record of `topic`, from its first and then as they come, to `onRecord` as key
 * and value text. A failure it cannot recover from is reported to `onCrash`.
 */
export function follow(
  kafka: KafkaClient,
  topic: string,
  onRecord: (key: string | null, value: string | null) => void,
  onCrash: (message: string) => void,
): Viewer {
  const stop = new AbortController();
  const reading = kafka
    .readTopic(
      topic,
      (r) => onRecord(r.key?.toString('utf8') ?? null, r.value?.toString('utf8') ?? null),
      {
        follow: stop.signal,
        maxWaitMs: 100,
      },
    )
    .then(
      () => {},
      (err: Error) => {
        if (!stop.signal.aborted) onCrash(err.message);
      },
    );
  return {
    async stop() {
      stop.abort();
      await reading;
    },
  };
}
