import type { Config } from '../config/load.js';
import type { Logger } from '../observability/logger.js';
import type { TableTask } from '../task/table-task.js';
import { StallMonitor } from './stall-monitor.js';
import { SupervisedTask } from './supervised-task.js';
import type { TableView, WorkerControl } from './worker-view.js';

const NO_PROGRESS = { initSync: null, sync: null, lastRecordMs: null };

/**
 * The worker's running tasks, one per table, and what operators do with them: pause and resume
 * all (a task started while paused waits for resume), restart one; and the stall watch over
 * them.
 */
export class TaskSet implements WorkerControl {
  private readonly tasks = new Map<string, SupervisedTask>();
  private readonly stalls: StallMonitor;
  private isPaused = false;

  constructor(
    private readonly config: Config,
    private readonly logger: Logger,
  ) {
    this.stalls = new StallMonitor(config.stall, logger);
  }

  get paused(): boolean {
    return this.isPaused;
  }

  tables(): IterableIterator<string> {
    return this.tasks.keys();
  }

  has(table: string): boolean {
    return this.tasks.has(table);
  }

  start(table: string, makeTask: () => TableTask, signal: AbortSignal): void {
    const { restartInitialMs, restartMaxMs } = this.config.tasks;
    const policy = { initialMs: restartInitialMs, maxMs: restartMaxMs };
    this.tasks.set(
      table,
      new SupervisedTask(table, makeTask, policy, this.logger, signal, this.isPaused),
    );
  }

  async stop(table: string): Promise<void> {
    const task = this.tasks.get(table);
    this.tasks.delete(table);
    await task?.stop();
  }

  /** Resolves once every task has stopped (the worker's signal stops them). */
  async done(): Promise<void> {
    await Promise.all([...this.tasks.values()].map((t) => t.done));
  }

  /** Waits until every task has stopped (their signal aborted), then forgets them all. */
  async clear(): Promise<void> {
    await this.done();
    this.tasks.clear();
  }

  pause(): void {
    if (!this.isPaused) this.logger.info('connector paused');
    this.isPaused = true;
    for (const t of this.tasks.values()) t.pause();
  }

  resume(): void {
    if (this.isPaused) this.logger.info('connector resumed');
    this.isPaused = false;
    for (const t of this.tasks.values()) t.resume();
  }

  restart(table: string): boolean {
    const task = this.tasks.get(table);
    if (!task) return false;
    this.logger.info('task restart requested', { table });
    task.restart();
    return true;
  }

  async watchStalls(signal: AbortSignal, sleep: (ms: number, s: AbortSignal) => Promise<void>) {
    while (!signal.aborted) {
      this.stalls.check(this.tasks.values());
      await sleep(this.config.stall.checkIntervalMs, signal);
    }
  }

  /** Each task as the status shows it; `generation` reads the stored one. */
  views(generation: (table: string) => number | null): TableView[] {
    return [...this.tasks.values()].map((supervised): TableView => {
      const task = supervised.current;
      const stall = this.stalls.stallOf(supervised);
      const state = task?.state ?? 'UNASSIGNED';
      return {
        table: supervised.table,
        state: supervised.paused ? 'PAUSED' : state === 'RUNNING' && stall ? 'STALLED' : state,
        phase: task?.phase ?? null,
        region: task?.region ?? null,
        generation: generation(supervised.table),
        error: task?.failure ?? null,
        progress: task?.progress.view() ?? NO_PROGRESS,
        stall,
      };
    });
  }
}
