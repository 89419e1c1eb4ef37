import type { Sink, SinkBatch, SinkDeps } from './sink.js';

/**
 * At least once (Kafka Connect's default): the records, and only once Kafka acknowledged all
 * of them, the offsets that cover them. A crash between the two re-sends the batch on restart
 * (the duplicates a consumer may see; never a gap). Each half is retried on its own, so a
 * failed offset write does not send the records again.
 */
export class AtLeastOnceSink implements Sink {
  constructor(private readonly deps: SinkDeps) {}

  async write({ changes, offsets }: SinkBatch): Promise<void> {
    const { table, producer, sender, retry, metrics, progress, signal } = this.deps;
    const last = changes.at(-1);
    if (last) {
      const written = await retry.kafka(
        async () => {
          const started = performance.now();
          const sent = await sender.send(changes);
          return { sent, seconds: (performance.now() - started) / 1000 };
        },
        'records',
        signal,
        changes.length,
      );
      metrics.written(table, written.sent, written.seconds);
      progress.handed(last.changeTimeMs);
    }
    if (offsets.length > 0) {
      await retry.kafka(() => this.deps.offsets.write(producer, offsets), 'offsets', signal);
      metrics.offsetCommit(table);
    }
  }
}
