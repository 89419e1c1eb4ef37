import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { WorkerView } from '../worker/worker-view.js';
import { registerViewGauges } from './view-gauges.js';

/** Every name starts with this (docs/METRICS.md), the process metrics too. */
export const METRIC_PREFIX = 'dynamodb_kafka_connect_';

/** What one send handed to Kafka and Kafka acknowledged. */
export interface Written {
  /** Records by op: r, c, u, d, and 'tombstone' for the null values after deletes. */
  byOp: Record<string, number>;
  bytes: number;
}

/**
 * The one interface the code counts through (DESIGN §11.9): call sites name a method, never a
 * metric. Gauges of the worker's state (progress, lag, task states) are read from its view when
 * scraped, so nothing has to keep them up to date.
 */
export interface Metrics {
  written(table: string, written: Written, produceSeconds: number): void;
  resent(table: string, records: number): void;
  streamRecordsSkipped(table: string, reason: string, records: number): void;
  /** Records written that may repeat ones written before (after a failover: the margin). */
  streamRecordsRepeated(table: string, reason: string, records: number): void;
  resync(table: string, reason: string): void;
  /** A global table's task moved to another region's replica (kind: failover | failback). */
  regionMove(table: string, from: string, to: string, kind: string): void;
  scanItemsRead(table: string, items: number): void;
  /** Scanned items not written because the stream, read beside the scan, overtook them. */
  snapshotItemsDropped(table: string, items: number): void;
  /** One AWS request (each attempt), how long it took, and whether it is retried (throttled). */
  awsRequest(table: string, api: string, seconds: number): void;
  awsRetry(table: string, api: string, throttled: boolean): void;
  kafkaRetry(table: string, what: string): void;
  offsetCommit(table: string): void;
  taskFailure(table: string): void;
  iteratorRenewed(table: string, reason: string): void;
  reconciled(table: string, keysChecked: number, deletes: number): void;
  discoveryFailure(): void;
  /** The state the gauges show: the worker's view, asked at each scrape. */
  observe(view: () => WorkerView): void;
  /** The Prometheus text exposition. */
  exposition(): Promise<{ contentType: string; text: string }>;
  /** Every non-zero counter, `name{labels}` → value, for the `worker stopped` log line. */
  totals(): Promise<Record<string, number>>;
}

/** Seconds: AWS calls from a few ms (DynamoDB Local) to a 60 s timeout. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export function createMetrics(connector: string): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ connector });
  // The event-loop delay monitor samples every 10 ms by default: 0.67 % of a core in an otherwise
  // idle process here, more than 50 idle tables cost. Every 100 ms costs 0.08 % and still sees
  // any block of the loop longer than that.
  collectDefaultMetrics({
    register: registry,
    prefix: METRIC_PREFIX,
    eventLoopMonitoringPrecision: 100,
  });
  const name = (n: string) => `${METRIC_PREFIX}${n}`;
  const counter = <L extends string>(n: string, help: string, labelNames: L[]) =>
    new Counter({ name: name(n), help, labelNames, registers: [registry] });
  let view: (() => WorkerView) | undefined;
  registerViewGauges(registry, name, () => view?.());

  const records = counter(
    'records_written_total',
    'Records Kafka acknowledged, by op (r, c, u, d, tombstone).',
    ['table', 'op'],
  );
  const bytes = counter('bytes_written_total', 'Bytes of keys and values Kafka acknowledged.', [
    'table',
  ]);
  const resent = counter(
    'records_resent_total',
    'Records sent again after a failed send: possible duplicates.',
    ['table'],
  );
  const skipped = counter(
    'stream_records_skipped_total',
    'Stream records not written because they are provably in the snapshot or from before the start, by reason.',
    ['table', 'reason'],
  );
  const repeated = counter(
    'stream_records_repeated_total',
    "Stream records written that may repeat ones already written: after a global table's failover, those stated within the margin, up to the old region's low-water mark (reason failover).",
    ['table', 'reason'],
  );
  const resyncs = counter(
    'resyncs_total',
    'New snapshots begun because the stream could not be followed without loss (or on command), by reason.',
    ['table', 'reason'],
  );
  const regionMoves = counter(
    'region_moves_total',
    "Global tables: moves of a task to another region's replica stream, by kind (failover, failback).",
    ['table', 'from', 'to', 'kind'],
  );
  const scanItems = counter(
    'scan_items_read_total',
    'Items read by INIT_SYNC scans and handed to Kafka.',
    ['table'],
  );
  const snapshotDropped = counter(
    'snapshot_items_dropped_total',
    'Scanned items not written as r because the stream, read beside the scan, already carries a change of their key.',
    ['table'],
  );
  const awsThrottles = counter(
    'aws_throttles_total',
    'AWS requests throttled and retried, by api.',
    ['table', 'api'],
  );
  const awsRetries = counter(
    'aws_retries_total',
    'AWS requests failed with a retriable error and retried, by api.',
    ['table', 'api'],
  );
  const kafkaRetries = counter(
    'kafka_retries_total',
    'Kafka calls retried by the task after the client gave up, by what (records, offsets, topic read).',
    ['table', 'what'],
  );
  const commits = counter('offset_commits_total', 'Offset writes Kafka acknowledged.', ['table']);
  const failures = counter('task_failures_total', 'Task runs that ended in FAILED.', ['table']);
  const renewed = counter(
    'iterators_renewed_total',
    'Shard iterators taken again (expired, or trimmed once), by reason.',
    ['table', 'reason'],
  );
  const reconcileKeys = counter(
    'reconcile_keys_checked_total',
    'Keys reconciliation checked against the new snapshot.',
    ['table'],
  );
  const reconcileDeletes = counter(
    'reconcile_deletes_total',
    'Deletes reconciliation wrote for keys the new snapshot no longer holds.',
    ['table'],
  );
  const discoveryFailures = counter(
    'discovery_failures_total',
    'Discovery rounds that failed (the running tables kept going).',
    [],
  );
  const awsLatency = new Histogram({
    name: name('aws_request_duration_seconds'),
    help: 'Duration of each AWS request attempt, by api.',
    labelNames: ['table', 'api'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const produceLatency = new Histogram({
    name: name('kafka_produce_duration_seconds'),
    help: 'Time from handing a batch of records to Kafka to its acknowledgement (acks=all).',
    labelNames: ['table'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });

  return {
    written(table, w, seconds) {
      for (const [op, n] of Object.entries(w.byOp)) if (n > 0) records.inc({ table, op }, n);
      bytes.inc({ table }, w.bytes);
      produceLatency.observe({ table }, seconds);
    },
    resent: (table, n) => resent.inc({ table }, n),
    streamRecordsSkipped: (table, reason, n) => skipped.inc({ table, reason }, n),
    streamRecordsRepeated: (table, reason, n) => repeated.inc({ table, reason }, n),
    resync: (table, reason) => resyncs.inc({ table, reason }),
    regionMove: (table, from, to, kind) => regionMoves.inc({ table, from, to, kind }),
    scanItemsRead: (table, n) => scanItems.inc({ table }, n),
    snapshotItemsDropped: (table, n) => snapshotDropped.inc({ table }, n),
    awsRequest: (table, api, seconds) => awsLatency.observe({ table, api }, seconds),
    awsRetry: (table, api, throttled) =>
      (throttled ? awsThrottles : awsRetries).inc({ table, api }),
    kafkaRetry: (table, what) => kafkaRetries.inc({ table, what }),
    offsetCommit: (table) => commits.inc({ table }),
    taskFailure: (table) => failures.inc({ table }),
    iteratorRenewed: (table, reason) => renewed.inc({ table, reason }),
    reconciled(table, keys, deletes) {
      reconcileKeys.inc({ table }, keys);
      reconcileDeletes.inc({ table }, deletes);
    },
    discoveryFailure: () => discoveryFailures.inc(),
    observe(v) {
      view = v;
    },
    async exposition() {
      return { contentType: registry.contentType, text: await registry.metrics() };
    },
    async totals() {
      const out: Record<string, number> = {};
      for (const metric of await registry.getMetricsAsJSON()) {
        if (String(metric.type) !== 'counter' || metric.name.startsWith(`${METRIC_PREFIX}process`))
          continue;
        for (const { labels, value } of metric.values) {
          if (!value) continue;
          const { connector: _, ...rest } = labels;
          const l = Object.entries(rest)
            .map(([k, v]) => `${k}=${v}`)
            .join(',');
          out[`${metric.name.slice(METRIC_PREFIX.length)}${l ? `{${l}}` : ''}`] = value;
        }
      }
      return out;
    },
  };
}
