import type { IHeaders } from 'kafkajs';
import { kafka } from './clients.js';
import { uniqueName } from './names.js';

export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

export async function createTopic(topic: string, numPartitions = 1): Promise<void> {
  const admin = kafka('test-admin').admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

function headersOf(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v !== undefined) out[k] = Array.isArray(v) ? v.map(String).join(',') : String(v);
  }
  return out;
}

export interface ConsumeOptions {
  /** Stop once this many records arrived. */
  count?: number;
  /** Stop once nothing new arrived for this long (after the consumer joined). */
  idleMs?: number;
  /** Fail after this long. */
  timeoutMs?: number;
  readCommitted?: boolean;
}

/**
 * Reads a topic from the beginning with a fresh consumer group until `count` records or until
 * idle. Fails if the time runs out before `count` is reached, saying how many did arrive.
 */
export async function consumeTopic(topic: string, opts: ConsumeOptions): Promise<ConsumedRecord[]> {
  if (opts.count === undefined && opts.idleMs === undefined) {
    throw new Error('consumeTopic needs count or idleMs, or it would never stop');
  }
  const consumer = kafka('test-consumer').consumer({
    groupId: uniqueName('test-group'),
    readUncommitted: !(opts.readCommitted ?? true),
    maxWaitTimeInMs: 100,
    sessionTimeout: 10_000,
    heartbeatInterval: 1000,
  });
  const records: ConsumedRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      let idleTimer: NodeJS.Timeout | undefined;
      const timeoutMs = opts.timeoutMs ?? 60_000;
      const overall = setTimeout(() => {
        clearTimeout(idleTimer);
        if (opts.count === undefined) resolve();
        else
          reject(
            new Error(
              `${topic}: got ${records.length} of ${opts.count} records in ${timeoutMs} ms`,
            ),
          );
      }, timeoutMs);
      const finish = () => {
        clearTimeout(overall);
        clearTimeout(idleTimer);
        resolve();
      };
      const armIdle = () => {
        if (opts.idleMs === undefined) return;
        clearTimeout(idleTimer);
        idleTimer = setTimeout(finish, opts.idleMs);
      };
      // The idle clock starts only once partitions are assigned, or a slow join looks like an empty topic.
      consumer.on(consumer.events.GROUP_JOIN, armIdle);
      consumer
        .run({
          eachMessage: async ({ topic: t, partition, message }) => {
            records.push({
              topic: t,
              partition,
              offset: message.offset,
              key: message.key?.toString('utf8') ?? null,
              value: message.value?.toString('utf8') ?? null,
              headers: headersOf(message.headers),
            });
            if (opts.count !== undefined && records.length >= opts.count) finish();
            else armIdle();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return records;
}
