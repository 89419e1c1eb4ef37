import type { Logger } from '../observability/logger.js';
import {
  type LagWatch,
  type Stall,
  type StallRules,
  stallOf,
  watchLag,
} from '../task/stall-decision.js';
import type { TableTask } from '../task/table-task.js';
import type { SupervisedTask } from './supervised-task.js';

interface Watched {
  /** The run watched: a restarted task starts with a clean slate. */
  task: TableTask;
  lag: LagWatch | null;
  stall: Stall | null;
}

/**
 * Looks at every running task at a steady interval and decides (stall-decision.ts) whether it
 * is stalled. Each change is logged once: a warn naming the table, shard and how long when a
 * task stalls, an info when it moves again.
 */
export class StallMonitor {
  private readonly watched = new Map<string, Watched>();

  constructor(
    private readonly rules: StallRules,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  check(tasks: Iterable<SupervisedTask>): void {
    const now = this.now();
    const seen = new Set<string>();
    for (const supervised of tasks) {
      const task = supervised.current;
      if (!task) continue;
      seen.add(supervised.table);
      let w = this.watched.get(supervised.table);
      if (!w || w.task !== task) {
        w = { task, lag: null, stall: null };
        this.watched.set(supervised.table, w);
      }
      const running = task.state === 'RUNNING' && !supervised.paused;
      const marks = task.progress.marks();
      w.lag = running ? watchLag(w.lag, marks.millisBehindSource, now, this.rules) : null;
      const stall = running ? stallOf(marks, w.lag, now, this.rules) : null;
      const table = supervised.table;
      if (stall && !w.stall) this.logger.warn('task stalled', { table, ...stall });
      if (!stall && w.stall)
        this.logger.info('task no longer stalled', { table, reason: w.stall.reason });
      w.stall = stall;
    }
    for (const table of this.watched.keys()) if (!seen.has(table)) this.watched.delete(table);
  }

  /** The table's stall as of the last check, while its task is still the one checked. */
  stallOf(supervised: SupervisedTask): Stall | null {
    const w = this.watched.get(supervised.table);
    return w && w.task === supervised.current ? w.stall : null;
  }
}
