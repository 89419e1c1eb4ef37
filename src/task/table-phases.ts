import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eligibility } from '../discovery/eligibility.js';
import { CapacityLimiter, scanRate } from '../dynamodb/capacity-limiter.js';
import { IneligibleTableError, PositionLostError, ResyncRequired } from '../errors.js';
import type { OffsetEntry } from '../kafka/offset-store.js';
import {
  type SnapshotCommand,
  snapshotCommandPartition,
  type TableOffset,
  type TablePhase,
  tablePartition,
} from '../kafka/offsets-format.js';
import type { RecordProducer } from '../kafka/record-producer.js';
import { RecordSender } from '../kafka/record-sender.js';
import type { Logger } from '../observability/logger.js';
import { runReconcile } from '../reconcile/run-reconcile.js';
import { sleep } from '../retry.js';
import { runInitSync } from './init-sync.js';
import {
  afterReconcile,
  afterScan,
  decideStart,
  onLostPosition,
  type SnapshotMode,
  type Step,
  snapshotRequested,
  snapshotRequestStep,
  topicMarks,
} from './next-step.js';
import type { TaskRuntime } from './runtime.js';
import { runStreamSync } from './stream-sync.js';
import { skipRule } from './sync-decisions.js';
import { type GenerationStart, tableOffsets } from './table-offsets.js';
import type { TableTaskDeps } from './table-task.js';
import { TaskRetry } from './task-retry.js';

/**
 * Reconciliation reads whole topics: small fetches keep what is decoded at once small (bench:
 * 4 MB fetches of compressible records decoded to hundreds of MB; 256 KB read as fast).
 */
const RECONCILE_FETCH_BYTES = 256 * 1024;

type TableInfo = ReturnType<typeof eligibility> & { eligible: true };

/** What the phases report back to their task's status. */
export interface PhaseStatus {
  phase: (phase: TablePhase) => void;
  done: (done: boolean) => void;
}

const PHASE_OF: Partial<Record<Step['action'], TablePhase>> = {
  reconcile: 'RECONCILE',
  sync: 'SYNC',
  done: 'DONE',
};

/**
 * Runs a table task's steps (next-step.ts decides them): each phase returns an explicit
 * outcome, turned into the next step by a pure function, and every change of phase is a named
 * offset transition (table-offsets.ts), written before the phase runs.
 */
export class TablePhases {
  private readonly retry: TaskRetry;
  private readonly now: () => number;
  private readonly mode: SnapshotMode;
  private readonly topic: string;
  private readonly runtimeBase: Omit<TaskRuntime, 'generation'>;
  private info!: TableInfo;
  /** A 'latest' generation begun in this run: its first shards start at LATEST. */
  private freshLatest = false;

  constructor(
    private readonly table: string,
    private readonly deps: TableTaskDeps,
    producer: RecordProducer,
    private readonly signal: AbortSignal,
    private readonly log: Logger,
    private readonly status: PhaseStatus,
  ) {
    const { config, offsets, counters } = deps;
    this.now = deps.now ?? Date.now;
    this.retry = new TaskRetry(table, config, counters, log);
    this.mode = (config.initSync.modeOverrides[table] ?? config.initSync.mode) as SnapshotMode;
    this.topic = `${config.kafka.topicPrefix}${table}`;
    const sender = new RecordSender(
      producer,
      this.topic,
      () => ({
        connector: config.name,
        table,
        region: config.aws.region,
        format: config.output.format as 'envelope' | 'new_image',
        tombstones: config.output.tombstones,
        initSyncStart: this.stored()?.init_sync_start ?? null,
      }),
      config.kafka.maxMessageBytes,
      this.now,
    );
    this.runtimeBase = {
      table,
      logger: log,
      counters,
      offsets,
      deliver: async (changes) => {
        if (changes.length === 0) return;
        const sent = await this.retry.kafka(
          () => sender.send(changes),
          'records',
          signal,
          changes.length,
        );
        counters.add('records_sent_total', { table }, sent);
      },
      commit: (entries: OffsetEntry[]) =>
        this.retry.kafka(() => offsets.write(producer, entries), 'offsets', signal),
      call: (what, fn) => this.retry.aws(fn, what, signal),
      now: this.now,
      sleep: (ms, until) => sleep(ms, until ?? signal),
      signal,
    };
  }

  async runAll(): Promise<void> {
    this.info = await this.describe();
    let step: Step | null = decideStart(this.stored(), {
      streamArn: this.info.streamArn,
      mode: this.mode,
      snapshotRequest: this.snapshotRequest(),
      nowMs: this.now(),
      safeZoneMs: this.deps.config.sync.safeZoneMs,
    });
    while (step && !this.signal.aborted) step = await this.run(step);
  }

  /** One step; resolves the next one, or null when stopped. */
  private async run(step: Step): Promise<Step | null> {
    switch (step.action) {
      case 'resync':
        return this.resync(step);
      case 'snapshot':
        return this.beginSnapshot(step.generation, step.first);
      case 'stream_only':
        return this.beginStream(step.generation);
      case 'scan':
        return this.scan(step.generation);
      case 'reconcile':
        return this.reconcile(step.generation);
      case 'sync':
        return this.sync(step.generation);
      case 'done':
        return this.done();
    }
  }

  private stored(): TableOffset | undefined {
    return this.deps.offsets.get<TableOffset>(tablePartition(this.table));
  }

  private current(): TableOffset {
    return this.stored() as TableOffset;
  }

  private snapshotRequest(): number | null {
    return (
      this.deps.offsets.get<SnapshotCommand>(snapshotCommandPartition(this.table))?.requested_at ??
      null
    );
  }

  private rt(generation: number): TaskRuntime {
    return { ...this.runtimeBase, generation };
  }

  private commitTable(value: TableOffset): Promise<void> {
    return this.runtimeBase.commit([{ partition: tablePartition(this.table), value }]);
  }

  /** Writes the phase the next step runs in, unless it is already stored. */
  private async enter(next: Step): Promise<Step> {
    const phase = PHASE_OF[next.action];
    const stored = this.current();
    if (phase && stored.phase !== phase)
      await this.commitTable(tableOffsets.entered(stored, phase));
    return next;
  }

  private async describe(): Promise<TableInfo> {
    const info = eligibility(
      await this.retry.aws(
        () => this.deps.dynamodb.describeTable(this.table),
        'describeTable',
        this.signal,
      ),
    );
    if (!info.eligible) throw new IneligibleTableError(this.table, info.reason);
    return info;
  }

  /** Every lost position passes here, whatever found it: the one place that decides. */
  private async resync(step: Extract<Step, { action: 'resync' }>): Promise<Step> {
    if (
      onLostPosition(this.deps.config.sync.onLostPosition as 'resync' | 'fail', step.reason) ===
      'fail'
    )
      throw new PositionLostError(step.reason, step.detail);
    this.deps.counters.add('resyncs_total', { table: this.table, reason: step.reason });
    this.log.warn('resync', {
      reason: step.reason,
      detail: step.detail,
      generation: step.generation,
    });
    await this.forgetGenerationsBefore(step.generation);
    return { action: 'snapshot', generation: step.generation, first: false };
  }

  private async generationStart(generation: number): Promise<GenerationStart> {
    this.info = await this.describe();
    const marks = await this.retry.kafka(
      () => this.deps.kafka.endOffsets(this.topic),
      'topic read',
      this.signal,
    );
    return {
      generation,
      streamArn: this.info.streamArn,
      startMs: this.now(),
      marks,
      snapshotRequest: this.snapshotRequest(),
    };
  }

  private async beginSnapshot(generation: number, first: boolean): Promise<Step | null> {
    const { delayMs, segments } = this.deps.config.initSync;
    if (first && delayMs > 0) {
      this.log.info('init sync delayed', { delayMs });
      await sleep(delayMs, this.signal);
      if (this.signal.aborted) return null;
    }
    await this.commitTable(
      tableOffsets.snapshotStarted(await this.generationStart(generation), segments),
    );
    return { action: 'scan', generation };
  }

  private async beginStream(generation: number): Promise<Step> {
    const position = this.deps.config.sync.startPosition as 'trim_horizon' | 'latest';
    await this.commitTable(
      tableOffsets.streamStarted(await this.generationStart(generation), position),
    );
    this.freshLatest = position === 'latest';
    this.log.info('stream started without a snapshot', { generation, position });
    return { action: 'sync', generation };
  }

  private async scan(generation: number): Promise<Step | null> {
    const { config } = this.deps;
    const stored = this.current();
    this.status.phase('INIT_SYNC');
    this.log.info('init sync started', {
      generation,
      segments: stored.segments,
      resumed: this.hasScanProgress(generation),
    });
    const limiter = new CapacityLimiter(
      scanRate({
        provisionedReadUnits: this.info.provisionedReadUnits,
        fraction: config.initSync.readCapacityFraction,
        maxUnits: config.initSync.maxReadCapacityUnits,
      }),
      this.now,
    );
    const scan = await runInitSync(
      this.rt(generation),
      {
        segments: stored.segments,
        keyNames: this.info.keyNames,
        pageSize: config.initSync.pageSize,
        consistentRead: config.initSync.consistentRead,
        approximateTotal: this.info.itemCount,
        progressIntervalMs: config.initSync.progressIntervalMs,
      },
      this.deps.dynamodb.scan,
      limiter,
    );
    if (!scan.done) return null;
    const end = this.now();
    const next = afterScan(stored, {
      endMs: end,
      safeZoneMs: config.sync.safeZoneMs,
      mode: this.mode,
    });
    if (next.action === 'resync') return next;
    const start = stored.init_sync_start ?? end;
    this.log.info('init sync done', { generation, items: scan.items, durationMs: end - start });
    await this.commitTable(tableOffsets.scanDone(stored, end, PHASE_OF[next.action] as TablePhase));
    return next;
  }

  private async reconcile(generation: number): Promise<Step | null> {
    const { config, kafka } = this.deps;
    this.status.phase('RECONCILE');
    const safeName = `${config.name}-${this.table}`.replace(/[^A-Za-z0-9._-]/g, '_');
    const result = await runReconcile(this.rt(generation), {
      marks: topicMarks(this.current()),
      indexPath: join(config.reconcile.directory ?? tmpdir(), `dkc-reconcile-${safeName}.sqlite`),
      readTopic: (onRecord, ranges) =>
        this.retry.kafka(
          () =>
            kafka.readTopic(this.topic, onRecord, {
              signal: this.signal,
              ranges,
              maxFetchBytes: RECONCILE_FETCH_BYTES,
            }),
          'topic read',
          this.signal,
        ),
    });
    if (!result.done) return null;
    return this.enter(afterReconcile(generation, this.mode));
  }

  private async sync(generation: number): Promise<Step | null> {
    const { config } = this.deps;
    await this.enter({ action: 'sync', generation });
    const stored = this.current();
    this.status.phase('SYNC');
    try {
      await runStreamSync(
        this.rt(generation),
        {
          streamArn: stored.stream_arn,
          keyNames: this.info.keyNames,
          skip: skipRule(stored, config.initSync.streamOverlapMs),
          startAtLatest: this.freshLatest,
          safeZoneMs: config.sync.safeZoneMs,
          idlePollMs: config.sync.idlePollMs,
          idlePollMaxMs: config.sync.idlePollMaxMs,
          shardRefreshMs: config.sync.shardRefreshMs,
          caughtUp: stored.sync_caught_up === true,
          onCaughtUp: () => this.commitTable(tableOffsets.caughtUp(this.current())),
          checkStream: async () => {
            const request = this.snapshotRequest();
            if (snapshotRequested(this.current(), request))
              throw new ResyncRequired('snapshot_requested', `snapshot command of ${request}`);
            const now = await this.describe();
            if (now.streamArn !== stored.stream_arn) {
              throw new ResyncRequired(
                'stream_changed',
                `stream was ${stored.stream_arn}, is now ${now.streamArn}`,
              );
            }
          },
        },
        this.deps.streams,
      );
      return null;
    } catch (err) {
      if (!(err instanceof ResyncRequired)) throw err;
      return {
        action: 'resync',
        generation: generation + 1,
        reason: err.reason,
        detail: err.message,
      };
    }
  }

  /** initial_only: the snapshot is all there is; the task waits for a snapshot command. */
  private async done(): Promise<Step | null> {
    await this.enter({ action: 'done', generation: this.current().generation });
    this.status.phase('DONE');
    this.status.done(true);
    this.log.info('task done', { generation: this.current().generation });
    while (!this.signal.aborted) {
      const request = this.snapshotRequest();
      if (request !== null && snapshotRequested(this.current(), request)) {
        this.status.done(false);
        return snapshotRequestStep(this.current(), request);
      }
      await sleep(this.deps.config.sync.shardRefreshMs, this.signal);
    }
    return null;
  }

  private hasScanProgress(generation: number): boolean {
    return this.deps.offsets
      .partitionsOf(this.table)
      .some(({ partition }) => 'segment' in partition && partition.generation === generation);
  }

  /** A resync replaces the old generation: its segment and shard offsets are deleted. */
  private async forgetGenerationsBefore(generation: number): Promise<void> {
    const old = this.deps.offsets
      .partitionsOf(this.table)
      .filter(({ partition }) => 'generation' in partition && partition.generation < generation)
      .map(({ partition }) => ({ partition, value: null }));
    await this.runtimeBase.commit(old);
  }
}
