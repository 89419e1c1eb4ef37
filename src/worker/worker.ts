import type { Clients } from '../cli/clients.js';
import type { Config } from '../config/load.js';
import { errorMessage } from '../errors.js';
import { OffsetStore } from '../kafka/offset-store.js';
import { type TableOffset, tablePartition } from '../kafka/offsets-format.js';
import type { TopicAdmin } from '../kafka/topic-admin.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { type RetryOptions, retry, sleep } from '../retry.js';
import { TableTask } from '../task/table-task.js';
import { DiscoveryRound } from './discovery-round.js';
import { kafkaAtStart } from './kafka-at-start.js';
import { logOwnership, type Membership, nextTerm, ownershipView } from './ownership.js';
import { diffTasks } from './task-diff.js';
import { TaskSet } from './task-set.js';
import type { WorkerView } from './worker-view.js';

/** Who this worker is, as the other members of its group see it. */
export interface WorkerIdentity {
  workerId: string;
  /** When the process started (ms since the epoch): the oldest worker is elected first. */
  startedAt: number;
  /** The REST address (host:port), or null without one. */
  rest: string | null;
}

const BACKOFF = { initialMs: 500, maxMs: 30_000 };

/**
 * One worker: once its group elected it the connector's owner, reads the offsets, then every
 * discovery interval brings the set of running tasks to the set of eligible tables. A
 * discovery fault keeps the current set running.
 */
export class Worker {
  /** The running tasks; the REST API steers them (WorkerControl). */
  readonly tasks: TaskSet;
  /** The consumer group through which workers of this connector's name find each other. */
  readonly groupId: string;
  /** Last reason logged per ineligible table, so each is logged once, not every interval. */
  private readonly reasons = new Map<string, string>();
  private readonly discovery: DiscoveryRound;
  private offsets: OffsetStore | undefined;
  private clusterId: string | null = null;
  private discoveries = 0;
  private membership: Membership | undefined;

  constructor(
    private readonly config: Config,
    private readonly clients: Clients,
    private readonly logger: Logger,
    private readonly metrics: Metrics,
  ) {
    this.tasks = new TaskSet(config, logger);
    this.discovery = new DiscoveryRound(config, clients, logger, metrics);
    this.groupId = config.worker.groupId ?? `dynamodb-kafka-connect.${config.name}`;
    metrics.observe(() => this.view());
  }

  /**
   * Runs until the signal aborts. Only while this worker owns the connector (the group elected
   * it) does it read the offsets and run tasks; losing ownership stops them at once, and it
   * waits to be elected again. It leaves the group last, once its tasks wrote their offsets,
   * so a standby taking over resumes from them.
   */
  async run(signal: AbortSignal, identity: WorkerIdentity): Promise<void> {
    const { config, clients, logger } = this;
    const admin = clients.kafka.admin();
    const leave = new AbortController();
    let member: Promise<void> = Promise.resolve();
    try {
      const { clusterId, startRetry } = await kafkaAtStart(
        { config, clients, admin, logger },
        signal,
      );
      if (signal.aborted) return;
      this.clusterId = clusterId;
      const membership = clients.kafka.membership(
        {
          groupId: this.groupId,
          self: identity,
          sessionTimeoutMs: config.worker.sessionTimeoutMs,
          heartbeatIntervalMs: config.worker.heartbeatIntervalMs,
        },
        logger,
      );
      this.membership = membership;
      logOwnership(membership, this.groupId, logger);
      member = membership.run(leave.signal);
      // A failed membership ends the run through nextTerm; its own rejection is that one.
      member.catch(() => {});
      logger.info('worker started', {
        kafkaCluster: clusterId,
        groupId: this.groupId,
        workerId: identity.workerId,
        discovery: config.tables.whitelist.length > 0 ? 'whitelist' : 'tags',
        tables: config.tables.whitelist,
      });
      for (;;) {
        const term = await nextTerm(membership, signal);
        if (!term) break;
        await this.own(admin, term, startRetry);
      }
    } finally {
      await this.tasks.done();
      leave.abort();
      await member.catch(() => {});
      await admin.close();
      logger.info('worker stopped', { counters: await this.metrics.totals() });
    }
  }

  /** One term as the owner: offsets read afresh (the last owner's), then discovery and tasks. */
  private async own(admin: TopicAdmin, term: AbortSignal, startRetry: RetryOptions) {
    const { config, clients } = this;
    const offsets = await retry(
      () => OffsetStore.load(clients.kafka, config.kafka.offsetsTopic, config.name),
      { ...startRetry, signal: term },
      { sleep },
    );
    if (term.aborted) return;
    this.offsets = offsets;
    const commands = this.followCommands(offsets, term);
    const stallChecks = this.tasks.watchStalls(term, sleep);
    try {
      while (!term.aborted) {
        await this.reconcile(admin, offsets, term);
        await sleep(config.tables.discoveryIntervalMs, term);
      }
    } finally {
      await Promise.all([commands, stallChecks]);
      await this.tasks.clear();
      this.offsets = undefined;
      this.discoveries = 0;
      this.reasons.clear();
    }
  }

  /** What the REST status shows (src/http): read-only, at the moment it is asked. */
  view(): WorkerView {
    const tables = this.tasks.views(
      (table) => this.offsets?.get<TableOffset>(tablePartition(table))?.generation ?? null,
    );
    return {
      connector: this.config.name,
      nowMs: Date.now(),
      paused: this.tasks.paused,
      kafkaClusterId: this.clusterId,
      ownership: ownershipView(this.groupId, this.membership?.state),
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

  private async reconcile(
    admin: TopicAdmin,
    offsets: OffsetStore,
    signal: AbortSignal,
  ): Promise<void> {
    const found = await this.discovery.run(() => [...this.tasks.tables()]);
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
    const { start, stop } = diffTasks(this.tasks.tables(), desired);
    await Promise.all(
      stop.map(async (table) => {
        const reason = this.reasons.get(table) ?? 'no longer listed';
        this.logger.info('table removed', { table, reason });
        await this.tasks.stop(table);
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
      this.tasks.start(
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
        signal,
      );
    }
  }
}
