import type { Written } from '../observability/metrics.js';
import type { Sink, SinkBatch, SinkDeps } from './sink.js';

/**
 * Exactly once (KIP-618's shape): a batch's records and the offsets covering them in one
 * transaction, so a read_committed reader sees both or neither, and a restart resumes exactly
 * after the last committed batch. A failed transaction is aborted and fails the task, which
 * restarts from what was committed (see RecordProducer.transaction). Batches take turns: one
 * producer holds one transaction at a time, and offsets count only once theirs committed.
 */
export class TransactionalSink implements Sink {
  private turn: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: SinkDeps) {}

  write(batch: SinkBatch): Promise<void> {
    const mine = this.turn.then(() => this.commit(batch));
    this.turn = mine.catch(() => {});
    return mine;
  }

  private async commit({ changes, offsets }: SinkBatch): Promise<void> {
    if (changes.length === 0 && offsets.length === 0) return;
    const { table, producer, sender, metrics, progress } = this.deps;
    // Not retried here: a failed transaction leaves the producer unusable (RecordProducer).
    const started = performance.now();
    let sent: Written = { byOp: {}, bytes: 0 };
    await producer.transaction(async () => {
      sent = await sender.send(changes);
      await this.deps.offsets.send(producer, offsets);
    });
    const seconds = (performance.now() - started) / 1000;
    this.deps.offsets.committed(offsets);
    const last = changes.at(-1);
    if (last) {
      metrics.written(table, sent, seconds);
      progress.handed(last.changeTimeMs);
    }
    if (offsets.length > 0) metrics.offsetCommit(table);
  }
}
