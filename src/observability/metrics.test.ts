import { describe, expect, it } from 'vitest';
import type { WorkerView } from '../worker/worker-view.js';
import { createMetrics } from './metrics.js';

const view: WorkerView = {
  connector: 'c',
  nowMs: 100_000,
  paused: false,
  kafkaClusterId: null,
  ownership: { groupId: 'g', state: 'OWNER', owner: null, reason: null },
  assignment: null,
  offsetsRead: true,
  discoveryRan: true,
  tables: [
    {
      table: 'orders',
      state: 'STALLED',
      phase: 'SYNC',
      region: 'eu-west-1',
      generation: 1,
      error: null,
      progress: {
        initSync: null,
        sync: { shardsActive: 3, millisBehindSource: 1_500, lastEventMs: 90_000 },
        lastRecordMs: 96_000,
      },
      stall: { reason: 'shard_no_round', shardId: 's', forMs: 1 },
    },
    {
      table: 'users',
      state: 'RUNNING',
      phase: 'INIT_SYNC',
      region: null,
      generation: 1,
      error: null,
      progress: {
        initSync: { items: 25, approximateTotal: 100, percent: 25, etaS: 3 },
        sync: null,
        lastRecordMs: null,
      },
      stall: null,
    },
  ],
  ineligible: [
    { table: 'a', reason: 'no stream enabled' },
    { table: 'b', reason: 'no stream enabled' },
  ],
};

const line = (text: string, series: string) =>
  text.split('\n').find((l) => l.startsWith(`${series} `) || l.startsWith(`${series}{`));

describe('createMetrics', () => {
  it('counts what call sites report, with the connector on every sample', async () => {
    const m = createMetrics('orders-cdc');
    m.written('orders', { byOp: { r: 3, d: 1, tombstone: 1 }, bytes: 500 }, 0.02);
    m.written('orders', { byOp: { u: 2 }, bytes: 100 }, 0.01);
    m.awsRetry('orders', 'getRecords', true);
    const { text } = await m.exposition();
    expect(
      line(
        text,
        'dynamodb_kafka_connect_records_written_total{table="orders",op="r",connector="orders-cdc"}',
      ),
    ).toMatch(/ 3$/);
    expect(
      line(
        text,
        'dynamodb_kafka_connect_bytes_written_total{table="orders",connector="orders-cdc"}',
      ),
    ).toMatch(/ 600$/);
    expect(
      line(
        text,
        'dynamodb_kafka_connect_kafka_produce_duration_seconds_count{connector="orders-cdc",table="orders"}',
      ),
    ).toMatch(/ 2$/);
    expect(await m.totals()).toMatchObject({
      'records_written_total{table=orders,op=r}': 3,
      'records_written_total{table=orders,op=u}': 2,
      'records_written_total{table=orders,op=tombstone}': 1,
      'aws_throttles_total{table=orders,api=getRecords}': 1,
    });
    expect(Object.keys(await m.totals()).some((k) => k.includes('retries'))).toBe(false);
  });

  it('reads its gauges from the worker’s view at each scrape', async () => {
    const m = createMetrics('c');
    m.observe(() => view);
    const { text } = await m.exposition();
    const value = (series: string) => Number(line(text, series)?.split(' ').at(-1));
    expect(value('dynamodb_kafka_connect_millis_behind_source{table="orders",connector="c"}')).toBe(
      1_500,
    );
    expect(
      value('dynamodb_kafka_connect_seconds_since_last_record{table="orders",connector="c"}'),
    ).toBe(4);
    expect(value('dynamodb_kafka_connect_shards_active{table="orders",connector="c"}')).toBe(3);
    expect(
      value('dynamodb_kafka_connect_init_sync_progress_ratio{table="users",connector="c"}'),
    ).toBe(0.25);
    expect(
      value('dynamodb_kafka_connect_task_state{table="orders",state="STALLED",connector="c"}'),
    ).toBe(1);
    expect(
      value('dynamodb_kafka_connect_task_state{table="orders",state="RUNNING",connector="c"}'),
    ).toBe(0);
    expect(
      value('dynamodb_kafka_connect_task_region{table="orders",region="eu-west-1",connector="c"}'),
    ).toBe(1);
    expect(text).not.toMatch(/task_region\{table="users"/);
    expect(
      value('dynamodb_kafka_connect_tables_ineligible{reason="no stream enabled",connector="c"}'),
    ).toBe(2);
    // Gauges exist only where they apply: no lag for a scanning table, no progress for a streaming one.
    expect(
      line(text, 'dynamodb_kafka_connect_millis_behind_source{table="users",connector="c"}'),
    ).toBeUndefined();
    expect(
      line(text, 'dynamodb_kafka_connect_init_sync_progress_ratio{table="orders",connector="c"}'),
    ).toBeUndefined();
  });
});
