import type { ScanCommandInput } from '@aws-sdk/client-dynamodb';
import type { CapacityLimiter } from '../dynamodb/capacity-limiter.js';
import { snapshotChange } from '../dynamodb/stream-change.js';
import type { ScanPage } from '../dynamodb/wire-pages.js';
import {
  decodeStartKey,
  encodeStartKey,
  type SegmentOffset,
  segmentPartition,
} from '../kafka/offsets-format.js';
import { readAhead } from './read-ahead.js';
import type { TaskRuntime } from './runtime.js';
import type { SnapshotGate } from './snapshot-gate.js';

export interface InitSyncPlan {
  segments: number;
  /** The table's key attributes, hash key first: each record's Kafka key. */
  keyNames: readonly string[];
  pageSize: number | null;
  consistentRead: boolean;
  /** Approximate item count from DescribeTable, for progress. */
  approximateTotal: number;
  progressIntervalMs: number;
  /** The stream is read beside the scan: pages wait for it and leave what it overtook. */
  gate?: SnapshotGate;
}

/** Pages a segment holds while they wait for the stream: the scan reads on meanwhile. */
const HELD_PAGES = 16;

/**
 * One Scan page, its items already as key and image JSON (wire-pages.ts). `readAhead`: the next
 * page will be asked for right after this one, so it may be read ahead.
 */
export type ScanFn = (
  input: ScanCommandInput,
  keyNames: readonly string[],
  readAhead: boolean,
) => Promise<ScanPage>;

/**
 * The parallel Scan (DESIGN §6). Each segment resumes from its own stored ExclusiveStartKey and
 * stores the next one only after Kafka acknowledged the page, so a crash re-sends at most the
 * page in flight.
 * Resolves done = every segment finished (false when stopped first), and the items delivered
 * by all segments, in this run and the ones it resumed.
 */
export async function runInitSync(
  rt: TaskRuntime,
  plan: InitSyncPlan,
  scan: ScanFn,
  limiter: CapacityLimiter,
): Promise<{ done: boolean; items: number; dropped: number }> {
  let dropped = 0;
  let itemsBefore = 0;
  const segmentOffsets = Array.from({ length: plan.segments }, (_, segment) =>
    rt.offsets.get<SegmentOffset>(segmentPartition(rt.table, rt.generation, segment)),
  );
  for (const s of segmentOffsets) itemsBefore += s?.count ?? 0;
  let items = itemsBefore;
  rt.progress.scanStarted(plan.approximateTotal, itemsBefore);

  const progress = () => rt.logger.info('init sync progress', rt.progress.view().initSync ?? {});
  const ticker = setInterval(progress, plan.progressIntervalMs);

  // A single segment reads its next page while sending the current one. Several segments already
  // overlap one another's reads and sends; a read-ahead each would double both the pages held in
  // memory and the Scans DynamoDB serves at once, which made a 4-segment scan slower (bench).
  // So at most max(2, segments) pages are held, whatever the table's size.
  const lookAhead = plan.segments === 1;

  const readPage = async (segment: number, startKey: Record<string, unknown> | undefined) => {
    // The rate limit's wait comes before the call, so AWS latency is measured without it.
    const wait = limiter.delayMs();
    if (wait > 0) await rt.sleep(wait);
    // Taken before the request is sent: the stream records the page may be overtaken by.
    const hold = plan.gate?.hold(rt.now()) ?? -1;
    return rt.call('scan', async () => {
      const page = await scan(
        {
          TableName: rt.table,
          Segment: plan.segments > 1 ? segment : undefined,
          TotalSegments: plan.segments > 1 ? plan.segments : undefined,
          ExclusiveStartKey: startKey as ScanCommandInput['ExclusiveStartKey'],
          Limit: plan.pageSize ?? undefined,
          ConsistentRead: plan.consistentRead,
          ReturnConsumedCapacity: 'TOTAL',
        },
        plan.keyNames,
        // A rate limit decides when each page is read: no page then goes early.
        lookAhead && limiter.unitsPerSecond === null,
      );
      limiter.consumed(page.consumedCapacity);
      return { page, readAt: rt.now(), hold };
    });
  };

  // One failing segment stops the others (after their in-flight page) before the error surfaces.
  const failed = new AbortController();
  const stop = AbortSignal.any([rt.signal, failed.signal]);

  const runSegment = async (segment: number): Promise<boolean> => {
    const stored = segmentOffsets[segment];
    if (stored?.done) return true;
    let count = stored?.count ?? 0;
    const read = (key: Record<string, unknown> | undefined) => readAhead(readPage(segment, key));
    let pending = read(decodeStartKey(stored?.exclusive_start_key ?? null));
    // Pages in order: each waits for the stream (with a gate), then goes with its offset.
    let writing: Promise<void> = Promise.resolve();
    let held = 0;
    const send = async (page: ScanPage, readAt: number, hold: number, value: SegmentOffset) => {
      const offsets = [{ partition: segmentPartition(rt.table, rt.generation, segment), value }];
      const write = (kept: ScanPage['items']) =>
        rt.write({ changes: kept.map((item) => snapshotChange(item, readAt)), offsets });
      const { gate } = plan;
      if (gate) {
        await gate.passed(readAt, stop);
        if (stop.aborted) return;
        const released = gate.release(hold, page.items, write);
        await released.written;
        dropped += released.dropped;
        rt.metrics.snapshotItemsDropped(rt.table, released.dropped);
      } else await write(page.items);
      items += page.items.length;
      rt.progress.scanRead(page.items.length);
      rt.metrics.scanItemsRead(rt.table, page.items.length);
    };
    while (!stop.aborted) {
      const { page, readAt, hold } = await pending;
      const next = page.lastEvaluatedKey;
      if (next && lookAhead && !stop.aborted) pending = read(next);
      count += page.items.length;
      const value: SegmentOffset = {
        exclusive_start_key: encodeStartKey(next),
        done: !next,
        count,
      };
      held++;
      const sent = writing.then(() => send(page, readAt, hold, value));
      writing = sent.finally(() => held--);
      writing.catch(() => {}); // awaited below; a failure must not go unhandled meanwhile
      // Without a gate a page is written before the next is asked for, as before; with one,
      // up to HELD_PAGES wait for the stream while the scan reads on.
      if (!plan.gate || held >= HELD_PAGES || !next) await writing;
      if (!next) return !stop.aborted;
      if (!lookAhead) pending = read(next);
    }
    await writing.catch(() => {});
    // Stopped: a page read ahead is never delivered.
    return false;
  };

  try {
    const results = await Promise.allSettled(
      Array.from({ length: plan.segments }, (_, s) =>
        runSegment(s).catch((err) => {
          failed.abort();
          throw err;
        }),
      ),
    );
    for (const r of results) if (r.status === 'rejected') throw r.reason;
    return {
      done: results.every((r) => r.status === 'fulfilled' && r.value),
      items,
      dropped,
    };
  } finally {
    clearInterval(ticker);
    progress();
  }
}
