import { topicOf } from './connector-config.js';
import { type BenchContext, dropTopics, startConnector } from './context.js';
import { benchItem } from './items.js';
import { pacedWrites } from './paced-writer.js';
import { readProc } from './proc-stats.js';
import { perSecond } from './stats.js';
import { fixed, formatTable, int } from './table-format.js';

export interface InitSyncUnderWritesFigures {
  segments: number;
  items: number;
  /** The writer's offered and achieved rate: puts of existing items, spread over the table. */
  offeredWritesPerSec: number;
  writesPerSec: number;
  writes: number;
  /** Items ÷ the worker's own 'init sync done' durationMs (the cut, the settle and the scan). */
  itemsPerSec: number;
  durationMs: number;
  /** Scanned items not written because the stream had changed them meanwhile. */
  dropped: number;
  cpuSecondsPer100k: number;
  counters: Record<string, unknown>;
}

/**
 * Measurement 1b: the connector's INIT_SYNC of the same table while a writer updates it, so
 * the stream read beside the scan (docs/design/online-snapshot.md) has changes to deliver and
 * scan pages to hold: what reading both at once costs the snapshot. Items/s comes from the
 * worker's 'init sync done' durationMs, as the topic also holds the stream's changes.
 */
export async function measureInitSyncUnderWrites(
  ctx: BenchContext,
  table: string,
  items: number,
  segments: number,
  perSec: number,
): Promise<InitSyncUnderWritesFigures> {
  ctx.log(`init sync, ${segments} segment(s), while ${perSec} writes/s hit the table`);
  const run = { name: `${ctx.runId}-isw${segments}`, table, segments };
  const worker = startConnector(ctx, run);
  const stopWriting = new AbortController();
  let figures: Omit<InitSyncUnderWritesFigures, 'counters'>;
  let counters: Record<string, unknown> = {};
  try {
    await worker.waitForLog('init sync started', 120_000);
    const cpuAtStart = readProc(worker.pid)?.cpuSeconds ?? 0;
    // Keys spread over the whole table (7919 is prime to any table size used here), each put
    // a new version of the item: MODIFY records, some for pages not scanned yet.
    const writer = pacedWrites(
      ctx.clients.dynamodb,
      table,
      perSec,
      items * 10,
      (seq) => benchItem((seq * 7919) % items, seq + 1),
      () => {},
      stopWriting.signal,
    );
    const done = await worker.waitForLog('init sync done', Math.max(120_000, items * 10));
    const cpuAtEnd = readProc(worker.pid)?.cpuSeconds ?? cpuAtStart;
    stopWriting.abort();
    const written = await writer;
    const durationMs = Number(done.durationMs);
    figures = {
      segments,
      items,
      offeredWritesPerSec: perSec,
      writesPerSec: perSecond(written.writes, written.ms),
      writes: written.writes,
      itemsPerSec: perSecond(items, durationMs),
      durationMs,
      dropped: Number(done.droppedForStream),
      cpuSecondsPer100k: ((cpuAtEnd - cpuAtStart) * 100_000) / items,
    };
  } finally {
    stopWriting.abort();
    counters = await worker.stop();
    await dropTopics(ctx, [topicOf(run), `${run.name}-offsets`]);
  }
  return { ...figures, counters };
}

/** The report's lines for 1b, beside the same worker-logged rate of the runs without writes. */
export function renderInitSyncUnderWrites(
  figures: InitSyncUnderWritesFigures[],
  withoutWrites: { segments: number; loggedDurationMs: number; items: number }[],
): string[] {
  if (figures.length === 0) return [];
  const quiet = (segments: number) => {
    const f = withoutWrites.find((w) => w.segments === segments);
    return f ? perSecond(f.items, f.loggedDurationMs) : Number.NaN;
  };
  return [
    '',
    `1b. INIT_SYNC while ${int(figures[0]?.offeredWritesPerSec ?? 0)} writes/s hit the table (the stream read beside the scan)`,
    '   items/s = items ÷ the worker\'s "init sync done" durationMs, for both columns',
    formatTable(
      ['segments', 'items/s', 'without writes', 'writes/s', 'writes', 'dropped', 'CPU s/100k'],
      figures.map((f) => [
        f.segments,
        int(f.itemsPerSec),
        int(quiet(f.segments)),
        int(f.writesPerSec),
        int(f.writes),
        int(f.dropped),
        fixed(f.cpuSecondsPer100k),
      ]),
    ),
  ];
}
