import type { CapacityLimiter } from '../dynamodb/capacity-limiter.js';
import { ConnectorError, errorMessage, isThrottling } from '../errors.js';
import type { Logger } from '../observability/logger.js';
import { type RetryDeps, retry } from '../retry.js';
import type { ReplicateMetrics } from './replicate-metrics.js';
import { writeRequest } from './write-condition.js';
import type { WritePlan } from './write-plan.js';

/** The one DynamoDB call replicate writes with (json-rpc.ts's JsonRpc). */
export interface WriteApi {
  call(operation: string, input: unknown): Promise<Buffer>;
}

export type WriteOutcome = 'applied' | 'stale';

/** Throttling and other transient faults: from 50 ms doubling to 10 s, for ever. */
const BACKOFF = { initialMs: 50, maxMs: 10_000 };

/**
 * One conditional PutItem or DeleteItem. A failed condition is not an error: the target holds a
 * newer record of the key ('stale'). Throttling and transient faults are retried with jittered
 * backoff until they pass, so no record is dropped; anything else fails, naming table and key.
 */
export class ConditionalWriter {
  constructor(
    private readonly deps: RetryDeps & {
      api: WriteApi;
      logger: Logger;
      metrics: ReplicateMetrics;
      /** Writes per second, or null for no cap. */
      limiter: CapacityLimiter;
    },
    private readonly opts: { table: string; target: string; versionAttribute: string },
  ) {}

  async write(plan: WritePlan): Promise<WriteOutcome> {
    const { operation, input } = writeRequest(plan, this.opts.target, this.opts.versionAttribute);
    try {
      return await retry(
        async () => {
          await this.paced();
          try {
            await this.deps.api.call(operation, input);
            return 'applied' as const;
          } catch (err) {
            if ((err as Error).name === 'ConditionalCheckFailedException') return 'stale' as const;
            throw err;
          }
        },
        {
          ...BACKOFF,
          onRetry: ({ attempt, delayMs, error, message }) => {
            const throttled = isThrottling(error);
            this.deps.metrics.writeRetry(throttled);
            this.deps.logger.warn(
              throttled ? 'write throttled, retrying' : 'write failed, retrying',
              {
                target: this.opts.target,
                key: plan.key,
                attempt,
                delayMs,
                error: message,
              },
            );
          },
        },
        this.deps,
      );
    } catch (err) {
      throw new ConnectorError(
        `${operation} of ${this.opts.table} key ${plan.key} (partition offset ${plan.offset}) into ${this.opts.target} failed: ${errorMessage(err)}`,
        { retriable: false, cause: err },
      );
    }
  }

  /** Waits until the rate cap allows one more write (a token bucket that may go into debt). */
  private async paced(): Promise<void> {
    const { limiter } = this.deps;
    if (limiter.unitsPerSecond === null) return;
    limiter.consumed(1);
    const delay = limiter.delayMs();
    if (delay > 0) await this.deps.sleep(delay);
  }
}
