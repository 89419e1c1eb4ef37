import type { Clients } from '../cli/clients.js';
import type { Config } from '../config/load.js';
import type { GroupMembership } from '../kafka/group-membership.js';
import { OffsetStore } from '../kafka/offset-store.js';
import { type TableOffset, tablePartition } from '../kafka/offsets-format.js';
import { standaloneProtocol } from '../kafka/owner-assignment.js';
import { distributedProtocol } from '../kafka/table-protocol.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { type RetryOptions, retry, sleep } from '../retry.js';
import { followCommands } from './command-follower.js';
import { DiscoveryRound } from './discovery-round.js';
import { kafkaAtStart } from './kafka-at-start.js';
import type { Owner } from './owner-election.js';
import { logOwnership, nextTerm, ownershipView, standing } from './ownership.js';
import { assignmentView, memberView, TableShare } from './table-share.js';
import { diffTasks } from './task-diff.js';
import { TaskLauncher } from './task-launcher.js';
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

type Membership =
  | { mode: 'standalone'; group: GroupMembership<Owner | null> }
  | { mode: 'distributed'; group: GroupMembership<string[]> };

/**
 * One worker. Standalone: once its group elected it the connector's owner, reads the offsets,
 * then every discovery interval brings the set of running tasks to the set of eligible
 * tables. Distributed: it runs the tables the group gave it (TableShare). A discovery fault
 * keeps the current set running.
 */
export class Worker {
  /** The running tasks; the REST API steers them (WorkerControl). */
  readonly tasks: TaskSet;
  /** The consumer group through which workers of this connector's name find each other. */
  readonly groupId: string;
  private readonly discovery: DiscoveryRound;
  private offsets: OffsetStore | undefined;
  private clusterId: string | null = null;
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
   * Runs until the signal aborts. Only while the group gives this worker work does it run
   * tasks; losing its membership stops them at once. It leaves the group last, once its tasks
   * wrote their offsets, so the workers taking over resume from them.
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
      const launcher = new TaskLauncher(config, clients, admin, this.tasks, logger, this.metrics);
      const group = {
        groupId: this.groupId,
        sessionTimeoutMs: config.worker.sessionTimeoutMs,
        heartbeatIntervalMs: config.worker.heartbeatIntervalMs,
      };
      const started = () =>
        logger.info('worker started', {
          kafkaCluster: clusterId,
          groupId: this.groupId,
          workerId: identity.workerId,
          mode: config.worker.mode,
          discovery: config.tables.whitelist.length > 0 ? 'whitelist' : 'tags',
          tables: config.tables.whitelist,
        });
      if (config.worker.mode === 'distributed') {
        const offsets = await this.loadOffsets(startRetry, signal);
        if (!offsets) return;
        const share = new TableShare({
          config,
          clients,
          tasks: this.tasks,
          discovery: this.discovery,
          launcher,
          logger,
        });
        await share.discover();
        const m = clients.kafka.membership(
          group,
          distributedProtocol(identity, share.claim),
          logger,
        );
        this.membership = { mode: 'distributed', group: m };
        member = m.run(leave.signal);
        // A failed membership ends the run through TableShare; its own rejection is that one.
        member.catch(() => {});
        started();
        await this.alongside(offsets, signal, (s) => share.run(m, offsets, startRetry, s));
      } else {
        const m = clients.kafka.membership(group, standaloneProtocol(identity), logger);
        this.membership = { mode: 'standalone', group: m };
        logOwnership(m, this.groupId, logger);
        member = m.run(leave.signal);
        member.catch(() => {});
        started();
        for (;;) {
          const term = await nextTerm(m, signal);
          if (!term) break;
          await this.own(launcher, term, startRetry);
        }
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
  private async own(launcher: TaskLauncher, term: AbortSignal, startRetry: RetryOptions) {
    const offsets = await this.loadOffsets(startRetry, term);
    if (!offsets) return;
    try {
      await this.alongside(offsets, term, async (s) => {
        while (!s.aborted) {
          await this.reconcile(launcher, offsets, s);
          await sleep(this.config.tables.discoveryIntervalMs, s);
        }
      });
    } finally {
      await this.tasks.clear();
      this.offsets = undefined;
      this.discovery.reset();
    }
  }

  private async loadOffsets(startRetry: RetryOptions, signal: AbortSignal) {
    const { clients, config } = this;
    const offsets = await retry(
      () => OffsetStore.load(clients.kafka, config.kafka.offsetsTopic, config.name),
      { ...startRetry, signal },
      { sleep },
    );
    if (signal.aborted) return undefined;
    this.offsets = offsets;
    return offsets;
  }

  /** Runs `body` with the operators' commands followed and the stall watch on beside it. */
  private async alongside(
    offsets: OffsetStore,
    signal: AbortSignal,
    body: (signal: AbortSignal) => Promise<void>,
  ): Promise<void> {
    const done = new AbortController();
    const within = AbortSignal.any([signal, done.signal]);
    const commands = followCommands(this.clients.kafka, offsets, this.logger, within);
    const stallChecks = this.tasks.watchStalls(within, sleep);
    try {
      await body(signal);
    } finally {
      done.abort();
      await Promise.all([commands, stallChecks]);
    }
  }

  /** What the REST status shows (src/http): read-only, at the moment it is asked. */
  view(): WorkerView {
    const tables = this.tasks.views(
      (table) => this.offsets?.get<TableOffset>(tablePartition(table))?.generation ?? null,
    );
    const m = this.membership;
    return {
      connector: this.config.name,
      nowMs: Date.now(),
      paused: this.tasks.paused,
      kafkaClusterId: this.clusterId,
      ownership:
        m?.mode === 'distributed'
          ? memberView(this.groupId, m.group.state)
          : ownershipView(this.groupId, m && standing(m.group.state)),
      assignment: m?.mode === 'distributed' ? assignmentView(m.group.state) : null,
      offsetsRead: this.offsets !== undefined,
      discoveryRan: this.discovery.ran > 0,
      tables,
      ineligible: [...this.discovery.reasons.entries()]
        .filter(([table]) => !this.tasks.has(table))
        .map(([table, reason]) => ({ table, reason })),
    };
  }

  /** Standalone: the running tasks become the eligible tables. */
  private async reconcile(
    launcher: TaskLauncher,
    offsets: OffsetStore,
    signal: AbortSignal,
  ): Promise<void> {
    const desired = await this.discovery.desired(() => [...this.tasks.tables()]);
    if (!desired || signal.aborted) return;
    const { start, stop } = diffTasks(this.tasks.tables(), desired);
    await Promise.all(
      stop.map(async (table) => {
        const reason = this.discovery.reasons.get(table) ?? 'no longer listed';
        this.logger.info('table removed', { table, reason });
        await this.tasks.stop(table);
      }),
    );
    for (const table of start) {
      if (await launcher.start(table, offsets, signal))
        this.logger.info('table discovered', { table });
    }
  }
}
