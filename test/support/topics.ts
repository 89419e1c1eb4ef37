import { setTimeout as sleep } from 'node:timers/promises';
import type { ReadRecord } from '../../src/kafka/topic-reader.js';
import { kafka } from './clients.js';

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
  try {
    await admin.ensureTopic({
      topic,
      partitions: numPartitions,
      replicationFactor: 1,
      configs: {},
    });
  } finally {
    await admin.close();
  }
}

export interface ConsumeOptions {
  /** Stop once this many records arrived. */
  count?: number;
  /** Stop once nothing new arrived for this long. */
  idleMs?: number;
  /** Fail after this long. */
  timeoutMs?: number;
  readCommitted?: boolean;
}

const text = (b: Buffer | null) => (b === null ? null : b.toString('utf8'));

export function toConsumed(topic: string, r: ReadRecord): ConsumedRecord {
  const headers: Record<string, string> = {};
  for (const [k, v] of r.headers) if (k) headers[k.toString('utf8')] = v?.toString('utf8') ?? '';
  return {
    topic,
    partition: r.partition,
    offset: String(r.offset),
    key: text(r.key),
    value: text(r.value),
    headers,
  };
}

/** Every record of the topic, from its first, as it stands now (no consumer group). */
export async function readAll(topic: string, readCommitted = true): Promise<ConsumedRecord[]> {
  const records: ConsumedRecord[] = [];
  await kafka('test-reader').readTopic(topic, (r) => records.push(toConsumed(topic, r)), {
    readCommitted,
  });
  return records;
}

/**
 * Reads the topic from the beginning until it holds `count` records or has not grown for
 * `idleMs`. Fails if the time runs out before `count` is reached, saying how many did arrive.
 */
export async function consumeTopic(topic: string, opts: ConsumeOptions): Promise<ConsumedRecord[]> {
  if (opts.count === undefined && opts.idleMs === undefined) {
    throw new Error('consumeTopic needs count or idleMs, or it would never stop');
  }
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  let since = Date.now();
  for (;;) {
    const records = await readAll(topic, opts.readCommitted ?? true);
    if (opts.count !== undefined && records.length >= opts.count) return records;
    if (records.length !== last) [last, since] = [records.length, Date.now()];
    if (opts.idleMs !== undefined && Date.now() - since >= opts.idleMs) return records;
    if (Date.now() > deadline) {
      if (opts.count === undefined) return records;
      throw new Error(
        `${topic}: got ${records.length} of ${opts.count} records in ${timeoutMs} ms`,
      );
    }
    await sleep(200);
  }
}
