import type { Config } from '../config/load.js';
import { isThrottling } from '../errors.js';
import type { Counters } from '../observability/counters.js';
import type { Logger } from '../observability/logger.js';
import { retry, sleep } from '../retry.js';

const BACKOFF = { initialMs: 100, maxMs: 10_000 };

/**
 * A task's two retry policies, built once per task and used by every phase: AWS calls are
 * retried while retriable, throttling for ever (until stopped); Kafka writes for at most
 * kafka.retryTimeoutMs, then the task fails with the cause, visible and restarted, rather than
 * loop quietly. Every retry is logged and counted under the task's table.
 */
export class TaskRetry {
  constructor(
    private readonly table: string,
    private readonly config: Config,
    private readonly counters: Counters,
    private readonly log: Logger,
  ) {}

  aws<T>(fn: () => Promise<T>, what: string, signal: AbortSignal): Promise<T> {
    return retry(
      fn,
      {
        ...BACKOFF,
        signal,
        onRetry: ({ attempt, delayMs, error, message }) => {
          const throttled = isThrottling(error);
          this.counters.add(throttled ? 'aws_throttled_total' : 'aws_retries_total', {
            table: this.table,
            api: what,
          });
          this.log.warn(throttled ? 'throttled' : 'retrying', {
            api: what,
            attempt,
            delayMs,
            error: message,
          });
        },
      },
      { sleep },
    );
  }

  /**
   * A Kafka call, retried after the client's own retries: a write of `count` records (0 for
   * offsets), or a read of the table topic (reconciliation).
   */
  kafka<T>(
    fn: () => Promise<T>,
    what: 'records' | 'offsets' | 'topic read',
    signal: AbortSignal,
    count = 0,
  ): Promise<T> {
    const { counters, table } = this;
    return retry(
      fn,
      {
        ...BACKOFF,
        signal,
        giveUpAfterMs: this.config.kafka.retryTimeoutMs,
        onRetry: ({ attempt, delayMs, message }) => {
          // A failed send may have landed anyway: the retry can duplicate these records.
          counters.add('kafka_retries_total', { table, what });
          if (what === 'records') counters.add('records_resent_total', { table }, count);
          this.log.warn('kafka call retrying', {
            what,
            attempt,
            delayMs,
            records: count,
            error: message,
          });
        },
      },
      { sleep },
    );
  }
}
