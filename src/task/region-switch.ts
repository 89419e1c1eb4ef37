import { FAILOVER_MARGIN_MS, lowWaterMark, shardMarks } from '../replica/failover-cutoff.js';
import { planFailover } from '../replica/failover-plan.js';
import type { RegionMove } from '../replica/region-watch.js';
import { decideStart, type Step } from './next-step.js';
import type { PhaseContext } from './phase-context.js';
import { tableOffsets } from './table-offsets.js';

/**
 * A global table's task moves to another region's replica (docs/GLOBAL-TABLES.md). In SYNC it
 * goes on with the new region's stream from TRIM_HORIZON, skipping what the old one delivered
 * (a new generation that keeps the snapshot it continues), or resyncs from the new replica when
 * that stream cannot bridge; a snapshot (or its reconciliation) under way is taken again there.
 * The caller has ended what read the old region (ctx.leaveRegion()).
 */
export async function switchRegion(ctx: PhaseContext, move: RegionMove): Promise<Step> {
  const from = ctx.region;
  const kind = move.action === 'failback' ? 'failback' : 'failover';
  const reason = move.action === 'failover' ? move.reason : 'home_healthy';
  ctx.log.warn(kind === 'failback' ? 'global table: fail-back' : 'global table: failover', {
    from,
    to: move.to,
    reason,
  });
  ctx.deps.metrics.regionMove(ctx.table, from, move.to, kind);
  ctx.enterRegion(move.to);
  ctx.lastMove = {
    failover_from: from,
    failover_reason: reason,
    region_request: move.requestedAt ?? ctx.lastMove.region_request ?? null,
  };
  const stored = ctx.stored();
  // Nothing stored yet: the task begins in the new region as it would have at home.
  if (!stored)
    return decideStart(undefined, { streamArn: '', mode: ctx.mode, snapshotRequest: null });
  const generation = stored.generation + 1;
  if (stored.phase === 'DONE') {
    ctx.info = await ctx.describe();
    await ctx.commitTable(
      tableOffsets.movedRegion(stored, move.to, ctx.info.streamArn, ctx.lastMove),
    );
    return { action: 'done', generation: stored.generation };
  }
  if (stored.phase !== 'SYNC')
    return {
      action: 'resync',
      generation,
      reason: 'region_failover',
      detail: `${stored.phase} in ${from} moved to ${move.to}`,
    };
  const lowWaterMs = lowWaterMark(
    shardMarks(ctx.deps.offsets.shardsOf(ctx.table, stored.generation)),
  );
  const plan = planFailover({
    lowWaterMs,
    // DescribeStream does not say how far back a stream reaches: taken as 24 h.
    newRegionTrimHorizonMs: null,
    nowMs: ctx.now(),
    safeZoneMs: ctx.deps.config.sync.safeZoneMs,
    marginMs: FAILOVER_MARGIN_MS,
  });
  if (plan.action === 'resync')
    return { action: 'resync', generation, reason: plan.reason, detail: plan.detail };
  ctx.info = await ctx.describe();
  await ctx.commitTable(
    tableOffsets.failedOver(stored, {
      generation,
      region: move.to,
      streamArn: ctx.info.streamArn,
      cutoffMs: plan.cutoffMs,
      lowWaterMs: lowWaterMs as number,
      move: ctx.lastMove,
    }),
  );
  await ctx.forgetGenerationsBefore(generation);
  ctx.log.info('global table: stream resumed after the cut-off', {
    region: move.to,
    generation,
    lowWaterMark: lowWaterMs === null ? null : new Date(lowWaterMs).toISOString(),
    cutoff: new Date(plan.cutoffMs).toISOString(),
  });
  return { action: 'sync', generation };
}
