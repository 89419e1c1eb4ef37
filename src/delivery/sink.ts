import type { OffsetEntry, OffsetStore } from '../kafka/offset-store.js';
import type { RecordProducer } from '../kafka/record-producer.js';
import type { RecordSender } from '../kafka/record-sender.js';
import type { Metrics } from '../observability/metrics.js';
import type { Change } from '../records/change.js';
import type { TaskProgress } from '../task/task-progress.js';
import type { TaskRetry } from '../task/task-retry.js';

/**
 * What one step of a phase hands to Kafka: the changes it read and the offsets that say they
 * are done. The offsets cover exactly these changes (a scan page and its segment's next start
 * key, a GetRecords round and its shard's last sequence number), or stand alone (a phase
 * transition, forgetting an old generation: no changes).
 */
export interface SinkBatch {
  changes: Change[];
  offsets: OffsetEntry[];
}

/**
 * The one way anything of a task reaches Kafka. Resolves once Kafka holds the batch as the
 * guarantee promises; until then no offset of it counts (the offset store applies it only
 * after the write). Transient faults are retried inside; what surfaces fails the task.
 */
export interface Sink {
  write(batch: SinkBatch): Promise<void>;
}

/** Narrow on purpose: what a sink touches, so its order of writes is tested with fakes. */
export interface SinkDeps {
  table: string;
  producer: Pick<RecordProducer, 'send' | 'transaction'>;
  sender: Pick<RecordSender, 'send'>;
  offsets: Pick<OffsetStore, 'write' | 'send' | 'committed'>;
  retry: Pick<TaskRetry, 'kafka'>;
  metrics: Pick<Metrics, 'written' | 'offsetCommit'>;
  progress: Pick<TaskProgress, 'handed'>;
  signal: AbortSignal;
}
