import {
  departedCheckpoints,
  readyShards,
  type ShardCheckpoint,
  type ShardInfo,
} from '../dynamodb/shard-tree.js';
import { ResyncRequired } from '../errors.js';
import { type ShardOffset, shardPartition } from '../kafka/offsets-format.js';
import type { TaskRuntime } from './runtime.js';
import { readShard, type ShardReader } from './shard-reader.js';
import { listStreamShards, type StreamsApi } from './stream-positions.js';
import { alignedWait, streamCaughtUp } from './sync-decisions.js';
import type { SyncPlan } from './sync-plan.js';

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
  let headReached = false;
  const reachedHead = async (shardId: string) => {
    atHead.add(shardId);
    if (
      headReached ||
      !streamCaughtUp(listed, (id) => atHead.has(id) || checkpoint(id)?.ended === true)
    )
      return;
    headReached = true;
    if (!caughtUp) {
      caughtUp = true;
      await plan.onCaughtUp();
    }
    // Beside a scan this is the cut (phase-steps.ts logs it); in SYNC, the table is live: once
    // per run, after a restart too.
    if (!plan.gate) rt.logger.info('sync caught up');
  };

  const checkpoint = (shardId: string) =>
    rt.offsets.get<ShardOffset>(shardPartition(rt.table, rt.generation, shardId));
  const checkpoints = () => {
    const out = new Map<string, ShardCheckpoint>();
    for (const [id, v] of rt.offsets.shardsOf(rt.table, rt.generation))
      out.set(id, { sequenceNumber: v.sequence_number, ended: v.ended });
    return out;
  };

  const listShards = () => listStreamShards(rt, api, plan.streamArn);
  const reader: ShardReader = {
    rt,
    plan,
    api,
    stop,
    caughtUp: () => caughtUp,
    reachedHead,
  };

  const parents = new Map<string, string | null>();
  const startShard = (shardId: string, latest: boolean) => {
    const run = readShard(reader, shardId, latest, parents.get(shardId) ?? null)
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
      for (const s of shards) parents.set(s.shardId, s.parentShardId ?? null);
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
