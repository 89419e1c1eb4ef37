import { OffsetStore } from '../src/kafka/offset-store.js';
import { type TableOffset, tablePartition } from '../src/kafka/offsets-format.js';
import { type ConnectorRun, topicOf } from './connector-config.js';
import { type BenchContext, dropTopics, startConnector } from './context.js';
import { benchKey } from './items.js';
import { readProc } from './proc-stats.js';
import { disableStream, enableStream, writeBatch } from './table.js';
import { loggedAt, type WorkerProcess } from './worker-process.js';

/** One worker's reconciliation, from its 'reconcile started' and 'reconcile done' logs. */
export interface ReconcileRun {
  records: number;
  keys: number;
  deletes: number;
  ms: number;
  /** Peak RSS while reconciling (samples every 200 ms), and when it began. */
  peakRssMB: number;
  rssAtStartMB: number;
  cpuSeconds: number;
}

export interface ReconcileFigures {
  /** Keys in the topic before the resync (the first snapshot). */
  items: number;
  /** Items deleted while the stream was off: what reconciliation must find. */
  deleted: number;
  /** The worker that resynced: scanned again, then reconciled, in one process. */
  afterScan: ReconcileRun;
  /**
   * A fresh worker that starts at RECONCILE (as after a crash there): the same reads and keys,
   * without the scan's memory in the process. Its peak RSS is over its whole life.
   */
  fresh: ReconcileRun & { peakRssWholeRunMB: number };
}

const MB = 1024 * 1024;

async function reconcileOf(worker: WorkerProcess, timeoutMs: number): Promise<ReconcileRun> {
  const started = await worker.waitForLog('reconcile started', timeoutMs);
  const cpuAtStart = readProc(worker.pid)?.cpuSeconds ?? 0;
  const done = await worker.waitForLog('reconcile done', timeoutMs);
  const cpuAtEnd = readProc(worker.pid)?.cpuSeconds ?? cpuAtStart;
  const from = loggedAt(started);
  const inWindow = worker.sampler.rss.filter((s) => s.at >= from && s.at <= loggedAt(done) + 200);
  return {
    records: Number(done.records),
    keys: Number(done.keys),
    deletes: Number(done.deletes),
    ms: Number(done.durationMs),
    peakRssMB: Math.max(0, ...inWindow.map((s) => s.bytes)) / MB,
    rssAtStartMB: worker.sampler.rssAt(from) / MB,
    cpuSeconds: cpuAtEnd - cpuAtStart,
  };
}

/** Sets the table's stored phase back to RECONCILE, as a crash during reconciliation leaves it. */
async function reconcileAgain(ctx: BenchContext, run: ConnectorRun): Promise<void> {
  const topic = `${run.name}-offsets`;
  const store = await OffsetStore.load(ctx.clients.kafka, topic, run.name);
  const partition = tablePartition(run.table);
  const stored = store.get<TableOffset>(partition);
  if (stored?.phase !== 'SYNC') throw new Error(`reconcile: table offset is ${stored?.phase}`);
  const producer = ctx.clients.kafka.producer();
  try {
    await store.write(producer, [{ partition, value: { ...stored, phase: 'RECONCILE' } }]);
  } finally {
    await producer.close();
  }
}

/**
 * Reconciliation at scale (issue 10): the topic of a finished INIT_SYNC of `items` items; the
 * stream is turned off, `deleted` items deleted, the stream turned on again, and the same
 * connector started: it resyncs (stream_changed), scans again and reconciles a topic that then
 * holds both snapshots. Then once more in a fresh worker, started at RECONCILE.
 */
export async function measureReconcile(
  ctx: BenchContext,
  run: ConnectorRun,
  items: number,
  deleted: number,
): Promise<ReconcileFigures> {
  const { dynamodb } = ctx.clients;
  ctx.log(`reconcile: stream off, ${deleted.toLocaleString('en-US')} deletes, stream on`);
  await disableStream(dynamodb, run.table);
  const step = Math.floor(items / deleted);
  for (let i = 0; i < deleted; i += 25) {
    const keys = [];
    for (let j = i; j < Math.min(deleted, i + 25); j++) keys.push(benchKey(j * step));
    await writeBatch(dynamodb, run.table, keys, 'delete');
  }
  await enableStream(dynamodb, run.table);
  const timeoutMs = Math.max(600_000, items);
  try {
    ctx.log('reconcile: connector (resync, scan, reconcile)');
    const resyncing = startConnector(ctx, run);
    const afterScan = await reconcileOf(resyncing, timeoutMs);
    await resyncing.waitForLog('phase changed', 60_000, { to: 'SYNC' });
    await resyncing.stop();

    ctx.log('reconcile: a fresh worker, started at RECONCILE');
    await reconcileAgain(ctx, run);
    const restarted = startConnector(ctx, run);
    const fresh = await reconcileOf(restarted, timeoutMs);
    await restarted.stop();
    return {
      items,
      deleted,
      afterScan,
      fresh: { ...fresh, peakRssWholeRunMB: restarted.sampler.peakRssBytes / MB },
    };
  } finally {
    await dropTopics(ctx, [topicOf(run), `${run.name}-offsets`]);
  }
}
