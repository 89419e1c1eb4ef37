import type { Config } from '../config/load.js';
import { isThrottling } from '../errors.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { retry, sleep, unlessAborted } from '../retry.js';

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
    private readonly metrics: Metrics,
    private readonly log: Logger,
  ) {}

  aws<T>(fn: () => Promise<T>, what: string, signal: AbortSignal): Promise<T> {
    const timed = async () => {
      const started = performance.now();
      try {
        // A stop, or a move away from a region that hangs, does not wait for the call.
        return await unlessAborted(fn(), signal);
      } finally {
        this.metrics.awsRequest(this.table, what, (performance.now() - started) / 1000);
      }
    };
    return retry(
      timed,
      {
        ...BACKOFF,
        signal,
        onRetry: ({ attempt, delayMs, error, message }) => {
          const throttled = isThrottling(error);
          this.metrics.awsRetry(this.table, what, throttled);
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
    const { metrics, table } = this;
    return retry(
      fn,
      {
        ...BACKOFF,
        signal,
        giveUpAfterMs: this.config.kafka.retryTimeoutMs,
        onRetry: ({ attempt, delayMs, message }) => {
          // A failed send may have landed anyway: the retry can duplicate these records.
          metrics.kafkaRetry(table, what);
          if (what === 'records') metrics.resent(table, count);
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
