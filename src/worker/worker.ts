import type { Clients } from '../cli/clients.js';
import type { Config } from '../config/load.js';
import { type Discovery, discoverTables } from '../discovery/discover.js';
import { errorMessage } from '../errors.js';
import { OffsetStore } from '../kafka/offset-store.js';
import { type TableOffset, tablePartition } from '../kafka/offsets-format.js';
import type { TopicAdmin } from '../kafka/topic-admin.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { retry, sleep } from '../retry.js';
import { TableTask } from '../task/table-task.js';
import { StallMonitor } from './stall-monitor.js';
import { SupervisedTask } from './supervised-task.js';
import { diffTasks } from './task-diff.js';
import type { TableView, WorkerControl, WorkerView } from './worker-view.js';

const BACKOFF = { initialMs: 500, maxMs: 30_000 };

/**
 * One worker: reads the offsets, then every discovery interval brings the set of running tasks
 * to the set of eligible tables. A discovery fault keeps the current set running.
 */
export class Worker implements WorkerControl {
  readonly tasks = new Map<string, SupervisedTask>();
  /** Last reason logged per ineligible table, so each is logged once, not every interval. */
  private readonly reasons = new Map<string, string>();
  private discoveryFailing = false;
  private offsets: OffsetStore | undefined;
  private clusterId: string | null = null;
  private discoveries = 0;
  private paused = false;
  private readonly stalls: StallMonitor;

  constructor(
    private readonly config: Config,
    private readonly clients: Clients,
    private readonly logger: Logger,
    private readonly metrics: Metrics,
  ) {
    this.stalls = new StallMonitor(config.stall, logger);
    metrics.observe(() => this.view());
  }

  async run(signal: AbortSignal): Promise<void> {
    const { config, clients, logger } = this;
    const admin = clients.kafka.admin();
    // Kafka may not be up yet: wait for it (kafka.retryTimeoutMs) rather than exit at once
    // (DESIGN §9); a wrong password or certificate is not retried and ends the start at once.
    const onRetry = ({ delayMs, message }: { delayMs: number; message: string }) =>
      logger.warn('kafka not ready, retrying', { delayMs, error: message });
    const startRetry = { ...BACKOFF, signal, onRetry, giveUpAfterMs: config.kafka.retryTimeoutMs };
    try {
      const cluster = await retry(() => admin.describeCluster(), startRetry, { sleep });
      await retry(
        () =>
          admin.ensureTopic({
            topic: config.kafka.offsetsTopic,
            partitions: 1,
            replicationFactor: config.kafka.replicationFactor,
            configs: { 'cleanup.policy': 'compact' },
          }),
        startRetry,
        { sleep },
      );
      this.clusterId = cluster.clusterId ?? null;
      const offsets = await retry(
        () => OffsetStore.load(clients.kafka, config.kafka.offsetsTopic, config.name),
        startRetry,
        { sleep },
      );
      this.offsets = offsets;
      const commands = this.followCommands(offsets, signal);
      const stallChecks = this.checkStalls(signal);
      logger.info('worker started', {
        kafkaCluster: cluster.clusterId,
        discovery: config.tables.whitelist.length > 0 ? 'whitelist' : 'tags',
        tables: config.tables.whitelist,
      });
      while (!signal.aborted) {
        await this.reconcile(admin, offsets, signal);
        await sleep(config.tables.discoveryIntervalMs, signal);
      }
      await Promise.all([commands, stallChecks]);
    } finally {
      await Promise.all([...this.tasks.values()].map((t) => t.done));
      await admin.close();
      logger.info('worker stopped', { counters: await this.metrics.totals() });
    }
  }

  pause(): void {
    if (!this.paused) this.logger.info('connector paused');
    this.paused = true;
    for (const t of this.tasks.values()) t.pause();
  }

  resume(): void {
    if (this.paused) this.logger.info('connector resumed');
    this.paused = false;
    for (const t of this.tasks.values()) t.resume();
  }

  restart(table: string): boolean {
    const task = this.tasks.get(table);
    if (!task) return false;
    this.logger.info('task restart requested', { table });
    task.restart();
    return true;
  }

  private async checkStalls(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      this.stalls.check(this.tasks.values());
      await sleep(this.config.stall.checkIntervalMs, signal);
    }
  }

  /** What the REST status shows (src/http): read-only, at the moment it is asked. */
  view(): WorkerView {
    const tables = [...this.tasks.values()].map((supervised): TableView => {
      const task = supervised.current;
      const stored = this.offsets?.get<TableOffset>(tablePartition(supervised.table));
      const stall = this.stalls.stallOf(supervised);
      const state = task?.state ?? 'UNASSIGNED';
      return {
        table: supervised.table,
        state: supervised.paused ? 'PAUSED' : state === 'RUNNING' && stall ? 'STALLED' : state,
        phase: task?.phase ?? null,
        generation: stored?.generation ?? null,
        error: task?.failure ?? null,
        progress: task?.progress.view() ?? { initSync: null, sync: null, lastRecordMs: null },
        stall,
      };
    });
    return {
      connector: this.config.name,
      nowMs: Date.now(),
      paused: this.paused,
      kafkaClusterId: this.clusterId,
      offsetsRead: this.offsets !== undefined,
      discoveryRan: this.discoveries > 0,
      tables,
      ineligible: [...this.reasons.entries()]
        .filter(([table]) => !this.tasks.has(table))
        .map(([table, reason]) => ({ table, reason })),
    };
  }

  /** Operators' commands arrive on the offsets topic; a fault there is retried, never fatal. */
  private async followCommands(offsets: OffsetStore, signal: AbortSignal): Promise<void> {
    await retry(
      () => offsets.followCommands(this.clients.kafka, signal),
      {
        ...BACKOFF,
        signal,
        onRetry: ({ delayMs, message }) =>
          this.logger.warn('reading commands failed, retrying', { delayMs, error: message }),
      },
      { sleep },
    ).catch((err) => {
      if (!signal.aborted)
        this.logger.error('reading commands stopped', { error: errorMessage(err) });
    });
  }

  private async discover(): Promise<Discovery | undefined> {
    const { tables } = this.config;
    try {
      const found = await discoverTables(
        {
          whitelist: tables.whitelist,
          rules: {
            ingestionTagKey: tables.ingestionTagKey,
            envTagKey: tables.envTagKey,
            envTagValue: tables.envTagValue,
          },
        },
        {
          tagging: this.clients.tagging,
          describeTable: (t) => this.clients.dynamodb.describeTable(t),
        },
      );
      if (this.discoveryFailing) this.logger.info('discovery recovered');
      this.discoveryFailing = false;
      return found;
    } catch (err) {
      this.discoveryFailing = true;
      this.metrics.discoveryFailure();
      this.logger.warn('discovery failed', {
        error: errorMessage(err),
        running: [...this.tasks.keys()],
      });
      return undefined;
    }
  }

  private async reconcile(
    admin: TopicAdmin,
    offsets: OffsetStore,
    signal: AbortSignal,
  ): Promise<void> {
    const found = await this.discover();
    if (!found || signal.aborted) return;
    this.discoveries++;
    for (const { table, reason, kind, nearMiss } of found.ineligible) {
      if (this.reasons.get(table) === reason) continue;
      this.reasons.set(table, reason);
      // Tables with neither of our tag keys are someone else's: not worth a line each at info.
      const level = kind === 'table' ? 'warn' : nearMiss ? 'info' : 'debug';
      this.logger.log(level, 'table ineligible', { table, reason });
    }
    for (const { table, error } of found.unknown) {
      this.logger.warn('table check failed, keeping its state', {
        table,
        error: errorMessage(error),
      });
    }
    const desired = [
      ...found.eligible.keys(),
      ...found.unknown.map((u) => u.table).filter((t) => this.tasks.has(t)),
    ];
    const { start, stop } = diffTasks(this.tasks.keys(), desired);
    await Promise.all(
      stop.map(async (table) => {
        const reason = this.reasons.get(table) ?? 'no longer listed';
        this.logger.info('table removed', { table, reason });
        const task = this.tasks.get(table);
        this.tasks.delete(table);
        await task?.stop();
      }),
    );
    for (const table of start) {
      this.reasons.delete(table);
      try {
        await admin.ensureTopic({
          topic: `${this.config.kafka.topicPrefix}${table}`,
          partitions: this.config.kafka.topicPartitions,
          replicationFactor: this.config.kafka.replicationFactor,
          configs: Object.fromEntries(
            this.config.kafka.topicConfig.map((c) => c.split(/=(.*)/s).slice(0, 2)),
          ),
        });
      } catch (err) {
        this.logger.warn('topic check failed, retrying next interval', {
          table,
          error: errorMessage(err),
        });
        continue;
      }
      this.logger.info('table discovered', { table });
      this.tasks.set(
        table,
        new SupervisedTask(
          table,
          () =>
            new TableTask(table, {
              config: this.config,
              dynamodb: this.clients.dynamodb,
              streams: this.clients.streams,
              kafka: this.clients.kafka,
              offsets,
              logger: this.logger,
              metrics: this.metrics,
            }),
          { initialMs: this.config.tasks.restartInitialMs, maxMs: this.config.tasks.restartMaxMs },
          this.logger,
          signal,
          this.paused,
        ),
      );
    }
  }
}
