import { type ConnectorRun, topicOf } from './connector-config.js';
import { type BenchContext, dropTopics, startConnector } from './context.js';
import { benchKey } from './items.js';
import { readProc } from './proc-stats.js';
import { disableStream, enableStream, writeBatch } from './table.js';
import { loggedAt } from './worker-process.js';

export interface ReconcileFigures {
  /** Keys in the topic before the resync (the first snapshot). */
  items: number;
  /** Items deleted while the stream was off: what reconciliation must find. */
  deleted: number;
  /** From the worker's 'reconcile done': records read, distinct keys, deletes written. */
  records: number;
  keys: number;
  deletes: number;
  /** 'reconcile started' → 'reconcile done', from the worker's log. */
  ms: number;
  /** Peak RSS while reconciling (samples every 200 ms), and when it began. */
  peakRssMB: number;
  rssAtStartMB: number;
  cpuSeconds: number;
  counters: Record<string, unknown>;
}

const MB = 1024 * 1024;

/**
 * Reconciliation at scale (issue 10): the topic of a finished INIT_SYNC of `items` items; the
 * stream is turned off, `deleted` items deleted, the stream turned on again, and the same
 * connector started: it resyncs (stream_changed), scans again and reconciles a topic that then
 * holds both snapshots. Measured from 'reconcile started' to 'reconcile done'.
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

  ctx.log('reconcile: connector (resync, scan, reconcile)');
  const worker = startConnector(ctx, run);
  try {
    const started = await worker.waitForLog('reconcile started', Math.max(600_000, items));
    const cpuAtStart = readProc(worker.pid)?.cpuSeconds ?? 0;
    const done = await worker.waitForLog('reconcile done', Math.max(600_000, items));
    const cpuAtEnd = readProc(worker.pid)?.cpuSeconds ?? cpuAtStart;
    const from = loggedAt(started);
    const to = loggedAt(done);
    const inWindow = worker.sampler.rss.filter((s) => s.at >= from && s.at <= to + 200);
    const figures = {
      items,
      deleted,
      records: Number(done.records),
      keys: Number(done.keys),
      deletes: Number(done.deletes),
      ms: Number(done.durationMs),
      peakRssMB: Math.max(0, ...inWindow.map((s) => s.bytes)) / MB,
      rssAtStartMB: worker.sampler.rssAt(from) / MB,
      cpuSeconds: cpuAtEnd - cpuAtStart,
    };
    return { ...figures, counters: await worker.stop() };
  } finally {
    await worker.stop();
    await dropTopics(ctx, [topicOf(run), `${run.name}-offsets`]);
  }
}
