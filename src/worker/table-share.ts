import type { Clients } from '../cli/clients.js';
import type { Config } from '../config/load.js';
import type { MembershipState } from '../kafka/group-membership.js';
import type { OffsetStore } from '../kafka/offset-store.js';
import type { Logger } from '../observability/logger.js';
import { type RetryOptions, retry, sleep } from '../retry.js';
import type { DiscoveryRound } from './discovery-round.js';
import type { Membership } from './ownership.js';
import { diffTasks } from './task-diff.js';
import type { TaskLauncher } from './task-launcher.js';
import type { TaskSet } from './task-set.js';
import type { AssignmentView, OwnershipView } from './worker-view.js';

type Share = MembershipState<string[]>;

export interface TableShareDeps {
  config: Config;
  clients: Clients;
  tasks: TaskSet;
  discovery: DiscoveryRound;
  launcher: TaskLauncher;
  logger: Logger;
}

/**
 * Distributed mode's side of a worker: discovery feeds what it tells the group (the tables
 * it found, the ones it runs), and it runs exactly the tables the group gave it. A table
 * taken away is stopped (its batch finishes, its offsets are written) before the worker joins
 * again without it, so the group can hand it on; a newly given table's offsets are read
 * afresh first, since another worker wrote them. Losing the membership stops every table at
 * once.
 */
export class TableShare {
  private found: string[] = [];
  /** Tables between a decision and their task's start or end: still this worker's. */
  private readonly moving = new Set<string>();
  /** Stops under way: the worker joins again once they all ended, not once per table. */
  private stopping = false;

  constructor(private readonly deps: TableShareDeps) {}

  /** What this member tells the group at a join. */
  readonly claim = () => ({
    tables: this.found,
    running: [...new Set([...this.deps.tasks.tables(), ...this.moving])].sort(),
  });

  /** One discovery round; a failed one keeps what was found before. */
  async discover(): Promise<void> {
    const desired = await this.deps.discovery.desired(() => [...this.deps.tasks.tables()]);
    if (desired) this.found = desired;
  }

  /** Until the signal aborts: follows the group's assignments and discovers every interval. */
  async run(
    membership: Membership<string[]> & { rejoinIfStale(): void },
    offsets: OffsetStore,
    startRetry: RetryOptions,
    signal: AbortSignal,
  ): Promise<void> {
    let term = new AbortController();
    let lost: string | null = null;
    let wake = () => {};
    const off = membership.onChange((s) => {
      if (s.kind !== 'member' && !term.signal.aborted) {
        lost = s.kind === 'failed' ? s.error.message : s.reason;
        term.abort();
      }
      wake();
    });
    const discovering = (async () => {
      while (!signal.aborted) {
        await sleep(this.deps.config.tables.discoveryIntervalMs, signal);
        if (signal.aborted) break;
        await this.discover();
        if (!this.stopping) membership.rejoinIfStale();
        wake();
      }
    })();
    try {
      while (!signal.aborted) {
        const changed = new Promise<void>((resolve) => {
          wake = resolve;
        });
        const s = membership.state;
        if (s.kind === 'failed') throw s.error;
        if (term.signal.aborted) await this.lose(lost);
        if (s.kind === 'member') {
          if (term.signal.aborted) term = new AbortController();
          const within = AbortSignal.any([signal, term.signal]);
          await this.apply(s, membership, offsets, { ...startRetry, signal: within }, within);
        }
        await Promise.race([changed, sleep(2 ** 31 - 1, signal)]);
      }
    } finally {
      off();
      await discovering;
    }
  }

  private async apply(
    s: Extract<Share, { kind: 'member' }>,
    membership: { rejoinIfStale(): void },
    offsets: OffsetStore,
    reloadRetry: RetryOptions,
    signal: AbortSignal,
  ): Promise<void> {
    const { tasks, logger, config, clients } = this.deps;
    const { start, stop } = diffTasks(tasks.tables(), s.share);
    if (start.length === 0 && stop.length === 0) return;
    logger.info('tables assigned', {
      generation: s.generationId,
      tables: s.share,
      added: start,
      removed: stop,
    });
    for (const t of [...start, ...stop]) this.moving.add(t);
    try {
      this.stopping = stop.length > 0;
      await Promise.all(stop.map((t) => tasks.stop(t).finally(() => this.moving.delete(t))));
      this.stopping = false;
      // The first phase of a hand-over is done: the leader may give those tables on.
      membership.rejoinIfStale();
      // A transactional task reads its offsets after it took its id over (TableTask).
      if (config.delivery.guarantee === 'at_least_once')
        await retry(() => offsets.reloadTables(clients.kafka, start), reloadRetry, { sleep });
      for (const t of start) {
        if (signal.aborted) break;
        await this.deps.launcher.start(t, offsets, signal);
        this.moving.delete(t);
      }
    } catch (err) {
      if (!signal.aborted) throw err;
    } finally {
      this.stopping = false;
      for (const t of start) this.moving.delete(t);
    }
  }

  /** The membership was lost: every task was told to stop at once (its term ended). */
  private async lose(reason: string | null): Promise<void> {
    const { tasks, logger } = this.deps;
    const running = [...tasks.tables()];
    if (running.length > 0) logger.warn('tables lost', { reason, tables: running });
    await tasks.clear();
  }
}

/** The group's assignment to this worker, for the status. */
export function assignmentView(s: Share | undefined): AssignmentView | null {
  return s?.kind === 'member' ? { generation: s.generationId, tables: s.share } : null;
}

/** A distributed worker's standing in its group: a member (runs its share) or not yet. */
export function memberView(groupId: string, s: Share | undefined): OwnershipView {
  if (s?.kind === 'member') return { groupId, state: 'MEMBER', owner: null, reason: null };
  const reason = s?.kind === 'failed' ? s.error.message : (s?.reason ?? null);
  return { groupId, state: 'JOINING', owner: null, reason };
}
