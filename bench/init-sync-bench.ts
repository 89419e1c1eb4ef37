import { type ConnectorRun, topicOf } from './connector-config.js';
import { type BenchContext, dropTopics, startConnector } from './context.js';
import { type CpuSplit, cpuWindow } from './cpu-split.js';
import { readProc } from './proc-stats.js';
import { rawProduce } from './raw-produce.js';
import { type RawScanResult, rawScan } from './raw-scan.js';
import { perSecond } from './stats.js';
import { sampleTopic } from './topic-sample.js';
import { waitForCount } from './topic-watch.js';
import { loggedAt } from './worker-process.js';

export interface InitSyncFigures {
  segments: number;
  items: number;
  connector: {
    itemsPerSec: number;
    /** 'init sync started' (worker log) → topic end offset = items (bench poll). */
    ms: number;
    /** Worker spawned → topic end offset = items: adds process start and offsets load. */
    fromSpawnMs: number;
    /** The worker's own 'init sync done' durationMs (start → every segment's offsets stored). */
    loggedDurationMs: number;
    cpuSeconds: number;
    cpuSecondsPer100k: number;
    peakRssMB: number;
    /** RSS when the scan started (the idle worker), then at each quarter of the scan. */
    rssByQuarterMB: number[];
    counters: Record<string, unknown>;
  };
  /**
   * The ceilings; absent in a memory-only run (--large). The raw Scan runs once before and once
   * after the connector, and the ceiling is the mean: DynamoDB Local's Scan speed drifts from
   * one full scan to the next, and whatever runs second would otherwise pay for it.
   */
  rawScan?: {
    itemsPerSec: number;
    beforePerSec: number;
    afterPerSec: number;
    ms: number;
    pages: number;
    itemsPerPage: number;
  };
  rawProduce?: { messagesPerSec: number; ms: number; avgMessageBytes: number; batchSize: number };
  /** connector ÷ min(raw Scan, raw produce); NaN without the ceilings. */
  ratio: number;
  /** Where the cores went in each window. */
  cpu: { rawScan?: CpuSplit; connector: CpuSplit; rawProduce?: CpuSplit };
}

const SAMPLE_RECORDS = 2000;

/** The connector run that copies `table` with `segments` segments (its name, topic, offsets). */
export const initSyncRun = (ctx: BenchContext, table: string, segments: number): ConnectorRun => ({
  name: `${ctx.runId}-is${segments}`,
  table,
  segments,
});
const MB = 1024 * 1024;

/**
 * Measurement 1 (with 4 and 5) for one segment count: the raw Scan ceiling, the connector's
 * INIT_SYNC of the same table, then the raw produce ceiling with the connector's own records.
 * Without `ceilings` (the memory run), only the connector; `keepTopics` leaves its topic and
 * offsets for the reconciliation run.
 */
export async function measureInitSync(
  ctx: BenchContext,
  table: string,
  items: number,
  segments: number,
  ceilings = true,
  keepTopics = false,
): Promise<InitSyncFigures> {
  let scan: RawScanResult | undefined;
  let rawScanSplit: CpuSplit | undefined;
  if (ceilings) {
    ctx.log(`init sync, ${segments} segment(s): raw scan`);
    const scanCpu = cpuWindow();
    scan = await rawScan(ctx.clients.rpc.dynamodb, table, segments);
    rawScanSplit = scanCpu.end();
    if (scan.items !== items)
      throw new Error(`raw scan read ${scan.items} items, expected ${items}`);
  }

  ctx.log(`init sync, ${segments} segment(s): connector`);
  const run = initSyncRun(ctx, table, segments);
  const topic = topicOf(run);
  const worker = startConnector(ctx, run);
  let counters: Record<string, unknown> = {};
  let window: {
    ms: number;
    fromSpawnMs: number;
    cpuSeconds: number;
    loggedDurationMs: number;
    rssByQuarterMB: number[];
    cpu: CpuSplit;
  };
  try {
    const started = await worker.waitForLog('init sync started', 120_000);
    const cpuAtStart = readProc(worker.pid)?.cpuSeconds ?? 0;
    const split = cpuWindow();
    const { reachedAt } = await waitForCount(ctx.admin, topic, items, {
      timeoutMs: Math.max(120_000, items * 10),
      check: () => worker.checkHealthy(),
    });
    const cpuAtEnd = readProc(worker.pid)?.cpuSeconds ?? cpuAtStart;
    const cpu = split.end();
    const done = await worker.waitForLog('init sync done', 60_000);
    window = {
      ms: reachedAt - loggedAt(started),
      fromSpawnMs: reachedAt - worker.spawnedAt,
      cpuSeconds: cpuAtEnd - cpuAtStart,
      cpu,
      loggedDurationMs: Number(done.durationMs),
      rssByQuarterMB: [0, 1, 2, 3, 4].map(
        (q) =>
          worker.sampler.rssAt(loggedAt(started) + ((reachedAt - loggedAt(started)) * q) / 4) / MB,
      ),
    };
    worker.sampler.sample();
  } finally {
    counters = await worker.stop();
  }

  const connector = {
    itemsPerSec: perSecond(items, window.ms),
    ms: window.ms,
    fromSpawnMs: window.fromSpawnMs,
    loggedDurationMs: window.loggedDurationMs,
    cpuSeconds: window.cpuSeconds,
    cpuSecondsPer100k: (window.cpuSeconds * 100_000) / items,
    peakRssMB: worker.sampler.peakRssBytes / MB,
    rssByQuarterMB: window.rssByQuarterMB,
    counters,
  };
  if (!scan) {
    if (!keepTopics) await dropTopics(ctx, [topic, `${run.name}-offsets`]);
    return { segments, items, connector, ratio: Number.NaN, cpu: { connector: window.cpu } };
  }
  ctx.log(`init sync, ${segments} segment(s): raw scan again`);
  const after = await rawScan(ctx.clients.rpc.dynamodb, table, segments);

  ctx.log(`init sync, ${segments} segment(s): raw produce`);
  const sample = await sampleTopic(ctx.clients.kafka, topic, Math.min(SAMPLE_RECORDS, items));
  const batchSize = Math.max(1, Math.round(scan.items / scan.pages));
  const produceTopic = `${run.name}-raw-produce`;
  const produceCpu = cpuWindow();
  const produce = await rawProduce(
    ctx.clients.kafka,
    produceTopic,
    sample,
    items,
    batchSize,
    segments,
  );
  const rawProduceSplit = produceCpu.end();
  await dropTopics(ctx, [topic, produceTopic, `${run.name}-offsets`]);

  const before = perSecond(scan.items, scan.ms);
  const scanRate = (before + perSecond(after.items, after.ms)) / 2;
  const produceRate = perSecond(produce.messages, produce.ms);
  return {
    segments,
    items,
    connector,
    rawScan: {
      itemsPerSec: scanRate,
      beforePerSec: before,
      afterPerSec: perSecond(after.items, after.ms),
      ms: scan.ms,
      pages: scan.pages,
      itemsPerPage: scan.items / scan.pages,
    },
    rawProduce: {
      messagesPerSec: produceRate,
      ms: produce.ms,
      avgMessageBytes: produce.bytes / produce.messages,
      batchSize,
    },
    ratio: connector.itemsPerSec / Math.min(scanRate, produceRate),
    cpu: { rawScan: rawScanSplit, connector: window.cpu, rawProduce: rawProduceSplit },
  };
}
