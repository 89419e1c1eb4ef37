import { Gauge, type Registry } from 'prom-client';
import type { TableView, TaskStatusState, WorkerView } from '../worker/worker-view.js';

const TASK_STATES: TaskStatusState[] = [
  'UNASSIGNED',
  'RUNNING',
  'PAUSED',
  'STALLED',
  'DONE',
  'FAILED',
  'STOPPED',
];

/**
 * The gauges of the worker's state (progress, lag, task states, regions, ineligible tables),
 * set from its view at each scrape, so nothing has to keep them up to date.
 */
export function registerViewGauges(
  registry: Registry,
  name: (n: string) => string,
  view: () => WorkerView | undefined,
): void {
  /** A gauge set from the view at each scrape: `values` gives its label sets and values. */
  const viewGauge = <L extends string>(
    n: string,
    help: string,
    labelNames: L[],
    values: (v: WorkerView) => [Record<L, string>, number][],
  ) =>
    new Gauge({
      name: name(n),
      help,
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        const v = view();
        if (v) for (const [labels, value] of values(v)) this.set(labels, value);
      },
    });

  /** One value per table that has one. */
  const perTable =
    (get: (t: TableView, nowMs: number) => number | null | undefined) => (v: WorkerView) =>
      v.tables.flatMap((t): [{ table: string }, number][] => {
        const value = get(t, v.nowMs);
        return value == null ? [] : [[{ table: t.table }, value]];
      });
  viewGauge(
    'init_sync_progress_ratio',
    'Share of the approximate item count INIT_SYNC has read (0 to 1).',
    ['table'],
    perTable((t) =>
      t.progress.initSync?.percent == null ? null : t.progress.initSync.percent / 100,
    ),
  );
  viewGauge(
    'millis_behind_source',
    'Change time of the last record handed to Kafka, to when it was handed; 0 while every shard is at its head.',
    ['table'],
    perTable((t) => t.progress.sync?.millisBehindSource),
  );
  viewGauge(
    'seconds_since_last_record',
    'Seconds since Kafka last acknowledged a record of the table (grows while the table is quiet).',
    ['table'],
    perTable((t, now) =>
      t.progress.lastRecordMs == null ? null : (now - t.progress.lastRecordMs) / 1000,
    ),
  );
  viewGauge(
    'shards_active',
    'Shards the stream reader is reading now.',
    ['table'],
    perTable((t) => t.progress.sync?.shardsActive),
  );
  viewGauge(
    'task_state',
    'Each table task’s state: 1 for its current state, 0 for the others.',
    ['table', 'state'],
    (v) =>
      v.tables.flatMap((t) =>
        TASK_STATES.map((s): [{ table: string; state: string }, number] => [
          { table: t.table, state: s },
          t.state === s ? 1 : 0,
        ]),
      ),
  );
  viewGauge(
    'task_region',
    'The region whose replica each task reads: 1 (global tables move it; else aws.region).',
    ['table', 'region'],
    (v) => v.tables.flatMap((t) => (t.region ? [[{ table: t.table, region: t.region }, 1]] : [])),
  );
  viewGauge(
    'tables_ineligible',
    'Tables discovery found but does not copy, by reason.',
    ['reason'],
    (v) => {
      const byReason = new Map<string, number>();
      for (const { reason } of v.ineligible) byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
      return [...byReason].map(([reason, n]): [{ reason: string }, number] => [{ reason }, n]);
    },
  );
}
