import { setTimeout as sleep } from 'node:timers/promises';
import type { TopicAdmin } from '../../src/kafka/topic-admin.js';
import { kafka } from './clients.js';
import { type ConsumedRecord, consumeTopic } from './topics.js';

/** Records in the topic so far (0 before it exists: the worker creates it when the task starts). */
export async function topicSize(topic: string): Promise<number> {
  const admin = kafka('test-admin').admin();
  try {
    return await sizeWith(admin, topic);
  } finally {
    await admin.close();
  }
}

async function sizeWith(admin: TopicAdmin, topic: string): Promise<number> {
  return (await admin.recordCounts(topic)).reduce((sum, n) => sum + n, 0);
}

/**
 * Waits until the topic holds at least `atLeast` records and has not grown for `quietMs`: the
 * worker has written everything it is going to. Returns the record count.
 */
export async function waitForTopicQuiet(
  topic: string,
  opts: { atLeast?: number; quietMs?: number; timeoutMs?: number } = {},
): Promise<number> {
  const { atLeast = 1, quietMs = 5000, timeoutMs = 120_000 } = opts;
  const admin = kafka('test-admin').admin();
  try {
    const deadline = Date.now() + timeoutMs;
    let size = -1;
    let since = Date.now();
    for (;;) {
      const now = await sizeWith(admin, topic);
      if (now !== size) [size, since] = [now, Date.now()];
      if (size >= atLeast && Date.now() - since >= quietMs) return size;
      if (Date.now() > deadline) {
        throw new Error(`${topic}: ${size} records after ${timeoutMs} ms, expected ≥ ${atLeast}`);
      }
      await sleep(250);
    }
  } finally {
    await admin.close();
  }
}

/** Every record of a topic the worker has finished writing, in topic order. */
export async function readSettledTopic(
  topic: string,
  opts: { atLeast?: number; quietMs?: number; timeoutMs?: number } = {},
): Promise<ConsumedRecord[]> {
  const count = await waitForTopicQuiet(topic, opts);
  return consumeTopic(topic, { count, timeoutMs: opts.timeoutMs ?? 120_000 });
}
