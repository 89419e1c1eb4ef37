import { compareSequenceNumbers } from '../dynamodb/shard-tree.js';
import { streamRecordToChange } from '../dynamodb/stream-change.js';
import type { RecordsPage } from '../dynamodb/wire-pages.js';
import { ResyncRequired } from '../errors.js';
import { type ShardOffset, shardPartition } from '../kafka/offsets-format.js';
import type { Change } from '../records/change.js';
import { readAhead } from './read-ahead.js';
import type { TaskRuntime } from './runtime.js';
import { isTrimmed, type StreamsApi, shardIterator } from './stream-positions.js';
import {
  alignedWait,
  classifyStreamRecord,
  nextPollDelay,
  type SkipRule,
} from './sync-decisions.js';
import type { SyncPlan } from './sync-plan.js';

/** What one shard's reader shares with the stream reader that started it (stream-sync.ts). */
export interface ShardReader {
  rt: TaskRuntime;
  plan: SyncPlan;
  api: StreamsApi;
  /** Aborted when the task stops or another shard's reader failed. */
  stop: AbortSignal;
  /** Whether the stream has been caught up once in this generation. */
  caughtUp: () => boolean;
  /** The shard answered with all it had, or ended. */
  reachedHead: (shardId: string) => Promise<void>;
}

const SKIPPED: Record<SkipRule['reason'], string> = {
  before_cut: 'skipped stream records from before the snapshot began',
  before_start: 'skipped stream records from before the start',
  failover: 'skipped stream records the old region delivered',
};

/** Global tables: the least time between two stored head times of a quiet shard. */
export const HEAD_TIME_INTERVAL_MS = 10_000;

/**
 * Reads one shard until it ends or the reader stops: each page is classified record by record
 * (sync-decisions.ts), written with the shard's new position, and the next page is read while
 * it goes to Kafka.
 */
export async function readShard(
  reader: ShardReader,
  shardId: string,
  latest: boolean,
  parentShardId: string | null,
): Promise<void> {
  const { rt, plan, api, stop } = reader;
  const iteratorFor = (after: string | null, atLatest = false) =>
    shardIterator(rt, api, plan.streamArn, shardId, after, atLatest);
  const partition = shardPartition(rt.table, rt.generation, shardId);
  const stored = rt.offsets.get<ShardOffset>(partition);
  // The last sequence number handed to Kafka: where a new iterator resumes.
  let last = stored?.sequence_number ?? null;
  let lastChangeMs = stored?.last_change_ms ?? null;
  let readToMs = stored?.read_to_ms ?? null;
  const position = (ended: boolean): ShardOffset => ({
    sequence_number: last,
    ended,
    last_change_ms: lastChangeMs,
    read_to_ms: readToMs,
    parent_shard_id: parentShardId,
  });
  rt.progress.shardStarted(shardId);
  let iterator = await iteratorFor(last, latest);
  if (latest) rt.logger.info('shard read from latest', { shardId });
  let skipped = 0;
  let renewedAfterTrim = false;
  // Since when the shard has had nothing new: how long it may be left between polls.
  let quietSince = rt.now();
  const read = (it: string) => {
    const askedAtMs = rt.now();
    return rt
      .call('getRecords', () => api.getRecords(it, plan.keyNames, true))
      .then((page) => ({ page, askedAtMs }));
  };
  // The next page, read while the current one goes to Kafka.
  let pending: Promise<{ page: RecordsPage; askedAtMs: number }> | undefined;
  while (!stop.aborted) {
    let page: RecordsPage;
    let askedAtMs: number;
    try {
      ({ page, askedAtMs } = await (pending ?? read(iterator)));
    } catch (err) {
      pending = undefined;
      const name = (err as Error)?.name;
      // An iterator can go stale while its position is still readable: expired after 15 min,
      // or (DynamoDB Local) taken while the shard was empty. A new one from the last delivered
      // record settles it: if that record itself is gone, iteratorFor asks for a resync.
      // Trimmed twice in a row means the data really is gone.
      if (name === 'ExpiredIteratorException' || (isTrimmed(err) && !renewedAfterTrim)) {
        renewedAfterTrim = name !== 'ExpiredIteratorException';
        rt.metrics.iteratorRenewed(rt.table, name ?? 'unknown');
        rt.logger.info('shard iterator renewed', { shardId, reason: name, after: last });
        iterator = await iteratorFor(last);
        continue;
      }
      if (isTrimmed(err))
        throw new ResyncRequired('trimmed', `shard ${shardId}: ${(err as Error).message}`);
      throw err;
    }
    renewedAfterTrim = false;
    const { records } = page;
    // After an empty page the shard is at its head: the next read waits for idlePollMs below.
    pending =
      page.nextShardIterator && records.length > 0
        ? readAhead(read(page.nextShardIterator))
        : undefined;
    const changes: Change[] = [];
    const now = rt.now();
    const skippedBefore = skipped;
    let repeated = 0;
    for (const record of records) {
      const verdict = classifyStreamRecord(record.changeTimeMs, {
        skip: plan.skip,
        safeZoneMs: plan.safeZoneMs,
        nowMs: now,
        caughtUp: reader.caughtUp(),
      });
      if (verdict === 'resync') {
        throw new ResyncRequired(
          'safe_zone',
          `record ${record.sequenceNumber} of shard ${shardId} is ${now - record.changeTimeMs} ms old`,
        );
      }
      if (verdict === 'skip') skipped++;
      else {
        changes.push(streamRecordToChange(record, shardId));
        if (plan.repeatsUpToMs !== null && record.changeTimeMs <= plan.repeatsUpToMs) repeated++;
      }
    }
    if (plan.gate) {
      const keys = changes.map((c) => c.key);
      plan.gate.received(keys);
      await plan.gate.clearOf(keys);
    }
    const lastRecord = records.at(-1);
    if (lastRecord) {
      if (last === null || compareSequenceNumbers(lastRecord.sequenceNumber, last) > 0)
        last = lastRecord.sequenceNumber;
      lastChangeMs = Math.max(lastChangeMs ?? 0, lastRecord.changeTimeMs);
    }
    const ended = !page.nextShardIterator;
    // A global table's quiet shard stores how far it was read now and then, so a failover's
    // low-water mark keeps up with the clock (replica/failover-cutoff.ts).
    const headTime = askedAtMs - (plan.headTimeSettleMs ?? 0);
    const storeHead =
      plan.headTimeSettleMs !== undefined &&
      records.length === 0 &&
      (readToMs === null || headTime - readToMs >= HEAD_TIME_INTERVAL_MS);
    if (storeHead) readToMs = headTime;
    // A closed shard's final page goes with the offset that marks it ended.
    await rt.write({
      changes,
      offsets:
        records.length > 0 || ended || storeHead ? [{ partition, value: position(ended) }] : [],
    });
    plan.gate?.shardWritten(shardId, {
      askedAtMs,
      // A page short of GetRecords' 1,000 records held all the shard had when it was asked.
      atHead: records.length < 1000,
      newestChangeMs: records.at(-1)?.changeTimeMs ?? null,
      ended,
    });
    if (skipped > skippedBefore && plan.skip)
      rt.metrics.streamRecordsSkipped(rt.table, plan.skip.reason, skipped - skippedBefore);
    if (repeated > 0) rt.metrics.streamRecordsRepeated(rt.table, 'failover', repeated);
    rt.progress.shardRound(shardId, records.at(-1)?.changeTimeMs ?? null);
    if (ended || records.length === 0) await reader.reachedHead(shardId);
    if (ended) break;
    iterator = page.nextShardIterator as string;
    const polled = rt.now();
    if (records.length > 0) quietSince = polled;
    // A held snapshot page waits for an empty answer: no idle back-off meanwhile.
    const quietFor = plan.gate ? 0 : polled - quietSince;
    const pollDelay = nextPollDelay(quietFor, records.length > 0, plan);
    if (pollDelay > 0) await rt.sleep(alignedWait(pollDelay, polled));
  }
  if (skipped > 0 && plan.skip) {
    const { reason } = plan.skip;
    rt.logger.info(SKIPPED[reason], { shardId, skipped, reason });
  }
}
