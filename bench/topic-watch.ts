import { setTimeout as sleep } from 'node:timers/promises';
import type { TopicAdmin } from '../src/kafka/topic-admin.js';

/**
 * Records in a topic = the sum of its partitions' end offsets. Kafka advances an end offset
 * only for acknowledged (acks=all) writes, so this counts what the producer got acknowledged.
 * 0 while the topic does not exist yet (the connector creates it).
 */
export async function topicCount(admin: TopicAdmin, topic: string): Promise<number> {
  try {
    return (await admin.recordCounts(topic)).reduce((n, c) => n + c, 0);
  } catch {
    return 0;
  }
}

export interface CountSample {
  /** Wall time, ms. */
  at: number;
  count: number;
}

/**
 * Polls the topic until it holds `target` records. Resolves with the wall time it was first
 * seen there and every sample on the way (for rates over a window). `check` runs between polls
 * and throws to give up early (e.g. the worker failed).
 */
export async function waitForCount(
  admin: TopicAdmin,
  topic: string,
  target: number,
  opts: { timeoutMs: number; everyMs?: number; check?: () => void },
): Promise<{ reachedAt: number; samples: CountSample[] }> {
  const samples: CountSample[] = [];
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    const count = await topicCount(admin, topic);
    const at = Date.now();
    samples.push({ at, count });
    if (count >= target) return { reachedAt: at, samples };
    if (at > deadline)
      throw new Error(`${topic}: ${count} of ${target} records after ${opts.timeoutMs} ms`);
    opts.check?.();
    await sleep(opts.everyMs ?? 50);
  }
}

/** The count at a given time, from samples (the last one taken at or before it). */
export function countAt(samples: CountSample[], at: number): number {
  let count = 0;
  for (const s of samples) if (s.at <= at) count = s.count;
  return count;
}
