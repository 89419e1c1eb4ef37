import {
  compareSequenceNumbers,
  departedCheckpoints,
  readyShards,
  type ShardCheckpoint,
  type ShardInfo,
} from '../dynamodb/shard-tree.js';
import { streamRecordToChange } from '../dynamodb/stream-change.js';
import type { RecordsPage } from '../dynamodb/wire-pages.js';
import { ResyncRequired } from '../errors.js';
import { type ShardOffset, shardPartition } from '../kafka/offsets-format.js';
import type { Change } from '../records/change.js';
import { readAhead } from './read-ahead.js';
import type { TaskRuntime } from './runtime.js';
import type { SnapshotGate } from './snapshot-gate.js';
import { isTrimmed, listStreamShards, type StreamsApi, shardIterator } from './stream-positions.js';
import {
  alignedWait,
  classifyStreamRecord,
  nextPollDelay,
  type SkipRule,
  streamCaughtUp,
} from './sync-decisions.js';

export interface SyncPlan {
  streamArn: string;
  /** The table's key attributes, hash key first: each record's Kafka key. */
  keyNames: readonly string[];
  /** Old records this generation never delivers (sync-decisions.ts). */
  skip: SkipRule | null;
  /** Shards of the first listing without a stored position start at LATEST ('latest' start). */
  startAtLatest: boolean;
  safeZoneMs: number;
  idlePollMs: number;
  idlePollMaxMs: number;
  shardRefreshMs: number;
  /** Checked at every shard refresh: throws ResyncRequired/IneligibleTableError when the stream changed. */
  checkStream: () => Promise<void>;
  /** Whether the stream was already caught up after this generation's snapshot. */
  caughtUp: boolean;
  /** Stores that it now is. */
  onCaughtUp: () => Promise<void>;
  /** While a snapshot runs beside the stream: what its pages wait for (snapshot-gate.ts). */
  gate?: SnapshotGate;
}

/**
 * SYNC (DESIGN §6): reads every shard, a child only after its parent ended, and stores each
 * shard's last sequence number after Kafka acknowledged its records. Runs until stopped;
 * throws ResyncRequired when the stream can no longer be followed without loss.
 */
export async function runStreamSync(
  rt: TaskRuntime,
  plan: SyncPlan,
  api: StreamsApi,
): Promise<void> {
  const failed = new AbortController();
  const stop = AbortSignal.any([rt.signal, failed.signal]);
  const running = new Map<string, Promise<void>>();
  let failure: unknown;
  let wake: () => void = () => {};
  let caughtUp = plan.caughtUp;
  let listed: string[] = [];
  const atHead = new Set<string>();
  const reachedHead = async (shardId: string) => {
    atHead.add(shardId);
    if (
      caughtUp ||
      !streamCaughtUp(listed, (id) => atHead.has(id) || checkpoint(id)?.ended === true)
    )
      return;
    caughtUp = true;
    await plan.onCaughtUp();
    rt.logger.info('sync caught up');
  };

  const checkpoint = (shardId: string) =>
    rt.offsets.get<ShardOffset>(shardPartition(rt.table, rt.generation, shardId));
  const checkpoints = () => {
    const out = new Map<string, ShardCheckpoint>();
    for (const { partition, value } of rt.offsets.partitionsOf(rt.table)) {
      if ('shard_id' in partition && partition.generation === rt.generation) {
        const v = value as ShardOffset;
        out.set(partition.shard_id, { sequenceNumber: v.sequence_number, ended: v.ended });
      }
    }
    return out;
  };

  const listShards = () => listStreamShards(rt, api, plan.streamArn);
  const iteratorFor = (shardId: string, after: string | null, latest = false) =>
    shardIterator(rt, api, plan.streamArn, shardId, after, latest);

  const readShard = async (shardId: string, latest: boolean): Promise<void> => {
    // The last sequence number handed to Kafka: where a new iterator resumes.
    let last = checkpoint(shardId)?.sequence_number ?? null;
    rt.progress.shardStarted(shardId);
    let iterator = await iteratorFor(shardId, last, latest);
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
          iterator = await iteratorFor(shardId, last);
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
      for (const record of records) {
        const verdict = classifyStreamRecord(record.changeTimeMs, {
          skip: plan.skip,
          safeZoneMs: plan.safeZoneMs,
          nowMs: now,
          caughtUp,
        });
        if (verdict === 'resync') {
          throw new ResyncRequired(
            'safe_zone',
            `record ${record.sequenceNumber} of shard ${shardId} is ${now - record.changeTimeMs} ms old`,
          );
        }
        if (verdict === 'skip') skipped++;
        else changes.push(streamRecordToChange(record, shardId));
      }
      if (plan.gate) {
        const keys = changes.map((c) => c.key);
        plan.gate.received(keys);
        await plan.gate.clearOf(keys);
      }
      const lastRecord = records.at(-1)?.sequenceNumber;
      if (lastRecord && (last === null || compareSequenceNumbers(lastRecord, last) > 0))
        last = lastRecord;
      const ended = !page.nextShardIterator;
      // A closed shard's final page goes with the offset that marks it ended.
      await rt.write({
        changes,
        offsets:
          records.length > 0 || ended
            ? [
                {
                  partition: shardPartition(rt.table, rt.generation, shardId),
                  value: { sequence_number: last, ended },
                },
              ]
            : [],
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
      rt.progress.shardRound(shardId, records.at(-1)?.changeTimeMs ?? null);
      if (ended || records.length === 0) await reachedHead(shardId);
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
      rt.logger.info(
        reason === 'in_snapshot'
          ? 'skipped stream records already in the snapshot'
          : reason === 'before_cut'
            ? 'skipped stream records from before the snapshot began'
            : 'skipped stream records from before the start',
        { shardId, skipped, reason },
      );
    }
  };

  const startShard = (shardId: string, latest: boolean) => {
    const run = readShard(shardId, latest)
      .catch((err) => {
        failure ??= err;
        failed.abort();
      })
      .finally(() => {
        rt.progress.shardEnded(shardId);
        running.delete(shardId);
        wake();
      });
    running.set(shardId, run);
  };

  /**
   * A 'latest' start: what the stream holds now is not wanted. Closed shards hold only that, so
   * they are ended at once; open ones start at LATEST all together, children too, since
   * waiting for a parent would lose what the child gets meanwhile (their order only matters
   * for records that are not delivered).
   */
  const startAtLatest = async (shards: ShardInfo[], cps: Map<string, ShardCheckpoint>) => {
    const fresh = shards.filter((s) => !cps.has(s.shardId));
    const closed = fresh.filter((s) => s.endingSequenceNumber !== undefined);
    await rt.write({
      changes: [],
      offsets: closed.map((s) => ({
        partition: shardPartition(rt.table, rt.generation, s.shardId),
        value: { sequence_number: null, ended: true },
      })),
    });
    for (const s of closed) cps.set(s.shardId, { sequenceNumber: null, ended: true });
    for (const s of fresh) if (s.endingSequenceNumber === undefined) startShard(s.shardId, true);
  };

  let firstListing = true;
  rt.progress.syncStarted();
  try {
    while (!stop.aborted) {
      await plan.checkStream();
      const listAskedAt = rt.now();
      const shards = await listShards();
      listed = shards.map((s) => s.shardId);
      plan.gate?.listed(listed, listAskedAt);
      const cps = checkpoints();
      const lost = departedCheckpoints(shards, cps, false);
      if (lost.length > 0) {
        throw new ResyncRequired(
          'trimmed',
          `shards ${lost.join(', ')} left the stream before they were read to the end`,
        );
      }
      const forget = departedCheckpoints(shards, cps, true);
      if (forget.length > 0) {
        await rt.write({
          changes: [],
          offsets: forget.map((id) => ({
            partition: shardPartition(rt.table, rt.generation, id),
            value: null,
          })),
        });
      }
      if (firstListing && plan.startAtLatest) await startAtLatest(shards, cps);
      firstListing = false;
      for (const id of readyShards(shards, (id) => cps.get(id), new Set(running.keys())))
        startShard(id, false);
      // Sleep until the next refresh, or sooner when a shard ends (its children may start).
      const woken = new AbortController();
      wake = () => woken.abort();
      await rt.sleep(
        alignedWait(plan.shardRefreshMs, rt.now()),
        AbortSignal.any([stop, woken.signal]),
      );
    }
  } catch (err) {
    failure ??= err;
    failed.abort();
  }
  await Promise.all(running.values());
  rt.progress.idle();
  if (failure !== undefined) throw failure;
}
