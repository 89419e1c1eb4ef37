import { AtLeastOnceSink } from '../delivery/at-least-once-sink.js';
import type { Sink } from '../delivery/sink.js';
import { TransactionalSink } from '../delivery/transactional-sink.js';
import { eligibility } from '../discovery/eligibility.js';
import { IneligibleTableError } from '../errors.js';
import type { OffsetEntry } from '../kafka/offset-store.js';
import {
  type RegionMoveRecord,
  type SnapshotCommand,
  snapshotCommandPartition,
  type TableOffset,
  type TablePhase,
  tablePartition,
} from '../kafka/offsets-format.js';
import type { RecordProducer } from '../kafka/record-producer.js';
import { RecordSender } from '../kafka/record-sender.js';
import type { Logger } from '../observability/logger.js';
import { sleep } from '../retry.js';
import type { SnapshotMode } from './next-step.js';
import type { TaskRuntime } from './runtime.js';
import { tableOffsets } from './table-offsets.js';
import type { RegionApi, TableTaskDeps } from './task-deps.js';
import type { TaskProgress } from './task-progress.js';
import { TaskRetry } from './task-retry.js';

export type TableInfo = ReturnType<typeof eligibility> & { eligible: true };

/** What the phases report back to their task's status. */
export interface PhaseStatus {
  phase: (phase: TablePhase) => void;
  done: (done: boolean) => void;
  region: (region: string) => void;
}

/**
 * What every phase of one table task shares: its dependencies wired once (the record sender,
 * the retrier, the runtime the phase runners get), the table's stored offsets, and the offset
 * writes that move it from phase to phase.
 */
export class PhaseContext {
  readonly retry: TaskRetry;
  readonly now: () => number;
  readonly mode: SnapshotMode;
  readonly topic: string;
  info!: TableInfo;
  /** A 'latest' generation begun in this run: its first shards start at LATEST. */
  freshLatest = false;
  /** The region whose replica is read (global tables move it; else aws.region). */
  region: string;
  /** Its last move (kept in every later table offset). */
  lastMove: RegionMoveRecord = { failover_from: null, failover_reason: null, region_request: null };
  /**
   * The task's signal, and aborted too when the task leaves its region: every DynamoDB call and
   * wait of the region being left ends, while writes to Kafka go on (they use `signal`).
   */
  live: AbortSignal;
  private leave = new AbortController();
  private readonly runtimeBase: Omit<TaskRuntime, 'generation' | 'signal'>;

  constructor(
    readonly table: string,
    readonly deps: TableTaskDeps,
    producer: RecordProducer,
    readonly signal: AbortSignal,
    readonly log: Logger,
    readonly status: PhaseStatus,
    readonly progress: TaskProgress,
  ) {
    const { config, offsets, metrics } = deps;
    this.now = deps.now ?? Date.now;
    this.retry = new TaskRetry(table, config, metrics, log);
    this.mode = (config.initSync.modeOverrides[table] ?? config.initSync.mode) as SnapshotMode;
    this.topic = `${config.kafka.topicPrefix}${table}`;
    this.region = config.aws.region;
    this.live = AbortSignal.any([signal, this.leave.signal]);
    const sender = new RecordSender(
      producer,
      this.topic,
      () => ({
        connector: config.name,
        table,
        region: this.region,
        format: config.output.format as 'envelope' | 'new_image',
        tombstones: config.output.tombstones,
        initSyncStart: this.stored()?.init_sync_start ?? null,
        stripReplication: config.globalTable.stripReplicationAttributes,
      }),
      config.kafka.maxMessageBytes,
      this.now,
    );
    const sinkDeps = {
      table,
      producer,
      sender,
      offsets,
      retry: this.retry,
      metrics,
      progress,
      signal,
    };
    const sink: Sink = producer.transactional
      ? new TransactionalSink(sinkDeps)
      : new AtLeastOnceSink(sinkDeps);
    this.runtimeBase = {
      table,
      logger: log,
      metrics,
      progress,
      offsets,
      write: (batch) => sink.write(batch),
      call: (what, fn) => this.retry.aws(fn, what, this.live),
      now: this.now,
      sleep: (ms, until) => sleep(ms, until ?? this.live),
    };
  }

  rt(generation: number): TaskRuntime {
    return { ...this.runtimeBase, generation, signal: this.live };
  }

  /** The replica read now. */
  api(): RegionApi {
    if (this.region === this.deps.config.aws.region) return this.deps;
    const api = this.deps.replicas?.get(this.region);
    if (!api) throw new Error(`no clients for region ${this.region}`);
    return api;
  }

  /** Ends what reads the current region (`live`), then reads `region`. */
  leaveRegion(): void {
    this.leave.abort();
  }

  enterRegion(region: string): void {
    this.region = region;
    this.leave = new AbortController();
    this.live = AbortSignal.any([this.signal, this.leave.signal]);
    this.status.region(region);
  }

  stored(): TableOffset | undefined {
    return this.deps.offsets.get<TableOffset>(tablePartition(this.table));
  }

  /** The stored table offset, once a generation has begun. */
  current(): TableOffset {
    return this.stored() as TableOffset;
  }

  /** requested_at of the newest `snapshot` command for the table, or null. */
  snapshotRequest(): number | null {
    const command = snapshotCommandPartition(this.table);
    return this.deps.offsets.get<SnapshotCommand>(command)?.requested_at ?? null;
  }

  commitTable(value: TableOffset): Promise<void> {
    return this.writeOffsets([{ partition: tablePartition(this.table), value }]);
  }

  /** Stores `phase` as the table's, unless it already is. */
  async enter(phase: TablePhase): Promise<void> {
    const stored = this.current();
    if (stored.phase !== phase) await this.commitTable(tableOffsets.entered(stored, phase));
  }

  async describe(): Promise<TableInfo> {
    const info = eligibility(
      await this.retry.aws(
        () => this.api().dynamodb.describeTable(this.table),
        'describeTable',
        this.live,
      ),
    );
    if (!info.eligible) throw new IneligibleTableError(this.table, info.reason);
    return info;
  }

  hasScanProgress(generation: number): boolean {
    return this.deps.offsets
      .partitionsOf(this.table)
      .some(({ partition }) => 'segment' in partition && partition.generation === generation);
  }

  /** A resync replaces the old generation: its segment and shard offsets are deleted. */
  async forgetGenerationsBefore(generation: number): Promise<void> {
    const old = this.deps.offsets
      .partitionsOf(this.table)
      .filter(({ partition }) => 'generation' in partition && partition.generation < generation)
      .map(({ partition }) => ({ partition, value: null }));
    await this.writeOffsets(old);
  }

  private writeOffsets(offsets: OffsetEntry[]): Promise<void> {
    return this.runtimeBase.write({ changes: [], offsets });
  }
}
