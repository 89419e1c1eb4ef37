import { PositionLostError } from '../errors.js';
import type { RecordProducer } from '../kafka/record-producer.js';
import type { Logger } from '../observability/logger.js';
import type { RegionMove } from '../replica/region-watch.js';
import { sleep } from '../retry.js';
import { decideStart, onLostPosition, type Step } from './next-step.js';
import { PhaseContext, type PhaseStatus } from './phase-context.js';
import { doneStep, reconcileStep, scanStep, syncStep } from './phase-steps.js';
import { regionWatch } from './region-probe.js';
import { switchRegion } from './region-switch.js';
import { type GenerationStart, tableOffsets } from './table-offsets.js';
import type { TableTaskDeps } from './task-deps.js';
import type { TaskProgress } from './task-progress.js';

/**
 * Runs a table task's steps (next-step.ts decides them): each phase returns an explicit
 * outcome, turned into the next step by a pure function, and every change of phase is a named
 * offset transition (table-offsets.ts), written before the phase runs.
 */
export class TablePhases {
  private readonly ctx: PhaseContext;

  constructor(
    table: string,
    deps: TableTaskDeps,
    producer: RecordProducer,
    signal: AbortSignal,
    log: Logger,
    progress: TaskProgress,
    status: PhaseStatus,
  ) {
    this.ctx = new PhaseContext(table, deps, producer, signal, log, status, progress);
  }

  async runAll(): Promise<void> {
    const { ctx } = this;
    const watching = new AbortController();
    let move = this.resumeRegion();
    const watch = regionWatch(ctx, (m) => {
      move = m;
      ctx.leaveRegion();
    });
    const watched = watch?.run(AbortSignal.any([ctx.signal, watching.signal]));
    try {
      let step = move ? null : await this.interruptible(() => this.start());
      while (!ctx.signal.aborted) {
        const next: RegionMove | null = move;
        if (next) {
          move = null;
          // Deciding again at once: a new region failing during the move moves the task on.
          watch?.moved();
          step = await this.interruptible(() => switchRegion(ctx, next));
        } else if (step) step = await this.interruptible(() => this.run(step as Step));
        else break;
      }
    } finally {
      watching.abort();
      await watched;
    }
  }

  /**
   * A global table's task goes on in the region its offsets name; one dropped from aws.regions
   * has no clients, so the task moves home from its offsets, as in a failover.
   */
  private resumeRegion(): RegionMove | null {
    const { ctx } = this;
    const offset = ctx.stored();
    let move: RegionMove | null = null;
    if (offset?.region && offset.region !== ctx.region) {
      if (ctx.deps.replicas?.has(offset.region)) ctx.enterRegion(offset.region);
      else {
        ctx.region = offset.region;
        move = { action: 'failover', to: ctx.deps.config.aws.region, reason: 'current_not_listed' };
      }
    }
    if (offset)
      ctx.lastMove = {
        failover_from: offset.failover_from ?? null,
        failover_reason: offset.failover_reason ?? null,
        region_request: offset.region_request ?? null,
      };
    ctx.status.region(ctx.region);
    return move;
  }

  private async start(): Promise<Step> {
    const { ctx } = this;
    ctx.info = await ctx.describe();
    return decideStart(ctx.stored(), {
      streamArn: ctx.info.streamArn,
      mode: ctx.mode,
      snapshotRequest: ctx.snapshotRequest(),
    });
  }

  /** A step ended by leaving its region leads to the move, whatever it threw on the way out. */
  private async interruptible(fn: () => Promise<Step | null>): Promise<Step | null> {
    try {
      return await fn();
    } catch (err) {
      if (this.ctx.live.aborted && !this.ctx.signal.aborted) return null;
      throw err;
    }
  }

  /** One step; resolves the next one, or null when stopped. */
  private run(step: Step): Promise<Step | null> {
    const { ctx } = this;
    switch (step.action) {
      case 'resync':
        return this.resync(step);
      case 'snapshot':
        return this.beginSnapshot(step.generation, step.first);
      case 'stream_only':
        return this.beginStream(step.generation);
      case 'scan':
        return scanStep(ctx, step.generation);
      case 'reconcile':
        return reconcileStep(ctx, step.generation);
      case 'sync':
        return syncStep(ctx, step.generation);
      case 'done':
        return doneStep(ctx);
    }
  }

  /** Every lost position passes here, whatever found it: the one place that decides. */
  private async resync(step: Extract<Step, { action: 'resync' }>): Promise<Step> {
    const { ctx } = this;
    const policy = ctx.deps.config.sync.onLostPosition as 'resync' | 'fail';
    if (onLostPosition(policy, step.reason) === 'fail')
      throw new PositionLostError(step.reason, step.detail);
    ctx.deps.metrics.resync(ctx.table, step.reason);
    ctx.log.warn('resync', {
      reason: step.reason,
      detail: step.detail,
      generation: step.generation,
    });
    await ctx.forgetGenerationsBefore(step.generation);
    return { action: 'snapshot', generation: step.generation, first: false };
  }

  /** What a new generation stores about its start: the stream now, the topic's end offsets. */
  private async generationStart(generation: number): Promise<GenerationStart> {
    const { ctx } = this;
    ctx.info = await ctx.describe();
    const marks = await ctx.retry.kafka(
      () => ctx.deps.kafka.endOffsets(ctx.topic),
      'topic read',
      ctx.signal,
    );
    return {
      generation,
      streamArn: ctx.info.streamArn,
      region: ctx.region,
      lastMove: ctx.lastMove,
      startMs: ctx.now(),
      marks,
      snapshotRequest: ctx.snapshotRequest(),
    };
  }

  private async beginSnapshot(generation: number, first: boolean): Promise<Step | null> {
    const { ctx } = this;
    const { delayMs, segments } = ctx.deps.config.initSync;
    if (first && delayMs > 0) {
      ctx.log.info('init sync delayed', { delayMs });
      await sleep(delayMs, ctx.signal);
      if (ctx.signal.aborted) return null;
    }
    const start = await this.generationStart(generation);
    await ctx.commitTable(
      tableOffsets.snapshotStarted(start, segments, ctx.mode !== 'initial_only'),
    );
    return { action: 'scan', generation };
  }

  private async beginStream(generation: number): Promise<Step> {
    const { ctx } = this;
    const position = ctx.deps.config.sync.startPosition as 'trim_horizon' | 'latest';
    const start = await this.generationStart(generation);
    await ctx.commitTable(tableOffsets.streamStarted(start, position));
    ctx.freshLatest = position === 'latest';
    ctx.log.info('stream started without a snapshot', { generation, position });
    return { action: 'sync', generation };
  }
}
