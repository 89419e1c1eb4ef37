import { isRetriable } from '../errors.js';
import type { FetchedBatch } from '../kafka/group-consumer.js';
import type { Logger } from '../observability/logger.js';
import { type RetryDeps, retry } from '../retry.js';
import { compactBatch } from './batch-compaction.js';
import { mapBounded } from './bounded.js';
import type { WriteOutcome } from './conditional-writer.js';
import { lagFields, partitionLags, type ReplicateCounts } from './progress.js';
import type { ReplicateMetrics } from './replicate-metrics.js';
import { type PlanContext, planWrite, type WritePlan } from './write-plan.js';

/** The consumer group member as the loop uses it (kafka/group-consumer.ts). */
export interface LoopConsumer {
  poll(): Promise<FetchedBatch>;
  commit(batch: Pick<FetchedBatch, 'next' | 'generation'>): Promise<boolean>;
  assigned(): number[];
  endOffsets(): Promise<Map<number, bigint>>;
  committedOffsets(): ReadonlyMap<number, bigint>;
}

export interface LoopDeps extends RetryDeps {
  consumer: LoopConsumer;
  write(plan: WritePlan): Promise<WriteOutcome>;
  logger: Logger;
  metrics: ReplicateMetrics;
  now: () => number;
}

export interface LoopOptions extends PlanContext {
  concurrency: number;
  progressIntervalMs: number;
}

/** Kafka faults (a broker restarting, a rebalance): from 200 ms doubling to 10 s, for ever. */
const KAFKA_BACKOFF = { initialMs: 200, maxMs: 10_000 };

/**
 * Fetch a batch, turn each record into its write (bad data stops here, loudly), keep the last
 * write per key, apply them with bounded concurrency, then commit the batch's offsets: a crash
 * re-reads at most the batches not yet committed, and the writes' conditions make that
 * harmless. Stops between batches once `stop` aborts: the batch in flight is applied and
 * committed first.
 */
export async function runReplicate(
  deps: LoopDeps,
  opts: LoopOptions,
  stop: AbortSignal,
): Promise<ReplicateCounts> {
  const counts: ReplicateCounts = { received: 0, applied: 0, skippedStale: 0, compacted: 0 };
  const kafkaRetry = <T>(what: string, fn: () => Promise<T>, signal?: AbortSignal) =>
    retry(
      fn,
      {
        ...KAFKA_BACKOFF,
        signal,
        onRetry: ({ delayMs, message }) =>
          deps.logger.warn(`kafka ${what} failed, retrying`, { delayMs, error: message }),
      },
      deps,
    );
  let lastProgress = deps.now();
  let caughtUp = false;
  const progress = async (message: string) => {
    const lags = partitionLags(
      deps.consumer.assigned(),
      await deps.consumer.endOffsets(),
      deps.consumer.committedOffsets(),
    );
    deps.metrics.lag(lags);
    const fields = lagFields(lags);
    deps.logger.info(message, { ...counts, ...fields });
    return fields.lagTotal;
  };
  while (!stop.aborted) {
    let batch: FetchedBatch;
    try {
      batch = await kafkaRetry('fetch', () => deps.consumer.poll(), stop);
    } catch (err) {
      if (stop.aborted && isRetriable(err)) break;
      throw err;
    }
    if (batch.records.length > 0) {
      const plans = batch.records.map((r) =>
        planWrite(
          {
            partition: r.partition,
            offset: r.offset,
            key: r.key?.toString('utf8') ?? null,
            value: r.value?.toString('utf8') ?? null,
          },
          opts,
        ),
      );
      const writes = compactBatch(plans);
      counts.received += plans.length;
      counts.compacted += plans.length - writes.length;
      deps.metrics.compacted(plans.length - writes.length);
      const outcomes = await mapBounded(writes, opts.concurrency, (plan) => deps.write(plan));
      outcomes.forEach((outcome, i) => {
        if (outcome === 'stale') {
          counts.skippedStale += 1;
          deps.metrics.skippedStale();
        } else {
          counts.applied += 1;
          deps.metrics.applied((writes[i] as WritePlan).op);
        }
      });
    }
    if (await kafkaRetry('commit', () => deps.consumer.commit(batch))) deps.metrics.offsetCommit();
    const nowMs = deps.now();
    const idle = batch.records.length === 0;
    // Progress at a steady interval, and once each time the target has caught up.
    if (nowMs - lastProgress >= opts.progressIntervalMs || (idle && !caughtUp)) {
      lastProgress = nowMs;
      const lag = await kafkaRetry('end offsets', () => progress('replicate progress'), stop).catch(
        () => null,
      );
      if (lag === 0 && idle && !caughtUp) deps.logger.info('replicate caught up', { ...counts });
      if (lag !== null) caughtUp = lag === 0 && idle;
    } else if (!idle) caughtUp = false;
  }
  await progress('replicate stopped').catch(() => {
    deps.logger.info('replicate stopped', { ...counts });
  });
  return counts;
}
