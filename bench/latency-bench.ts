import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchContext } from './context.js';
import { type CpuSplit, cpuWindow } from './cpu-split.js';
import { benchItem } from './items.js';
import { LatencyMatcher } from './latency-matcher.js';
import { pacedWrites } from './paced-writer.js';
import { readProc } from './proc-stats.js';
import { type Distribution, distribution, perSecond } from './stats.js';
import { StreamWatcher } from './stream-watcher.js';
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
  /** Write acknowledged → change readable with GetRecords (a bare loop): the floor under the above. */
  streamMs: Distribution;
  /** p50 and max latency of the writes acknowledged in each 5 s of the run: a growing backlog shows. */
  byWindow: { fromSecond: number; p50: number; max: number }[];
  /** How long DynamoDB Local took to acknowledge a batch, ms: the writer's own side. */
  writeCallMs: Distribution;
  cpuSecondsPer100k: number;
  /** Where the cores went during the pass (the bench's writer, consumer and watcher are 'bench'). */
  cpu: CpuSplit;
}

const WINDOW_MS = 5000;

/**
 * Measurement 3. Updates at `perSec` for `durationMs` while a consumer reads the follower's
 * topic from its end and a bare GetRecords loop watches the stream. Every write carries a
 * version unique to this pass (`pass` × 1e6 + its sequence number); its record is matched by key
 * and version to when the write was acknowledged.
 */
export async function measureLatency(
  ctx: BenchContext,
  follower: Follower,
  streamArn: string,
  tableItems: number,
  perSec: number,
  durationMs: number,
  pass: number,
): Promise<LatencyFigures> {
  await follower.worker.waitForLog('sync caught up', 600_000);
  const versionBase = pass * 1_000_000;
  const ours = (version: number) => version >= versionBase && version < versionBase + 1_000_000;
  const kafka = new LatencyMatcher();
  const stream = new LatencyMatcher();

  // Only what is written from now on: the reader starts at the topic's end.
  const stopReading = new AbortController();
  const reading = ctx.clients.kafka.readTopic(
    follower.topic,
    (record) => {
      if (!record.value) return;
      const { after } = JSON.parse(record.value.toString('utf8')) as {
        after?: { pk?: string; version?: number };
      };
      const version = Number(after?.version);
      if (ours(version)) kafka.seen(`${after?.pk}|${version}`, performance.now());
    },
    { follow: stopReading.signal, fromEnd: true, maxWaitMs: 100 },
  );
  const watcher = new StreamWatcher(
    ctx.clients.streams,
    ctx.clients.rpc.streams,
    streamArn,
    (record, at) => {
      const image = JSON.parse(String(record.newImage)) as { pk?: string; version?: number };
      const version = Number(image.version);
      if (ours(version)) stream.seen(`${image.pk}|${version}`, at);
    },
  );
  await watcher.start();
  // The reader looks up the end offsets before its first fetch; let it do so first.
  await sleep(2000);

  ctx.log(`latency: ${perSec} writes/s for ${durationMs / 1000} s`);
  const cpu0 = readProc(follower.worker.pid)?.cpuSeconds ?? 0;
  const split = cpuWindow();
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
        kafka.acked(id, at);
        stream.acked(id, at);
      }
    },
  );
  const deadline = Date.now() + 60_000;
  while ((kafka.waiting > 0 || stream.waiting > 0) && Date.now() < deadline) {
    follower.worker.checkHealthy();
    await sleep(100);
  }
  const cpu1 = readProc(follower.worker.pid)?.cpuSeconds ?? cpu0;
  const cpu = split.end();
  stopReading.abort();
  await Promise.all([reading, watcher.stop()]);
  return {
    offeredPerSec: perSec,
    durationMs,
    writes: written.writes,
    achievedPerSec: perSecond(written.writes, written.ms),
    matched: kafka.matched.length,
    missing: kafka.waiting,
    latencyMs: distribution(kafka.matched.map((m) => m.ms)),
    streamMs: distribution(stream.matched.map((m) => m.ms)),
    byWindow: byWindow(kafka.matched, start),
    writeCallMs: distribution(written.callMs),
    cpuSecondsPer100k: ((cpu1 - cpu0) * 100_000) / Math.max(1, kafka.matched.length),
    cpu,
  };
}

function byWindow(matched: { ackedAt: number; ms: number }[], start: number) {
  const windows = new Map<number, number[]>();
  for (const m of matched) {
    const w = Math.floor((m.ackedAt - start) / WINDOW_MS);
    const list = windows.get(w);
    if (list) list.push(m.ms);
    else windows.set(w, [m.ms]);
  }
  return [...windows.entries()]
    .sort(([a], [b]) => a - b)
    .map(([w, ms]) => {
      const d = distribution(ms);
      return { fromSecond: (w * WINDOW_MS) / 1000, p50: d.p50, max: d.max };
    });
}
