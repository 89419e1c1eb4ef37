import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchContext } from './context.js';
import { benchItem } from './items.js';
import { pacedWrites } from './paced-writer.js';
import { readProc } from './proc-stats.js';
import { type Distribution, distribution, perSecond } from './stats.js';
import type { Follower } from './sync-bench.js';

export interface LatencyFigures {
  offeredPerSec: number;
  durationMs: number;
  writes: number;
  /** Writes acknowledged by DynamoDB ÷ the writing time. */
  achievedPerSec: number;
  matched: number;
  missing: number;
  /** Write acknowledged by DynamoDB → record handed to a Kafka consumer, ms. */
  latencyMs: Distribution;
  /** p50 and max latency of the writes acknowledged in each 5 s of the run: a growing backlog shows. */
  byWindow: { fromSecond: number; p50: number; max: number }[];
  /** How long DynamoDB Local took to acknowledge a batch, ms: the writer's own side. */
  writeCallMs: Distribution;
  cpuSecondsPer100k: number;
}

const WINDOW_MS = 5000;

/**
 * Measurement 3. Updates at `perSec` for `durationMs` while a consumer reads the follower's
 * topic from its end. Every write carries a version unique to this pass (`pass` × 1e6 + its
 * sequence number); its record is matched by key and version to when the write was acknowledged.
 */
export async function measureLatency(
  ctx: BenchContext,
  follower: Follower,
  tableItems: number,
  perSec: number,
  durationMs: number,
  pass: number,
): Promise<LatencyFigures> {
  await follower.worker.waitForLog('sync caught up', 600_000);
  const versionBase = pass * 1_000_000;
  const ackedAt = new Map<string, number>();
  const arrivedAt = new Map<string, number>();
  const latencies: { ackedAt: number; ms: number }[] = [];
  const match = (id: string, acked: number, arrived: number) => {
    latencies.push({ ackedAt: acked, ms: Math.max(0, arrived - acked) });
    ackedAt.delete(id);
    arrivedAt.delete(id);
  };

  const consumer = ctx.clients.kafka.consumer({
    groupId: `${follower.topic}-latency-${pass}`,
    maxWaitTimeInMs: 100,
  });
  await consumer.connect();
  const joined = new Promise<void>((resolve) =>
    consumer.on(consumer.events.GROUP_JOIN, () => resolve()),
  );
  await consumer.subscribe({ topic: follower.topic, fromBeginning: false });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      const now = performance.now();
      for (const message of batch.messages) {
        if (!message.value) continue;
        const { after } = JSON.parse(message.value.toString('utf8')) as {
          after?: { pk?: string; version?: number };
        };
        const version = Number(after?.version);
        if (!(version >= versionBase && version < versionBase + 1_000_000)) continue;
        const id = `${after?.pk}|${version}`;
        const acked = ackedAt.get(id);
        // DynamoDB Local may publish the change before the writer has read its answer.
        if (acked === undefined) arrivedAt.set(id, now);
        else match(id, acked, now);
      }
    },
  });
  await joined;
  // The consumer starts at the end offset it looks up after joining; let it do so first.
  await sleep(2000);

  ctx.log(`latency: ${perSec} writes/s for ${durationMs / 1000} s`);
  const cpu0 = readProc(follower.worker.pid)?.cpuSeconds ?? 0;
  const start = performance.now();
  const written = await pacedWrites(
    ctx.clients.dynamodb,
    follower.run.table,
    perSec,
    durationMs,
    (seq) => benchItem(seq % tableItems, versionBase + seq),
    (items, at) => {
      for (const item of items) {
        const id = `${item.pk?.S}|${item.version?.N}`;
        const arrived = arrivedAt.get(id);
        if (arrived === undefined) ackedAt.set(id, at);
        else match(id, at, arrived);
      }
    },
  );
  const deadline = Date.now() + 60_000;
  while (ackedAt.size > 0 && Date.now() < deadline) {
    follower.worker.checkHealthy();
    await sleep(100);
  }
  const cpu1 = readProc(follower.worker.pid)?.cpuSeconds ?? cpu0;
  await consumer.disconnect();
  const windows = new Map<number, number[]>();
  for (const l of latencies) {
    const w = Math.floor((l.ackedAt - start) / WINDOW_MS);
    const window = windows.get(w);
    if (window) window.push(l.ms);
    else windows.set(w, [l.ms]);
  }
  return {
    offeredPerSec: perSec,
    durationMs,
    writes: written.writes,
    achievedPerSec: perSecond(written.writes, written.ms),
    matched: latencies.length,
    missing: ackedAt.size,
    latencyMs: distribution(latencies.map((l) => l.ms)),
    byWindow: [...windows.entries()]
      .sort(([a], [b]) => a - b)
      .map(([w, ms]) => {
        const d = distribution(ms);
        return { fromSecond: (w * WINDOW_MS) / 1000, p50: d.p50, max: d.max };
      }),
    writeCallMs: distribution(written.callMs),
    cpuSecondsPer100k: ((cpu1 - cpu0) * 100_000) / Math.max(1, latencies.length),
  };
}
