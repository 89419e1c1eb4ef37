import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CapacityLimiter, scanRate } from '../dynamodb/capacity-limiter.js';
import type { TablePhase } from '../kafka/offsets-format.js';
import { runReconcile } from '../reconcile/run-reconcile.js';
import { sleep } from '../retry.js';
import { runInitSync } from './init-sync.js';
import {
  afterReconcile,
  afterScan,
  resyncAfter,
  type Step,
  snapshotRequested,
  snapshotRequestStep,
  topicMarks,
} from './next-step.js';
import type { PhaseContext } from './phase-context.js';
import { SnapshotGate } from './snapshot-gate.js';
import { streamBeside } from './stream-beside.js';
import { runStreamSync } from './stream-sync.js';
import { syncPlan } from './sync-plan.js';
import { tableOffsets } from './table-offsets.js';

/**
 * The phases of a table task (DESIGN §6, §11.10): each runs its phase runner and returns the
 * next step, or null when the task was stopped. A phase the next step enters is stored first.
 */

const PHASE_OF: Partial<Record<Step['action'], TablePhase>> = {
  reconcile: 'RECONCILE',
  sync: 'SYNC',
  done: 'DONE',
};

/**
 * Reconciliation reads whole topics: small fetches keep what is decoded at once small (bench:
 * 4 MB fetches of compressible records decoded to hundreds of MB; 256 KB read as fast).
 */
const RECONCILE_FETCH_BYTES = 256 * 1024;

async function entering(ctx: PhaseContext, next: Step): Promise<Step> {
  const phase = PHASE_OF[next.action];
  if (phase) await ctx.enter(phase);
  return next;
}

export async function scanStep(ctx: PhaseContext, generation: number): Promise<Step | null> {
  const { config } = ctx.deps;
  const stored = ctx.current();
  ctx.status.phase('INIT_SYNC');
  ctx.log.info('init sync started', {
    generation,
    segments: stored.segments,
    resumed: ctx.hasScanProgress(generation),
  });
  const limiter = new CapacityLimiter(
    scanRate({
      provisionedReadUnits: ctx.info.provisionedReadUnits,
      fraction: config.initSync.readCapacityFraction,
      maxUnits: config.initSync.maxReadCapacityUnits,
    }),
    ctx.now,
  );
  const beside = stored.stream_start === 'cut';
  const gate = beside ? new SnapshotGate(config.initSync.streamSettleMs, ctx.now) : undefined;
  const scanStop = new AbortController();
  const streamStop = new AbortController();
  const stream = beside
    ? streamBeside(ctx, generation, gate as SnapshotGate, streamStop, scanStop)
    : null;
  if (stream && !(await stream.cut)) {
    await stream.ended;
    return stream.outcome();
  }
  const scanRt = { ...ctx.rt(generation), signal: AbortSignal.any([ctx.live, scanStop.signal]) };
  const scan = await runInitSync(
    scanRt,
    {
      gate,
      segments: stored.segments,
      keyNames: ctx.info.keyNames,
      pageSize: config.initSync.pageSize,
      consistentRead: config.initSync.consistentRead,
      approximateTotal: ctx.info.itemCount,
      progressIntervalMs: config.initSync.progressIntervalMs,
    },
    ctx.api().dynamodb.scan,
    limiter,
  );
  streamStop.abort();
  if (stream) {
    await stream.ended;
    const outcome = stream.outcome();
    if (outcome) return outcome;
  }
  if (!scan.done) return null;
  const end = ctx.now();
  const next = afterScan(stored, ctx.mode);
  const start = stored.init_sync_start ?? end;
  ctx.log.info('init sync done', {
    generation,
    items: scan.items,
    droppedForStream: scan.dropped,
    durationMs: end - start,
  });
  // From the offset as it is now: the stream reader beside the scan has stored its cut since.
  const now = ctx.current();
  await ctx.commitTable(tableOffsets.scanDone(now, end, PHASE_OF[next.action] as TablePhase));
  return next;
}

export async function reconcileStep(ctx: PhaseContext, generation: number): Promise<Step | null> {
  const { config, kafka } = ctx.deps;
  ctx.status.phase('RECONCILE');
  const file = `dkc-reconcile-${config.name}-${ctx.table}`.replace(/[^A-Za-z0-9._-]/g, '_');
  const result = await runReconcile(ctx.rt(generation), {
    marks: topicMarks(ctx.current()),
    indexPath: join(config.reconcile.directory ?? tmpdir(), `${file}.sqlite`),
    readTopic: (onRecord, ranges) =>
      ctx.retry.kafka(
        () =>
          kafka.readTopic(ctx.topic, onRecord, {
            signal: ctx.signal,
            ranges,
            maxFetchBytes: RECONCILE_FETCH_BYTES,
          }),
        'topic read',
        ctx.signal,
      ),
  });
  if (!result.done) return null;
  return entering(ctx, afterReconcile(generation, ctx.mode));
}

export async function syncStep(ctx: PhaseContext, generation: number): Promise<Step | null> {
  await ctx.enter('SYNC');
  const stored = ctx.current();
  ctx.status.phase('SYNC');
  try {
    await runStreamSync(ctx.rt(generation), syncPlan(ctx, stored), ctx.api().streams);
    return null;
  } catch (err) {
    return resyncAfter(err, generation);
  }
}

/** initial_only: the snapshot is all there is; the task waits for a snapshot command. */
export async function doneStep(ctx: PhaseContext): Promise<Step | null> {
  await ctx.enter('DONE');
  ctx.status.phase('DONE');
  ctx.status.done(true);
  ctx.log.info('task done', { generation: ctx.current().generation });
  while (!ctx.live.aborted) {
    const request = ctx.snapshotRequest();
    if (snapshotRequested(ctx.current(), request)) {
      ctx.status.done(false);
      return snapshotRequestStep(ctx.current(), request);
    }
    await sleep(ctx.deps.config.sync.shardRefreshMs, ctx.live);
  }
  return null;
}
