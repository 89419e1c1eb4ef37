import type { Kafka, KafkaMessage } from 'kafkajs';

/**
 * Reads a topic from the beginning up to the end offsets it had when called, then stops.
 * Deterministic (no idle guessing): what was in the topic is read, nothing is missed. kafkajs
 * has no manual assignment, so a throw-away consumer group is used and deleted afterwards.
 */
export async function readToEnd(
  kafka: Kafka,
  topic: string,
  groupId: string,
  onMessage: (message: KafkaMessage, partition: number) => void,
): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const remaining = new Map<number, bigint>();
    for (const p of ends) {
      // offset = next offset to be written; low = first still stored.
      if (BigInt(p.high) > BigInt(p.low)) remaining.set(p.partition, BigInt(p.high));
    }
    if (remaining.size === 0) return 0;
    let count = 0;
    const consumer = kafka.consumer({
      groupId,
      maxWaitTimeInMs: 200,
      sessionTimeout: 10_000,
      heartbeatInterval: 1000,
    });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        consumer
          .run({
            autoCommit: false,
            eachBatchAutoResolve: true,
            eachBatch: async ({ batch }) => {
              const end = remaining.get(batch.partition);
              for (const message of batch.messages) {
                if (end === undefined || BigInt(message.offset) >= end) break;
                onMessage(message, batch.partition);
                count++;
              }
              // Control records (transaction markers) have no message but move the offset on.
              const next = BigInt(batch.lastOffset()) + 1n;
              if (end !== undefined && next >= end) {
                remaining.delete(batch.partition);
                if (remaining.size === 0) resolve();
              }
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
    await admin.deleteGroups([groupId]).catch(() => {});
    return count;
  } finally {
    await admin.disconnect();
  }
}
