import type { DescribeTableCommandOutput } from '@aws-sdk/client-dynamodb';
import type { Config } from '../config/load.js';
import { eligibility } from '../discovery/eligibility.js';
import { CapacityLimiter, scanRate } from '../dynamodb/capacity-limiter.js';
import {
  errorMessage,
  IneligibleTableError,
  PositionLostError,
  ResyncRequired,
} from '../errors.js';
import type { KafkaClient } from '../kafka/kafka-client.js';
import type { OffsetEntry, OffsetStore } from '../kafka/offset-store.js';
import { type TableOffset, tablePartition } from '../kafka/offsets-format.js';
import type { RecordProducer } from '../kafka/record-producer.js';
import { RecordSender } from '../kafka/record-sender.js';
import type { Counters } from '../observability/counters.js';
import type { Logger } from '../observability/logger.js';
import type { Phase } from '../records/change.js';
import { sleep } from '../retry.js';
import { runInitSync, type ScanFn } from './init-sync.js';
import type { TaskRuntime } from './runtime.js';
import { decideStart } from './start-decision.js';
import { runStreamSync, type StreamsApi } from './stream-sync.js';
import { initSyncTooLong } from './sync-decisions.js';
import { TaskRetry } from './task-retry.js';

export type TaskState = 'UNASSIGNED' | 'RUNNING' | 'FAILED' | 'STOPPED';

/** The subset of DynamoDB the task uses. */
export interface DynamoDbApi {
  describeTable(table: string): Promise<DescribeTableCommandOutput | undefined>;
  scan: ScanFn;
}

export interface TableTaskDeps {
  config: Config;
  dynamodb: DynamoDbApi;
  streams: StreamsApi;
  kafka: KafkaClient;
  offsets: OffsetStore;
  logger: Logger;
  counters: Counters;
  now?: () => number;
}

/**
 * One table's copy: INIT_SYNC (snapshot) then SYNC (stream), resumable from offsets, with a
 * fresh generation whenever the stream can no longer be followed without loss.
 */
export class TableTask {
  state: TaskState = 'UNASSIGNED';
  phase: Phase | null = null;
  failure: string | null = null;
  /** A failure that a restart cannot cure (a lost position with sync.onLostPosition 'fail'). */
  failedForGood = false;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly retry: TaskRetry;

  constructor(
    readonly table: string,
    private readonly deps: TableTaskDeps,
  ) {
    this.log = deps.logger.child({ table });
    this.now = deps.now ?? Date.now;
    this.retry = new TaskRetry(table, deps.config, deps.counters, this.log);
  }

  /** Resolves when stopped (signal) or failed; never rejects. */
  async run(signal: AbortSignal): Promise<void> {
    this.state = 'RUNNING';
    this.log.info('task started');
    const producer = this.deps.kafka.producer();
    try {
      await this.copy(producer, signal);
      this.state = 'STOPPED';
      this.log.info('task stopped');
    } catch (err) {
      // Once stopping, whatever interrupted the run is part of the stop, not a failure.
      if (signal.aborted) {
        this.state = 'STOPPED';
        this.log.info('task stopped', { interrupted: errorMessage(err) });
      } else {
        this.state = 'FAILED';
        this.failure = errorMessage(err);
        this.failedForGood = err instanceof PositionLostError;
        this.deps.counters.add('task_failures_total', { table: this.table });
        this.log.error('task failed', { error: this.failure });
      }
    } finally {
      await producer.close();
    }
  }

  private async describe(
    signal: AbortSignal,
  ): Promise<ReturnType<typeof eligibility> & { eligible: true }> {
    const info = eligibility(
      await this.retry.aws(
        () => this.deps.dynamodb.describeTable(this.table),
        'describeTable',
        signal,
      ),
    );
    if (!info.eligible) throw new IneligibleTableError(this.table, info.reason);
    return info;
  }

  private runtime(
    producer: RecordProducer,
    generation: number,
    sender: RecordSender,
    signal: AbortSignal,
  ): TaskRuntime {
    const { offsets, counters } = this.deps;
    return {
      table: this.table,
      generation,
      logger: this.log,
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
        counters.add('records_sent_total', { table: this.table }, sent);
      },
      commit: (entries: OffsetEntry[]) =>
        this.retry.kafka(() => offsets.write(producer, entries), 'offsets', signal),
      call: (what, fn) => this.retry.aws(fn, what, signal),
      now: this.now,
      sleep: (ms, until) => sleep(ms, until ?? signal),
      signal,
    };
  }

  private async copy(producer: RecordProducer, signal: AbortSignal): Promise<void> {
    const { config, offsets } = this.deps;
    const info = await this.describe(signal);
    const topic = `${config.kafka.topicPrefix}${this.table}`;
    let current: TableOffset | undefined = offsets.get<TableOffset>(tablePartition(this.table));
    const sender = new RecordSender(
      producer,
      topic,
      () => ({
        connector: config.name,
        table: this.table,
        region: config.aws.region,
        format: config.output.format as 'envelope' | 'new_image',
        tombstones: config.output.tombstones,
        initSyncStart: current?.init_sync_start ?? null,
      }),
      config.kafka.maxMessageBytes,
      this.now,
    );
    const commitTable = async (value: TableOffset) => {
      await this.retry.kafka(
        () => offsets.write(producer, [{ partition: tablePartition(this.table), value }]),
        'offsets',
        signal,
      );
      current = value;
    };

    let decision = decideStart(current, info.streamArn);
    while (!signal.aborted) {
      if (decision.action === 'resync' || decision.action === 'new_init_sync') {
        if (decision.action === 'resync') {
          // Every lost position passes here, whatever found it: the one place that decides.
          if (config.sync.onLostPosition === 'fail')
            throw new PositionLostError(decision.reason, decision.detail);
          this.deps.counters.add('resyncs_total', { table: this.table, reason: decision.reason });
          this.log.warn('resync', {
            reason: decision.reason,
            detail: decision.detail,
            generation: decision.generation,
          });
          await this.forgetGenerationsBefore(producer, decision.generation, signal);
        } else if (config.initSync.delayMs > 0) {
          this.log.info('init sync delayed', { delayMs: config.initSync.delayMs });
          await sleep(config.initSync.delayMs, signal);
          if (signal.aborted) return;
        }
        await commitTable({
          generation: decision.generation,
          phase: 'INIT_SYNC',
          stream_arn: info.streamArn,
          init_sync_start: this.now(),
          init_sync_end: null,
          segments: config.initSync.segments,
          sync_caught_up: false,
        });
        decision = { action: 'resume_init_sync', generation: decision.generation };
      }
      const generation = decision.generation;
      const stored = current as TableOffset;
      const rt = this.runtime(producer, generation, sender, signal);

      if (decision.action === 'resume_init_sync') {
        this.setPhase('INIT_SYNC');
        this.log.info('init sync started', {
          generation,
          segments: stored.segments,
          resumed: stored.init_sync_start !== null && this.hasScanProgress(generation),
        });
        const limiter = new CapacityLimiter(
          scanRate({
            provisionedReadUnits: info.provisionedReadUnits,
            fraction: config.initSync.readCapacityFraction,
            maxUnits: config.initSync.maxReadCapacityUnits,
          }),
          this.now,
        );
        const scan = await runInitSync(
          rt,
          {
            segments: stored.segments,
            keyNames: info.keyNames,
            pageSize: config.initSync.pageSize,
            consistentRead: config.initSync.consistentRead,
            approximateTotal: info.itemCount,
            progressIntervalMs: config.initSync.progressIntervalMs,
          },
          this.deps.dynamodb.scan,
          limiter,
        );
        if (!scan.done) return;
        const end = this.now();
        const start = stored.init_sync_start ?? end;
        if (initSyncTooLong(start, end, config.sync.safeZoneMs)) {
          const detail = `INIT_SYNC took ${end - start} ms`;
          decision = {
            action: 'resync',
            generation: generation + 1,
            reason: 'init_sync_too_long',
            detail,
          };
          continue;
        }
        this.log.info('init sync done', { generation, items: scan.items, durationMs: end - start });
        await commitTable({ ...stored, phase: 'SYNC', init_sync_end: end });
        decision = { action: 'sync', generation };
        continue;
      }

      this.setPhase('SYNC');
      try {
        await runStreamSync(
          rt,
          {
            streamArn: stored.stream_arn,
            keyNames: info.keyNames,
            initSyncStart: stored.init_sync_start ?? 0,
            overlapMs: config.initSync.streamOverlapMs,
            safeZoneMs: config.sync.safeZoneMs,
            idlePollMs: config.sync.idlePollMs,
            idlePollMaxMs: config.sync.idlePollMaxMs,
            shardRefreshMs: config.sync.shardRefreshMs,
            caughtUp: stored.sync_caught_up === true,
            onCaughtUp: () => commitTable({ ...(current as TableOffset), sync_caught_up: true }),
            checkStream: async () => {
              const now = await this.describe(signal);
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
        return;
      } catch (err) {
        if (!(err instanceof ResyncRequired)) throw err;
        const fresh = await this.describe(signal);
        info.streamArn = fresh.streamArn;
        decision = {
          action: 'resync',
          generation: generation + 1,
          reason: err.reason as 'stream_changed',
          detail: err.message,
        };
      }
    }
  }

  private hasScanProgress(generation: number): boolean {
    return this.deps.offsets
      .partitionsOf(this.table)
      .some(({ partition }) => 'segment' in partition && partition.generation === generation);
  }

  private setPhase(phase: Phase): void {
    if (this.phase !== phase) this.log.info('phase changed', { from: this.phase, to: phase });
    this.phase = phase;
  }

  /** A resync replaces the old generation: its segment and shard offsets are deleted. */
  private async forgetGenerationsBefore(
    producer: RecordProducer,
    generation: number,
    signal: AbortSignal,
  ): Promise<void> {
    const old = this.deps.offsets
      .partitionsOf(this.table)
      .filter(({ partition }) => 'generation' in partition && partition.generation < generation)
      .map(({ partition }) => ({ partition, value: null }));
    await this.retry.kafka(() => this.deps.offsets.write(producer, old), 'offsets', signal);
  }
}
