/** Follows the table's topic from the beginning with a kafkajs consumer of its own group. */
import { type Consumer, Kafka, logLevel } from 'kafkajs';
import { type WaitFor, within } from './wait.js';

export function kafkaClient(brokers: string): Kafka {
  return new Kafka({
    clientId: 'dynamodb-kafka-connect-demo',
    brokers: brokers.split(','),
    // Kafka answers the first requests after a start with retriable errors that kafkajs logs
    // loudly and retries by itself; a real failure surfaces as a thrown error instead.
    logLevel: logLevel.NOTHING,
    retry: { retries: 10, initialRetryTime: 100 },
  });
}

/** The connector creates its topic when its task starts; Kafka here does not auto-create topics. */
export async function waitForTopic(kafka: Kafka, topic: string, waitFor: WaitFor): Promise<void> {
  const admin = kafka.admin();
  await within('connecting to Kafka', admin.connect());
  try {
    await waitFor(
      `topic ${topic}`,
      async () => (await within('listing topics', admin.listTopics())).includes(topic),
      250,
    );
  } finally {
    await within('disconnecting the admin client', admin.disconnect(), 10_000).catch(() => {});
  }
}

/** A consumer that reports a crash it will not recover from by itself. */
export function createViewer(
  kafka: Kafka,
  groupId: string,
  onCrash: (message: string) => void,
): Consumer {
  const consumer = kafka.consumer({
    groupId,
    maxWaitTimeInMs: 100,
    sessionTimeout: 10_000,
    heartbeatInterval: 1000,
  });
  consumer.on(consumer.events.CRASH, (event) => {
    if (!event.payload.restart) onCrash(event.payload.error.message);
  });
  return consumer;
}

/** Hands every record of `topic`, from its first, to `onRecord` as key and value text. */
export async function follow(
  consumer: Consumer,
  topic: string,
  onRecord: (key: string | null, value: string | null) => void,
): Promise<void> {
  await within('connecting the consumer', consumer.connect());
  await within('subscribing to the topic', consumer.subscribe({ topic, fromBeginning: true }));
  await consumer.run({
    eachMessage: async ({ message }) => {
      onRecord(message.key?.toString('utf8') ?? null, message.value?.toString('utf8') ?? null);
    },
  });
}
