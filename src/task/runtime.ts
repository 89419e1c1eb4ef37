import type { SinkBatch } from '../delivery/sink.js';
import type { OffsetStore } from '../kafka/offset-store.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { TaskProgress } from './task-progress.js';

/** What a phase runner needs from its task: narrow, so runners stay testable and small. */
export interface TaskRuntime {
  table: string;
  generation: number;
  logger: Logger;
  metrics: Metrics;
  /** Live progress for the status, the metrics and stall detection. */
  progress: TaskProgress;
  offsets: OffsetStore;
  /**
   * Hands changes and the offsets that cover them to Kafka (src/delivery): resolves when Kafka
   * holds them as the delivery guarantee says. Retries transient faults.
   */
  write: (batch: SinkBatch) => Promise<void>;
  /** Runs an AWS call, retrying transient faults and throttling for ever (until stopped). */
  call: <T>(what: string, fn: () => Promise<T>) => Promise<T>;
  now: () => number;
  /** Ends early when the task stops, or when `signal` (if given) aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Aborted on shutdown: runners stop after their in-flight batch. */
  signal: AbortSignal;
}
