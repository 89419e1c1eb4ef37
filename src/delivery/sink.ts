import type { OffsetEntry, OffsetStore } from '../kafka/offset-store.js';
import type { RecordProducer } from '../kafka/record-producer.js';
import type { RecordSender } from '../kafka/record-sender.js';
import type { Written } from '../observability/metrics.js';
import type { Change } from '../records/change.js';
import type { TaskRetry } from '../task/task-retry.js';

/** What one write hands to Kafka: records, and the offsets that cover them. */
export interface Batch {
  changes?: Change[];
  offsets?: OffsetEntry[];
}

/** What Kafka took of a batch's records, and how long the successful attempt took. */
export interface Sent {
  written: Written;
  seconds: number;
}

export type Guarantee = 'at_least_once' | 'exactly_once';

/**
 * The one way a task writes (DESIGN §7): every scan page, stream round, reconciliation batch
 * and offset transition is a `write`. The two guarantees differ only here:
 * - at least once: the records, acknowledged, then their offsets; a crash between the two
 *   re-sends the records, a failed send retried may land twice;
 * - exactly once: records and offsets in one transaction, retried whole after an abort, so a
 *   read_committed consumer sees each change once, and the offsets count (in memory too) only
 *   once it is committed.
 */
export class Sink {
  constructor(
    private readonly guarantee: Guarantee,
    private readonly producer: RecordProducer,
    private readonly sender: RecordSender,
    private readonly offsets: OffsetStore,
    private readonly retry: TaskRetry,
    private readonly signal: AbortSignal,
  ) {}

  async write({ changes = [], offsets = [] }: Batch): Promise<Sent | null> {
    if (changes.length === 0 && offsets.length === 0) return null;
    return this.guarantee === 'exactly_once'
      ? this.inTransaction(changes, offsets)
      : this.oneAfterTheOther(changes, offsets);
  }

  private async inTransaction(changes: Change[], offsets: OffsetEntry[]): Promise<Sent | null> {
    const sent = await this.retry.kafka(
      () =>
        this.producer.transaction(async (tx) => {
          const started = performance.now();
          const written = changes.length > 0 ? await this.sender.send(changes, tx) : null;
          await this.offsets.send(tx, offsets);
          return written && { written, seconds: (performance.now() - started) / 1000 };
        }),
      'transaction',
      this.signal,
    );
    this.offsets.applied(offsets);
    return sent;
  }

  private async oneAfterTheOther(changes: Change[], offsets: OffsetEntry[]): Promise<Sent | null> {
    let sent: Sent | null = null;
    if (changes.length > 0) {
      sent = await this.retry.kafka(
        async () => {
          const started = performance.now();
          const written = await this.sender.send(changes);
          return { written, seconds: (performance.now() - started) / 1000 };
        },
        'records',
        this.signal,
        changes.length,
      );
    }
    if (offsets.length > 0)
      await this.retry.kafka(
        () => this.offsets.write(this.producer, offsets),
        'offsets',
        this.signal,
      );
    return sent;
  }
}
