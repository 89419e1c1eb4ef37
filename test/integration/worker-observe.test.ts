import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { topicFor, writeConnectorConfig } from '../support/connector-config.js';
import { decodeRecords, loadTable, smallItem } from '../support/items.js';
import { uniqueName } from '../support/names.js';
import { readSettledTopic } from '../support/pipeline-topic.js';
import { sampleSum } from '../support/prometheus-parser.js';
import { createTable, deleteItem, putItem } from '../support/tables.js';
import { type TaskStatus, workerApi } from '../support/worker-api.js';
import { expectVerified, logged, startWorker } from '../support/worker-process.js';

const SLOW_ITEMS = 3_000;
const P = 'dynamodb_kafka_connect_';

/** Records in the topic by op, tombstones as 'tombstone': what records_written_total counts. */
function opsInTopic(records: ReturnType<typeof decodeRecords>): Record<string, number> {
  const ops: Record<string, number> = {};
  for (const r of records) {
    const op = r.envelope?.op ?? 'tombstone';
    ops[op] = (ops[op] ?? 0) + 1;
  }
  return ops;
}

describe('status and metrics of a running worker', () => {
  it('show a table in INIT_SYNC with progress and one in SYNC with lag; counters grow and match the topic', {
    timeout: 240_000,
  }, async () => {
    // A scan held to 1 read unit per second (half a unit a page of 50 small items): ~30 s.
    const slow = uniqueName('observe-slow');
    await loadTable(
      { name: slow, hashKey: { name: 'pk', type: 'S' } },
      Array.from({ length: SLOW_ITEMS }, (_, i) => smallItem(i)),
    );
    const busy = uniqueName('observe-busy');
    await createTable({
      name: busy,
      hashKey: { name: 'pk', type: 'S' },
      streamViewType: 'NEW_AND_OLD_IMAGES',
    });
    for (let i = 0; i < 10; i += 1) await putItem(busy, smallItem(i));
    const config = writeConnectorConfig({
      tables: { whitelist: [slow, busy] },
      initSync: { pageSize: 50, maxReadCapacityUnits: 1 },
    });
    const worker = startWorker(config);
    const port = Number((await worker.waitForLog(logged('http listening'), 30_000)).port);
    const api = workerApi(port);
    await worker.waitForLog(logged('sync caught up', { table: busy }), 90_000);
    const name = ((await api.get('/connectors')).body as string[])[0] as string;

    // Writes on the busy table while the slow one scans.
    let writing = true;
    let writes = 0;
    const writer = (async () => {
      for (let i = 0; writing; i += 1) {
        if (i % 5 === 4) await deleteItem(busy, { pk: smallItem(100 + i - 1).pk as never });
        else await putItem(busy, smallItem(100 + i));
        writes += 1;
        await sleep(50);
      }
    })();

    const before = await api.metrics();
    await sleep(4_000);
    const scanning: TaskStatus = await api.task(name, slow);
    expect(scanning).toMatchObject({ state: 'RUNNING', phase: 'INIT_SYNC' });
    // The stream is read beside the scan, and shows as such.
    expect(scanning.sync?.shards_active).toBeGreaterThanOrEqual(1);
    const progress = scanning.init_sync;
    expect(progress?.items).toBeGreaterThan(0);
    expect(progress?.items).toBeLessThan(SLOW_ITEMS);
    expect(progress?.approximate_total).toBe(SLOW_ITEMS);
    expect(progress?.percent).toBeGreaterThan(0);
    expect(progress?.percent).toBeLessThan(100);
    expect(progress?.eta_s).toBeGreaterThan(0);
    const streaming: TaskStatus = await api.task(name, busy);
    expect(streaming).toMatchObject({ state: 'RUNNING', phase: 'SYNC', init_sync: null });
    expect(streaming.sync?.shards_active).toBeGreaterThanOrEqual(1);
    expect(streaming.sync?.millis_behind_source).toBeGreaterThanOrEqual(0);
    // DynamoDB Local gives change times to the minute: lag and age are within two of them.
    expect(streaming.sync?.millis_behind_source).toBeLessThan(120_000);
    expect(Date.now() - Number(streaming.sync?.last_event_ms)).toBeLessThan(120_000);

    const during = await api.metrics();
    expect(during.filter((f) => !f.name.startsWith(P) || f.help.length === 0)).toEqual([]);
    const grew = (metric: string, labels: Record<string, string>) =>
      sampleSum(during, P + metric, labels) - sampleSum(before, P + metric, labels);
    expect(grew('records_written_total', { table: busy })).toBeGreaterThan(0);
    expect(grew('bytes_written_total', { table: busy })).toBeGreaterThan(0);
    expect(grew('scan_items_read_total', { table: slow })).toBeGreaterThan(0);
    expect(grew('offset_commits_total', { table: slow })).toBeGreaterThan(0);
    expect(
      grew('aws_request_duration_seconds_count', { table: busy, api: 'getRecords' }),
    ).toBeGreaterThan(0);
    expect(grew('kafka_produce_duration_seconds_count', { table: busy })).toBeGreaterThan(0);
    const ratio = sampleSum(during, `${P}init_sync_progress_ratio`, { table: slow });
    expect(ratio).toBeGreaterThan(0);
    expect(ratio).toBeLessThan(1);
    expect(sampleSum(during, `${P}task_state`, { table: slow, state: 'RUNNING' })).toBe(1);
    expect(sampleSum(during, `${P}task_state`, { table: slow, state: 'STALLED' })).toBe(0);
    expect(sampleSum(during, `${P}shards_active`, { table: busy })).toBeGreaterThanOrEqual(1);
    expect(during.some((f) => f.name === `${P}process_cpu_seconds`)).toBe(true);
    expect(during.some((f) => f.name === `${P}millis_behind_source`)).toBe(true);

    // A moving progress bar: the scan reads on.
    await sleep(3_000);
    const later = (await api.task(name, slow)).init_sync;
    expect(later?.items).toBeGreaterThan(progress?.items ?? Number.POSITIVE_INFINITY);

    writing = false;
    await writer;
    console.log(`observe: ${writes} writes on the busy table`);
    await worker.waitForLog(logged('phase changed', { table: slow, to: 'SYNC' }), 120_000);

    // Everything written: the counters agree with the topics, op by op.
    const busyRecords = decodeRecords(
      await readSettledTopic(topicFor(busy), { atLeast: 10 + writes }),
    );
    const slowRecords = decodeRecords(
      await readSettledTopic(topicFor(slow), { atLeast: SLOW_ITEMS }),
    );
    const after = await api.metrics();
    expect(sampleSum(after, `${P}records_resent_total`)).toBe(0);
    for (const [table, records] of [
      [busy, busyRecords],
      [slow, slowRecords],
    ] as const) {
      const inTopic = opsInTopic(records);
      const counted: Record<string, number> = {};
      for (const op of ['r', 'c', 'u', 'd', 'tombstone']) {
        const n = sampleSum(after, `${P}records_written_total`, { table, op });
        if (n > 0) counted[op] = n;
      }
      expect(counted, table).toEqual(inTopic);
    }
    expect(sampleSum(after, `${P}scan_items_read_total`, { table: slow })).toBe(SLOW_ITEMS);
    expect(sampleSum(after, `${P}init_sync_progress_ratio`, { table: slow })).toBe(0);
    await expectVerified(config, busy);
    expect(await worker.stop()).toBe(0);
  });
});
