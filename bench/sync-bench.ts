import { type ConnectorRun, topicOf } from './connector-config.js';
import { type BenchContext, dropTopics, startConnector } from './context.js';
import { type CpuSplit, cpuWindow } from './cpu-split.js';
import { benchItem } from './items.js';
import { readProc } from './proc-stats.js';
import { rawDrain } from './raw-drain.js';
import { rawProduce } from './raw-produce.js';
import { perSecond } from './stats.js';
import { putAll } from './table.js';
import { sampleTopic } from './topic-sample.js';
import { countAt, waitForCount } from './topic-watch.js';
import { loggedAt, type WorkerProcess } from './worker-process.js';

const SAMPLE_RECORDS = 2000;

export interface SyncFigures {
  tableItems: number;
  burst: number;
  /** The burst written while a caught-up connector follows the stream. */
  live: {
    writerPerSec: number;
    writerMs: number;
    /** burst ÷ (burst start → topic holds the whole burst). */
    deliveredPerSec: number;
    deliveredMs: number;
    /** Records delivered while the writer ran ÷ the writer's time: can only trail the writer. */
    duringWritePerSec: number;
    /** Burst records not yet in the topic when the writer finished, and how long they took. */
    lagAtWriterEnd: number;
    tailMs: number;
    /** lagAtWriterEnd ÷ tailMs: the backlog's drain rate once the writer stopped (few records: noisy). */
    tailPerSec: number;
    cpuSecondsPer100k: number;
  };
  /** The same stream records read as a backlog by a second connector: its SYNC rate unbounded by a writer. */
  drain: { perSec: number; ms: number; cpuSecondsPer100k: number };
  rawDrain: { perSec: number; ms: number; records: number; calls: number };
  /**
   * Not a target, evidence: the Kafka producer alone sending `burst` of the drain's own `u` records, one
   * send per GetRecords page. The connector does this and the drain's work on one thread.
   */
  rawProduce: { perSec: number; ms: number; avgMessageBytes: number; batchSize: number };
  /** drain ÷ raw drain. */
  ratio: number;
  /** Where the cores went in each window. */
  cpu: { rawDrain: CpuSplit; drain: CpuSplit; rawProduce: CpuSplit };
  counters: { live: Record<string, unknown>; drain: Record<string, unknown> };
}

/** The connector that follows the table after the measurement (for the latency measurement). */
export interface Follower {
  worker: WorkerProcess;
  topic: string;
  run: ConnectorRun;
}

/**
 * Measurement 2. A connector is caught up on a table of `tableItems` items, then `burst`
 * updates are written as fast as the writer can. Since DynamoDB Local's writer may well be
 * slower than the connector, the same stream records are then read twice as a backlog: by a
 * bare GetRecords loop (the ceiling) and by a second, fresh connector without a snapshot
 * (`initSync.mode: never` from `trim_horizon`: its SYNC phase starts with all of them waiting).
 * The second connector keeps following the table afterwards.
 */
export async function measureSync(
  ctx: BenchContext,
  table: string,
  streamArn: string,
  tableItems: number,
  burst: number,
): Promise<{ figures: SyncFigures; follower: Follower }> {
  const liveRun = { name: `${ctx.runId}-sync-live`, table, segments: 1 };
  const live = startConnector(ctx, liveRun);
  let liveFigures: SyncFigures['live'];
  let liveCounters: Record<string, unknown>;
  try {
    await live.waitForLog('sync caught up', 300_000);
    ctx.log(`sync: burst of ${burst} updates`);
    const target = tableItems + burst;
    const t0 = Date.now();
    const cpu0 = readProc(live.pid)?.cpuSeconds ?? 0;
    const watch = waitForCount(ctx.admin, topicOf(liveRun), target, {
      timeoutMs: 900_000,
      everyMs: 100,
      check: () => live.checkHealthy(),
    });
    // Each key gets a new version per pass over the table, so every write is a MODIFY.
    await putAll(ctx.clients.dynamodb, table, burst, (i) =>
      benchItem(i % tableItems, 1 + Math.floor(i / tableItems)),
    );
    const tw = Date.now();
    const { reachedAt, samples } = await watch;
    const cpu1 = readProc(live.pid)?.cpuSeconds ?? cpu0;
    const atWriterEnd = countAt(samples, tw) - tableItems;
    liveFigures = {
      writerPerSec: perSecond(burst, tw - t0),
      writerMs: tw - t0,
      deliveredPerSec: perSecond(burst, reachedAt - t0),
      deliveredMs: reachedAt - t0,
      duringWritePerSec: perSecond(atWriterEnd, tw - t0),
      lagAtWriterEnd: burst - atWriterEnd,
      tailMs: Math.max(0, reachedAt - tw),
      tailPerSec: perSecond(burst - atWriterEnd, reachedAt - tw),
      cpuSecondsPer100k: ((cpu1 - cpu0) * 100_000) / burst,
    };
  } finally {
    liveCounters = await live.stop();
  }

  ctx.log('sync: raw drain of the stream');
  const rawCpu = cpuWindow();
  const raw = await rawDrain(ctx.clients.streams, ctx.clients.rpc.streams, streamArn);
  const rawSplit = rawCpu.end();

  ctx.log('sync: a fresh connector drains the same stream');
  // The snapshot reads the stream beside the scan and never replays what came before it, so
  // the backlog is read by a worker without a snapshot, from the stream's oldest record.
  const drainRun = { name: `${ctx.runId}-sync-drain`, table, segments: 1, streamOnly: true };
  const drain = startConnector(ctx, drainRun);
  try {
    const phase = await drain.waitForLog('phase changed', 300_000, { to: 'SYNC' });
    const cpu0 = readProc(drain.pid)?.cpuSeconds ?? 0;
    const drainCpu = cpuWindow();
    const { reachedAt } = await waitForCount(ctx.admin, topicOf(drainRun), burst, {
      timeoutMs: 900_000,
      check: () => drain.checkHealthy(),
    });
    const cpu1 = readProc(drain.pid)?.cpuSeconds ?? cpu0;
    const drainSplit = drainCpu.end();
    const ms = reachedAt - loggedAt(phase);

    ctx.log('sync: raw produce of the same records');
    const isUpdate = (m: { value: Buffer | null }) =>
      m.value?.subarray(0, 9).toString() === '{"op":"u"';
    const sample = await sampleTopic(
      ctx.clients.kafka,
      topicOf(drainRun),
      SAMPLE_RECORDS,
      isUpdate,
    );
    const batchSize = Math.max(1, Math.round(raw.records / Math.max(1, raw.calls)));
    const produceTopic = `${drainRun.name}-raw-produce`;
    const produceCpu = cpuWindow();
    const produce = await rawProduce(ctx.clients.kafka, produceTopic, sample, burst, batchSize, 1);
    const produceSplit = produceCpu.end();
    await dropTopics(ctx, [produceTopic]);
    const drainPerSec = perSecond(burst, ms);
    const rawPerSec = perSecond(raw.records, raw.ms);
    return {
      figures: {
        tableItems,
        burst,
        live: liveFigures,
        drain: { perSec: drainPerSec, ms, cpuSecondsPer100k: ((cpu1 - cpu0) * 100_000) / burst },
        rawDrain: { perSec: rawPerSec, ms: raw.ms, records: raw.records, calls: raw.calls },
        rawProduce: {
          perSec: perSecond(produce.messages, produce.ms),
          ms: produce.ms,
          avgMessageBytes: produce.bytes / produce.messages,
          batchSize,
        },
        ratio: drainPerSec / rawPerSec,
        counters: { live: liveCounters, drain: {} },
        cpu: { rawDrain: rawSplit, drain: drainSplit, rawProduce: produceSplit },
      },
      follower: { worker: drain, topic: topicOf(drainRun), run: drainRun },
    };
  } catch (err) {
    await drain.stop();
    throw err;
  }
}
