import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { METRIC_PREFIX } from '../observability/metrics.js';
import type { PartitionLag } from './progress.js';

/**
 * What `replicate` counts (docs/REPLICATE.md), through one typed interface: call sites name a
 * method, never a metric. Labels `table` (the source) and `target`.
 */
export interface ReplicateMetrics {
  /** A write that landed, by the op of the record it came from (r, c, u, d, tombstone, image). */
  applied(op: string, n?: number): void;
  /** A write refused by its condition: the target holds a newer record of the key. */
  skippedStale(n?: number): void;
  /** Records not written because a later record of the same key was in the same batch. */
  compacted(n: number): void;
  /** A write retried: throttled or another retriable fault. */
  writeRetry(throttled: boolean): void;
  offsetCommit(): void;
  /** Each assigned partition's end offset, committed offset and lag. */
  lag(partitions: readonly PartitionLag[]): void;
  exposition(): Promise<{ contentType: string; text: string }>;
}

export function createReplicateMetrics(labels: {
  connector: string;
  table: string;
  target: string;
}): ReplicateMetrics {
  const registry = new Registry();
  registry.setDefaultLabels(labels);
  collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
  const name = (n: string) => `${METRIC_PREFIX}replicate_${n}`;
  const counter = <L extends string>(n: string, help: string, labelNames: L[]) =>
    new Counter({ name: name(n), help, labelNames, registers: [registry] });
  const gauge = (n: string, help: string) =>
    new Gauge({ name: name(n), help, labelNames: ['partition'], registers: [registry] });
  const applied = counter(
    'records_applied_total',
    'Writes (PutItem, DeleteItem) that landed in the target, by the op of their record.',
    ['op'],
  );
  const stale = counter(
    'records_skipped_stale_total',
    'Writes refused by their condition: the target item was written by a newer record (a replay or a duplicate).',
    [],
  );
  const compacted = counter(
    'records_compacted_total',
    'Records not written because a later record of their key was in the same fetched batch.',
    [],
  );
  const throttles = counter('write_throttles_total', 'Writes throttled and retried.', []);
  const retries = counter(
    'write_retries_total',
    'Writes retried after another retriable fault (network, 5xx).',
    [],
  );
  const commits = counter('offset_commits_total', 'Consumer group offset commits.', []);
  const lag = gauge('lag_records', 'Records in the partition not yet committed (end − committed).');
  const end = gauge('end_offset', "The partition's end offset when last measured.");
  const committed = gauge('committed_offset', 'The offset committed for the partition.');
  return {
    applied: (op, n = 1) => applied.inc({ op }, n),
    skippedStale: (n = 1) => stale.inc(n),
    compacted: (n) => compacted.inc(n),
    writeRetry: (throttled) => (throttled ? throttles : retries).inc(),
    offsetCommit: () => commits.inc(),
    lag(partitions) {
      for (const g of [lag, end, committed]) g.reset();
      for (const p of partitions) {
        const labels = { partition: String(p.partition) };
        lag.set(labels, Number(p.lag));
        end.set(labels, Number(p.end));
        committed.set(labels, Number(p.committed));
      }
    },
    async exposition() {
      return { contentType: registry.contentType, text: await registry.metrics() };
    },
  };
}
