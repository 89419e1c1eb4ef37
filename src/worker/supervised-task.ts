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
 * position with sync.onLostPosition 'fail') stays FAILED until the worker is restarted.
 */
export class SupervisedTask {
  private readonly stopper = new AbortController();
  readonly done: Promise<void>;
  current: TableTask | undefined;

  constructor(
    readonly table: string,
    makeTask: () => TableTask,
    policy: RestartPolicy,
    logger: Logger,
    worker: AbortSignal,
    now: () => number = Date.now,
  ) {
    const signal = AbortSignal.any([worker, this.stopper.signal]);
    const log = logger.child({ table });
    this.done = (async () => {
      let failures = 0;
      while (!signal.aborted) {
        const started = now();
        this.current = makeTask();
        await this.current.run(signal);
        if (signal.aborted || this.current.state !== 'FAILED') return;
        if (this.current.failedForGood) {
          log.warn('task not restarted', { reason: this.current.failure });
          return;
        }
        if (now() - started > policy.maxMs) failures = 0;
        const delayMs = backoffDelay(failures, policy);
        failures++;
        await sleep(delayMs, signal);
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

  stop(): Promise<void> {
    this.stopper.abort();
    return this.done;
  }
}
