import { setTimeout as sleep } from 'node:timers/promises';
import { type BenchContext, dropTopics, startConnector } from './context.js';
import { benchItem } from './items.js';
import { readProc } from './proc-stats.js';
import { createTable, deleteTable, enableStream, putAll } from './table.js';

export interface IdleFigures {
  tables: number;
  windowMs: number;
  /** The worker's CPU over the window, in % of one core (utime+stime from /proc). */
  cpuPercentOfCore: number;
  rssMB: number;
}

/**
 * Measurement 6: what a worker costs while it has nothing to copy. `tables` small tables,
 * each with a stream, all caught up (snapshot done, stream read to its head), no writes; then
 * the worker's CPU over `windowMs`: idle polling of every shard, shard-list refreshes, its
 * Kafka connections (one producer per table).
 */
export async function measureIdle(
  ctx: BenchContext,
  tables: number,
  windowMs: number,
): Promise<IdleFigures> {
  const names = Array.from({ length: tables }, (_, i) => `${ctx.runId}-idle-${i}`);
  ctx.log(`idle: ${tables} tables`);
  for (const table of names) {
    await createTable(ctx.clients.dynamodb, table);
    await putAll(ctx.clients.dynamodb, table, 5, (i) => benchItem(i));
    await enableStream(ctx.clients.dynamodb, table);
  }
  const [first, ...more] = names as [string, ...string[]];
  const run = { name: `${ctx.runId}-idle`, table: first, segments: 1, moreTables: more };
  const worker = startConnector(ctx, run);
  try {
    for (const table of names) await worker.waitForLog('sync caught up', 300_000, { table });
    // Let the start settle (topic creation, first refreshes) before measuring.
    await sleep(3000);
    ctx.log(`idle: measuring the caught-up worker for ${windowMs / 1000} s`);
    const before = readProc(worker.pid)?.cpuSeconds ?? 0;
    const started = performance.now();
    await sleep(windowMs);
    worker.checkHealthy();
    const after = readProc(worker.pid);
    const elapsed = performance.now() - started;
    return {
      tables,
      windowMs: elapsed,
      cpuPercentOfCore: (((after?.cpuSeconds ?? before) - before) * 100_000) / elapsed,
      rssMB: Math.round((after?.rssBytes ?? 0) / (1024 * 1024)),
    };
  } finally {
    await worker.stop();
    await dropTopics(ctx, [...names.map((t) => `${run.name}-${t}`), `${run.name}-offsets`]);
    for (const table of names) await deleteTable(ctx.clients.dynamodb, table);
  }
}
