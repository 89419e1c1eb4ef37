import type { Logger } from '../observability/logger.js';
import { backoffDelay, sleep } from '../retry.js';
import type { TableTask } from '../task/table-task.js';

export interface RestartPolicy {
  initialMs: number;
  maxMs: number;
}

/**
 * Keeps one table's task running: a task that fails is restarted after an exponential,
 * jittered back-off (reset once a run lasted longer than the cap), until the table is stopped.
 * A failure here never touches another table. A task that failed for good (a lost stream
 * position with sync.onLostPosition 'fail') stays FAILED until an operator restarts it.
 *
 * Operators steer it (REST): pause stops the run as a shutdown does (in-flight batch finished,
 * offsets written) and starts none until resumed; restart stops the run and starts a new one
 * at once, whatever it was doing (running, backing off, failed for good).
 */
export class SupervisedTask {
  private readonly stopper = new AbortController();
  readonly done: Promise<void>;
  current: TableTask | undefined;
  private runStopper = new AbortController();
  /** Wakes the loop from a back-off or a wait: a pause, resume or restart happened. */
  private nudge = new AbortController();
  private restartAsked = false;
  private isPaused = false;

  constructor(
    readonly table: string,
    makeTask: () => TableTask,
    policy: RestartPolicy,
    logger: Logger,
    worker: AbortSignal,
    startPaused = false,
    now: () => number = Date.now,
  ) {
    this.isPaused = startPaused;
    const signal = AbortSignal.any([worker, this.stopper.signal]);
    const log = logger.child({ table });
    /** Sleeps until `ms` passed, the table stops, or an operator acts. */
    const wait = (ms: number) => sleep(ms, AbortSignal.any([signal, this.nudge.signal]));
    this.done = (async () => {
      let failures = 0;
      while (!signal.aborted) {
        if (this.isPaused) {
          await wait(2 ** 31 - 1);
          continue;
        }
        this.restartAsked = false;
        this.runStopper = new AbortController();
        const started = now();
        this.current = makeTask();
        await this.current.run(AbortSignal.any([signal, this.runStopper.signal]));
        if (signal.aborted) return;
        if (this.runStopper.signal.aborted) {
          // Paused or restarted by an operator: no back-off, and failures are forgotten.
          failures = 0;
          continue;
        }
        if (this.current.state !== 'FAILED') return;
        if (this.current.failedForGood) {
          log.warn('task not restarted', { reason: this.current.failure });
          while (!signal.aborted && !this.restartAsked) await wait(2 ** 31 - 1);
          continue;
        }
        if (now() - started > policy.maxMs) failures = 0;
        const delayMs = backoffDelay(failures, policy);
        failures++;
        await wait(delayMs);
        if (signal.aborted) {
          log.info('task stopped', { during: 'restart back-off' });
          return;
        }
        log.info('task restarted', {
          attempt: failures,
          delayMs,
          previousError: this.current.failure,
        });
      }
    })();
  }

  get paused(): boolean {
    return this.isPaused;
  }

  pause(): void {
    this.isPaused = true;
    this.runStopper.abort();
    this.wake();
  }

  resume(): void {
    this.isPaused = false;
    this.wake();
  }

  restart(): void {
    this.restartAsked = true;
    this.runStopper.abort();
    this.wake();
  }

  stop(): Promise<void> {
    this.stopper.abort();
    return this.done;
  }

  private wake(): void {
    const nudge = this.nudge;
    this.nudge = new AbortController();
    nudge.abort();
  }
}
